import { topIndices } from '@spotrec/numeric-internal';

/** One recommendation: an item id and its score. */
export interface ScoredItem {
  /** The item id. */
  readonly id: string;
  /** The model's score (larger is better; scales differ between models). */
  readonly score: number;
}

/** @internal The k best entries of `scores` (skipping `skip` and NaN), ties to the lower index. */
export function topK(
  scores: ArrayLike<number>,
  k: number,
  skip: ReadonlySet<number>,
  ids: readonly string[],
): ScoredItem[] {
  const include = (index: number) => !Number.isNaN(scores[index] as number) && !skip.has(index);
  return topIndices(scores, k, include).map((index) => ({
    id: ids[index] as string,
    score: scores[index] as number,
  }));
}
