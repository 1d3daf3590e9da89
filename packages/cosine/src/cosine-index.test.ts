import fc from 'fast-check';
import { availableParallelism } from 'node:os';
import type * as WorkerThreads from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { naiveTopK, randomMatrix } from './__fixtures__/naive';
import {
  CosineIndex,
  DimensionMismatchError,
  EmptyIndexError,
  InvalidArgumentError,
  UnknownIdError,
} from './index';

// Counts the worker threads `queryBatch` starts, so a threaded test can tell 2 threads from 1.
const started = vi.hoisted(() => ({ workers: 0 }));
vi.mock('node:worker_threads', async (importOriginal) => {
  const original = await importOriginal<typeof WorkerThreads>();
  class CountingWorker extends original.Worker {
    constructor(...parameters: ConstructorParameters<typeof original.Worker>) {
      super(...parameters);
      started.workers += 1;
    }
  }
  return { ...original, Worker: CountingWorker };
});

function expectSameHits(
  actual: { id: string; score: number }[],
  expected: { id: string; score: number }[],
) {
  expect(actual.map((hit) => hit.id)).toEqual(expected.map((hit) => hit.id));
  actual.forEach((hit, at) =>
    expect(Math.abs(hit.score - (expected[at]?.score as number))).toBeLessThan(1e-6),
  );
}

