/**
 * @internal Worker threads for `queryBatch({ workers })` in browsers and edge runtimes: none.
 * The batch runs on the calling thread (the same results, the same kernel).
 */

/** One: the batch runs on the calling thread. */
export function availableThreads(): Promise<number> {
  return Promise.resolve(1);
}

/** Never called: {@link availableThreads} is 1. */
export function loadWorker(): Promise<never> {
  return Promise.reject(new Error('worker threads are not available in this runtime'));
}

/** Never called: {@link availableThreads} is 1. */
export function workerSource(): string {
  throw new Error('worker threads are not available in this runtime');
}
