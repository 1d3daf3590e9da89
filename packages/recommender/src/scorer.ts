import type { CosineIndex } from '@spotrec/cosine';
import { InvalidArgumentError } from './errors';

/** Unit vectors, one row per catalog row, row-major. */
export interface UnitVectors {
  /** The values, row after row (`dimension` per row). */
  readonly data: Float32Array;
  /** Values per row. */
  readonly dimension: number;
}

/** One seed of a request, resolved to the catalog rows it stands for. */
export interface ResolvedSeed {
  /** Track, artist or genre. */
  readonly type: 'track' | 'artist' | 'genre';
  /** The track id, artist name or genre as the catalog spells it. */
  readonly id: string;
  /** The rows it stands for: the track's own row, or every track of the artist or genre. */
  readonly rows: Int32Array;
}

/** A catalog row and its score. */
export interface ScoredRow {
  /** The catalog row. */
  readonly row: number;
  /** Larger is better. */
  readonly score: number;
}

/** One feature's share of a recommendation's score. */
export interface FeatureContribution {
  /** The feature (vector column) name. */
  readonly feature: string;
  /** Its term of the score; the terms sum to the similarity. */
  readonly contribution: number;
}

/**
 * A scorer's view of one request's seeds. Rows are catalog rows: the scorer was built for the
 * same catalog, in the same order, as the recommender.
 */
export interface SeedQuery {
  /**
   * The score of every catalog row for the seeds together, larger is better; `NaN` where the
   * scorer cannot score a row (such as a track without interactions for item-kNN).
   */
  scores(): Float64Array;
  /**
   * Optional fast path: the best `limit` rows with `allowed[row] === 1`, best first, ties by
   * row. Must agree with {@link SeedQuery.scores}.
   */
  top?(limit: number, allowed: Uint8Array): ScoredRow[];
  /** The score of `row` for seed number `seed` alone (for the closest seed). */
  seedScore(seed: number, row: number): number;
  /**
   * The rows seed number `seed` reaches (1) on its own: its pool before filtering. Omitted when
   * every seed reaches every row.
   */
  reach?(seed: number): Uint8Array;
  /** Per-feature terms of `row`'s score, when the scorer's score is a sum over features. */
  contributions?(row: number): FeatureContribution[];
}

/**
 * Anything that ranks catalog rows for a set of seeds: the request model of
 * {@link Recommender} runs over it. Built-in: {@link VectorScorer} (cosine over raw features or
 * embeddings), {@link itemScorer} (item-kNN, ALS, any `ItemScorer` of
 * `@spotrec/collaborative`) and {@link hybridScorer} (blend or rank fusion of two scorers).
 */
export interface Scorer {
  /** What it is, for people: `'cosine over 12 features'`. */
  readonly name: string;
  /** The number of catalog rows it scores. */
  readonly size: number;
  /**
   * Whether scores are cosine similarities in [−1, 1]. Otherwise the recommender divides them by
   * their largest magnitude among the candidates before blending them with target closeness.
   */
  readonly bounded: boolean;
  /** Prepares the scoring of one request's seeds. */
  query(seeds: readonly ResolvedSeed[]): SeedQuery;
  /**
   * Unit vectors per row (row-major, `dimension` wide) that diversity (MMR) measures
   * redundancy with. Optional: the recommender can be given them separately.
   */
  readonly vectors?: UnitVectors;
}

function unit(vector: Float64Array): Float32Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return Float32Array.from(vector, (value) => value * scale);
}

/**
 * Cosine similarity to the seeds over a {@link CosineIndex} of raw features or embeddings.
 * Each seed is the normalised mean of its rows' unit vectors; the query profile is the
 * normalised mean of the seeds. Without targets, the index's kernel ranks with the filter mask
 * applied during the scan.
 *
 * @example
 * ```ts
 * import { CosineIndex } from '@spotrec/cosine';
 * import { VectorScorer } from '@spotrec/recommender';
 *
 * const index = CosineIndex.build({ data: Float32Array.of(1, 0, 0.9, 0.1, 0, 1), rows: 3, cols: 2 }, ['a', 'b', 'c']);
 * const scorer = VectorScorer.build(index, ['a', 'b', 'c'], { columns: ['energy', 'valence'] });
 * console.log(scorer.name); // cosine over 2 columns
 * ```
 */
