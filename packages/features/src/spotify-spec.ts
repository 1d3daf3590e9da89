import type { AudioFeature, Track } from '@spotrec/data';
import { InvalidArgumentError } from './errors';
import type { ColumnSpec, FeatureSpec, Scaler } from './spec';

/** Options of {@link spotifyFeatureSpec}. */
export interface SpotifyFeatureSpecOptions {
  /**
   * The scaler of every numeric column.
   * @defaultValue `'minmax'`
   */
  scaler?: Scaler;
  /**
   * Include `popularity` as a feature.
   * @defaultValue `true`
   */
  popularity?: boolean;
  /**
   * Encode `key` and `mode` (and `timeSignature`) one-hot instead of scaling them as numbers.
   * @defaultValue `false`
   */
  oneHot?: boolean;
  /**
   * Add the track's genres as a multi-hot block with this weight; `0` leaves genres out.
   * @defaultValue `0`
   */
  genreWeight?: number;
  /**
   * Apply `log1p` to the skewed features speechiness, instrumentalness and liveness.
   * @defaultValue `false`
   */
  logSkewed?: boolean;
}

/**
 * @internal `AUDIO_FEATURES` of `@spotrec/data`, restated so that this package imports only types from
 * it: a bundle of the features pulls nothing of the data package (CSV parser, synthetic
 * catalog). The test checks the two lists are equal.
 */
export const SPEC_AUDIO_FEATURES = [
  'danceability',
  'energy',
  'key',
  'loudness',
  'mode',
  'speechiness',
  'acousticness',
  'instrumentalness',
  'liveness',
  'valence',
  'tempo',
] as const satisfies readonly AudioFeature[];

const SKEWED = new Set(['speechiness', 'instrumentalness', 'liveness']);

/**
 * The default spec for `Track`s of `@spotrec/data`: the eleven audio features and popularity,
 * min-max scaled (the setup of the original project and of the reference evaluation), with
 * options for one-hot key/mode, genre multi-hot and log transforms.
 *
 * The spec is typed for `Track` rows, so `new FeaturePipeline(spotifyFeatureSpec())` is a
 * `FeaturePipeline<Track>` without a type argument; for rows of another type read through a
 * `get` accessor, name the type: `new FeaturePipeline<MyRow>(spotifyFeatureSpec(), { get })`.
 *
 * @typeParam Row - The row type of the spec, `Track` unless named.
 * @param options - Variations of the default.
 * @returns A {@link FeatureSpec} for `new FeaturePipeline(spec)`.
 * @throws {@link InvalidArgumentError} for a negative `genreWeight`.
 *
 * @example
 * ```ts
 * const pipeline = new FeaturePipeline(spotifyFeatureSpec({ genreWeight: 0.5 }));
 * const matrix = pipeline.fitTransform(tracks); // tracks: Track[]
 * matrix.columns.slice(0, 3); // ['danceability', 'energy', 'key']
 * ```
 */
export function spotifyFeatureSpec<Row = Track>(
  options: SpotifyFeatureSpecOptions = {},
): FeatureSpec<Row> {
  const {
    scaler = 'minmax',
    popularity = true,
    oneHot = false,
    genreWeight = 0,
    logSkewed = false,
  } = options;
  if (typeof genreWeight !== 'number' || !Number.isFinite(genreWeight) || genreWeight < 0) {
    throw new InvalidArgumentError('options.genreWeight', 'a finite number ≥ 0', genreWeight);
  }
  const columns: ColumnSpec[] = SPEC_AUDIO_FEATURES.map((feature): ColumnSpec => {
    if (oneHot && (feature === 'key' || feature === 'mode'))
      return { kind: 'categorical', name: feature };
    return {
      kind: 'numeric',
      name: feature,
      scaler,
      ...(logSkewed && SKEWED.has(feature) ? { log: true } : {}),
    };
  });
  if (oneHot) columns.push({ kind: 'categorical', name: 'timeSignature' });
  if (popularity) columns.push({ kind: 'numeric', name: 'popularity', scaler });
  if (genreWeight > 0) columns.push({ kind: 'multi-hot', name: 'genres', weight: genreWeight });
  return { columns };
}
