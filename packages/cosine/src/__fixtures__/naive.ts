import type { DenseMatrix } from '../matrix';

/** A plain reference: cosine of every row against the query, sorted, no kernel, no heap. */
export function naiveTopK(
  matrix: DenseMatrix,
  ids: readonly string[],
  query: ArrayLike<number>,
  k: number,
  skip: (id: string) => boolean = () => false,
) {
  const norm = (offset: number, source: ArrayLike<number>, length: number) => {
    let sum = 0;
    for (let j = 0; j < length; j += 1) sum += (source[offset + j] as number) ** 2;
    return Math.sqrt(sum);
  };
  const queryNorm = norm(0, query, matrix.cols);
  const scored = ids.map((id, row) => {
    // Normalise in float32 as the index stores it, then accumulate in float64.
    const rowNorm = norm(row * matrix.cols, matrix.data, matrix.cols);
    let dot = 0;
    for (let j = 0; j < matrix.cols; j += 1) {
      const x =
        rowNorm === 0
          ? 0
          : Math.fround((matrix.data[row * matrix.cols + j] as number) * (1 / rowNorm));
      const q = queryNorm === 0 ? 0 : Math.fround((query[j] as number) * (1 / queryNorm));
      dot += x * q;
    }
    return { id, row, score: dot };
  });
  return scored
    .filter((entry) => !skip(entry.id))
    .sort((a, b) => b.score - a.score || a.row - b.row)
    .slice(0, k)
    .map(({ id, score }) => ({ id, score }));
}

/** A seeded matrix of made-up vectors with some exact duplicates and a zero row. */
export function randomMatrix(
  rows: number,
  cols: number,
  seed: number,
): { matrix: DenseMatrix; ids: string[] } {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const data = new Float32Array(rows * cols);
  for (let at = 0; at < data.length; at += 1) data[at] = random() * 2 - 1;
  if (rows > 3) data.copyWithin(cols, 0, cols); // row 1 duplicates row 0: an exact tie
  if (rows > 4) data.fill(0, 3 * cols, 4 * cols); // row 3 is a zero vector
  return { matrix: { data, rows, cols }, ids: Array.from({ length: rows }, (_, row) => `t${row}`) };
}