export class VectorScorer implements Scorer {
  readonly name: string;
  readonly bounded = true;
  readonly vectors: UnitVectors;
  private readonly index: CosineIndex;
  private readonly columns: readonly string[];
  /** Index row of each catalog row, or null when they are the same. */
  private readonly indexRow: Int32Array | null;
  /** Catalog row of each id, or null when index rows are catalog rows. */
  private readonly catalogRowOf: ReadonlyMap<string, number> | null;
  private readonly count: number;

  private constructor(
    index: CosineIndex,
    ids: readonly string[],
    columns: readonly string[],
    name: string,
  ) {
    this.index = index;
    this.columns = columns;
    this.name = name;
    this.count = ids.length;
    const indexIds = index.ids;
    const identity = index.size === ids.length && ids.every((id, row) => indexIds[row] === id);
    let rows: Int32Array | null = null;
    if (!identity) {
      rows = Int32Array.from(ids, (id, row) => {
        if (!index.has(id))
          throw new InvalidArgumentError(`ids[${row}]`, 'an id the index holds', id);
        return index.rowFor(id, `ids[${row}]`);
      });
    }
    this.indexRow = rows;
    this.catalogRowOf = identity ? null : new Map(ids.map((id, row) => [id, row]));
    const dimension = index.dimension;
    if (identity) {
      this.vectors = { data: index.normalisedData, dimension };
    } else {
      const data = new Float32Array(ids.length * dimension);
      const source = index.normalisedData;
      (rows as Int32Array).forEach((indexRow, row) =>
        data.set(
          source.subarray(indexRow * dimension, (indexRow + 1) * dimension),
          row * dimension,
        ),
      );
      this.vectors = { data, dimension };
    }
  }

  /**
   * A scorer over `index` for the catalog whose ids, in catalog row order, are `ids`.
   *
   * @param index - The index; it must hold every id.
   * @param ids - The catalog's ids in row order.
   * @param options - `columns`: a name per vector column, for explanations (default `dim1`…);
   *   `name`: what it is, for people.
   * @returns The scorer.
   * @throws {@link InvalidArgumentError} when an id is missing from the index or `columns` has
   * the wrong length.
   */
  static build(
    index: CosineIndex,
    ids: readonly string[],
    options: { readonly columns?: readonly string[]; readonly name?: string } = {},
  ): VectorScorer {
    if (!Array.isArray(ids)) throw new InvalidArgumentError('ids', 'an array of ids', ids);
    const { columns = Array.from({ length: index.dimension }, (_, j) => `dim${j + 1}`) } = options;
    if (!Array.isArray(columns) || columns.length !== index.dimension)
      throw new InvalidArgumentError(
        'options.columns',
        `${index.dimension} names (one per vector column)`,
        columns,
      );
    return new VectorScorer(
      index,
      ids,
      columns,
      options.name ?? `cosine over ${index.dimension} columns`,
    );
  }

  get size(): number {
    return this.count;
  }

