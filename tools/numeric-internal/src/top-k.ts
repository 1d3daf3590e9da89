/**
 * The indices of the `k` largest `scores`, best first: ties go to the lower index, NaN ranks
 * below every number, and indices for which `include` returns false are left out. A bounded
 * min-heap of the best so far: O(n log k) time, O(k) memory. Fewer than `k` indices when
 * fewer are included; none when `k` is not positive.
 *
 * @param scores - One score per index (larger is better).
 * @param k - How many indices at most.
 * @param include - Whether an index may be picked; every index when omitted.
 * @returns At most `k` indices, best first.
 *
 * @example
 * ```ts
 * topIndices([0.2, 0.9, 0.5, 0.9], 3); // [1, 3, 2]
 * topIndices([0.2, 0.9, 0.5, 0.9], 3, (index) => index !== 1); // [3, 2, 0]
 * ```
 */
export function topIndices(
  scores: ArrayLike<number>,
  k: number,
  include?: (index: number) => boolean,
): number[] {
  if (!(k > 0)) return [];
  // `worse(a, b)`: index a ranks below index b (a lower score, NaN, or a tie at a later index).
  const worse = (a: number, b: number): boolean => {
    const left = scores[a] as number;
    const right = scores[b] as number;
    if (left < right) return true;
    if (left > right) return false;
    const leftNaN = Number.isNaN(left);
    const rightNaN = Number.isNaN(right);
    return leftNaN === rightNaN ? a > b : leftNaN;
  };
  // A min-heap: `heap[0]` is the worst of the best `size` indices so far.
  const heap: number[] = [];
  const down = (from: number, index: number) => {
    let slot = from;
    for (;;) {
      const left = 2 * slot + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child =
        right < heap.length && worse(heap[right] as number, heap[left] as number) ? right : left;
      if (!worse(heap[child] as number, index)) break;
      heap[slot] = heap[child] as number;
      slot = child;
    }
    heap[slot] = index;
  };
  for (let index = 0; index < scores.length; index += 1) {
    if (include !== undefined && !include(index)) continue;
    if (heap.length < k) {
      let slot = heap.length;
      heap.push(index);
      while (slot > 0) {
        const parent = (slot - 1) >> 1;
        if (!worse(index, heap[parent] as number)) break;
        heap[slot] = heap[parent] as number;
        slot = parent;
      }
      heap[slot] = index;
    } else if (worse(heap[0] as number, index)) {
      down(0, index);
    }
  }
  return heap.sort((a, b) => (worse(a, b) ? 1 : -1));
}
