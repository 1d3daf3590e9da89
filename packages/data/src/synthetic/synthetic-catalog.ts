import { createRandom, standardNormal, type Random } from '@spotrec/numeric-internal';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { assertNonNegativeInteger } from '../assert';
import { DataError, InvalidArgumentError } from '../errors';
import { normalCdf } from '../normal-distribution';
import type { Track } from '../track';
import defaultStatistics from './genre-stats.json';
import { artistName, titleName, trackId } from './names';
import {
  CONTINUOUS_FEATURES,
  COPULA_FEATURES,
  DISCRETE_FEATURES,
  assertGenreStatistics,
  type GenreStatistics,
  type GenreStatisticsJSON,
} from './genre-statistics';

/** Options of {@link syntheticCatalog}. */
export interface SyntheticCatalogOptions {
  /** How many tracks to draw. */
  tracks: number;
  /**
   * Seed of the generator: the same seed and options give the same catalog.
   * @defaultValue `0`
   */
  seed?: number;
  /**
   * Restrict the catalog to these genres (drawn in equal shares).
   * @defaultValue every genre of the statistics
   */
  genres?: readonly string[];
  /**
   * The fitted figures to draw from.
   * @defaultValue {@link DEFAULT_GENRE_STATISTICS}, fitted on 49,132 rows of the Spotify Tracks Dataset
   */
  statistics?: GenreStatisticsJSON;
}

/**
 * The embedded figures: per-genre marginal quantiles and copula correlations of all 114
 * genres, fitted on the 49,132-row real subset of the Spotify Tracks Dataset by
 * `scripts/fit-genre-stats.ts`. Figures only; no row of the dataset.
 */
export const DEFAULT_GENRE_STATISTICS: GenreStatisticsJSON =
  defaultStatistics as GenreStatisticsJSON;

interface PreparedGenre {
  readonly statistics: GenreStatistics;
  readonly cholesky: Matrix;
  readonly artists: string[];
}

function prepare(statistics: GenreStatistics, artistCount: number, random: Random): PreparedGenre {
  const m = COPULA_FEATURES.length;
  const correlation = Matrix.eye(m, m);
  let at = 0;
  for (let i = 1; i < m; i += 1) {
    for (let j = 0; j < i; j += 1) {
      const value = statistics.correlation[at++] as number;
      correlation.set(i, j, value);
      correlation.set(j, i, value);
    }
  }
  let decomposition = new CholeskyDecomposition(correlation);
  // Rounding can leave a matrix a hair short of positive definite: shrink toward I until it is.
  for (let shrink = 0.01; !decomposition.isPositiveDefinite(); shrink *= 2) {
    if (shrink > 1)
      throw new DataError(
        `Invalid genre statistics: genre "${statistics.genre}" has no usable correlation`,
      );
    decomposition = new CholeskyDecomposition(
      correlation
        .clone()
        .mul(1 - shrink)
        .add(Matrix.eye(m, m).mul(shrink)),
    );
  }
  const artists = Array.from({ length: artistCount }, () => artistName(random));
  return { statistics, cholesky: decomposition.lowerTriangularMatrix, artists };
}

function continuousValue(knots: readonly number[], levels: readonly number[], u: number): number {
  let upper = 1;
  while (upper < levels.length - 1 && (levels[upper] as number) < u) upper += 1;
  const lowLevel = levels[upper - 1] as number;
  const highLevel = levels[upper] as number;
  const low = knots[upper - 1] as number;
  const high = knots[upper] as number;
  const weight = highLevel === lowLevel ? 0 : (u - lowLevel) / (highLevel - lowLevel);
  return low + (high - low) * Math.min(1, Math.max(0, weight));
}

function discreteValue(category: GenreStatistics['categories'][number], u: number): number {
  let cumulative = 0;
  for (let at = 0; at < category.values.length; at += 1) {
    cumulative += category.shares[at] as number;
    if (u <= cumulative) return category.values[at] as number;
  }
  return category.values[category.values.length - 1] as number;
}

/** Rounds a drawn value the way the dataset writes it: integers, or 4 significant digits. */
function roundLikeData(feature: (typeof CONTINUOUS_FEATURES)[number], value: number): number {
  if (feature === 'popularity' || feature === 'durationMs') return Math.round(value);
  return value === 0 ? 0 : Number(value.toPrecision(4));
}

