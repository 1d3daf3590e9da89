// Helpers shared by the index and its scans (the scans themselves are in scan.ts).

/** @internal Writes the L2-normalised copy of `source` (a zero vector stays zero) into `target`. */
export function normaliseInto(
  source: ArrayLike<number>,
  sourceOffset: number,
  dim: number,
  target: Float32Array,
  targetOffset: number,
): void {
  let norm = 0;
  for (let j = 0; j < dim; j += 1) {
    const value = source[sourceOffset + j] as number;
    norm += value * value;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let j = 0; j < dim; j += 1)
    target[targetOffset + j] = (source[sourceOffset + j] as number) * scale;
}

/** @internal Drains query `q`'s heap into rows and scores sorted best first. */
export function drainHeap(
  q: number,
  k: number,
  heapScores: Float64Array,
  heapRows: Int32Array,
  heapSizes: Int32Array,
): { rows: number[]; scores: number[] } {
  const size = heapSizes[q] as number;
  const entries: [number, number][] = [];
  for (let at = 0; at < size; at += 1)
    entries.push([heapScores[q * k + at] as number, heapRows[q * k + at] as number]);
  entries.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  return { rows: entries.map((entry) => entry[1]), scores: entries.map((entry) => entry[0]) };
}
