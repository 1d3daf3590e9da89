import { assertPositiveInteger } from './assert';
import type { CosineIndex } from './cosine-index';
import { InvalidArgumentError, UnknownIdError } from './errors';

/** What the recommender needs to know of each track (the `Track` of `@spotrec/data` fits). */
export interface RecommendableTrack {
  /** The id, as in the index. */
  readonly id: string;
  /** The title (used, with the artists, to recognise duplicates). */
  readonly name: string;
  /** The artists. */
  readonly artists: readonly string[];
  /** The genres. */
  readonly genres: readonly string[];
}

/** Options of {@link Recommender.build}. */
export interface RecommenderOptions<T extends RecommendableTrack> {
  /** The index to search; every track must be in it. */
  readonly index: CosineIndex;
  /** The catalog. */
  readonly tracks: readonly T[];
  /**
   * Raw numeric features that `min`, `max` and `target` may name (such as `'tempo'`).
   * @defaultValue `[]`
   */
  readonly features?: readonly string[];
  /**
   * How to read a raw feature of a track.
   * @defaultValue `(track, feature) => track[feature]`
   */
  readonly value?: (track: T, feature: string) => unknown;
  /**
   * Names of the index's vector columns, for explanations.
   * @defaultValue `dim0`, `dim1`, …
   */
  readonly columns?: readonly string[];
}

/** A request modelled on Spotify's deprecated `/recommendations` endpoint. */
export interface RecommendRequest {
  /** Track ids to start from. */
  readonly seedTracks?: readonly string[];
  /** Artists to start from (each stands for the mean of its tracks). */
  readonly seedArtists?: readonly string[];
  /** Genres to start from (each stands for the mean of its tracks). */
  readonly seedGenres?: readonly string[];
  /**
   * How many tracks to return.
   * @defaultValue `20`
   */
  readonly k?: number;
  /** Hard lower bounds on raw features (inclusive). */
  readonly min?: Readonly<Record<string, number>>;
  /** Hard upper bounds on raw features (inclusive). */
  readonly max?: Readonly<Record<string, number>>;
  /** Soft target values of raw features, weighed equally. */
  readonly target?: Readonly<Record<string, number>>;
  /**
   * Share of the score given to closeness to `target` (the rest is cosine similarity).
   * @defaultValue `0.5` when `target` is given
   */
  readonly targetWeight?: number;
  /** Only tracks with at least one of these genres. */
  readonly includeGenres?: readonly string[];
  /** No track with any of these genres. */
  readonly excludeGenres?: readonly string[];
  /** No track by any of these artists. */
  readonly excludeArtists?: readonly string[];
  /** At most this many tracks per (first-listed) artist. */
  readonly maxPerArtist?: number;
  /**
   * Maximal marginal relevance re-ranking: 0 ranks by relevance alone, 1 by novelty against the
   * tracks already picked alone (MMR with λ = 1 − diversity).
   * @defaultValue `0`
   */
  readonly diversity?: number;
}

/** One feature's share of a recommendation's similarity. */
export interface FeatureContribution {
  /** The vector column. */
  readonly feature: string;
  /** Profile × track in that column; the contributions sum to the similarity. */
  readonly contribution: number;
}

/** A recommended track with its scores and why it was chosen. */
export interface Recommendation<T extends RecommendableTrack> {
  /** The catalog entry. */
  readonly track: T;
  /** The ranking score: similarity, blended with target closeness when targets were given. */
  readonly score: number;
  /** Cosine similarity to the seed profile. */
  readonly similarity: number;
  /** Closeness to the targets in [0, 1] (1 − mean normalised distance), or `null` without targets. */
  readonly targetCloseness: number | null;
  /** The per-column contributions to `similarity`, largest magnitude first. */
  readonly contributions: readonly FeatureContribution[];
  /** The seed this track is most similar to, such as `track:…`, `artist:…` or `genre:…`. */
  readonly closestSeed: string;
}

