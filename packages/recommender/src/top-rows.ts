/**
 * @internal The `limit` rows with `allowed[row] === 1` of largest `scores[row]`, best first,
 * ties by row; a bounded min-heap, O(n log limit).
 */
export function topRows(scores: Float64Array, allowed: Uint8Array, limit: number): number[] {
  if (limit <= 0) return [];
  const heap: number[] = [];
  // `worse(a, b)`: a ranks below b (lower score, or equal score and a later row).
  const worse = (a: number, b: number) =>
    (scores[a] as number) < (scores[b] as number) ||
    ((scores[a] as number) === (scores[b] as number) && a > b);
  const swap = (i: number, j: number) => {
    const t = heap[i] as number;
    heap[i] = heap[j] as number;
    heap[j] = t;
  };
  const down = (from: number) => {
    let at = from;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let smallest = at;
      if (left < heap.length && worse(heap[left] as number, heap[smallest] as number))
        smallest = left;
      if (right < heap.length && worse(heap[right] as number, heap[smallest] as number))
        smallest = right;
      if (smallest === at) return;
      swap(at, smallest);
      at = smallest;
    }
  };
  for (let row = 0; row < scores.length; row += 1) {
    if (allowed[row] !== 1) continue;
    if (heap.length < limit) {
      heap.push(row);
      let at = heap.length - 1;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!worse(heap[at] as number, heap[parent] as number)) break;
        swap(at, parent);
        at = parent;
      }
    } else if (worse(heap[0] as number, row)) {
      heap[0] = row;
      down(0);
    }
  }
  return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}
