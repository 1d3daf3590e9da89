import { NUMERIC_TRACK_FIELDS, TRACK_FIELD_RANGES } from '@spotrec/data';
import { CatalogView, suggestionsFor, type FeatureRange, type RecommendableTrack } from './catalog';
import { InvalidArgumentError, NotInCatalogError } from './errors';
import type { Recommendation, RecommendRequest, RecommendResponse, SeedPool } from './request';
import type { ResolvedSeed, Scorer, ScoredRow, SeedQuery, UnitVectors } from './scorer';
import { selectRecommendations } from './select';
import { topRows } from './top-rows';

/** A checked request's settings, defaults applied. */
export interface RequestSettings {
  /** How many tracks to return. */
  readonly k: number;
  /** The per-artist cap, if any. */
  readonly maxPerArtist: number | undefined;
  /** MMR diversity in [0, 1]. */
  readonly diversity: number;
  /** The share of the score given to target closeness. */
  readonly targetWeight: number;
}

/** Options of {@link Recommender.build}. */
export interface RecommenderOptions<T extends RecommendableTrack> {
  /** The catalog, in the row order the scorer was built for. */
  readonly tracks: readonly T[];
  /** What ranks the candidates. */
  readonly scorer: Scorer;
  /**
   * Raw numeric features that `min`, `max` and `target` may name.
   * @defaultValue the numeric fields of a `Track` of `@spotrec/data` (`NUMERIC_TRACK_FIELDS`)
   */
  readonly features?: readonly string[];
  /**
   * The values a request may ask for, per feature; a value outside is refused.
   * @defaultValue `TRACK_FIELD_RANGES` of `@spotrec/data` (energy 0–1, tempo 0–400, …)
   */
  readonly ranges?: Readonly<Record<string, FeatureRange>>;
  /**
   * How to read a raw feature of a track.
   * @defaultValue `(track, feature) => track[feature]`
   */
  readonly value?: (track: T, feature: string) => unknown;
  /**
   * Unit vectors per row that diversity (MMR) measures redundancy with, when the scorer has
   * none of its own (item-kNN, ALS).
   */
  readonly diversityVectors?: UnitVectors;
  /**
   * The duplicate group of each row (rows of one song share a number; numbered in row order
   * from 0), as a bundle stores it; computed with `duplicateKey` of `@spotrec/data` when
   * omitted.
   */
  readonly duplicateGroups?: Int32Array;
}

const REQUEST_KEYS = new Set([
  'seedTracks',
  'seedArtists',
  'seedGenres',
  'k',
  'min',
  'max',
  'target',
  'targetWeight',
  'includeGenres',
  'excludeGenres',
  'includeArtists',
  'excludeArtists',
  'maxPerArtist',
  'diversity',
]);

function stringList(value: unknown, parameter: string): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    throw new InvalidArgumentError(parameter, 'an array of strings', value);
  return value;
}

function unitInterval(value: unknown, parameter: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1))
    throw new InvalidArgumentError(parameter, 'a number in [0, 1]', value);
  return value;
}

function positiveInteger(value: unknown, parameter: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0)
    throw new InvalidArgumentError(parameter, 'a positive integer', value);
  return value;
}

interface Entry extends ScoredRow {
  readonly similarity: number;
  readonly closeness: number | null;
}