/** How many tracks could be recommended before and after the filters. */
export interface PoolSizes {
  /** The catalog minus the seeds and their duplicates. */
  readonly beforeFiltering: number;
  /** Those that pass every filter. */
  readonly afterFiltering: number;
}

/** The answer: the tracks and the pool sizes, as the Spotify endpoint reported them. */
export interface RecommendResponse<T extends RecommendableTrack> {
  /** Best first. */
  readonly tracks: readonly Recommendation<T>[];
  /** Candidates before filtering (the catalog minus the seeds) and after. */
  readonly pool: PoolSizes;
}

interface Seed {
  readonly label: string;
  readonly vector: Float32Array;
}

function duplicateKey(track: RecommendableTrack): string {
  return `${track.name.trim().toLowerCase()}\u0000${track.artists
    .map((artist) => artist.trim().toLowerCase())
    .sort()
    .join('\u0001')}`;
}

function normalised(vector: Float64Array | Float32Array): Float32Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return Float32Array.from(vector, (value) => value * scale);
}

/**
 * Content-based recommendations over your own catalog with the request model of Spotify's
 * deprecated `/recommendations` endpoint: seeds (tracks, artists, genres) combine into one
 * profile (the normalised mean of the normalised seed vectors); `min`/`max` are hard ranges on
 * raw features and `target`s soft preferences; genre and artist filters; the seeds and their
 * duplicates (same id, or same name and artists) are never returned, nor two copies of one
 * song. Filters are applied before ranking, so `k` tracks come back whenever `k` pass.
 *
 * @example
 * ```ts
 * const recommender = Recommender.build({ index, tracks, features: ['tempo', 'energy'], columns: matrix.columns });
 * const { tracks, pool } = recommender.recommend({
 *   seedTracks: ['5SuOikwiRyPMVoIQDJUgSV'],
 *   min: { tempo: 100 },
 *   target: { energy: 0.8 },
 *   excludeGenres: ['children'],
 *   maxPerArtist: 2,
 *   k: 10,
 * });
 * tracks[0].closestSeed; // 'track:5SuOikwiRyPMVoIQDJUgSV'
 * pool; // { beforeFiltering: 44474, afterFiltering: 20131 }
 * ```
 */
export class Recommender<T extends RecommendableTrack> {
  private readonly index: CosineIndex;
  private readonly tracks: readonly T[];
  private readonly byRow: readonly T[];
  private readonly features: readonly string[];
  private readonly raw: ReadonlyMap<string, Float64Array>;
  private readonly ranges: ReadonlyMap<string, { min: number; max: number }>;
  private readonly columns: readonly string[];
  private readonly keys: readonly string[];

  private constructor(options: RecommenderOptions<T>) {
    const { index, tracks, features = [], columns } = options;
    const read =
      options.value ??
      ((track: T, feature: string) => (track as unknown as Record<string, unknown>)[feature]);
    this.index = index;
    this.tracks = tracks;
    const byId = new Map(tracks.map((track) => [track.id, track]));
    this.byRow = index.ids.map((id, row) => {
      const track = byId.get(id);
      if (track === undefined)
        throw new InvalidArgumentError(
          `index.ids[${row}]`,
          'an id with a track in options.tracks',
          id,
        );
      return track;
    });
    this.keys = this.byRow.map(duplicateKey);
    this.features = [...features];
    const raw = new Map<string, Float64Array>();
    const ranges = new Map<string, { min: number; max: number }>();
    for (const feature of features) {
      const values = new Float64Array(this.byRow.length);
      let min = Infinity;
      let max = -Infinity;
      this.byRow.forEach((track, row) => {
        const value = read(track, feature);
        const number = typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN;
        values[row] = number;
        if (number < min) min = number;
        if (number > max) max = number;
      });
      raw.set(feature, values);
      ranges.set(feature, { min, max });
    }
    this.raw = raw;
    this.ranges = ranges;
    if (columns !== undefined && columns.length !== index.dimension) {
      throw new InvalidArgumentError(
        'options.columns',
        `${index.dimension} names (one per vector column)`,
        `${columns.length} names`,
      );
    }
    this.columns = columns ?? Array.from({ length: index.dimension }, (_, j) => `dim${j}`);
  }

