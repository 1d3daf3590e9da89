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
 * per entry of `items` (larger is better).
 */
export interface ItemScorer {
  /** The item ids, in score order. */
  readonly items: readonly string[];
  /** Scores every item of `items` for a user holding `userItems` (unknown ids are ignored). */
  scores(userItems: readonly string[]): ArrayLike<number>;
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
