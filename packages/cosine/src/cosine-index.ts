import { assertMatrix, assertPositiveInteger, assertVector } from './assert';
import { EmptyIndexError, InvalidArgumentError, UnknownIdError } from './errors';
import { drainHeap, normaliseInto } from './kernel';
import { availableThreads, loadWorker, workerSource } from './threads';
import type { DenseMatrix } from './matrix';
import { RowStore, type CosineKernel } from './row-store';
import {
  readIndexBuffer,
  readIndexJSON,
  writeIndexBuffer,
  writeIndexJSON,
  type CosineIndexJSON,
} from './serialise';

/** One search result: an id and its cosine similarity to the query. */
export interface SearchHit {
  /** The id of the matching row. */
  readonly id: string;
  /** Cosine similarity in [−1, 1]; 0 when either vector is zero. */
  readonly score: number;
}

/** Options of {@link CosineIndex.query} and {@link CosineIndex.similarTo}. */
export interface QueryOptions {
  /**
   * Keep only rows for which this returns true. Applied during the scan, so the search still
   * returns `k` hits whenever `k` rows pass.
   */
  filter?: (id: string) => boolean;
  /** Ids never to return. */
  exclude?: Iterable<string>;
}

/** Options of {@link CosineIndex.queryBatch}. */
export interface QueryBatchOptions {
  /**
   * Worker threads to spread the queries over; `1` searches on the calling thread. Node only:
   * in browsers and edge runtimes (the package's browser build) the batch runs on the calling
   * thread whatever this says, with the same results.
   * @defaultValue `1`
   */
  workers?: number;
  /**
   * Leave out, for query row `i`, the index row with id `ids[i]` (all-vs-all search of an
   * index against its own vectors).
   */
  excludeIds?: readonly string[];
}

/** Options of {@link CosineIndex.build}, {@link CosineIndex.fromJSON} and {@link CosineIndex.fromBuffer}. */
export interface CosineIndexOptions {
  /**
   * The scan: `'wasm'` the WebAssembly SIMD128 kernel (throws where the runtime lacks it),
   * `'js'` the plain JavaScript loop, `'auto'` the kernel where available. Every kernel
   * returns the same hits and bit-identical scores.
   * @defaultValue `'auto'`
   */
  kernel?: CosineKernel;
}

/** @internal Result of a scan: each query's heap, in typed arrays. */
interface Heaps {
  readonly scores: Float64Array;
  readonly rows: Int32Array;
  readonly sizes: Int32Array;
}

function newHeaps(queryCount: number, k: number, shared: boolean): Heaps {
  const buffer = (bytes: number) =>
    shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  return {
    scores: new Float64Array(buffer(queryCount * k * 8)),
    rows: new Int32Array(buffer(queryCount * k * 4)),
    sizes: new Int32Array(buffer(queryCount * 4)),
  };
}

/**
 * Exact cosine similarity search over dense vectors. Rows are stored L2-normalised (float32,
 * padded to a multiple of 4 floats for the WebAssembly SIMD128 kernel, which screens four rows
 * or a tile of four queries at a time); the rows that can reach the top k are rescored exactly
 * in float64 and kept in a bounded heap, so results are exact and the same with every kernel
 * (`kernel: 'js'`, a plain loop with no `eval`, where WebAssembly SIMD is missing). Rows can
 * be added and removed after build.
 *
 * A zero vector has cosine 0 with everything (it is stored as zeros and ranks by id order
 * among equal scores).
 *
 * @example
 * ```ts
 * const index = CosineIndex.build({ data: Float32Array.from([1, 0, 0.8, 0.6, 0, 1]), rows: 3, cols: 2 }, ['a', 'b', 'c']);
 * index.query([1, 0], 2); // [{ id: 'a', score: 1 }, { id: 'b', score: 0.8 }]
 * index.similarTo('c', 1); // [{ id: 'b', score: 0.6 }]
 * ```
 */
export class CosineIndex {
  private store: RowStore;
  private count: number;
  private readonly dim: number;
  private readonly idList: string[];
  private readonly rowOf: Map<string, number>;
  private shared: SharedArrayBuffer | undefined;
  private compactRows: Float32Array | undefined;

  private constructor(store: RowStore, count: number, ids: string[]) {
    this.store = store;
    this.count = count;
    this.dim = store.dim;
    this.idList = ids;
    this.rowOf = new Map(ids.map((id, row) => [id, row]));
  }

