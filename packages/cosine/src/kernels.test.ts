import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { naiveTopK, randomMatrix } from './__fixtures__/naive';
import { CosineIndex, type CosineKernel } from './index';

const KERNELS = ['wasm', 'js'] as const satisfies readonly CosineKernel[];

function expectSameHits(
  actual: { id: string; score: number }[],
  expected: { id: string; score: number }[],
) {
  expect(actual.map((hit) => hit.id)).toEqual(expected.map((hit) => hit.id));
  actual.forEach((hit, at) =>
    expect(Math.abs(hit.score - (expected[at]?.score as number))).toBeLessThan(1e-6),
  );
}

describe.each(KERNELS)("CosineIndex with kernel: '%s'", (kernel) => {
  it('uses the kernel asked for', () => {
    const { matrix, ids } = randomMatrix(10, 3, 1);
    expect(CosineIndex.build(matrix, ids, { kernel }).kernel).toBe(kernel);
  });

  it('query(vector, k) matches the naive reference, with and without a mask (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 25 }),
        fc.integer(),
        fc.integer({ min: 1, max: 7 }),
        (rows, cols, k, seed, keepEvery) => {
          const { matrix, ids } = randomMatrix(rows, cols, seed);
          const index = CosineIndex.build(matrix, ids, { kernel });
          const query = Float32Array.from({ length: cols }, (_, j) => Math.sin(seed + j));
          expectSameHits(index.query(query, k), naiveTopK(matrix, ids, query, k));
          const keep = (id: string) => Number(id.slice(1)) % keepEvery === 0;
          expectSameHits(
            index.query(query, k, { filter: keep }),
            naiveTopK(matrix, ids, query, k, (id) => !keep(id)),
          );
        },
      ),
      { numRuns: 80 },
    );
  });

  it('queryBatch (query-blocked, tiles of four) matches the naive reference per query (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 36 }),
        fc.integer({ min: 1, max: 11 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer(),
        async (rows, cols, queryCount, k, seed) => {
          const { matrix, ids } = randomMatrix(rows, cols, seed);
          const index = CosineIndex.build(matrix, ids, { kernel });
          const { matrix: queries } = randomMatrix(queryCount, cols, seed ^ 0x5bd1e995);
          const results = await index.queryBatch(queries, k);
          results.forEach((hits, q) =>
            expectSameHits(
              hits,
              naiveTopK(matrix, ids, queries.data.subarray(q * cols, (q + 1) * cols), k),
            ),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('finds the top k across many kernel returns (10,000 rows, k up to 5,000)', async () => {
    const { matrix, ids } = randomMatrix(10_003, 13, 11);
    const index = CosineIndex.build(matrix, ids, { kernel });
    const queries = { data: matrix.data.subarray(0, 6 * 13), rows: 6, cols: 13 };
    for (const k of [1, 10, 5000]) {
      const results = await index.queryBatch(queries, k);
      results.forEach((hits, q) =>
        expectSameHits(hits, naiveTopK(matrix, ids, queries.data.subarray(q * 13, q * 13 + 13), k)),
      );
    }
    const rare = (id: string) => Number(id.slice(1)) % 997 === 5; // 11 rows pass
    expectSameHits(
      index.query(matrix.data.subarray(0, 13), 10, { filter: rare }),
      naiveTopK(matrix, ids, matrix.data.subarray(0, 13), 10, (id) => !rare(id)),
    );
  });

  it('keeps its results through add, remove and a binary round trip', () => {
    const { matrix, ids } = randomMatrix(300, 9, 6);
    const index = CosineIndex.build(
      { data: matrix.data.slice(0, 100 * 9), rows: 100, cols: 9 },
      ids.slice(0, 100),
      { kernel },
    );
    index.add({ data: matrix.data.slice(100 * 9), rows: 200, cols: 9 }, ids.slice(100));
    const query = matrix.data.subarray(9, 18);
    expectSameHits(index.query(query, 15), naiveTopK(matrix, ids, query, 15));
    expect(index.normalisedData).toHaveLength(300 * 9);
    const restored = CosineIndex.fromBuffer(index.toBuffer(), { kernel });
    expect(restored.kernel).toBe(kernel);
    expect(restored.query(query, 15)).toEqual(index.query(query, 15));
  });
});

describe('CosineIndex kernels agree', () => {
  it("gives bit-identical hits and scores with kernel 'wasm' and 'js' (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer(),
        async (rows, cols, k, seed) => {
          const { matrix, ids } = randomMatrix(rows, cols, seed);
          const wasm = CosineIndex.build(matrix, ids, { kernel: 'wasm' });
          const js = CosineIndex.build(matrix, ids, { kernel: 'js' });
          const queries = {
            data: matrix.data.subarray(0, Math.min(rows, 5) * cols),
            rows: Math.min(rows, 5),
            cols,
          };
          expect(await wasm.queryBatch(queries, k)).toEqual(await js.queryBatch(queries, k));
          expect(wasm.similarTo(ids[0] as string, k)).toEqual(js.similarTo(ids[0] as string, k));
        },
      ),
      { numRuns: 40 },
    );
  });

  it("rejects an unknown kernel and reports which kernel 'auto' chose", () => {
    const { matrix, ids } = randomMatrix(5, 2, 1);
    expect(() =>
      CosineIndex.build(matrix, ids, { kernel: 'gpu' as unknown as CosineKernel }),
    ).toThrow('Invalid argument "options.kernel"');
    // Node 20 has WebAssembly SIMD128: 'auto' picks the kernel.
    expect(CosineIndex.build(matrix, ids).kernel).toBe('wasm');
  });

  it('holds a 1,000,000 × 12 index in at most 60 MiB (d = 12 needs no padding)', () => {
    const rows = 1_000_000;
    const data = new Float32Array(rows * 12).fill(0.5);
    const ids = Array.from({ length: rows }, (_, row) => String(row));
    const index = CosineIndex.build({ data, rows, cols: 12 }, ids, { kernel: 'wasm' });
    expect(index.memoryBytes / 2 ** 20).toBeLessThanOrEqual(60);
    expect(index.memoryBytes).toBeGreaterThanOrEqual(rows * 12 * 4);
  });

  it('pads rows to a multiple of 4 floats: normalisedData stays dimension-wide', () => {
    const { matrix, ids } = randomMatrix(7, 5, 2);
    const wasm = CosineIndex.build(matrix, ids, { kernel: 'wasm' });
    const js = CosineIndex.build(matrix, ids, { kernel: 'js' });
    expect(wasm.normalisedData).toEqual(js.normalisedData);
    expect(wasm.vector('t4')).toEqual(js.vector('t4'));
    expect(wasm.toJSON()).toEqual(js.toJSON());
  });
});

