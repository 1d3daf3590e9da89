/**
 * @internal Worker threads for `queryBatch({ workers })`, in Node. The browser build of the
 * package swaps this file for `threads.browser.ts` (no worker threads: one thread). The Node
 * built-ins are imported only when more than one thread is asked for.
 */
import type { Worker } from 'node:worker_threads';
import { scanRows } from './scan';

/** How many threads the machine can run at once. */
export async function availableThreads(): Promise<number> {
  const { availableParallelism } = await import('node:os');
  return availableParallelism();
}

/** Node's `Worker`. */
export async function loadWorker(): Promise<typeof Worker> {
  return (await import('node:worker_threads')).Worker;
}

// What a worker thread runs: the same scanRows as the calling thread, over its own copy of the
// rows (in its own kernel memory) or the shared rows directly (JavaScript loop).
export function workerSource(): string {
  return `
// import(), not require: the worker may inherit --input-type=module and run as a module.
import('node:worker_threads').then(({ workerData: w }) => {
// Tools that keep function names (esbuild keepNames, as tsx runs it) wrap inner functions in
// __name(fn, name); their helper is not part of the copied source, so a stand-in is.
const __name = (target) => target;
const scanRows = ${scanRows.toString()};
let wasm = null;
let memory;
if (w.module !== null) {
  const kernelMemory = new WebAssembly.Memory({ initial: w.pages });
  wasm = new WebAssembly.Instance(w.module, { env: { memory: kernelMemory } }).exports;
  memory = new Float32Array(kernelMemory.buffer);
  memory.set(new Float32Array(w.rows), w.rowsAt);
} else {
  memory = new Float32Array(w.rows);
}
scanRows({ wasm, memory, rowsAt: w.module !== null ? w.rowsAt : 0, stride: w.stride, dim: w.dim,
  count: w.count, scratchAt: 0, maskAt: w.maskAt, queries: new Float32Array(w.queries),
  queryCount: w.queryCount, k: w.k, mask: null, heapScores: new Float64Array(w.heapScores),
  heapRows: new Int32Array(w.heapRows), heapSizes: new Int32Array(w.heapSizes) });
});
`;
}
