import { InvalidArgumentError } from './errors';
import { recommendFrom, type ItemScorer, type RecommendOptions } from './scorer';
import type { ScoredItem } from './top-k';

/** How a hybrid combines its two scorers. */
export type HybridMethod = 'blend' | 'rank-fusion';

/** Options of {@link HybridRecommender}. */
export interface HybridOptions {
  /** The collaborative scorer (item-kNN, ALS, …). */
  readonly collaborative: ItemScorer;
  /** The content scorer; its items define the catalog (so cold items are reachable). */
  readonly content: ItemScorer;
  /**
   * `'blend'`: collaborative ÷ its max + weight × content ÷ its max (over the catalog).
   * `'rank-fusion'`: reciprocal rank fusion, 1 ÷ (rankOffset + rank) + weight ÷ (rankOffset +
   * rank), each term only for the items its scorer reaches (see {@link ItemScorer.reachable}).
   * @defaultValue `'blend'`
   */
  readonly method?: HybridMethod;
  /**
   * The content term's weight relative to the collaborative term.
   * @defaultValue `0.3`
   */
  readonly weight?: number;
  /**
   * The rank offset of reciprocal rank fusion.
   * @defaultValue `60`
   */
  readonly rankOffset?: number;
}

function isScorer(value: unknown): value is ItemScorer {
  return (
    typeof value === 'object' &&
    value !== null &&
    'items' in value &&
    Array.isArray(value.items) &&
    'scores' in value &&
    typeof value.scores === 'function' &&
    (!('reachable' in value) ||
      value.reachable === undefined ||
      typeof value.reachable === 'function')
  );
}

/** Checks that a scorer's answer has one entry per item. */
function perItem<T>(values: ArrayLike<T>, length: number, parameter: string): ArrayLike<T> {
  if (typeof values !== 'object' || values === null || values.length !== length)
    throw new InvalidArgumentError(
      parameter,
      `a scorer that returns one value per item (${length})`,
      values,
    );
  return values;
}

/** A scorer's reach: its `reachable` if it has one, else every item it lists. */
function reachOf(scorer: ItemScorer, userItems: readonly string[], parameter: string) {
  if (scorer.reachable === undefined) return new Array<boolean>(scorer.items.length).fill(true);
  return perItem(scorer.reachable(userItems), scorer.items.length, `${parameter}.reachable`);
}

/**
 * The reciprocal-rank term of each reached item: `weight ÷ (offset + rank)`, rank 1-based among
 * the reached items with a score (score descending, ties to the lower index); 0 for the others.
 */
function fusionTerms(
  scores: Float64Array,
  reached: ArrayLike<boolean>,
  weight: number,
  offset: number,
): Float64Array {
  const order: number[] = [];
  for (let at = 0; at < scores.length; at += 1)
    if (reached[at] && !Number.isNaN(scores[at])) order.push(at);
  order.sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  const terms = new Float64Array(scores.length);
  order.forEach((item, at) => {
    terms[item] = weight / (offset + at + 1);
  });
  return terms;
}

/**
 * Hybrid recommendations: collaborative scores for items with interactions, blended with
 * content scores that reach every item, so tracks nobody has interacted with yet still get
 * recommended (cold-start items). Two combinations: a weighted blend of max-normalised scores,
 * or reciprocal rank fusion.
 *
 * @example
 * ```ts
 * const hybrid = new HybridRecommender({ collaborative: ItemKNN.fit(matrix), content: new ContentScorer(ids, features), weight: 0.3 });
 * hybrid.recommend(playlistTracks, 50);
 * ```
 */
export class HybridRecommender implements ItemScorer {
  /** The catalog: the content scorer's items. */
  readonly items: readonly string[];
  private readonly collaborative: ItemScorer;
  private readonly content: ItemScorer;
  private readonly method: HybridMethod;
  private readonly weight: number;
  private readonly rankOffset: number;
  private readonly position: Map<string, number>;
  private readonly collaborativeSlot: Int32Array;