describe('@spotrec/cosine without code generation from strings', () => {
  it('answers queries and worker batches under node --disallow-code-generation-from-strings', () => {
    const entry = fileURLToPath(new URL('./index.ts', import.meta.url));
    const workers = availableParallelism() > 1 ? 2 : 1;
    const program = `
      import { CosineIndex } from ${JSON.stringify(entry)};
      let evalBlocked = false;
      try { new Function('return 1'); } catch (error) { evalBlocked = error instanceof EvalError; }
      const data = Float32Array.from({ length: 400 * 6 }, (_, at) => Math.sin(at));
      const ids = Array.from({ length: 400 }, (_, row) => 't' + row);
      const out = {};
      for (const kernel of ['wasm', 'js']) {
        const index = CosineIndex.build({ data, rows: 400, cols: 6 }, ids, { kernel });
        const batch = await index.queryBatch({ data: data.subarray(0, 200 * 6), rows: 200, cols: 6 }, 3, { workers: ${workers} });
        out[kernel] = { query: index.query(data.subarray(0, 6), 3), first: batch[0], last: batch[199] };
      }
      console.log(JSON.stringify({ evalBlocked, out }));
    `;
    const printed = execFileSync(
      process.execPath,
      [
        '--disallow-code-generation-from-strings',
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        program,
      ],
      { encoding: 'utf8', cwd: fileURLToPath(new URL('..', import.meta.url)) },
    );
    const { evalBlocked, out } = JSON.parse(printed) as {
      evalBlocked: boolean;
      out: Record<string, { query: { id: string }[]; first: { id: string }[] }>;
    };
    expect(evalBlocked).toBe(true);
    expect(out.wasm?.query.map((hit) => hit.id)).toEqual([
      't0',
      ...(out.wasm?.query.slice(1).map((hit) => hit.id) ?? []),
    ]);
    expect(out.wasm).toEqual(out.js);
    expect(out.wasm?.first).toEqual(out.wasm?.query);
  });
});

describe('the shipped WebAssembly module', () => {
  it('is the assembly of kernel.wat (scripts/build-wasm.mjs --check)', async () => {
    // @ts-expect-error: a plain .mjs script without declarations
    const { assembleKernel } = (await import('../scripts/build-wasm.mjs')) as {
      assembleKernel: () => Promise<string>;
    };
    const committed = readFileSync(new URL('./kernel-wasm.generated.ts', import.meta.url), 'utf8');
    expect(committed).toBe(await assembleKernel());
  });
});