  /** A store for `kernel` holding the rows of `source` (row-major, `dim` apart), normalised. */
  private static storeOf(
    source: ArrayLike<number>,
    rows: number,
    dim: number,
    kernel: CosineKernel,
  ): RowStore {
    const store = RowStore.create(dim, rows, kernel);
    for (let row = 0; row < rows; row += 1)
      normaliseInto(source, row * dim, dim, store.memory, store.offset(row));
    return store;
  }

  private static kernelOption(options: CosineIndexOptions): CosineKernel {
    const { kernel = 'auto' } = options;
    if (kernel !== 'auto' && kernel !== 'wasm' && kernel !== 'js')
      throw new InvalidArgumentError('options.kernel', "'auto', 'wasm' or 'js'", kernel);
    return kernel;
  }

  /**
   * Builds an index from a matrix and one id per row, normalising every row.
   *
   * @param matrix - `rows × cols` vectors (any {@link DenseMatrix}); an empty matrix gives an empty index.
   * @param ids - Distinct ids, one per row.
   * @param options - The kernel (`'auto'` by default: WebAssembly SIMD where available).
   * @returns The index.
   * @throws {@link InvalidArgumentError} for a malformed matrix, a non-finite value (naming its
   * row), ids that are missing, repeated or not strings, or an unknown kernel; an `Error` when
   * `kernel: 'wasm'` is asked for where WebAssembly SIMD128 is not available.
   */
  static build(
    matrix: DenseMatrix,
    ids: readonly string[],
    options: CosineIndexOptions = {},
  ): CosineIndex {
    assertMatrix(matrix, 'matrix');
    const checked = CosineIndex.checkIds(ids, matrix.rows, 'ids', new Map());
    const kernel = CosineIndex.kernelOption(options);
    const store = CosineIndex.storeOf(matrix.data, matrix.rows, matrix.cols, kernel);
    return new CosineIndex(store, matrix.rows, checked);
  }

  private static checkIds(
    ids: unknown,
    rows: number,
    parameter: string,
    existing: ReadonlyMap<string, number>,
  ): string[] {
    if (!Array.isArray(ids))
      throw new InvalidArgumentError(parameter, 'an array of string ids', ids);
    if (ids.length !== rows)
      throw new InvalidArgumentError(
        parameter,
        `${rows} ids (one per matrix row)`,
        `${ids.length} ids`,
      );
    const seen = new Set<string>();
    ids.forEach((id: unknown, position) => {
      if (typeof id !== 'string' || id === '')
        throw new InvalidArgumentError(`${parameter}[${position}]`, 'a non-empty string', id);
      if (seen.has(id) || existing.has(id))
        throw new InvalidArgumentError(
          `${parameter}[${position}]`,
          'an id not already in the index',
          id,
        );
      seen.add(id);
    });
    return [...(ids as string[])];
  }

  /** Number of vectors in the index. */
  get size(): number {
    return this.count;
  }

  /** Length of every vector. */
  get dimension(): number {
    return this.dim;
  }

  /** The ids, in row order. */
  get ids(): readonly string[] {
    return this.idList;
  }

  /** The scan this index runs: `'wasm'` (WebAssembly SIMD128) or `'js'` (the plain loop). */
  get kernel(): 'wasm' | 'js' {
    return this.store.kernel;
  }

  /**
   * Bytes the index holds for its vectors: the rows as float32 (with the WebAssembly kernel,
   * padded to a multiple of 4 floats, plus a 1-byte-per-row mask area and a fixed scratch
   * area). Room for rows added later is included. A 1,000,000 × 12 index holds 46.7 MiB.
   */
  get memoryBytes(): number {
    return this.store.bytes;
  }

  /** Whether the index holds `id`. */
  has(id: string): boolean {
    return this.rowOf.has(id);
  }

  /**
   * The stored (normalised) vector of `id`, as a copy.
   *
   * @throws {@link UnknownIdError} when the index does not hold `id`.
   */
  vector(id: string): Float32Array {
    const row = this.rowFor(id, 'id');
    return this.store.row(row);
  }

  /** @internal The row of `id`, or a typed error naming the parameter. */
  rowFor(id: string, parameter: string): number {
    const row = this.rowOf.get(id);
    if (row === undefined) throw new UnknownIdError(parameter, id);
    return row;
  }