describe('CosineIndex search', () => {
  it('query(vector, k) returns the same ids and scores as a naive reference', () => {
    for (const [rows, cols] of [
      [500, 12],
      [300, 7],
      [200, 143],
      [50, 1],
    ] as const) {
      const { matrix, ids } = randomMatrix(rows, cols, rows + cols);
      const index = CosineIndex.build(matrix, ids);
      for (let row = 0; row < 10; row += 1) {
        const query = matrix.data.subarray(row * cols, (row + 1) * cols);
        expectSameHits(index.query(query, 10), naiveTopK(matrix, ids, query, 10));
      }
    }
  });

  it('matches the reference on random inputs (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 15 }),
        fc.integer(),
        (rows, cols, k, seed) => {
          const { matrix, ids } = randomMatrix(rows, cols, seed);
          const index = CosineIndex.build(matrix, ids);
          const query = Float32Array.from({ length: cols }, (_, j) => Math.sin(seed + j));
          expectSameHits(index.query(query, k), naiveTopK(matrix, ids, query, k));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('breaks exact ties by row order and scores zero vectors 0', () => {
    const { matrix, ids } = randomMatrix(10, 4, 1);
    const index = CosineIndex.build(matrix, ids);
    const hits = index.query(matrix.data.subarray(0, 4), 2);
    expect(hits.map((hit) => hit.id)).toEqual(['t0', 't1']);
    expect(index.query([0, 0, 0, 0], 3).map((hit) => hit.score)).toEqual([0, 0, 0]);
    expect(index.similarTo('t0', 10).find((hit) => hit.id === 't3')?.score).toBe(0);
  });

  it('similarTo(id, k) never returns the id itself', () => {
    const { matrix, ids } = randomMatrix(100, 12, 3);
    const index = CosineIndex.build(matrix, ids);
    const query = matrix.data.subarray(5 * 12, 6 * 12);
    expectSameHits(
      index.similarTo('t5', 5),
      naiveTopK(matrix, ids, query, 5, (id) => id === 't5'),
    );
  });

  it('applies a filter during the scan: k hits whenever k rows pass, however selective', () => {
    const { matrix, ids } = randomMatrix(1000, 12, 4);
    const index = CosineIndex.build(matrix, ids);
    const rare = (id: string) => Number(id.slice(1)) % 97 === 0; // 11 rows pass
    const hits = index.query(matrix.data.subarray(0, 12), 10, { filter: rare });
    expect(hits).toHaveLength(10);
    expect(hits.every((hit) => rare(hit.id))).toBe(true);
    expectSameHits(
      hits,
      naiveTopK(matrix, ids, matrix.data.subarray(0, 12), 10, (id) => !rare(id)),
    );
    expect(index.query(matrix.data.subarray(0, 12), 50, { filter: rare })).toHaveLength(11);
    expect(
      index.query(matrix.data.subarray(0, 12), 3, { exclude: ['t0', 't1'] }).map((hit) => hit.id),
    ).not.toContain('t0');
  });

  it('queryBatch gives, on the calling thread, what query gives for each row', async () => {
    const { matrix, ids } = randomMatrix(400, 12, 5);
    const index = CosineIndex.build(matrix, ids);
    const queries = { data: matrix.data.subarray(0, 150 * 12), rows: 150, cols: 12 };
    started.workers = 0;
    const single = await index.queryBatch(queries, 7);
    expect(started.workers).toBe(0);
    single.forEach((hits, q) =>
      expectSameHits(hits, index.query(queries.data.subarray(q * 12, (q + 1) * 12), 7)),
    );
    const withoutSelf = await index.queryBatch(queries, 5, { excludeIds: ids.slice(0, 150) });
    withoutSelf.forEach((hits, q) => expect(hits.map((hit) => hit.id)).not.toContain(`t${q}`));
    expect(withoutSelf.every((hits) => hits.length === 5)).toBe(true);
  });

  it('queryBatch on 2 worker threads gives exactly what one thread gives', async (context) => {
    const cpus = availableParallelism();
    // With one CPU queryBatch uses one thread whatever `workers` says: the comparison below
    // would compare the calling thread with itself, so the test is skipped, visibly.
    if (cpus < 2) {
      const reason = `needs 2 CPUs for 2 worker threads, availableParallelism() is ${cpus}`;
      console.warn(`SKIPPED queryBatch on 2 worker threads: ${reason}`);
      context.skip(reason);
    }
    const { matrix, ids } = randomMatrix(400, 12, 5);
    const index = CosineIndex.build(matrix, ids);
    const queries = { data: matrix.data.subarray(0, 150 * 12), rows: 150, cols: 12 };
    const single = await index.queryBatch(queries, 7);
    started.workers = 0;
    const threaded = await index.queryBatch(queries, 7, { workers: 2 });
    expect(started.workers).toBe(2);
    expect(threaded).toEqual(single);
    started.workers = 0;
    const withoutSelf = await index.queryBatch(queries, 5, {
      workers: 2,
      excludeIds: ids.slice(0, 150),
    });
    expect(started.workers).toBe(2);
    expect(withoutSelf).toEqual(
      await index.queryBatch(queries, 5, { excludeIds: ids.slice(0, 150) }),
    );
  });

  it('adds and removes rows without a rebuild, searching as a fresh build would', () => {
    const { matrix, ids } = randomMatrix(300, 8, 6);
    const index = CosineIndex.build(
      { data: matrix.data.slice(0, 200 * 8), rows: 200, cols: 8 },
      ids.slice(0, 200),
    );
    index.add({ data: matrix.data.slice(200 * 8), rows: 100, cols: 8 }, ids.slice(200));
    index.remove(['t7', 't250']);
    expect(index.size).toBe(298);
    expect(index.has('t7')).toBe(false);
    const query = matrix.data.subarray(0, 8);
    const skip = (id: string) => id === 't7' || id === 't250';
    expect(
      index
        .query(query, 20)
        .map((hit) => hit.id)
        .sort(),
    ).toEqual(
      naiveTopK(matrix, ids, query, 20, skip)
        .map((hit) => hit.id)
        .sort(),
    );
  });
});

describe('CosineIndex errors', () => {
  const { matrix, ids } = randomMatrix(20, 4, 7);
  const index = CosineIndex.build(matrix, ids);

  it('names an unknown id', () => {
    expect(() => index.similarTo('nope', 3)).toThrow(UnknownIdError);
    expect(() => index.similarTo('nope', 3)).toThrow(
      'Unknown id in "id": "nope" is not in the index',
    );
    expect(() => index.remove(['t1', 'nope'])).toThrow('"ids[1]"');
    expect(index.has('t1')).toBe(true);
  });

  it('rejects a dimension mismatch, a bad k, an empty index and malformed input', async () => {
    expect(() => index.query([1, 2, 3], 3)).toThrow(DimensionMismatchError);
    expect(() => index.query([1, 2, 3, 4], 0)).toThrow(
      'Invalid argument "k": expected a positive integer, got 0',
    );
    expect(() => index.query([1, 2, 3, Number.NaN], 1)).toThrow('Invalid argument "vector[3]"');
    await expect(
      index.queryBatch({ data: new Float32Array(6), rows: 2, cols: 3 }, 1),
    ).rejects.toThrow(DimensionMismatchError);
    const empty = CosineIndex.build({ data: new Float32Array(0), rows: 0, cols: 4 }, []);
    expect(() => empty.query([1, 0, 0, 0], 1)).toThrow(EmptyIndexError);
    expect(() => CosineIndex.build(matrix, ids.slice(1))).toThrow(
      'Invalid argument "ids": expected 20 ids',
    );
    expect(() => CosineIndex.build(matrix, [...ids.slice(1), 't1'])).toThrow(
      'Invalid argument "ids[19]"',
    );
    expect(() =>
      CosineIndex.build(
        { data: new Float32Array([1, Number.POSITIVE_INFINITY]), rows: 1, cols: 2 },
        ['a'],
      ),
    ).toThrow(InvalidArgumentError);
    expect(() => index.add({ data: new Float32Array(4), rows: 1, cols: 4 }, ['t0'])).toThrow(
      'an id not already in the index',
    );
  });
});