  query(seeds: readonly ResolvedSeed[]): SeedQuery {
    const { data, dimension } = this.vectors;
    const seedVectors = seeds.map((seed) => {
      const sum = new Float64Array(dimension);
      for (const row of seed.rows)
        for (let j = 0; j < dimension; j += 1)
          sum[j] = (sum[j] as number) + (data[row * dimension + j] as number);
      return unit(sum);
    });
    const total = new Float64Array(dimension);
    for (const vector of seedVectors)
      for (let j = 0; j < dimension; j += 1)
        total[j] = (total[j] as number) + (vector[j] as number);
    const profile = unit(total);
    const dot = (vector: Float32Array, row: number): number => {
      let sum = 0;
      for (let j = 0; j < dimension; j += 1)
        sum += (data[row * dimension + j] as number) * (vector[j] as number);
      return sum;
    };
    return {
      scores: () => {
        const scores = new Float64Array(this.count);
        for (let row = 0, at = 0; row < scores.length; row += 1) {
          let sum = 0;
          for (let j = 0; j < dimension; j += 1, at += 1)
            sum += (data[at] as number) * (profile[j] as number);
          scores[row] = sum;
        }
        return scores;
      },
      top: (limit, allowed) => {
        let mask = allowed;
        if (this.indexRow !== null) {
          mask = new Uint8Array(this.index.size);
          this.indexRow.forEach((indexRow, row) => {
            mask[indexRow] = allowed[row] as number;
          });
        }
        return this.index
          .search(profile, Math.max(1, Math.min(limit, this.index.size)), mask)
          .map((hit) => ({
            row:
              this.catalogRowOf === null
                ? this.index.rowFor(hit.id, 'id')
                : (this.catalogRowOf.get(hit.id) as number),
            score: hit.score,
          }));
      },
      seedScore: (seed, row) => dot(seedVectors[seed] as Float32Array, row),
      contributions: (row) =>
        this.columns
          .map((feature, j) => ({
            feature,
            contribution: (data[row * dimension + j] as number) * (profile[j] as number),
          }))
          .filter((entry) => entry.contribution !== 0)
          .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)),
    };
  }
}

/**
 * A collaborative model as `@spotrec/collaborative` shapes it (`ItemKNN`, `ImplicitALS`,
 * `HybridRecommender`, `ContentScorer` or your own): scores for its items given the items a
 * user holds.
 */
export interface ItemScorerLike {
  /** Its item ids, in score order. */
  readonly items: readonly string[];
  /** One score per item of `items` for a user holding `userItems` (larger is better). */
  scores(userItems: readonly string[]): ArrayLike<number>;
  /**
   * Which of `items` the model links to a user holding `userItems` at all (for item-kNN: a
   * nonzero similarity to a held item). Optional: without it, every item it knows counts.
   */
  reachable?(userItems: readonly string[]): ArrayLike<boolean | number>;
}

/**
 * Adapts a collaborative model to the request model: a request's seeds become the "user's
 * items" (a seed track itself; every track of a seed artist or genre), and each catalog row
 * gets the model's score for its id. Tracks the model does not know score `NaN` and rank after
 * every scored track.
 *
 * @param model - The collaborative model.
 * @param ids - The catalog's ids in row order.
 * @param options - `name`: what it is, for people.
 * @returns The scorer.
 * @throws {@link InvalidArgumentError} when `model` has no `items` array or `scores` function.
 *
 * @example
 * ```ts
 * import { itemScorer } from '@spotrec/recommender';
 *
 * const model = { items: ['a', 'b'], scores: (held: readonly string[]) => [held.includes('b') ? 1 : 0, 0.5] };
 * const scorer = itemScorer(model, ['a', 'b', 'c'], { name: 'toy model' });
 * console.log(scorer.size); // 3
 * ```
 */
