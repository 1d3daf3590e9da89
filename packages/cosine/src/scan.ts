/** @internal The exports of the WebAssembly screening kernel (see kernel.wat). */
export interface WasmKernelExports {
  /** One query against blocks of four rows; writes row numbers. */
  scan1(
    rows: number,
    stride: number,
    start: number,
    end: number,
    query: number,
    threshold: number,
    mask: number,
    out: number,
    cap: number,
  ): number;
  /** A tile of four queries against pairs of rows; writes `row * 4 + lane`. */
  scan4(
    rows: number,
    stride: number,
    start: number,
    end: number,
    queries: number,
    thresholds: number,
    out: number,
    cap: number,
  ): number;
  /** How many results the last scan wrote. */
  found(): number;
}

/** @internal Candidates the kernel may write before it returns to JavaScript. */
export const OUT_CAPACITY = 4096;

/** @internal Bytes of the scratch area at the start of a kernel memory, for a row stride. */
export function scratchBytes(stride: number): number {
  // four padded queries, four thresholds, the candidate buffer; 16-byte aligned
  return 16 * stride + 16 + OUT_CAPACITY * 4;
}

/** @internal One scan: a set of normalised queries against the rows of a store. */
export interface ScanJob {
  /** The kernel, or `null` for the plain JavaScript loop. */
  readonly wasm: WasmKernelExports | null;
  /** A view of the whole store buffer (the kernel's memory when `wasm` is set). */
  readonly memory: Float32Array;
  /** Float offset of row 0 in `memory`. */
  readonly rowsAt: number;
  /** Floats per row (a multiple of 4 with the kernel), `≥ dim`; the padding is zeros. */
  readonly stride: number;
  readonly dim: number;
  /** Rows to scan, `[0, count)`. */
  readonly count: number;
  /** Byte offset of the scratch area (kernel only; see {@link scratchBytes}). */
  readonly scratchAt: number;
  /** Byte offset of the mask area, `count` bytes, > 0 (kernel only). */
  readonly maskAt: number;
  /** Normalised queries, `queryCount × dim`, row-major. */
  readonly queries: Float32Array;
  readonly queryCount: number;
  /** Heap width per query. */
  readonly k: number;
  /** One byte per row, 0 = skip; `null` allows every row. */
  readonly mask: Uint8Array | null;
  /** Query `q` owns heap slots `[q·k, q·k + k)`; a bounded min-heap. */
  readonly heapScores: Float64Array;
  readonly heapRows: Int32Array;
  readonly heapSizes: Int32Array;
}

/**
 * @internal Exact top-k for every query of `job`, into its heaps (ties to the lower row).
 *
 * Scores are exact float64 sums of the float32 products, accumulated in dimension order, as
 * the naive reference does, so every kernel gives bit-identical results. With the WebAssembly
 * kernel, rows are first screened in float32 SIMD against the query's k-th best score minus a
 * bound on the float32 rounding error (the kernel computes at most `dim / 4 + 3` roundings
 * deep on vectors of norm ≤ 1 + 2⁻²⁰, so its error stays far below `eps`); only the rows that
 * pass are rescored exactly and offered to the heap. Without it, a plain loop scores every row
 * exactly.
 *
 * This function is self-contained (it refers to nothing outside its body): worker threads run
 * its source text.
 */
