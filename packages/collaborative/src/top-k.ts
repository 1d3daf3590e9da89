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
  const heapScores = new Float64Array(k);
  const heapIndex = new Int32Array(k);
  let size = 0;
  const worse = (a: number, ai: number, b: number, bi: number) => a < b || (a === b && ai > bi);
  for (let at = 0; at < scores.length; at += 1) {
    const score = scores[at] as number;
    if (Number.isNaN(score) || skip.has(at)) continue;
    if (size < k) {
      let slot = size++;
      while (slot > 0) {
        const parent = (slot - 1) >> 1;
        if (!worse(score, at, heapScores[parent] as number, heapIndex[parent] as number)) break;
        heapScores[slot] = heapScores[parent] as number;
        heapIndex[slot] = heapIndex[parent] as number;
        slot = parent;
      }
      heapScores[slot] = score;
      heapIndex[slot] = at;
      continue;
    }
    if (!worse(heapScores[0] as number, heapIndex[0] as number, score, at)) continue;
    let slot = 0;
    for (;;) {
      const left = 2 * slot + 1;
      if (left >= k) break;
      const right = left + 1;
      const child =
        right < k &&
        worse(
          heapScores[right] as number,
          heapIndex[right] as number,
          heapScores[left] as number,
          heapIndex[left] as number,
        )
          ? right
          : left;
      if (!worse(heapScores[child] as number, heapIndex[child] as number, score, at)) break;
      heapScores[slot] = heapScores[child] as number;
      heapIndex[slot] = heapIndex[child] as number;
      slot = child;
    }
    heapScores[slot] = score;
    heapIndex[slot] = at;
  }
  const entries = Array.from({ length: size }, (_, at) => ({
    index: heapIndex[at] as number,
    score: heapScores[at] as number,
  }));
  entries.sort((a, b) => b.score - a.score || a.index - b.index);
  return entries.map(({ index, score }) => ({ id: ids[index] as string, score }));
}