  /**
   * @internal The normalised rows, `dimension` apart (do not modify): a view of the index's
   * storage when the dimension is a multiple of 4, otherwise a copy without the padding, made
   * once until the next `add` or `remove`.
   */
  get normalisedData(): Float32Array {
    if (this.store.stride === this.dim) return this.store.compact(this.count);
    this.compactRows ??= this.store.compact(this.count);
    return this.compactRows;
  }

  /**
   * The `k` rows most similar to `vector` by cosine, best first (ties: earlier rows first).
   *
   * @param vector - A vector of the index's dimension (normalised here; need not be).
   * @param k - How many hits at most (fewer when fewer rows pass the filter).
   * @param options - A filter and ids to exclude, applied during the scan.
   * @returns The hits.
   * @throws {@link EmptyIndexError}, {@link DimensionMismatchError}, {@link InvalidArgumentError}.
   */
  query(vector: ArrayLike<number>, k: number, options: QueryOptions = {}): SearchHit[] {
    assertVector(vector, 'vector', this.dim);
    assertPositiveInteger(k, 'k');
    if (this.count === 0) throw new EmptyIndexError('query');
    const normalised = new Float32Array(this.dim);
    normaliseInto(vector, 0, this.dim, normalised, 0);
    return this.search(normalised, k, this.allowedMask(options));
  }

  /**
   * The `k` rows most similar to the row of `id`, which is never among them.
   *
   * @param id - An id in the index.
   * @param k - How many hits at most.
   * @param options - A filter and more ids to exclude.
   * @returns The hits.
   * @throws {@link UnknownIdError} when the index does not hold `id`.
   */
  similarTo(id: string, k: number, options: QueryOptions = {}): SearchHit[] {
    const row = this.rowFor(id, 'id');
    assertPositiveInteger(k, 'k');
    const allowed = this.allowedMask(options) ?? new Uint8Array(this.count).fill(1);
    allowed[row] = 0;
    return this.search(this.store.row(row), k, allowed);
  }

  /** @internal Searches one normalised query with an optional row mask. */
  search(normalised: Float32Array, k: number, allowed: Uint8Array | null): SearchHit[] {
    const width = Math.min(k, this.count);
    const heaps = newHeaps(1, width, false);
    this.store.scan(this.count, normalised, 1, width, allowed, heaps);
    return this.hits(0, width, heaps);
  }

  private hits(query: number, k: number, heaps: Heaps): SearchHit[] {
    const { rows, scores } = drainHeap(query, k, heaps.scores, heaps.rows, heaps.sizes);
    return rows.map((row, at) => ({ id: this.idList[row] as string, score: scores[at] as number }));
  }

  /** @internal Builds the row mask of a filter and exclusions, or `null` when every row is allowed. */
  allowedMask(options: QueryOptions): Uint8Array | null {
    const { filter, exclude } = options;
    if (filter === undefined && exclude === undefined) return null;
    if (filter !== undefined && typeof filter !== 'function')
      throw new InvalidArgumentError('options.filter', 'a function (id) => boolean', filter);
    const allowed = new Uint8Array(this.count);
    for (let row = 0; row < this.count; row += 1)
      allowed[row] = filter === undefined || filter(this.idList[row] as string) ? 1 : 0;
    if (exclude !== undefined) {
      for (const id of exclude) {
        const row = this.rowOf.get(id);
        if (row !== undefined) allowed[row] = 0;
      }
    }
    return allowed;
  }