export function scanRows(job: ScanJob): void {
  const { wasm, memory, rowsAt, stride, dim, count, queries, queryCount, k, mask } = job;
  const { heapScores, heapRows, heapSizes } = job;
  const worse = (scoreA: number, rowA: number, scoreB: number, rowB: number): boolean =>
    scoreA < scoreB || (scoreA === scoreB && rowA > rowB);
  // The score a row needs to be offered to a query's heap: its k-th best once full.
  const threshold = (query: number): number =>
    (heapSizes[query] as number) < k ? -Infinity : (heapScores[query * k] as number);
  const offer = (query: number, score: number, row: number): void => {
    const base = query * k;
    const size = heapSizes[query] as number;
    if (size < k) {
      let at = size;
      heapSizes[query] = size + 1;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        const parentScore = heapScores[base + parent] as number;
        const parentRow = heapRows[base + parent] as number;
        if (!worse(score, row, parentScore, parentRow)) break;
        heapScores[base + at] = parentScore;
        heapRows[base + at] = parentRow;
        at = parent;
      }
      heapScores[base + at] = score;
      heapRows[base + at] = row;
      return;
    }
    if (!worse(heapScores[base] as number, heapRows[base] as number, score, row)) return;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= k) break;
      const right = left + 1;
      let child = left;
      if (
        right < k &&
        worse(
          heapScores[base + right] as number,
          heapRows[base + right] as number,
          heapScores[base + left] as number,
          heapRows[base + left] as number,
        )
      )
        child = right;
      const childScore = heapScores[base + child] as number;
      const childRow = heapRows[base + child] as number;
      if (!worse(childScore, childRow, score, row)) break;
      heapScores[base + at] = childScore;
      heapRows[base + at] = childRow;
      at = child;
    }
    heapScores[base + at] = score;
    heapRows[base + at] = row;
  };
  // The exact score: float64 products of the float32 values summed in dimension order (the
  // 4-way unrolled sum below still adds left to right, term by term).
  const tail4 = dim & ~3;
  const exact = (row: number, query: number): number => {
    const r = rowsAt + row * stride;
    const o = query * dim;
    let sum = 0;
    let j = 0;
    for (; j < tail4; j += 4)
      sum =
        sum +
        (memory[r + j] as number) * (queries[o + j] as number) +
        (memory[r + j + 1] as number) * (queries[o + j + 1] as number) +
        (memory[r + j + 2] as number) * (queries[o + j + 2] as number) +
        (memory[r + j + 3] as number) * (queries[o + j + 3] as number);
    for (; j < dim; j += 1) sum += (memory[r + j] as number) * (queries[o + j] as number);
    return sum;
  };

  if (wasm === null) {
    for (let query = 0; query < queryCount; query += 1) {
      let t = threshold(query);
      for (let row = 0; row < count; row += 1) {
        if (mask !== null && mask[row] === 0) continue;
        const score = exact(row, query);
        if (score >= t) {
          offer(query, score, row);
          t = threshold(query);
        }
      }
    }
    return;
  }

  const eps = (dim + 8) * 2 ** -23 + 2 ** -21;
  // A float32 bound at or below the k-th best minus the error bound (rounding included).
  const screen = (query: number): number => {
    const t = threshold(query);
    return t === -Infinity ? -Infinity : Math.fround(t - eps);
  };
  const buffer = memory.buffer;
  const f32 = new Float32Array(buffer);
  const i32 = new Int32Array(buffer);
  const u8 = new Uint8Array(buffer);
  const queryAt = job.scratchAt;
  const thresholdAt = queryAt + 16 * stride;
  const outAt = thresholdAt + 16;
  // The kernel returns once more than `cap` candidates are written; it may write 8 more in its
  // last iteration (OUT_CAPACITY is 4096). The kernel cannot raise a threshold itself, so the
  // cap starts small and doubles with each return: while a heap is not full the kernel returns
  // as soon as it can be filled, and while the thresholds climb fast it returns often enough
  // that few rows are rescored for nothing.
  let budget = 0;
  const capFor = (first: number, last: number): number => {
    budget = Math.min(4096 - 8, budget * 2);
    let cap = budget;
    for (let query = first; query < last; query += 1) {
      const missing = k - (heapSizes[query] as number);
      if (missing > 0) cap = Math.min(cap, missing - 1);
    }
    return cap;
  };
  const end = count - (count % 4);
  const maskAt = mask === null ? 0 : job.maskAt;
  if (mask !== null) u8.set(mask.subarray(0, count), maskAt);
  // One tile of queries (1 to 4, consecutive) over the row blocks [from, to).
  const runTile = (first: number, last: number, from: number, to: number): void => {
    f32.fill(0, queryAt >> 2, (queryAt >> 2) + 4 * stride);
    for (let query = first; query < last; query += 1)
      f32.set(
        queries.subarray(query * dim, (query + 1) * dim),
        (queryAt >> 2) + (query - first) * stride,
      );
    let row = from;
    budget = 16;
    if (last - first === 1) {
      while (row < to) {
        row = wasm.scan1(
          rowsAt * 4,
          stride * 4,
          row,
          to,
          queryAt,
          screen(first),
          maskAt,
          outAt,
          capFor(first, last),
        );
        const found = wasm.found();
        for (let at = 0; at < found; at += 1) {
          const candidate = i32[(outAt >> 2) + at] as number;
          offer(first, exact(candidate, first), candidate);
        }
      }
      return;
    }
    while (row < to) {
      for (let lane = 0; lane < 4; lane += 1)
        f32[(thresholdAt >> 2) + lane] = first + lane < last ? screen(first + lane) : Infinity;
      const cap = capFor(first, last);
      row = wasm.scan4(rowsAt * 4, stride * 4, row, to, queryAt, thresholdAt, outAt, cap);
      const found = wasm.found();
      for (let at = 0; at < found; at += 1) {
        const candidate = i32[(outAt >> 2) + at] as number;
        const query = first + (candidate & 3);
        const candidateRow = candidate >>> 2;
        offer(query, exact(candidateRow, query), candidateRow);
      }
    }
  };
  if (mask !== null || queryCount === 1) {
    // One query at a time (a mask is applied by scan1 only).
    for (let query = 0; query < queryCount; query += 1) runTile(query, query + 1, 0, end);
  } else {
    // Query-blocked and cache-blocked: every tile of four queries passes over one block of
    // rows (about 512 KiB, so it stays in cache) before the next block is read.
    const blockRows = Math.max(4, Math.floor(131072 / stride) & ~3);
    for (let from = 0; from < end; from += blockRows) {
      const to = Math.min(end, from + blockRows);
      for (let first = 0; first < queryCount; first += 4)
        runTile(first, Math.min(first + 4, queryCount), from, to);
    }
  }
  // The last count % 4 rows, exactly.
  for (let query = 0; query < queryCount; query += 1)
    for (let row = end; row < count; row += 1)
      if (mask === null || mask[row] !== 0) {
        const score = exact(row, query);
        if (score >= threshold(query)) offer(query, score, row);
      }
}
