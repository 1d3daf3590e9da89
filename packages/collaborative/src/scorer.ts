import { InvalidArgumentError } from './errors';
import { topK, type ScoredItem } from './top-k';

/** Options of `recommend` on every model. */
export interface RecommendOptions {
  /** More ids never to return. */
  readonly exclude?: Iterable<string>;
  /**
   * Leave out the items the user already holds.
   * @defaultValue `true`
   */
  readonly excludeHeld?: boolean;
}

/**
 * Anything that scores a list of items for a user given the items the user holds: the
 * collaborative models here, {@link ContentScorer}, or your own. `scores` returns one score
 * per entry of `items` (larger is better); the optional `reachable` says which of those
 * scores mean something for this user.
 *
 * @example
 * ```ts
 * const popularity: ItemScorer = {
 *   items: ['t1', 't2', 't3'],
 *   scores: () => [30, 20, 10],
 *   reachable: () => [true, true, true], // every item is ranked, for everyone
 * };
 * new HybridRecommender({ collaborative: popularity, content }).recommend(['t1'], 2);
 * ```
 */
export interface ItemScorer {
  /** The item ids, in score order. */
  readonly items: readonly string[];
  /** Scores every item of `items` for a user holding `userItems` (unknown ids are ignored). */
  scores(userItems: readonly string[]): ArrayLike<number>;
  /**
   * Optional: one flag per entry of `items`, true for the items the scorer links to a user
   * holding `userItems` (its ranking of the others is arbitrary: item-kNN reaches the items
   * similar to a held item, ALS every item once the user holds a known one, content every
   * item with features). {@link HybridRecommender}'s rank fusion gives a scorer's term to
   * these items only, ranked among themselves. A scorer without it reaches every item it
   * lists (plain reciprocal rank fusion); a score's sign is never taken to mean anything.
   */
  reachable?(userItems: readonly string[]): ArrayLike<boolean>;
}

/** @internal The shared `recommend` of every scorer: top k of its scores, minus exclusions. */
export function recommendFrom(
  scorer: ItemScorer,
  userItems: readonly string[],
  k: number,
  options: RecommendOptions,
  position: ReadonlyMap<string, number>,
): ScoredItem[] {
  if (!Array.isArray(userItems))
    throw new InvalidArgumentError('userItems', 'an array of item ids', userItems);
  if (typeof k !== 'number' || !Number.isSafeInteger(k) || k <= 0)
    throw new InvalidArgumentError('k', 'a positive integer', k);
  const { exclude = [], excludeHeld = true } = options;
  const skip = new Set<number>();
  for (const id of [...(excludeHeld ? userItems : []), ...exclude]) {
    const at = position.get(id);
    if (at !== undefined) skip.add(at);
  }
  return topK(scorer.scores(userItems), k, skip, scorer.items);
}
