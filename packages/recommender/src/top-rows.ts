import { topIndices } from '@spotrec/numeric-internal';

/**
 * @internal The `limit` rows with `allowed[row] === 1` of largest `scores[row]`, best first,
 * ties by row; a bounded min-heap, O(n log limit).
 */
export function topRows(scores: Float64Array, allowed: Uint8Array, limit: number): number[] {
  return topIndices(scores, limit, (row) => allowed[row] === 1);
}