/**
 * The request model of Spotify's closed `/recommendations` endpoint over your own catalog, with
 * any {@link Scorer}: seed tracks, artists and genres; hard `min`/`max` ranges on raw
 * features and soft `target`s; genre and artist filters; the seeds and their duplicates (same
 * id, or same normalised name and artists) never returned, nor two copies of one song; a
 * per-artist cap; MMR diversity; explanations; pool sizes per seed. Filters are applied
 * before the top-k selection, so `k` tracks come back whenever `k` candidates pass, whichever
 * scorer ranks them.
 *
 * @example
 * ```ts
 * import { CosineIndex } from '@spotrec/cosine';
 * import { Recommender, VectorScorer } from '@spotrec/recommender';
 *
 * const tracks = [
 *   { id: 'a', name: 'Alpha', artists: ['Ann'], genres: ['pop'], tempo: 120, energy: 0.8 },
 *   { id: 'b', name: 'Beta', artists: ['Bob'], genres: ['pop'], tempo: 90, energy: 0.7 },
 *   { id: 'c', name: 'Gamma', artists: ['Cy'], genres: ['rock'], tempo: 130, energy: 0.9 },
 * ];
 * const ids = tracks.map((track) => track.id);
 * const index = CosineIndex.build({ data: Float32Array.of(0.6, 0.8, 0.45, 0.7, 0.65, 0.9), rows: 3, cols: 2 }, ids);
 * const recommender = Recommender.build({ tracks, scorer: VectorScorer.build(index, ids), features: ['tempo', 'energy'] });
 * const response = recommender.recommend({ seedTracks: ['a'], min: { tempo: 100 }, k: 5 });
 * console.log(response.tracks.map((hit) => hit.track.id)); // [ 'c' ]
 * console.log(response.pool); // { initialPoolSize: 2, afterFilteringSize: 1 }
 * ```
 */
export class Recommender<T extends RecommendableTrack> {
  /** The scorer that ranks. */
  readonly scorer: Scorer;
  private readonly catalog: CatalogView<T>;
  private readonly diversityVectors:
    { readonly data: Float32Array; readonly dimension: number } | undefined;

  private constructor(options: RecommenderOptions<T>) {
    const { tracks, scorer } = options;
    const features = options.features ?? NUMERIC_TRACK_FIELDS;
    const read =
      options.value ??
      ((track: T, feature: string) => (track as unknown as Record<string, unknown>)[feature]);
    this.catalog = new CatalogView(
      tracks,
      features,
      read,
      options.ranges ?? TRACK_FIELD_RANGES,
      options.duplicateGroups,
    );
    this.scorer = scorer;
    this.diversityVectors = scorer.vectors ?? options.diversityVectors;
  }

  /**
   * Builds the request model over a catalog and a scorer built for it.
   *
   * @param options - The tracks, the scorer, the raw features filters may use and their ranges.
   * @returns The recommender.
   * @throws {@link InvalidArgumentError} when the scorer's size differs from the catalog's, or
   * a track has no string id, a repeated id, or no artists/genres arrays.
   */
  static build<T extends RecommendableTrack>(options: RecommenderOptions<T>): Recommender<T> {
    if (typeof options !== 'object' || options === null)
      throw new InvalidArgumentError('options', 'an options object', options);
    if (!Array.isArray(options.tracks))
      throw new InvalidArgumentError('options.tracks', 'an array of tracks', options.tracks);
    const scorer = options.scorer as Partial<Scorer> | undefined;
    if (typeof scorer !== 'object' || scorer === null || typeof scorer.query !== 'function')
      throw new InvalidArgumentError('options.scorer', 'a Scorer', scorer);
    if (scorer.size !== options.tracks.length)
      throw new InvalidArgumentError(
        'options.scorer',
        `a scorer of the catalog's ${options.tracks.length} rows`,
        `${String(scorer.size)} rows`,
      );
    if (options.features !== undefined) stringList(options.features, 'options.features');
    return new Recommender(options);
  }

  /** The catalog, in row order. */
  get tracks(): readonly T[] {
    return this.catalog.tracks;
  }

  /** The duplicate group of each row: rows of one song share a number (see `duplicateKey` of `@spotrec/data`). */
  get duplicateGroups(): Int32Array {
    return this.catalog.group.slice();
  }

  /** The catalog size. */
  get size(): number {
    return this.catalog.size;
  }

  /** The raw features `min`, `max` and `target` may name. */
  get features(): readonly string[] {
    return [...this.catalog.features.keys()];
  }