  /**
   * Builds a recommender over an index and its catalog.
   *
   * @param options - The index, the tracks, the raw features filters may use and column names.
   * @returns The recommender.
   * @throws {@link InvalidArgumentError} when an indexed id has no track, or `columns` has the wrong length.
   */
  static build<T extends RecommendableTrack>(options: RecommenderOptions<T>): Recommender<T> {
    if (typeof options !== 'object' || options === null)
      throw new InvalidArgumentError('options', 'an options object', options);
    if (!Array.isArray(options.tracks))
      throw new InvalidArgumentError('options.tracks', 'an array of tracks', options.tracks);
    return new Recommender(options);
  }

  /** The catalog size. */
  get size(): number {
    return this.tracks.length;
  }

  private centroid(rows: number[], label: string): Seed {
    const dim = this.index.dimension;
    const sum = new Float64Array(dim);
    const data = this.index.normalisedData;
    for (const row of rows)
      for (let j = 0; j < dim; j += 1)
        sum[j] = (sum[j] as number) + (data[row * dim + j] as number);
    return { label, vector: normalised(sum) };
  }

  private seeds(request: RecommendRequest): { seeds: Seed[]; seedRows: Set<number> } {
    const seeds: Seed[] = [];
    const seedRows = new Set<number>();
    (request.seedTracks ?? []).forEach((id, position) => {
      const row = this.index.rowFor(id, `seedTracks[${position}]`);
      seedRows.add(row);
      seeds.push({ label: `track:${id}`, vector: this.index.vector(id) });
    });
    (request.seedArtists ?? []).forEach((artist, position) => {
      const rows = this.byRow.flatMap((track, row) =>
        track.artists.includes(artist) ? [row] : [],
      );
      if (rows.length === 0) throw new UnknownIdError(`seedArtists[${position}]`, artist);
      seeds.push(this.centroid(rows, `artist:${artist}`));
    });
    (request.seedGenres ?? []).forEach((genre, position) => {
      const rows = this.byRow.flatMap((track, row) => (track.genres.includes(genre) ? [row] : []));
      if (rows.length === 0) throw new UnknownIdError(`seedGenres[${position}]`, genre);
      seeds.push(this.centroid(rows, `genre:${genre}`));
    });
    if (seeds.length === 0) {
      throw new InvalidArgumentError(
        'request',
        'at least one seed (seedTracks, seedArtists or seedGenres)',
        'no seeds',
      );
    }
    return { seeds, seedRows };
  }

  private checkBounds(request: RecommendRequest): void {
    for (const key of ['min', 'max', 'target'] as const) {
      for (const [feature, value] of Object.entries(request[key] ?? {})) {
        if (!this.raw.has(feature)) {
          throw new InvalidArgumentError(
            `${key}.${feature}`,
            `a feature the recommender was built with (${this.features.join(', ') || 'none'})`,
            feature,
          );
        }
        if (typeof value !== 'number' || !Number.isFinite(value))
          throw new InvalidArgumentError(`${key}.${feature}`, 'a finite number', value);
      }
    }
    for (const [feature, low] of Object.entries(request.min ?? {})) {
      const high = request.max?.[feature];
      if (high !== undefined && low > high)
        throw new InvalidArgumentError(`min.${feature}`, `a value ≤ max.${feature} (${high})`, low);
    }
  }