export function itemScorer(
  model: ItemScorerLike,
  ids: readonly string[],
  options: { readonly name?: string } = {},
): Scorer {
  if (
    typeof model !== 'object' ||
    model === null ||
    !Array.isArray(model.items) ||
    typeof model.scores !== 'function'
  )
    throw new InvalidArgumentError('model', 'an object with items and scores(userItems)', model);
  const position = new Map(model.items.map((id, at) => [id, at]));
  const slot = Int32Array.from(ids, (id) => position.get(id) ?? -1);
  const idsOf = (rows: Iterable<number>) => [...rows].map((row) => ids[row] as string);
  const toRows = (values: ArrayLike<number>): Float64Array => {
    if (values.length !== model.items.length)
      throw new InvalidArgumentError(
        'model.scores(…)',
        `${model.items.length} scores (one per item)`,
        `${values.length} scores`,
      );
    const out = new Float64Array(slot.length);
    for (let row = 0; row < slot.length; row += 1) {
      const at = slot[row] as number;
      out[row] = at < 0 ? Number.NaN : (values[at] as number);
    }
    return out;
  };
  return {
    name: options.name ?? 'collaborative model',
    size: ids.length,
    bounded: false,
    query(seeds) {
      const all = new Set<number>();
      for (const seed of seeds) for (const row of seed.rows) all.add(row);
      let cached: Float64Array | undefined;
      const perSeed = new Map<number, Float64Array>();
      const seedScores = (seed: number) => {
        let scores = perSeed.get(seed);
        if (scores === undefined) {
          scores = toRows(model.scores(idsOf((seeds[seed] as ResolvedSeed).rows)));
          perSeed.set(seed, scores);
        }
        return scores;
      };
      return {
        scores: () => (cached ??= toRows(model.scores(idsOf(all)))),
        seedScore: (seed, row) => seedScores(seed)[row] as number,
        reach: (seed) => {
          const reachable = model.reachable?.(idsOf((seeds[seed] as ResolvedSeed).rows));
          const out = new Uint8Array(slot.length);
          for (let row = 0; row < slot.length; row += 1) {
            const at = slot[row] as number;
            out[row] = at < 0 ? 0 : reachable === undefined || reachable[at] ? 1 : 0;
          }
          return out;
        },
      };
    },
  };
}

/** Options of {@link hybridScorer}. */
export interface HybridScorerOptions {
  /**
   * `'blend'`: first ÷ its largest magnitude + weight × second ÷ its largest magnitude.
   * `'rank-fusion'`: reciprocal rank fusion, 1 ÷ (rankOffset + rank) + weight ÷ (rankOffset + rank),
   * each term only where that scorer reaches the row.
   * @defaultValue `'blend'`
   */
  readonly method?: 'blend' | 'rank-fusion';
  /**
   * The second scorer's weight relative to the first.
   * @defaultValue `0.3`
   */
  readonly weight?: number;
  /**
   * The rank offset of reciprocal rank fusion.
   * @defaultValue `60`
   */
  readonly rankOffset?: number;
  /** What it is, for people. */
  readonly name?: string;
}

function reachOf(query: SeedQuery, seeds: number, size: number): Uint8Array | undefined {
  if (query.reach === undefined) return undefined;
  const union = new Uint8Array(size);
  for (let seed = 0; seed < seeds; seed += 1) {
    const reach = query.reach(seed);
    for (let row = 0; row < size; row += 1) if (reach[row] === 1) union[row] = 1;
  }
  return union;
}

function ranksOf(scores: Float64Array, reach: Uint8Array | undefined): Float64Array {
  const order = Array.from(scores.keys())
    .filter((row) => !Number.isNaN(scores[row]) && (reach === undefined || reach[row] === 1))
    .sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  const rank = new Float64Array(scores.length).fill(Number.NaN);
  order.forEach((row, at) => {
    rank[row] = at + 1;
  });
  return rank;
}

/**
 * Two scorers combined: typically a collaborative model (first) and cosine over features
 * (second), so that tracks nobody has interacted with yet are still reachable. The first
 * scorer's explanations are kept where it has them, else the second's.
 *
 * @param first - The primary scorer.
 * @param second - The secondary scorer, weighed by `weight`.
 * @param options - Method, weight and rank offset.
 * @returns The combined scorer.
 * @throws {@link InvalidArgumentError} for scorers of different sizes or a bad option.
 *
 * @example
 * ```ts
 * import { CosineIndex } from '@spotrec/cosine';
 * import { VectorScorer, hybridScorer, itemScorer } from '@spotrec/recommender';
 *
 * const ids = ['a', 'b', 'c'];
 * const index = CosineIndex.build({ data: Float32Array.of(1, 0, 0.9, 0.1, 0, 1), rows: 3, cols: 2 }, ids);
 * const content = VectorScorer.build(index, ids);
 * const cf = itemScorer({ items: ['a', 'b'], scores: () => [0, 1] }, ids);
 * const hybrid = hybridScorer(cf, content, { weight: 0.3 });
 * console.log(hybrid.name); // collaborative model + 0.3 × cosine over 2 columns
 * ```
 */