  /** Every genre in the catalog, sorted. */
  get genres(): readonly string[] {
    return [...this.catalog.genreRows.keys()].sort();
  }

  /** The catalog entry of an id, if any. */
  track(id: string): T | undefined {
    const row = this.catalog.rowOf.get(id);
    return row === undefined ? undefined : this.catalog.tracks[row];
  }

  private resolveArtist(name: string, parameter: string): string {
    if (this.catalog.artistRows.has(name)) return name;
    const folded = this.catalog.artistByFold.get(name.toLowerCase());
    if (folded !== undefined) return folded;
    throw new NotInCatalogError(
      parameter,
      'artist',
      name,
      suggestionsFor(name, this.catalog.artistRows.keys()),
    );
  }

  private resolveGenre(genre: string, parameter: string): string {
    if (this.catalog.genreRows.has(genre)) return genre;
    const lower = genre.toLowerCase();
    for (const known of this.catalog.genreRows.keys())
      if (known.toLowerCase() === lower) return known;
    throw new NotInCatalogError(
      parameter,
      'genre',
      genre,
      suggestionsFor(genre, this.catalog.genreRows.keys()),
    );
  }

  private resolveSeeds(request: RecommendRequest): ResolvedSeed[] {
    const seeds: ResolvedSeed[] = [];
    stringList(request.seedTracks, 'seedTracks').forEach((id, at) => {
      const row = this.catalog.rowOf.get(id);
      if (row === undefined) throw new NotInCatalogError(`seedTracks[${at}]`, 'track', id);
      seeds.push({ type: 'track', id, rows: Int32Array.of(row) });
    });
    stringList(request.seedArtists, 'seedArtists').forEach((name, at) => {
      const artist = this.resolveArtist(name, `seedArtists[${at}]`);
      seeds.push({
        type: 'artist',
        id: artist,
        rows: this.catalog.artistRows.get(artist) as Int32Array,
      });
    });
    stringList(request.seedGenres, 'seedGenres').forEach((name, at) => {
      const genre = this.resolveGenre(name, `seedGenres[${at}]`);
      seeds.push({
        type: 'genre',
        id: genre,
        rows: this.catalog.genreRows.get(genre) as Int32Array,
      });
    });
    if (seeds.length === 0)
      throw new InvalidArgumentError(
        'request',
        'at least one seed (seedTracks, seedArtists or seedGenres)',
        'no seeds',
      );
    return seeds;
  }

  private checkBounds(request: RecommendRequest): void {
    for (const key of ['min', 'max', 'target'] as const) {
      const bounds: unknown = request[key];
      if (bounds === undefined) continue;
      if (typeof bounds !== 'object' || bounds === null || Array.isArray(bounds))
        throw new InvalidArgumentError(key, 'an object of feature → number', bounds);
      for (const [feature, value] of Object.entries(bounds)) {
        const column = this.catalog.features.get(feature);
        if (column === undefined)
          throw new InvalidArgumentError(
            `${key}.${feature}`,
            `a feature the recommender was built with (${this.features.join(', ') || 'none'})`,
            feature,
          );
        if (typeof value !== 'number' || !Number.isFinite(value))
          throw new InvalidArgumentError(`${key}.${feature}`, 'a finite number', value);
        const range = column.accepted;
        if (range !== undefined && (value < range.min || value > range.max))
          throw new InvalidArgumentError(
            `${key}.${feature}`,
            `a number in [${range.min}, ${range.max}]`,
            value,
          );
      }
    }
    for (const [feature, low] of Object.entries(request.min ?? {})) {
      const high = request.max?.[feature];
      if (high !== undefined && low > high)
        throw new InvalidArgumentError(`min.${feature}`, `a value ≤ max.${feature} (${high})`, low);
    }
  }

