import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { DataError, InvalidArgumentError } from '../errors';
import { quantileSorted } from '../describe';
import { normalQuantile } from '../random';
import type { Track } from '../track';

/** Features drawn from interpolated quantiles. */
export const CONTINUOUS_FEATURES = [
  'popularity',
  'durationMs',
  'danceability',
  'energy',
  'loudness',
  'speechiness',
  'acousticness',
  'instrumentalness',
  'liveness',
  'valence',
  'tempo',
] as const;

/** Features drawn from their observed categories (`explicit` as 0/1). */
export const DISCRETE_FEATURES = ['key', 'mode', 'timeSignature', 'explicit'] as const;

/** Features of the copula, continuous first. */
export const COPULA_FEATURES = [...CONTINUOUS_FEATURES, ...DISCRETE_FEATURES] as const;

/** The quantile levels at which continuous marginals are stored. */
export const QUANTILE_LEVELS = [
  0, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.975, 0.99,
  0.995, 1,
] as const;

/** The observed values of a discrete feature and the share of rows holding each. */
export interface CategoryShares {
  /** The values, ascending. */
  readonly values: readonly number[];
  /** The share of each value; they sum to 1 (up to rounding). */
  readonly shares: readonly number[];
}

/** Fitted figures for one genre: marginals and the Gaussian-copula correlation. */
export interface GenreStatistics {
  /** The genre name. */
  readonly genre: string;
  /** Rows of this genre the figures were fitted on. */
  readonly count: number;
  /** Per continuous feature, its quantiles at {@link QUANTILE_LEVELS}. */
  readonly quantiles: readonly (readonly number[])[];
  /** Per discrete feature, the observed values and their shares. */
  readonly categories: readonly CategoryShares[];
  /** Per copula feature, the sample mean (for checks and documentation). */
  readonly mean: readonly number[];
  /** Per copula feature, the sample standard deviation. */
  readonly std: readonly number[];
  /** Correlation of the normal scores, strictly lower triangle, row by row. */
  readonly correlation: readonly number[];
}

/** Serialised per-genre statistics, the input of {@link syntheticCatalog}. */
export interface GenreStatisticsJSON {
  /** The format tag. */
  readonly kind: 'spotrec.genre-statistics';
  /** The format version. */
  readonly formatVersion: 1;
  /** Where the figures were fitted. */
  readonly source: string;
  /** The levels of the stored quantiles. */
  readonly quantileLevels: readonly number[];
  /** The continuous features, in the order of `quantiles`. */
  readonly continuous: readonly string[];
  /** The discrete features, in the order of `categories`. */
  readonly discrete: readonly string[];
  /** Figures per genre, by name. */
  readonly genres: readonly GenreStatistics[];
}

function round(value: number, digits = 4): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  return Number(value.toPrecision(digits));
}

function valueOf(
  track: Track,
  feature: (typeof COPULA_FEATURES)[number],
  position: number,
): number {
  const value = feature === 'explicit' ? track.explicit : track[feature];
  if (value === null) {
    throw new InvalidArgumentError(
      `tracks[${position}].${feature}`,
      'a value (fitting needs every copula feature)',
      value,
    );
  }
  return typeof value === 'boolean' ? Number(value) : value;
}

/** Normal scores of a column: mid-ranks mapped through the inverse normal CDF. */
function normalScores(column: Float64Array): Float64Array {
  const n = column.length;
  const order = Array.from({ length: n }, (_, index) => index).sort(
    (a, b) => (column[a] as number) - (column[b] as number),
  );
  const scores = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start;
    while (end + 1 < n && column[order[end + 1] as number] === column[order[start] as number])
      end += 1;
    const midRank = (start + end) / 2 + 1;
    const score = normalQuantile((midRank - 0.5) / n);
    for (let at = start; at <= end; at += 1) scores[order[at] as number] = score;
    start = end + 1;
  }
  return scores;
}

/** Pearson correlation of normal scores, repaired to the nearest positive-definite matrix. */
function copulaCorrelation(columns: Float64Array[]): Matrix {
  const m = columns.length;
  const scores = columns.map(normalScores);
  const n = columns[0]?.length ?? 0;
  const matrix = Matrix.eye(m, m);
  for (let i = 0; i < m; i += 1) {
    for (let j = 0; j < i; j += 1) {
      const a = scores[i] as Float64Array;
      const b = scores[j] as Float64Array;
      let ab = 0;
      let aa = 0;
      let bb = 0;
      for (let row = 0; row < n; row += 1) {
        const x = a[row] as number;
        const y = b[row] as number;
        ab += x * y;
        aa += x * x;
        bb += y * y;
      }
      const r = aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
      matrix.set(i, j, r);
      matrix.set(j, i, r);
    }
  }
  const eigen = new EigenvalueDecomposition(matrix, { assumeSymmetric: true });
  const clipped = eigen.realEigenvalues.map((value) => Math.max(value, 1e-4));
  const vectors = eigen.eigenvectorMatrix;
  const repaired = vectors.mmul(Matrix.diag(clipped)).mmul(vectors.transpose());
  const scale = Array.from({ length: m }, (_, i) => Math.sqrt(repaired.get(i, i)));
  for (let i = 0; i < m; i += 1) {
    for (let j = 0; j < m; j += 1)
      repaired.set(i, j, repaired.get(i, j) / ((scale[i] as number) * (scale[j] as number)));
  }
  return repaired;
}

