import { scanRows, scratchBytes, type WasmKernelExports } from './scan';
import { instantiateKernel, kernelModule, type WasmModule } from './wasm-kernel';

/**
 * Which scan a {@link CosineIndex} runs: `'wasm'` the WebAssembly SIMD128 kernel, `'js'` the
 * plain JavaScript loop (no `eval`), `'auto'` the kernel where the runtime supports it.
 */
export type CosineKernel = 'auto' | 'wasm' | 'js';

const PAGE = 65536;

const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;

/**
 * @internal The normalised rows of an index, `stride` floats apart (the dimension rounded up
 * to a multiple of 4 with the kernel, zero padded). With the kernel they live in the kernel's
 * own WebAssembly memory, after a scratch area and a mask area: nothing is copied per query.
 * A store never grows in place (views handed out stay valid); {@link RowStore.withCapacity}
 * makes a bigger one.
 */
export class RowStore {
  readonly dim: number;
  readonly stride: number;
  readonly capacity: number;
  /** A view of the whole buffer. */
  readonly memory: Float32Array;
  /** Float offset of row 0. */
  readonly rowsAt: number;
  readonly maskAt: number;
  readonly wasm: WasmKernelExports | null;
  /** The compiled module, for worker threads (`null` for the JavaScript loop). */
  readonly module: WasmModule | null;
  /** Pages of the kernel memory, for worker threads. */
  readonly pages: number;

  private constructor(dim: number, capacity: number, module: WasmModule | null) {
    this.dim = dim;
    this.capacity = capacity;
    this.module = module;
    if (module === null) {
      this.stride = dim;
      this.memory = new Float32Array(capacity * dim);
      this.rowsAt = 0;
      this.maskAt = 0;
      this.wasm = null;
      this.pages = 0;
      return;
    }
    this.stride = Math.ceil(dim / 4) * 4;
    this.maskAt = align16(scratchBytes(this.stride));
    const rowsByte = this.maskAt + align16(capacity);
    this.pages = Math.max(1, Math.ceil((rowsByte + capacity * this.stride * 4) / PAGE));
    const { memory, exports } = instantiateKernel(module, this.pages);
    this.wasm = exports;
    this.memory = new Float32Array(memory.buffer);
    this.rowsAt = rowsByte / 4;
  }

  /** A store of `capacity` rows for `kernel`; throws when `'wasm'` is asked for and missing. */
  static create(dim: number, capacity: number, kernel: CosineKernel): RowStore {
    if (kernel === 'js') return new RowStore(dim, capacity, null);
    const module = kernelModule();
    if (module === null) {
      if (kernel === 'wasm')
        throw new Error('WebAssembly SIMD128 is not available in this runtime');
      return new RowStore(dim, capacity, null);
    }
    try {
      return new RowStore(dim, capacity, module);
    } catch (error) {
      // A memory this runtime cannot give (over its WebAssembly limit): the plain loop.
      if (kernel === 'wasm') throw error;
      return new RowStore(dim, capacity, null);
    }
  }

  /** Bytes this store holds: the padded rows, and with the kernel its scratch and mask areas. */
  get bytes(): number {
    return this.memory.byteLength;
  }

  /** Which scan runs over this store. */
  get kernel(): 'wasm' | 'js' {
    return this.wasm === null ? 'js' : 'wasm';
  }

  /** A store of the same kind with room for `capacity` rows, holding this one's first `count`. */
  withCapacity(capacity: number, count: number): RowStore {
    const grown = new RowStore(this.dim, capacity, this.module);
    grown.memory.set(
      this.memory.subarray(this.rowsAt, this.rowsAt + count * this.stride),
      grown.rowsAt,
    );
    return grown;
  }

  /** Float offset of `row`. */
  offset(row: number): number {
    return this.rowsAt + row * this.stride;
  }

  /** A copy of `row` (its `dim` values). */
  row(row: number): Float32Array {
    return this.memory.slice(this.offset(row), this.offset(row) + this.dim);
  }

  /** The first `count` rows, `dim` apart: a view when there is no padding, a copy otherwise. */
  compact(count: number): Float32Array {
    if (this.stride === this.dim)
      return this.memory.subarray(this.rowsAt, this.rowsAt + count * this.dim);
    const out = new Float32Array(count * this.dim);
    for (let row = 0; row < count; row += 1)
      out.set(this.memory.subarray(this.offset(row), this.offset(row) + this.dim), row * this.dim);
    return out;
  }

  /** Moves row `from` into row `to` (padding included). */
  moveRow(from: number, to: number): void {
    this.memory.copyWithin(this.offset(to), this.offset(from), this.offset(from) + this.stride);
  }

  /** The rows `[0, count)`, padded, in a `SharedArrayBuffer` for worker threads. */
  sharedRows(count: number): SharedArrayBuffer {
    const shared = new SharedArrayBuffer(count * this.stride * 4);
    new Float32Array(shared).set(
      this.memory.subarray(this.rowsAt, this.rowsAt + count * this.stride),
    );
    return shared;
  }

  /** Exact top-k of normalised `queries` over rows `[0, count)`, into the heaps. */
  scan(
    count: number,
    queries: Float32Array,
    queryCount: number,
    k: number,
    mask: Uint8Array | null,
    heaps: { scores: Float64Array; rows: Int32Array; sizes: Int32Array },
  ): void {
    scanRows({
      wasm: this.wasm,
      memory: this.memory,
      rowsAt: this.rowsAt,
      stride: this.stride,
      dim: this.dim,
      count,
      scratchAt: 0,
      maskAt: this.maskAt,
      queries,
      queryCount,
      k,
      mask,
      heapScores: heaps.scores,
      heapRows: heaps.rows,
      heapSizes: heaps.sizes,
    });
  }
}
