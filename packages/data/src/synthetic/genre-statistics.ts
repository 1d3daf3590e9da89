import { quantileSorted } from '@spotrec/numeric-internal';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { InvalidArgumentError } from '../errors';
import { normalQuantile } from '../normal-distribution';
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
  const value: unknown = feature === 'explicit' ? track.explicit : track[feature];
  if (typeof value === 'boolean') return Number(value);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidArgumentError(
      `tracks[${position}].${feature}`,
      feature === 'explicit'
        ? 'a boolean (fitting needs every copula feature)'
        : 'a finite number (fitting needs every copula feature)',
      value,
    );
  }
  return value;
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
 * @throws {@link InvalidArgumentError} naming the track and field when a track lacks a
 * feature (such as `explicit`) or holds a value that is not a finite number, a genre is not a
 * non-empty string, or no genre has 2 tracks.
 *
 * @example
 * ```ts
 * const { tracks } = await loadTracks('dataset.csv.gz', { mergeDuplicates: false });
 * const statistics = fitGenreStatistics(tracks, 'my catalog');
 * const catalog = syntheticCatalog({ tracks: 5000, seed: 1, statistics });
 * ```
 */
export function fitGenreStatistics(tracks: readonly Track[], source: string): GenreStatisticsJSON {
  if (!Array.isArray(tracks))
    throw new InvalidArgumentError('tracks', 'an array of tracks', tracks);
  if (typeof source !== 'string') throw new InvalidArgumentError('source', 'a string', source);
  const byGenre = new Map<string, number[]>();
  tracks.forEach((track: unknown, position) => {
    if (!isRecord(track) || !Array.isArray(track.genres)) {
      throw new InvalidArgumentError(`tracks[${position}]`, 'a track with a genres array', track);
    }
    track.genres.forEach((genre: unknown, at) => {
      if (typeof genre !== 'string' || genre === '') {
        throw new InvalidArgumentError(
          `tracks[${position}].genres[${at}]`,
          'a non-empty genre name',
          genre,
        );
      }
    });
  });
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
  if (genres.length === 0) {
    throw new InvalidArgumentError(
      'tracks',
      'at least one genre with 2 or more tracks (statistics without a genre cannot be drawn from)',
      tracks,
    );
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** @internal Checks a finite-number array of a given length, optionally non-decreasing. */
function assertNumbers(
  value: unknown,
  length: number,
  parameter: string,
  what: string,
  { ascending = false, min = -Infinity, max = Infinity } = {},
): asserts value is number[] {
  if (!Array.isArray(value) || value.length !== length) {
    throw new InvalidArgumentError(parameter, `${what}: an array of ${length} numbers`, value);
  }
  value.forEach((item: unknown, at) => {
    if (!isFiniteNumber(item) || item < min || item > max) {
      const range = min === -Infinity && max === Infinity ? '' : ` in [${min}, ${max}]`;
      throw new InvalidArgumentError(`${parameter}[${at}]`, `a finite number${range}`, item);
    }
    const previous: unknown = value[at - 1];
    if (ascending && isFiniteNumber(previous) && item < previous) {
      throw new InvalidArgumentError(
        `${parameter}[${at}]`,
        `a number not below the one before it (${previous})`,
        item,
      );
    }
  });
}

/**
 * @internal Checks a statistics object before drawing from it: the tag and version, the
 * feature lists of this version, and every figure the sampler reads (quantile levels and
 * rows ascending, category values with shares in [0, 1], correlations in [-1, 1], each genre
 * named once).
 *
 * @throws {@link InvalidArgumentError} naming the faulty entry, such as
 * `options.statistics.genres[3].quantiles[2][5]`.
 */
export function assertGenreStatistics(
  value: unknown,
  parameter = 'options.statistics',
): asserts value is GenreStatisticsJSON {
  if (!isRecord(value)) {
    throw new InvalidArgumentError(parameter, 'a genre statistics object', value);
  }
  if (value.kind !== 'spotrec.genre-statistics') {
    throw new InvalidArgumentError(`${parameter}.kind`, '"spotrec.genre-statistics"', value.kind);
  }
  if (value.formatVersion !== 1) {
    throw new InvalidArgumentError(
      `${parameter}.formatVersion`,
      '1 (the version this package reads)',
      value.formatVersion,
    );
  }
  if (typeof value.source !== 'string') {
    throw new InvalidArgumentError(`${parameter}.source`, 'a string', value.source);
  }
  const sameList = (list: unknown, expected: readonly string[]) =>
    Array.isArray(list) &&
    list.length === expected.length &&
    list.every((item, at) => item === expected[at]);
  if (!sameList(value.continuous, CONTINUOUS_FEATURES)) {
    throw new InvalidArgumentError(
      `${parameter}.continuous`,
      `the continuous features of this version (${CONTINUOUS_FEATURES.join(', ')})`,
      value.continuous,
    );
  }
  if (!sameList(value.discrete, DISCRETE_FEATURES)) {
    throw new InvalidArgumentError(
      `${parameter}.discrete`,
      `the discrete features of this version (${DISCRETE_FEATURES.join(', ')})`,
      value.discrete,
    );
  }
  const levels: unknown = value.quantileLevels;
  if (!Array.isArray(levels) || levels.length < 2) {
    throw new InvalidArgumentError(
      `${parameter}.quantileLevels`,
      'an array of at least 2 levels',
      levels,
    );
  }
  assertNumbers(levels, levels.length, `${parameter}.quantileLevels`, 'quantile levels', {
    ascending: true,
    min: 0,
    max: 1,
  });
  if (levels[0] !== 0 || levels[levels.length - 1] !== 1) {
    throw new InvalidArgumentError(
      `${parameter}.quantileLevels`,
      'levels from 0 to 1 (both ends included)',
      levels,
    );
  }
  const { genres } = value;
  if (!Array.isArray(genres) || genres.length === 0) {
    throw new InvalidArgumentError(`${parameter}.genres`, 'a non-empty array of genres', genres);
  }
  const m = COPULA_FEATURES.length;
  const names = new Set<string>();
  genres.forEach((genre: unknown, position) => {
    const at = `${parameter}.genres[${position}]`;
    if (!isRecord(genre)) throw new InvalidArgumentError(at, 'a genre object', genre);
    if (typeof genre.genre !== 'string' || genre.genre === '' || names.has(genre.genre)) {
      throw new InvalidArgumentError(
        `${at}.genre`,
        'a non-empty genre name not used before',
        genre.genre,
      );
    }
    names.add(genre.genre);
    if (!Number.isSafeInteger(genre.count) || !isFiniteNumber(genre.count) || genre.count < 2) {
      throw new InvalidArgumentError(`${at}.count`, 'an integer of at least 2', genre.count);
    }
    const { quantiles, categories } = genre;
    if (!Array.isArray(quantiles) || quantiles.length !== CONTINUOUS_FEATURES.length) {
      throw new InvalidArgumentError(
        `${at}.quantiles`,
        `one row per continuous feature (${CONTINUOUS_FEATURES.length})`,
        quantiles,
      );
    }
    quantiles.forEach((row: unknown, feature) =>
      assertNumbers(row, levels.length, `${at}.quantiles[${feature}]`, 'one quantile per level', {
        ascending: true,
      }),
    );
    if (!Array.isArray(categories) || categories.length !== DISCRETE_FEATURES.length) {
      throw new InvalidArgumentError(
        `${at}.categories`,
        `one entry per discrete feature (${DISCRETE_FEATURES.length})`,
        categories,
      );
    }
    categories.forEach((category: unknown, feature) => {
      const where = `${at}.categories[${feature}]`;
      if (!isRecord(category) || !Array.isArray(category.values) || category.values.length === 0) {
        throw new InvalidArgumentError(
          where,
          '{ values, shares } with at least one value',
          category,
        );
      }
      const count = category.values.length;
      assertNumbers(category.values, count, `${where}.values`, 'the observed values', {
        ascending: true,
      });
      assertNumbers(category.shares, count, `${where}.shares`, 'one share per value', {
        min: 0,
        max: 1,
      });
    });
    assertNumbers(genre.mean, m, `${at}.mean`, 'one mean per copula feature');
    assertNumbers(genre.std, m, `${at}.std`, 'one standard deviation per copula feature', {
      min: 0,
    });
    assertNumbers(
      genre.correlation,
      (m * (m - 1)) / 2,
      `${at}.correlation`,
      'the strictly lower triangle of the correlation',
      { min: -1, max: 1 },
    );
  });
}