  /**
   * Searches many queries at once: the rows of `queries`, `k` hits each, on the calling
   * thread or spread over worker threads (the index's vectors are shared, not copied per worker).
   *
   * @param queries - One query per row, of the index's dimension.
   * @param k - Hits per query.
   * @param options - Worker count, and per-query ids to leave out.
   * @returns One hit list per query row, in order.
   * @throws {@link EmptyIndexError}, {@link DimensionMismatchError}, {@link InvalidArgumentError}.
   *
   * @example
   * ```ts
   * // every track's 10 nearest neighbours, itself excluded, on 2 threads
   * const neighbours = await index.queryBatch(matrix, 10, { workers: 2, excludeIds: ids });
   * ```
   */
  async queryBatch(
    queries: DenseMatrix,
    k: number,
    options: QueryBatchOptions = {},
  ): Promise<SearchHit[][]> {
    assertMatrix(queries, 'queries', this.dim);
    assertPositiveInteger(k, 'k');
    const { workers = 1, excludeIds } = options;
    assertPositiveInteger(workers, 'options.workers');
    if (this.count === 0) throw new EmptyIndexError('queryBatch');
    if (
      excludeIds !== undefined &&
      (!Array.isArray(excludeIds) || excludeIds.length !== queries.rows)
    ) {
      throw new InvalidArgumentError(
        'options.excludeIds',
        `${queries.rows} ids (one per query row)`,
        excludeIds,
      );
    }
    const queryCount = queries.rows;
    // One extra slot per query when its own id is to be dropped afterwards.
    const width = Math.min(k + (excludeIds === undefined ? 0 : 1), this.count);
    let threads = Math.min(workers, Math.max(1, Math.ceil(queryCount / 64)));
    // Node built-ins only when threads are asked for: nothing Node-specific otherwise.
    if (threads > 1) threads = Math.min(threads, Math.max(1, await availableThreads()));
    const normalised = new Float32Array(
      threads > 1
        ? new SharedArrayBuffer(queryCount * this.dim * 4)
        : new ArrayBuffer(queryCount * this.dim * 4),
    );
    for (let q = 0; q < queryCount; q += 1)
      normaliseInto(queries.data, q * this.dim, this.dim, normalised, q * this.dim);
    const heaps = newHeaps(queryCount, width, threads > 1);
    if (threads === 1) {
      this.store.scan(this.count, normalised, queryCount, width, null, heaps);
    } else {
      await this.scanInWorkers(normalised, queryCount, width, heaps, threads);
    }
    return Array.from({ length: queryCount }, (_, q) => {
      const hits = this.hits(q, width, heaps);
      const own = excludeIds?.[q];
      return (own === undefined ? hits : hits.filter((hit) => hit.id !== own)).slice(0, k);
    });
  }