  /**
   * @param options - The two scorers, the method, the weight and the rank offset.
   * @throws {@link InvalidArgumentError} for a scorer that is not an {@link ItemScorer}, or a
   * bad method, weight or rank offset.
   */
  constructor(options: HybridOptions) {
    const { collaborative, content, method = 'blend', weight = 0.3, rankOffset = 60 } = options;
    if (!isScorer(collaborative))
      throw new InvalidArgumentError(
        'options.collaborative',
        'an ItemScorer { items, scores, reachable? }',
        collaborative,
      );
    if (!isScorer(content))
      throw new InvalidArgumentError(
        'options.content',
        'an ItemScorer { items, scores, reachable? }',
        content,
      );
    if (method !== 'blend' && method !== 'rank-fusion')
      throw new InvalidArgumentError('options.method', "'blend' or 'rank-fusion'", method);
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0)
      throw new InvalidArgumentError('options.weight', 'a finite number ≥ 0', weight);
    if (typeof rankOffset !== 'number' || !Number.isFinite(rankOffset) || rankOffset < 0)
      throw new InvalidArgumentError('options.rankOffset', 'a finite number ≥ 0', rankOffset);
    this.collaborative = collaborative;
    this.content = content;
    this.method = method;
    this.weight = weight;
    this.rankOffset = rankOffset;
    this.items = content.items;
    this.position = new Map(this.items.map((id, at) => [id, at]));
    const collaborativePosition = new Map(collaborative.items.map((id, at) => [id, at]));
    this.collaborativeSlot = Int32Array.from(
      this.items,
      (id) => collaborativePosition.get(id) ?? -1,
    );
  }

  /** The collaborative scores on the catalog (0 for items the collaborative scorer lacks). */
  private collaborativeScores(userItems: readonly string[]): Float64Array {
    const raw = perItem(
      this.collaborative.scores(userItems),
      this.collaborative.items.length,
      'options.collaborative.scores',
    );
    return Float64Array.from(this.collaborativeSlot, (slot) =>
      slot < 0 ? 0 : (raw[slot] as number),
    );
  }

  /** The collaborative reach on the catalog (false for items the collaborative scorer lacks). */
  private collaborativeReach(userItems: readonly string[]): boolean[] {
    const reach = reachOf(this.collaborative, userItems, 'options.collaborative');
    return Array.from(this.collaborativeSlot, (slot) => slot >= 0 && Boolean(reach[slot]));
  }

  /**
   * Combined scores over the catalog for a user holding `userItems`.
   *
   * `'blend'`: collaborative ÷ max |collaborative| + weight × content ÷ max |content|.
   * `'rank-fusion'`: 1 ÷ (rankOffset + collaborative rank) + weight ÷ (rankOffset + content
   * rank), where each term goes only to the items its scorer reaches (`reachable`; every item
   * it lists when it has none), ranked among those items; items it does not reach get 0 for
   * that term.
   *
   * @param userItems - The items the user holds (unknown ids are ignored).
   * @returns One score per entry of {@link HybridRecommender.items}.
   * @throws {@link InvalidArgumentError} when a scorer returns the wrong number of values.
   *
   * @example
   * ```ts
   * const fused = new HybridRecommender({ collaborative: als, content, method: 'rank-fusion' });
   * fused.scores(['t1', 't2']); // Float64Array, one score per catalog item
   * ```
   */
  scores(userItems: readonly string[]): Float64Array {
    const contentScores = Float64Array.from(
      perItem(this.content.scores(userItems), this.items.length, 'options.content.scores'),
    );
    const collaborativeScores = this.collaborativeScores(userItems);
    const combined = new Float64Array(this.items.length);
    if (this.method === 'blend') {
      const max = (values: Float64Array) =>
        values.reduce((best, value) => Math.max(best, Math.abs(value)), 0) || 1;
      const cf = max(collaborativeScores);
      const content = max(contentScores);
      for (let at = 0; at < combined.length; at += 1) {
        combined[at] =
          (collaborativeScores[at] as number) / cf +
          (this.weight * (contentScores[at] as number)) / content;
      }
      return combined;
    }
    const cf = fusionTerms(
      collaborativeScores,
      this.collaborativeReach(userItems),
      1,
      this.rankOffset,
    );
    const content = fusionTerms(
      contentScores,
      reachOf(this.content, userItems, 'options.content'),
      this.weight,
      this.rankOffset,
    );
    for (let at = 0; at < combined.length; at += 1)
      combined[at] = (cf[at] as number) + (content[at] as number);
    return combined;
  }

  /**
   * Which catalog items a user holding `userItems` is linked to: those either scorer reaches
   * (see {@link ItemScorer.reachable}), so hybrids nest.
   *
   * @param userItems - The items the user holds (unknown ids are ignored).
   * @returns One flag per entry of {@link HybridRecommender.items}.
   *
   * @example
   * ```ts
   * hybrid.reachable(['t1']); // [true, true, …]: content reaches every track with features
   * ```
   */
  reachable(userItems: readonly string[]): boolean[] {
    const collaborative = this.collaborativeReach(userItems);
    const content = reachOf(this.content, userItems, 'options.content');
    return collaborative.map((reached, at) => reached || Boolean(content[at]));
  }

  /** The k best catalog items for a user holding `userItems`; held items excluded by default. */
  recommend(userItems: readonly string[], k: number, options: RecommendOptions = {}): ScoredItem[] {
    return recommendFrom(this, userItems, k, options, this.position);
  }
}