  /** Marks rows of one of `names` (resolved with `resolve`) in a fresh mask. */
  private rowsOf(
    names: readonly string[],
    postings: ReadonlyMap<string, Int32Array>,
    resolve: (name: string, parameter: string) => string,
    parameter: string,
  ): Uint8Array {
    const mask = new Uint8Array(this.size);
    names.forEach((name, at) => {
      for (const row of postings.get(resolve(name, `${parameter}[${at}]`)) as Int32Array)
        mask[row] = 1;
    });
    return mask;
  }

  /**
   * Checks a request's fields without running it: types, `k`, ranges, `min` ≤ `max`, weights
   * and diversity. Seeds and the genre and artist names are checked by
   * {@link Recommender.recommend}, against the catalog.
   *
   * @param request - The request.
   * @returns The request's settings with their defaults.
   * @throws {@link InvalidArgumentError} naming the first field that breaks its rule.
   */
  checkRequest(request: RecommendRequest): RequestSettings {
    if (typeof request !== 'object' || request === null || Array.isArray(request))
      throw new InvalidArgumentError('request', 'a request object', request);
    for (const key of Object.keys(request))
      if (!REQUEST_KEYS.has(key))
        throw new InvalidArgumentError(
          `request.${key}`,
          `one of the request fields (${[...REQUEST_KEYS].join(', ')})`,
          key,
        );
    const k = request.k === undefined ? 20 : positiveInteger(request.k, 'k');
    const maxPerArtist =
      request.maxPerArtist === undefined
        ? undefined
        : positiveInteger(request.maxPerArtist, 'maxPerArtist');
    const diversity = unitInterval(request.diversity, 'diversity', 0);
    const targetWeight = unitInterval(
      request.targetWeight,
      'targetWeight',
      request.target === undefined ? 0 : 0.5,
    );
    if (diversity > 0 && this.diversityVectors === undefined)
      throw new InvalidArgumentError(
        'diversity',
        `0 with scorer "${this.scorer.name}", which has no vectors (build the recommender with diversityVectors)`,
        diversity,
      );
    this.checkBounds(request);
    return { k, maxPerArtist, diversity, targetWeight };
  }

  /**
   * Recommends tracks for a request.
   *
   * @param request - Seeds, size, ranges, targets, filters and diversity.
   * @returns The tracks best first with scores and explanations, and the pool sizes.
   * @throws {@link NotInCatalogError} for a seed track, artist or genre, or a filter's genre or
   * artist, that the catalog does not hold (with suggestions).
   * @throws {@link InvalidArgumentError} for no seeds, an unknown request field, a bad `k`, an
   * unknown feature, a value outside its feature's range, `min` above `max`, a weight or
   * diversity outside [0, 1], or diversity with a scorer that has no vectors.
   */
  recommend(request: RecommendRequest): RecommendResponse<T> {
    const { k, maxPerArtist, diversity, targetWeight } = this.checkRequest(request);
    const seeds = this.resolveSeeds(request);
    const query = this.scorer.query(seeds);
    const { allowed, candidate, initial, after } = this.filter(request, seeds);
    const entries = this.rank(
      query,
      k,
      allowed,
      after,
      request,
      targetWeight,
      maxPerArtist,
      diversity,
    );
    const pools = this.pools(query, seeds, candidate, allowed, initial, after);
    return {
      tracks: entries.map((entry) => this.explain(entry, query, seeds)),
      seeds: pools,
      pool: { initialPoolSize: initial, afterFilteringSize: after },
    };
  }