  private select<E extends { row: number; score: number }>(
    scored: readonly E[],
    k: number,
    maxPerArtist: number | undefined,
    diversity: number,
    data: Float32Array,
    dim: number,
  ): E[] {
    const picked: E[] = [];
    const perArtist = new Map<string, number>();
    const pickedKeys = new Set<string>();
    const eligible = (entry: E): boolean => {
      if (pickedKeys.has(this.keys[entry.row] as string)) return false;
      const artist = (this.byRow[entry.row] as T).artists[0];
      return (
        maxPerArtist === undefined ||
        artist === undefined ||
        (perArtist.get(artist) ?? 0) < maxPerArtist
      );
    };
    const take = (entry: E): void => {
      picked.push(entry);
      pickedKeys.add(this.keys[entry.row] as string);
      const artist = (this.byRow[entry.row] as T).artists[0];
      if (artist !== undefined) perArtist.set(artist, (perArtist.get(artist) ?? 0) + 1);
    };
    if (diversity === 0) {
      for (const entry of scored) {
        if (picked.length === k) break;
        if (eligible(entry)) take(entry);
      }
      return picked;
    }
    // Maximal marginal relevance: λ·score − (1 − λ)·(largest cosine to a track already picked).
    const lambda = 1 - diversity;
    const redundancy = new Float64Array(scored.length).fill(-Infinity);
    const used = new Uint8Array(scored.length);
    while (picked.length < k) {
      let best = -1;
      let bestValue = -Infinity;
      scored.forEach((entry, at) => {
        if (used[at] === 1 || !eligible(entry)) return;
        const value =
          lambda * entry.score -
          (1 - lambda) * (picked.length === 0 ? 0 : (redundancy[at] as number));
        if (value > bestValue) {
          bestValue = value;
          best = at;
        }
      });
      if (best < 0) break;
      used[best] = 1;
      const chosen = scored[best] as E;
      take(chosen);
      scored.forEach((entry, at) => {
        let dot = 0;
        for (let j = 0; j < dim; j += 1)
          dot += (data[entry.row * dim + j] as number) * (data[chosen.row * dim + j] as number);
        if (dot > (redundancy[at] as number)) redundancy[at] = dot;
      });
    }
    return picked;
  }

