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
   * `'rank-fusion'`: reciprocal rank fusion, 1 ÷ (60 + rank) + weight ÷ (60 + rank).
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

function ranks(scores: Float64Array): Float64Array {
  const order = Array.from(scores.keys()).sort(
    (a, b) => (scores[b] as number) - (scores[a] as number) || a - b,
  );
  const rank = new Float64Array(scores.length);
  order.forEach((item, at) => {
    rank[item] = at + 1;
  });
  return rank;
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
   * @param options - The two scorers, the method and the weight.
   * @throws {@link InvalidArgumentError} for a bad method, weight or rank offset.
   */
  constructor(options: HybridOptions) {
    const { collaborative, content, method = 'blend', weight = 0.3, rankOffset = 60 } = options;
    if (method !== 'blend' && method !== 'rank-fusion')
      throw new InvalidArgumentError('options.method', "'blend' or 'rank-fusion'", method);
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0)
      throw new InvalidArgumentError('options.weight', 'a finite number ≥ 0', weight);
    if (typeof rankOffset !== 'number' || !(rankOffset >= 0))
      throw new InvalidArgumentError('options.rankOffset', 'a number ≥ 0', rankOffset);
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

  /** Combined scores over the catalog for a user holding `userItems`. */
  scores(userItems: readonly string[]): Float64Array {
    const contentScores = Float64Array.from(this.content.scores(userItems));
    const raw = this.collaborative.scores(userItems);
    const collaborativeScores = Float64Array.from(this.collaborativeSlot, (slot) =>
      slot < 0 ? 0 : (raw[slot] as number),
    );
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
    const cfRank = ranks(collaborativeScores);
    const contentRank = ranks(contentScores);
    for (let at = 0; at < combined.length; at += 1) {
      // Items no interaction links to the user get no collaborative term.
      const cf =
        (collaborativeScores[at] as number) > 0
          ? 1 / (this.rankOffset + (cfRank[at] as number))
          : 0;
      combined[at] = cf + this.weight / (this.rankOffset + (contentRank[at] as number));
    }
    return combined;
  }

  /** The k best catalog items for a user holding `userItems`; held items excluded by default. */
  recommend(userItems: readonly string[], k: number, options: RecommendOptions = {}): ScoredItem[] {
    return recommendFrom(this, userItems, k, options, this.position);
  }
}