  /** The candidate mask (not a seed, not a duplicate of one) and the allowed mask (passes every filter). */
  private filter(request: RecommendRequest, seeds: readonly ResolvedSeed[]) {
    const size = this.size;
    const { group, groupStart, groupRows } = this.catalog;
    const candidate = new Uint8Array(size).fill(1);
    let initial = size;
    for (const seed of seeds) {
      if (seed.type !== 'track') continue;
      const of = group[seed.rows[0] as number] as number;
      for (let at = groupStart[of] as number; at < (groupStart[of + 1] as number); at += 1) {
        const row = groupRows[at] as number;
        initial -= candidate[row] as number;
        candidate[row] = 0;
      }
    }
    const allowed = candidate.slice();
    const includeGenres = stringList(request.includeGenres, 'includeGenres');
    const excludeGenres = stringList(request.excludeGenres, 'excludeGenres');
    const includeArtists = stringList(request.includeArtists, 'includeArtists');
    const excludeArtists = stringList(request.excludeArtists, 'excludeArtists');
    const genre = (name: string, parameter: string) => this.resolveGenre(name, parameter);
    const artist = (name: string, parameter: string) => this.resolveArtist(name, parameter);
    const keep = (mask: Uint8Array, when: 0 | 1) => {
      for (let row = 0; row < size; row += 1) if (mask[row] !== when) allowed[row] = 0;
    };
    if (request.includeGenres !== undefined)
      keep(this.rowsOf(includeGenres, this.catalog.genreRows, genre, 'includeGenres'), 1);
    if (excludeGenres.length > 0)
      keep(this.rowsOf(excludeGenres, this.catalog.genreRows, genre, 'excludeGenres'), 0);
    if (request.includeArtists !== undefined)
      keep(this.rowsOf(includeArtists, this.catalog.artistRows, artist, 'includeArtists'), 1);
    if (excludeArtists.length > 0)
      keep(this.rowsOf(excludeArtists, this.catalog.artistRows, artist, 'excludeArtists'), 0);
    // One tight loop per bound; NaN (a track without the value) fails every bound.
    for (const [feature, limit] of Object.entries(request.min ?? {})) {
      const values = (this.catalog.features.get(feature) as { values: Float64Array }).values;
      for (let row = 0; row < size; row += 1)
        if (!((values[row] as number) >= limit)) allowed[row] = 0;
    }
    for (const [feature, limit] of Object.entries(request.max ?? {})) {
      const values = (this.catalog.features.get(feature) as { values: Float64Array }).values;
      for (let row = 0; row < size; row += 1)
        if (!((values[row] as number) <= limit)) allowed[row] = 0;
    }
    let after = 0;
    for (let row = 0; row < size; row += 1) after += allowed[row] as number;
    return { allowed, candidate, initial, after };
  }

