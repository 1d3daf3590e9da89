import type { NumericTrackField } from '@spotrec/data';

/** The catalog the page starts with: `syntheticCatalog(DEMO_CATALOG)` of `@spotrec/data`. */
export const DEMO_CATALOG = { tracks: 5000, seed: 42 } as const;

/** The seed of `createRecommender` (recorded in its manifest; the features model draws nothing). */
export const RECOMMENDER_SEED = 42;

/** How many recommendations the page asks for unless the visitor picks another count. */
export const DEFAULT_K = 10;

/** The most seed tracks a request takes in the page. */
export const MAX_SEEDS = 5;

/** A feature the page offers min / max / target sliders for. */
export interface SliderFeature {
  readonly field: NumericTrackField;
  readonly label: string;
  /** Slider step, in the feature's unit. */
  readonly step: number;
  /** The unit shown after values, if any. */
  readonly unit: string;
}

/** The features with sliders, in the order shown. */
export const SLIDER_FEATURES: readonly SliderFeature[] = [
  { field: 'energy', label: 'Energy', step: 0.01, unit: '' },
  { field: 'danceability', label: 'Danceability', step: 0.01, unit: '' },
  { field: 'valence', label: 'Valence (mood)', step: 0.01, unit: '' },
  { field: 'acousticness', label: 'Acousticness', step: 0.01, unit: '' },
  { field: 'tempo', label: 'Tempo', step: 1, unit: 'BPM' },
];
