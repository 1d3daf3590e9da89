import type { NumericTrackField } from '@spotrec/data';
import type { RecommendRequest } from '@spotrec/recommender';

/** The bounds and target set on one feature; `undefined` where the visitor set none. */
export interface FeatureSetting {
  min: number | undefined;
  max: number | undefined;
  target: number | undefined;
}

/** Everything the page's controls say about the request. */
export interface RequestState {
  readonly seeds: readonly string[];
  readonly k: number;
  readonly genre: string;
  readonly features: ReadonlyMap<NumericTrackField, FeatureSetting>;
}

/**
 * The request the controls describe: only the bounds and targets that are set, the genre
 * filter when one is chosen.
 */
export function requestOf(state: RequestState): RecommendRequest {
  const min: Record<string, number> = {};
  const max: Record<string, number> = {};
  const target: Record<string, number> = {};
  for (const [field, setting] of state.features) {
    if (setting.min !== undefined) min[field] = setting.min;
    if (setting.max !== undefined) max[field] = setting.max;
    if (setting.target !== undefined) target[field] = setting.target;
  }
  return {
    seedTracks: state.seeds,
    k: state.k,
    ...(Object.keys(min).length > 0 ? { min } : {}),
    ...(Object.keys(max).length > 0 ? { max } : {}),
    ...(Object.keys(target).length > 0 ? { target } : {}),
    ...(state.genre === '' ? {} : { includeGenres: [state.genre] }),
  };
}