  private async scanInWorkers(
    queries: Float32Array,
    queryCount: number,
    k: number,
    heaps: Heaps,
    threads: number,
  ): Promise<void> {
    const Worker = await loadWorker();
    this.shared ??= this.store.sharedRows(this.count);
    const per = Math.ceil(queryCount / threads);
    const source = workerSource();
    const jobs: Promise<void>[] = [];
    for (let first = 0; first < queryCount; first += per) {
      const count = Math.min(per, queryCount - first);
      // Each worker gets its slice of the queries and heaps of its own, copied back when done.
      const own = newHeaps(count, k, true);
      const slice = new SharedArrayBuffer(count * this.dim * 4);
      new Float32Array(slice).set(queries.subarray(first * this.dim, (first + count) * this.dim));
      const workerData = {
        module: this.store.module,
        pages: this.store.pages,
        rowsAt: this.store.rowsAt,
        maskAt: this.store.maskAt,
        rows: this.shared,
        stride: this.store.stride,
        dim: this.dim,
        count: this.count,
        queries: slice,
        queryCount: count,
        k,
        heapScores: own.scores.buffer,
        heapRows: own.rows.buffer,
        heapSizes: own.sizes.buffer,
      };
      jobs.push(
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(source, { eval: true, workerData });
          worker.once('error', reject);
          worker.once('exit', (code) => {
            if (code !== 0) {
              reject(new Error(`search worker exited with code ${code}`));
              return;
            }
            heaps.scores.set(own.scores, first * k);
            heaps.rows.set(own.rows, first * k);
            heaps.sizes.set(own.sizes, first);
            resolve();
          });
        }),
      );
    }
    await Promise.all(jobs);
  }

  /**
   * Adds rows after build, without rebuilding (amortised O(rows × dim)).
   *
   * @param matrix - The new vectors, of the index's dimension.
   * @param ids - One new id per row, not already in the index.
   * @throws {@link DimensionMismatchError}, {@link InvalidArgumentError}.
   */
  add(matrix: DenseMatrix, ids: readonly string[]): void {
    assertMatrix(matrix, 'matrix', this.dim);
    const checked = CosineIndex.checkIds(ids, matrix.rows, 'ids', this.rowOf);
    const needed = this.count + matrix.rows;
    if (needed > this.store.capacity)
      this.store = this.store.withCapacity(Math.max(needed, this.store.capacity * 2), this.count);
    for (let row = 0; row < matrix.rows; row += 1) {
      normaliseInto(
        matrix.data,
        row * this.dim,
        this.dim,
        this.store.memory,
        this.store.offset(this.count + row),
      );
      this.rowOf.set(checked[row] as string, this.count + row);
      this.idList.push(checked[row] as string);
    }
    this.count += matrix.rows;
    this.shared = undefined;
    this.compactRows = undefined;
  }

  /**
   * Removes rows by id, without rebuilding: the last row moves into each freed slot, so row
   * order (and with it the order of ties) changes.
   *
   * @param ids - Ids in the index.
   * @throws {@link UnknownIdError} for an id the index does not hold (nothing is removed).
   */
  remove(ids: Iterable<string>): void {
    const list = [...ids];
    list.forEach((id, position) => this.rowFor(id, `ids[${position}]`));
    for (const id of list) {
      const row = this.rowOf.get(id);
      if (row === undefined) continue;
      const last = this.count - 1;
      if (row !== last) {
        this.store.moveRow(last, row);
        const moved = this.idList[last] as string;
        this.idList[row] = moved;
        this.rowOf.set(moved, row);
      }
      this.idList.pop();
      this.rowOf.delete(id);
      this.count = last;
    }
    this.shared = undefined;
    this.compactRows = undefined;
  }

  /**
   * The index as JSON (format 2): ids and the normalised vectors (little-endian float32,
   * base64), tagged, versioned and checksummed. {@link CosineIndex.fromJSON} restores
   * identical search results.
   *
   * @returns A {@link CosineIndexJSON}.
   */
  toJSON(): CosineIndexJSON {
    return writeIndexJSON(this.dim, this.idList, this.store.compact(this.count));
  }

  /**
   * Restores an index from {@link CosineIndex.toJSON} output (object or text), checking every
   * field: the tag and format version, `dimension` and `size` (positive / non-negative
   * integers), the ids (`size` distinct non-empty strings), the vectors (strict base64 of
   * `size × dimension` float32 values, each finite, each row of norm 1 or all zeros) and the
   * checksum over all of them.
   *
   * @param json - The object or its JSON text.
   * @param options - The kernel, as for {@link CosineIndex.build}.
   * @returns The index.
   * @throws {@link InvalidFormatError} naming the first field that is wrong (`path`), with the
   * parser's error as `cause` for text that is not JSON. Format 1 (no checksum) is refused.
   */
  static fromJSON(json: unknown, options: CosineIndexOptions = {}): CosineIndex {
    const { dimension, ids, vectors } = readIndexJSON(json);
    return CosineIndex.restore(vectors, dimension, ids, options);
  }

  /**
   * The index in a compact binary form (format 2): a 28-byte header (magic `SPCI`, format
   * version, dimension, size, id bytes, a checksum of the header and a checksum of every
   * other byte, header included), the ids as UTF-8 JSON, then the float32 vectors.
   *
   * @returns The bytes.
   */
  toBuffer(): Uint8Array {
    return writeIndexBuffer(this.dim, this.idList, this.store.compact(this.count));
  }

  /**
   * Restores an index from {@link CosineIndex.toBuffer} output. Foreign, truncated, extended
   * or corrupted bytes (any changed byte, header included) and other format versions are
   * refused; the ids and vectors are checked as in {@link CosineIndex.fromJSON}.
   *
   * @param buffer - The bytes (a `Uint8Array` or a Node `Buffer`).
   * @param options - The kernel, as for {@link CosineIndex.build}.
   * @returns The index.
   * @throws {@link InvalidFormatError} naming the field (`header.magic`,
   * `header.formatVersion`, `header.headerChecksum`, `(buffer)` for a wrong length,
   * `header.checksum`, `ids`, `vectors[i]`, …).
   */
  static fromBuffer(buffer: Uint8Array, options: CosineIndexOptions = {}): CosineIndex {
    const { dimension, ids, vectors } = readIndexBuffer(buffer);
    return CosineIndex.restore(vectors, dimension, ids, options);
  }

  // Saved vectors are already normalised (the readers check norms): copied as they are, so a
  // round trip keeps every bit.
  private static restore(
    vectors: Float32Array,
    dimension: number,
    ids: string[],
    options: CosineIndexOptions,
  ): CosineIndex {
    const store = RowStore.create(dimension, ids.length, CosineIndex.kernelOption(options));
    for (let row = 0; row < ids.length; row += 1)
      store.memory.set(vectors.subarray(row * dimension, (row + 1) * dimension), store.offset(row));
    return new CosineIndex(store, ids.length, ids);
  }
}