  /**
   * Recommends tracks for a request.
   *
   * @param request - Seeds, size, ranges, targets, filters and diversity.
   * @returns The tracks best first, with scores and explanations, and the pool sizes.
   * @throws {@link UnknownIdError} for a seed track, artist or genre not in the catalog.
   * @throws {@link InvalidArgumentError} for no seeds, a bad `k`, an unknown feature, `min` above
   * `max`, a weight or diversity outside [0, 1].
   */
  recommend(request: RecommendRequest): RecommendResponse<T> {
    if (typeof request !== 'object' || request === null)
      throw new InvalidArgumentError('request', 'a request object', request);
    const { k = 20, maxPerArtist, diversity = 0 } = request;
    assertPositiveInteger(k, 'k');
    if (maxPerArtist !== undefined) assertPositiveInteger(maxPerArtist, 'maxPerArtist');
    if (typeof diversity !== 'number' || !(diversity >= 0 && diversity <= 1))
      throw new InvalidArgumentError('diversity', 'a number in [0, 1]', diversity);
    const targetWeight = request.targetWeight ?? (request.target === undefined ? 0 : 0.5);
    if (typeof targetWeight !== 'number' || !(targetWeight >= 0 && targetWeight <= 1)) {
      throw new InvalidArgumentError('targetWeight', 'a number in [0, 1]', targetWeight);
    }
    this.checkBounds(request);
    const { seeds, seedRows } = this.seeds(request);
    const dim = this.index.dimension;
    const profileSum = new Float64Array(dim);
    for (const seed of seeds)
      for (let j = 0; j < dim; j += 1)
        profileSum[j] = (profileSum[j] as number) + (seed.vector[j] as number);
    const profile = normalised(profileSum);

    // The pool and the filters, decided per row before any ranking.
    const seedKeys = new Set([...seedRows].map((row) => this.keys[row] as string));
    const include =
      request.includeGenres === undefined ? undefined : new Set(request.includeGenres);
    const excludeGenres = new Set(request.excludeGenres ?? []);
    const excludeArtists = new Set(request.excludeArtists ?? []);
    const bounds = [
      ...Object.entries(request.min ?? {}).map(([feature, value]) => ({
        values: this.raw.get(feature) as Float64Array,
        low: value,
        high: Infinity,
      })),
      ...Object.entries(request.max ?? {}).map(([feature, value]) => ({
        values: this.raw.get(feature) as Float64Array,
        low: -Infinity,
        high: value,
      })),
    ];
    const count = this.index.size;
    let beforeFiltering = 0;
    let afterFiltering = 0;
    const allowed = new Uint8Array(count);
    for (let row = 0; row < count; row += 1) {
      if (seedRows.has(row) || seedKeys.has(this.keys[row] as string)) continue;
      beforeFiltering += 1;
      const track = this.byRow[row] as T;
      if (include !== undefined && !track.genres.some((genre) => include.has(genre))) continue;
      if (excludeGenres.size > 0 && track.genres.some((genre) => excludeGenres.has(genre)))
        continue;
      if (excludeArtists.size > 0 && track.artists.some((artist) => excludeArtists.has(artist)))
        continue;
      if (
        !bounds.every(
          ({ values, low, high }) =>
            (values[row] as number) >= low && (values[row] as number) <= high,
        )
      )
        continue;
      allowed[row] = 1;
      afterFiltering += 1;
    }

    const data = this.index.normalisedData;
    const targets = Object.entries(request.target ?? {}).map(([feature, value]) => {
      const range = this.ranges.get(feature) as { min: number; max: number };
      return {
        values: this.raw.get(feature) as Float64Array,
        value,
        span: range.max - range.min || 1,
      };
    });
    const closenessOf = (row: number): number | null => {
      if (targets.length === 0) return null;
      let distance = 0;
      for (const { values, value, span } of targets) {
        const raw = values[row] as number;
        distance += Number.isNaN(raw) ? 1 : Math.min(1, Math.abs(raw - value) / span);
      }
      return 1 - distance / targets.length;
    };
    // The best `limit` allowed rows by score. Without targets the score is the cosine, and
    // the index's kernel scans with the filter mask; with targets every allowed row is scored.
    const ranked = (limit: number) => {
      if (targets.length === 0) {
        return this.index.search(profile, Math.min(limit, count), allowed).map((hit) => {
          const row = this.index.rowFor(hit.id, 'id');
          return { row, similarity: hit.score, closeness: null, score: hit.score };
        });
      }
      const all: { row: number; similarity: number; closeness: number | null; score: number }[] =
        [];
      for (let row = 0; row < count; row += 1) {
        if (allowed[row] === 0) continue;
        let similarity = 0;
        for (let j = 0; j < dim; j += 1)
          similarity += (data[row * dim + j] as number) * (profile[j] as number);
        const closeness = closenessOf(row) as number;
        all.push({
          row,
          similarity,
          closeness,
          score: (1 - targetWeight) * similarity + targetWeight * closeness,
        });
      }
      return all.sort((a, b) => b.score - a.score || a.row - b.row).slice(0, limit);
    };

    // Selection: no two copies of one song, the artist cap, then MMR when asked. Duplicates and
    // caps can skip candidates, so the candidate list grows until k are picked or none is left.
    type Entry = ReturnType<typeof ranked>[number];
    let picked: Entry[];
    for (let limit = Math.max(4 * k, 64); ; limit *= 4) {
      const scored = ranked(limit);
      picked = this.select(scored, k, maxPerArtist, diversity, data, dim);
      if (picked.length === k || scored.length >= afterFiltering) break;
    }

    return {
      tracks: picked.map(({ row, similarity, closeness, score }) => {
        const contributions = this.columns
          .map((feature, j) => ({
            feature,
            contribution: (data[row * dim + j] as number) * (profile[j] as number),
          }))
          .filter((entry) => entry.contribution !== 0)
          .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
        let closestSeed = (seeds[0] as Seed).label;
        let closest = -Infinity;
        for (const seed of seeds) {
          let dot = 0;
          for (let j = 0; j < dim; j += 1)
            dot += (data[row * dim + j] as number) * (seed.vector[j] as number);
          if (dot > closest) {
            closest = dot;
            closestSeed = seed.label;
          }
        }
        return {
          track: this.byRow[row] as T,
          score,
          similarity,
          targetCloseness: closeness,
          contributions,
          closestSeed,
        };
      }),
      pool: { beforeFiltering, afterFiltering },
    };
  }
}