/**
 * Fits, per genre, the marginal quantiles of every numeric feature and the correlation of
 * their normal scores (a Gaussian copula): the figures {@link syntheticCatalog} draws from.
 * Figures are rounded to 4 significant digits; no row of the input is kept.
 *
 * Fit on one row per (track, genre) pair (load with `mergeDuplicates: false`): a track listed
 * under several genres counts in each.
 *
 * @param tracks - Tracks with every copula feature present (the Spotify Tracks layout).
 * @param source - A note saying where the tracks came from.
 * @returns Serialisable statistics for every genre with at least 2 tracks.
 * @throws {@link InvalidArgumentError} when a track lacks a feature (such as `explicit`).
 *
 * @example
 * ```ts
 * const { tracks } = await loadTracks('dataset.csv.gz', { mergeDuplicates: false });
 * const statistics = fitGenreStatistics(tracks, 'my catalog');
 * const catalog = syntheticCatalog({ tracks: 5000, seed: 1, statistics });
 * ```
 */
export function fitGenreStatistics(tracks: readonly Track[], source: string): GenreStatisticsJSON {
  const byGenre = new Map<string, number[]>();
  tracks.forEach((track, position) => {
    for (const genre of track.genres) {
      let members = byGenre.get(genre);
      if (members === undefined) byGenre.set(genre, (members = []));
      members.push(position);
    }
  });
  const genres: GenreStatistics[] = [];
  for (const [genre, members] of [...byGenre].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (members.length < 2) continue;
    const columns = COPULA_FEATURES.map((feature) =>
      Float64Array.from(members, (position) =>
        valueOf(tracks[position] as Track, feature, position),
      ),
    );
    const stats = columns.map((column) => {
      const n = column.length;
      const mean = column.reduce((sum, value) => sum + value, 0) / n;
      const variance = column.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1);
      return { mean, std: Math.sqrt(variance) };
    });
    const correlation = copulaCorrelation(columns);
    const lower: number[] = [];
    for (let i = 1; i < COPULA_FEATURES.length; i += 1) {
      for (let j = 0; j < i; j += 1) lower.push(round(correlation.get(i, j), 3));
    }
    genres.push({
      genre,
      count: members.length,
      quantiles: CONTINUOUS_FEATURES.map((_, feature) => {
        const sorted = Float64Array.from(columns[feature] as Float64Array).sort();
        return QUANTILE_LEVELS.map((level) => round(quantileSorted(sorted, level)));
      }),
      categories: DISCRETE_FEATURES.map((_, offset) => {
        const column = columns[CONTINUOUS_FEATURES.length + offset] as Float64Array;
        const counts = new Map<number, number>();
        for (const value of column) counts.set(value, (counts.get(value) ?? 0) + 1);
        const values = [...counts.keys()].sort((a, b) => a - b);
        return {
          values,
          shares: values.map((value) => round((counts.get(value) as number) / column.length)),
        };
      }),
      mean: stats.map(({ mean }) => round(mean)),
      std: stats.map(({ std }) => round(std)),
      correlation: lower,
    });
  }
  return {
    kind: 'spotrec.genre-statistics',
    formatVersion: 1,
    source,
    quantileLevels: [...QUANTILE_LEVELS],
    continuous: [...CONTINUOUS_FEATURES],
    discrete: [...DISCRETE_FEATURES],
    genres,
  };
}

/** @internal Checks a statistics object before drawing from it. */
export function assertGenreStatistics(value: unknown): asserts value is GenreStatisticsJSON {
  const statistics = value as Partial<GenreStatisticsJSON> | null;
  const fail = (rule: string): never => {
    throw new DataError(`Invalid genre statistics: ${rule}`);
  };
  if (typeof statistics !== 'object' || statistics === null) fail('expected an object');
  if (statistics?.kind !== 'spotrec.genre-statistics')
    fail(`expected kind "spotrec.genre-statistics", got ${JSON.stringify(statistics?.kind)}`);
  if (statistics?.formatVersion !== 1)
    fail(
      `unsupported formatVersion ${JSON.stringify(statistics?.formatVersion)} (this version reads 1)`,
    );
  const sameList = (a: unknown, b: readonly string[]) =>
    Array.isArray(a) && a.length === b.length && a.every((item, i) => item === b[i]);
  if (!sameList(statistics?.continuous, CONTINUOUS_FEATURES))
    fail('the continuous feature list differs from this version');
  if (!sameList(statistics?.discrete, DISCRETE_FEATURES))
    fail('the discrete feature list differs from this version');
  if (!Array.isArray(statistics?.genres) || statistics.genres.length === 0)
    fail('expected at least one genre');
  const m = COPULA_FEATURES.length;
  for (const genre of statistics?.genres ?? []) {
    const name = JSON.stringify(genre?.genre);
    if (!Array.isArray(genre?.quantiles) || genre.quantiles.length !== CONTINUOUS_FEATURES.length)
      fail(`genre ${name}: wrong number of quantile rows`);
    for (const row of genre.quantiles) {
      if (!Array.isArray(row) || row.length !== statistics?.quantileLevels?.length)
        fail(`genre ${name}: a quantile row does not match quantileLevels`);
    }
    if (!Array.isArray(genre.categories) || genre.categories.length !== DISCRETE_FEATURES.length)
      fail(`genre ${name}: wrong number of category lists`);
    if (!Array.isArray(genre.correlation) || genre.correlation.length !== (m * (m - 1)) / 2)
      fail(`genre ${name}: the correlation has the wrong length`);
  }
}