function draw(genre: PreparedGenre, levels: readonly number[], random: Random): Track {
  const m = COPULA_FEATURES.length;
  const independent = Array.from({ length: m }, () => standardNormal(random));
  const uniforms = new Array<number>(m);
  for (let i = 0; i < m; i += 1) {
    let z = 0;
    for (let j = 0; j <= i; j += 1) z += genre.cholesky.get(i, j) * (independent[j] as number);
    uniforms[i] = normalCdf(z);
  }
  const continuous = CONTINUOUS_FEATURES.map((feature, at) => {
    return roundLikeData(
      feature,
      continuousValue(genre.statistics.quantiles[at] as number[], levels, uniforms[at] as number),
    );
  });
  const discrete = DISCRETE_FEATURES.map((_, at) =>
    discreteValue(
      genre.statistics.categories[at] as GenreStatistics['categories'][number],
      uniforms[CONTINUOUS_FEATURES.length + at] as number,
    ),
  );
  const [
    popularity,
    durationMs,
    danceability,
    energy,
    loudness,
    speechiness,
    acousticness,
    instrumentalness,
    liveness,
    valence,
    tempo,
  ] = continuous as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [key, mode, timeSignature, explicit] = discrete as [number, number, number, number];
  const artists = [genre.artists[Math.floor(random() ** 1.6 * genre.artists.length)] as string];
  if (random() < 0.12) {
    const featured = genre.artists[Math.floor(random() * genre.artists.length)] as string;
    if (featured !== artists[0]) artists.push(featured);
  }
  const name = titleName(random);
  return {
    id: trackId(random),
    name,
    artists,
    album: random() < 0.3 ? name : titleName(random),
    popularity,
    durationMs,
    explicit: explicit === 1,
    danceability,
    energy,
    key,
    loudness,
    mode,
    speechiness,
    acousticness,
    instrumentalness,
    liveness,
    valence,
    tempo,
    timeSignature,
    genres: [genre.statistics.genre],
  };
}

/**
 * Draws a reproducible synthetic catalog from fitted per-genre statistics: a Gaussian copula
 * over every numeric feature with the fitted marginals, so that each genre keeps its feature
 * distributions and their correlations. Names, artists and ids are made up; genres come in
 * equal shares, as in the full Spotify Tracks Dataset (1,000 rows per genre).
 *
 * The catalog is synthetic: it looks like the real data in aggregate, and no track in it exists.
 *
 * @param options - Size, seed, genres and statistics.
 * @returns `options.tracks` tracks with distinct ids, each under one genre.
 * @throws {@link InvalidArgumentError} for a negative size, a non-integer seed or an unknown genre.
 *
 * @example
 * ```ts
 * const tracks = syntheticCatalog({ tracks: 3, seed: 42, genres: ['jazz'] });
 * tracks.map((track) => track.genres[0]); // ['jazz', 'jazz', 'jazz']
 * syntheticCatalog({ tracks: 3, seed: 42, genres: ['jazz'] })[0].id === tracks[0].id; // true
 * ```
 */
export function syntheticCatalog(options: SyntheticCatalogOptions): Track[] {
  if (typeof options !== 'object' || options === null)
    throw new InvalidArgumentError('options', 'an options object', options);
  const { tracks: size, seed = 0, statistics = DEFAULT_GENRE_STATISTICS } = options;
  assertNonNegativeInteger(size, 'options.tracks');
  if (typeof seed !== 'number' || !Number.isInteger(seed))
    throw new InvalidArgumentError('options.seed', 'an integer', seed);
  assertGenreStatistics(statistics);
  const available = new Map(statistics.genres.map((genre) => [genre.genre, genre]));
  const chosen = options.genres ?? [...available.keys()];
  if (!Array.isArray(chosen) || chosen.length === 0) {
    throw new InvalidArgumentError('options.genres', 'a non-empty list of genres', chosen);
  }
  for (const [position, genre] of chosen.entries()) {
    if (!available.has(genre)) {
      throw new InvalidArgumentError(
        `options.genres[${position}]`,
        `a genre of the statistics (such as "${[...available.keys()][0]}")`,
        genre,
      );
    }
  }
  const random = createRandom(seed);
  const perGenre = Math.ceil(size / chosen.length);
  const prepared = new Map<string, PreparedGenre>();
  const tracks: Track[] = [];
  const ids = new Set<string>();
  for (let position = 0; position < size; position += 1) {
    const genreName = chosen[position % chosen.length] as string;
    let genre = prepared.get(genreName);
    if (genre === undefined) {
      genre = prepare(
        available.get(genreName) as GenreStatistics,
        Math.max(3, Math.round(perGenre / 6)),
        random,
      );
      prepared.set(genreName, genre);
    }
    const track = draw(genre, statistics.quantileLevels, random);
    while (ids.has(track.id)) track.id = trackId(random);
    ids.add(track.id);
    tracks.push(track);
  }
  return tracks;
}