export function hybridScorer(
  first: Scorer,
  second: Scorer,
  options: HybridScorerOptions = {},
): Scorer {
  const { method = 'blend', weight = 0.3, rankOffset = 60 } = options;
  if (first.size !== second.size)
    throw new InvalidArgumentError(
      'second',
      `a scorer of ${first.size} rows`,
      `${second.size} rows`,
    );
  if (method !== 'blend' && method !== 'rank-fusion')
    throw new InvalidArgumentError('options.method', "'blend' or 'rank-fusion'", method);
  if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0)
    throw new InvalidArgumentError('options.weight', 'a finite number ≥ 0', weight);
  if (typeof rankOffset !== 'number' || !Number.isFinite(rankOffset) || rankOffset < 0)
    throw new InvalidArgumentError('options.rankOffset', 'a finite number ≥ 0', rankOffset);
  const size = first.size;
  const vectors = first.vectors ?? second.vectors;
  const combine = (a: Float64Array, b: Float64Array, reachA?: Uint8Array, reachB?: Uint8Array) => {
    const out = new Float64Array(size);
    if (method === 'blend') {
      // The largest magnitude, NaN (cannot score) skipped.
      const largest = (values: Float64Array) => {
        let max = 0;
        for (const value of values) if (Math.abs(value) > max) max = Math.abs(value);
        return max || 1;
      };
      const scaleA = largest(a);
      const scaleB = largest(b);
      for (let row = 0; row < size; row += 1) {
        const termA = Number.isNaN(a[row]) ? 0 : (a[row] as number) / scaleA;
        const termB = Number.isNaN(b[row]) ? 0 : (b[row] as number) / scaleB;
        out[row] =
          Number.isNaN(a[row]) && Number.isNaN(b[row]) ? Number.NaN : termA + weight * termB;
      }
      return out;
    }
    const rankA = ranksOf(a, reachA);
    const rankB = ranksOf(b, reachB);
    for (let row = 0; row < size; row += 1) {
      const termA = Number.isNaN(rankA[row]) ? 0 : 1 / (rankOffset + (rankA[row] as number));
      const termB = Number.isNaN(rankB[row]) ? 0 : weight / (rankOffset + (rankB[row] as number));
      out[row] = Number.isNaN(rankA[row]) && Number.isNaN(rankB[row]) ? Number.NaN : termA + termB;
    }
    return out;
  };
  return {
    name: options.name ?? `${first.name} + ${weight} × ${second.name}`,
    size,
    bounded: false,
    ...(vectors === undefined ? {} : { vectors }),
    query(seeds) {
      const a = first.query(seeds);
      const b = second.query(seeds);
      const reachA = method === 'rank-fusion' ? reachOf(a, seeds.length, size) : undefined;
      const reachB = method === 'rank-fusion' ? reachOf(b, seeds.length, size) : undefined;
      let cached: Float64Array | undefined;
      const perSeed = new Map<number, Float64Array>();
      const single = (query: SeedQuery, seed: number) =>
        Float64Array.from({ length: size }, (_, row) => query.seedScore(seed, row));
      const contributions = a.contributions ?? b.contributions;
      const reachBoth =
        a.reach === undefined || b.reach === undefined
          ? undefined
          : (seed: number) => {
              const left = (a.reach as (seed: number) => Uint8Array)(seed);
              const right = (b.reach as (seed: number) => Uint8Array)(seed);
              return left.map((value, row) => (value === 1 || right[row] === 1 ? 1 : 0));
            };
      return {
        scores: () => (cached ??= combine(a.scores(), b.scores(), reachA, reachB)),
        seedScore: (seed, row) => {
          let scores = perSeed.get(seed);
          if (scores === undefined) {
            scores = combine(single(a, seed), single(b, seed), a.reach?.(seed), b.reach?.(seed));
            perSeed.set(seed, scores);
          }
          return scores[row] as number;
        },
        ...(reachBoth === undefined ? {} : { reach: reachBoth }),
        ...(contributions === undefined ? {} : { contributions }),
      };
    },
  };
}