  private rank(
    query: SeedQuery,
    k: number,
    allowed: Uint8Array,
    after: number,
    request: RecommendRequest,
    targetWeight: number,
    maxPerArtist: number | undefined,
    diversity: number,
  ): Entry[] {
    const targets = Object.entries(request.target ?? {}).map(([feature, value]) => {
      const column = this.catalog.features.get(feature) as {
        values: Float64Array;
        observed: FeatureRange;
      };
      return { values: column.values, value, span: column.observed.max - column.observed.min || 1 };
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
    let everything: Entry[] | undefined;
    let scored: { similarity: Float64Array; final: Float64Array } | undefined;
    // Every row's similarity and final score, computed once per request.
    const scoreAll = () => {
      const size = this.size;
      const similarity = query.scores();
      let scale = 1;
      if (!this.scorer.bounded && targets.length > 0) {
        let largest = 0;
        for (let row = 0; row < size; row += 1)
          if (allowed[row] === 1 && Math.abs(similarity[row] as number) > largest)
            largest = Math.abs(similarity[row] as number);
        scale = largest || 1;
      }
      const final = new Float64Array(size);
      for (let row = 0; row < size; row += 1) {
        const value = similarity[row] as number;
        if (Number.isNaN(value)) {
          final[row] = Number.NEGATIVE_INFINITY;
          continue;
        }
        final[row] =
          targets.length === 0
            ? value
            : (1 - targetWeight) * (value / scale) + targetWeight * (closenessOf(row) as number);
      }
      return { similarity, final };
    };
    const ranked = (limit: number): Entry[] => {
      if (targets.length === 0 && query.top !== undefined)
        return query.top(limit, allowed).map((hit) => ({
          row: hit.row,
          score: hit.score,
          similarity: hit.score,
          closeness: null,
        }));
      if (everything !== undefined) return everything.slice(0, limit);
      scored ??= scoreAll();
      const { similarity, final } = scored;
      const rows = topRows(final, allowed, limit >= after ? after : limit);
      const entries = rows.map((row) => ({
        row,
        score: final[row] as number,
        similarity: similarity[row] as number,
        closeness: closenessOf(row),
      }));
      if (limit >= after) everything = entries;
      return entries;
    };
    let picked: Entry[];
    // MMR re-ranks a pool of max(4k, 64); otherwise 2k usually suffice (duplicates and the
    // artist cap skip some), and the pool grows fourfold until k are picked or none is left.
    for (let limit = diversity > 0 ? Math.max(4 * k, 64) : 2 * k; ; limit *= 4) {
      const scored = ranked(limit);
      picked = this.select(scored, k, maxPerArtist, diversity);
      if (picked.length === k || scored.length >= after) break;
    }
    return picked.map((entry) =>
      entry.score === Number.NEGATIVE_INFINITY ? { ...entry, score: Number.NaN } : entry,
    );
  }

  /** No two copies of one song, the artist cap, then MMR when asked. */
  private select(
    scored: readonly Entry[],
    k: number,
    maxPerArtist: number | undefined,
    diversity: number,
  ): Entry[] {
    const { group, firstArtist } = this.catalog;
    const vectors = this.diversityVectors;
    return selectRecommendations(scored, {
      k,
      maxPerArtist,
      diversity,
      score: (entry) => entry.score,
      song: (entry) => group[entry.row] as number,
      artist: (entry) => {
        const first = firstArtist[entry.row] as number;
        return first < 0 ? undefined : first;
      },
      similarity: (a, b) => {
        const { data, dimension } = vectors as UnitVectors;
        let dot = 0;
        for (let j = 0; j < dimension; j += 1)
          dot += (data[a.row * dimension + j] as number) * (data[b.row * dimension + j] as number);
        return dot;
      },
    });
  }

  private pools(
    query: SeedQuery,
    seeds: readonly ResolvedSeed[],
    candidate: Uint8Array,
    allowed: Uint8Array,
    initial: number,
    after: number,
  ): SeedPool[] {
    return seeds.map((seed, at) => {
      if (query.reach === undefined)
        return {
          type: seed.type,
          id: seed.id,
          initialPoolSize: initial,
          afterFilteringSize: after,
        };
      const reach = query.reach(at);
      let seedInitial = 0;
      let seedAfter = 0;
      for (let row = 0; row < this.size; row += 1) {
        if (reach[row] !== 1) continue;
        seedInitial += candidate[row] as number;
        seedAfter += allowed[row] as number;
      }
      return {
        type: seed.type,
        id: seed.id,
        initialPoolSize: seedInitial,
        afterFilteringSize: seedAfter,
      };
    });
  }

  private explain(
    entry: Entry,
    query: SeedQuery,
    seeds: readonly ResolvedSeed[],
  ): Recommendation<T> {
    let closest = 0;
    if (seeds.length > 1) {
      let best = -Infinity;
      seeds.forEach((_, at) => {
        const score = query.seedScore(at, entry.row);
        if (score > best) {
          best = score;
          closest = at;
        }
      });
    }
    const seed = seeds[closest] as ResolvedSeed;
    return {
      track: this.catalog.tracks[entry.row] as T,
      score: entry.score,
      similarity: entry.similarity,
      targetCloseness: entry.closeness,
      contributions: query.contributions?.(entry.row) ?? [],
      closestSeed: `${seed.type}:${seed.id}`,
    };
  }
}
