// Benchmark: exact cosine top-10 with @spotrec/cosine against faiss IndexFlatIP (one thread)
// and scikit-learn NearestNeighbors(metric='cosine', algorithm='brute') on the same
// normalised matrix and the same queries, side by side in one run, as ratios:
// - single query: one call per query (ours: `query`, WebAssembly kernel and JavaScript
//   fallback; faiss: `search` with one row), mean and p50 over the same queries, warm;
// - batch: every query in one call (ours: `queryBatch`, query-blocked, 1 thread and 2 worker
//   threads; faiss: `search` with every row; scikit-learn: `kneighbors`), µs per query.
// Matrices: the 12 default features (min-max) of the real subset (../shared/data, when
// present; read with loadTracks, never copied), of synthetic catalogs of 114,000 and
// 1,000,000 tracks, and seeded random 32-wide vectors for 114,000 rows (an embedding's width).
// Python references from Debian's python3-faiss and python3-sklearn, one BLAS thread.
//
//   pnpm --filter @spotrec/cosine bench            (--quick: the two smaller sets;
//                                                   --no-sklearn: faiss only)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTracks, syntheticCatalog } from '@spotrec/data';
import { FeaturePipeline, spotifyFeatureSpec } from '@spotrec/features';
import { CosineIndex } from '../dist/index.js';

const K = 10;
const SINGLE = 1000; // single queries timed (after 100 warm-up queries)
const here = fileURLToPath(new URL('.', import.meta.url));
const REAL = join(here, '../../../../shared/data/spotify_tracks_subset.csv.gz');
const quick = process.argv.includes('--quick');
const withSklearn = !process.argv.includes('--no-sklearn');
const pythonEnv = {
  ...process.env,
  OMP_NUM_THREADS: '1',
  OPENBLAS_NUM_THREADS: '1',
  MKL_NUM_THREADS: '1',
};

function seededSample(size, count, seed) {
  let state = seed >>> 0;
  const picked = new Set();
  while (picked.size < Math.min(count, size)) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    picked.add(state % size);
  }
  return Int32Array.from([...picked].sort((a, b) => a - b));
}

function featureMatrix(tracks) {
  return {
    matrix: new FeaturePipeline(spotifyFeatureSpec()).fitTransform(tracks),
    ids: tracks.map((track) => track.id),
  };
}

/** Seeded vectors: each coordinate a sum of three uniforms minus 1.5 (roughly normal). */
function randomVectors(rows, cols, seed) {
  let state = seed >>> 0;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const data = new Float32Array(rows * cols);
  for (let at = 0; at < data.length; at += 1) data[at] = uniform() + uniform() + uniform() - 1.5;
  return { matrix: { data, rows, cols }, ids: Array.from({ length: rows }, (_, row) => `r${row}`) };
}

const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure(label, { matrix, ids }, queryCount) {
  const index = CosineIndex.build(matrix, ids);
  const fallback = CosineIndex.build(matrix, ids, { kernel: 'js' });
  const { cols } = matrix;
  const normalised = index.normalisedData;
  const rows = seededSample(matrix.rows, queryCount, 7);
  const queries = new Float32Array(rows.length * cols);
  rows.forEach((row, at) =>
    queries.set(normalised.subarray(row * cols, (row + 1) * cols), at * cols),
  );
  const batch = { data: queries, rows: rows.length, cols };
  const query = (at) => queries.subarray(at * cols, (at + 1) * cols);

  const singles = (target, count) => {
    for (let at = 0; at < 100; at += 1) target.query(query(at % rows.length), K);
    const times = [];
    for (let at = 0; at < Math.min(count, rows.length); at += 1) {
      const started = performance.now();
      target.query(query(at), K);
      times.push((performance.now() - started) * 1000);
    }
    return times;
  };
  const single = singles(index, SINGLE);
  const singleJs = singles(fallback, 200);

  const timed = async (workers) => {
    const started = performance.now();
    const result = await index.queryBatch(batch, K, { workers });
    return [result, ((performance.now() - started) * 1000) / rows.length];
  };
  await index.queryBatch({ data: queries.subarray(0, 64 * cols), rows: 64, cols }, K); // warm
  const [ours, batchUs] = await timed(1);
  const [, batch2Us] = await timed(2);

  const folder = mkdtempSync(join(tmpdir(), 'spotrec-cosine-bench-'));
  try {
    writeFileSync(join(folder, 'matrix.f32'), normalised);
    writeFileSync(join(folder, 'queries.i32'), rows);
    writeFileSync(
      join(folder, 'shape.json'),
      JSON.stringify({ rows: matrix.rows, cols, single: SINGLE }),
    );
    const python = (which) =>
      JSON.parse(
        execFileSync('/usr/bin/python3', [join(here, 'reference.py'), folder, which, String(K)], {
          encoding: 'utf8',
          env: pythonEnv,
          maxBuffer: 1 << 26,
        }),
      );
    const faiss = python('faiss');
    const sklearn = withSklearn ? python('sklearn') : null;
    // Agreement: share of faiss's top-10 ids that ours also returned (ties may order differently).
    const rowOf = new Map(ids.map((id, row) => [id, row]));
    let agree = 0;
    faiss.top.forEach((top, at) => {
      const mine = new Set(ours[at].map((hit) => rowOf.get(hit.id)));
      agree += top.filter((id) => mine.has(id)).length / K;
    });
    const faissSingle = faiss.single.map((seconds) => seconds * 1e6);
    return {
      label,
      rows: matrix.rows,
      cols,
      queries: rows.length,
      singleUs: mean(single),
      singleP50: median(single),
      singleJsUs: mean(singleJs),
      faissSingleUs: mean(faissSingle),
      faissSingleP50: median(faissSingle),
      batchUs,
      batch2Us,
      faissBatchUs: (faiss.seconds * 1e6) / rows.length,
      sklearnBatchUs: sklearn === null ? NaN : (sklearn.seconds * 1e6) / rows.length,
      agreement: agree / faiss.top.length,
      indexMiB: index.memoryBytes / 2 ** 20,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const results = [];
if (existsSync(REAL))
  results.push(
    await measure('real subset', featureMatrix((await loadTracks(REAL)).tracks), 10_000),
  );
else console.warn(`real subset not found at ${REAL}: synthetic catalogs only`);
results.push(
  await measure(
    'synthetic 114k × 12',
    featureMatrix(syntheticCatalog({ tracks: 114_000, seed: 1 })),
    10_000,
  ),
);
results.push(await measure('random 114k × 32', randomVectors(114_000, 32, 3), 10_000));
if (!quick)
  results.push(
    await measure(
      'synthetic 1M × 12',
      featureMatrix(syntheticCatalog({ tracks: 1_000_000, seed: 1 })),
      1_000,
    ),
  );

const format = (value, digits = 0) =>
  Number.isNaN(value) ? '–' : value.toLocaleString('en-US', { maximumFractionDigits: digits });
const table = [
  [
    'catalog',
    'rows × d',
    'single µs (p50) ours',
    'faiss',
    'ours ÷ faiss',
    'single µs js fallback',
    'batch µs/q ours 1 thread',
    'faiss',
    'ours ÷ faiss',
    'ours 2 workers',
    'sklearn',
    'index MiB',
    'top-10 agreement',
  ],
];
for (const r of results) {
  table.push([
    r.label,
    `${r.rows.toLocaleString('en-US')} × ${r.cols}`,
    `${format(r.singleUs)} (${format(r.singleP50)})`,
    `${format(r.faissSingleUs)} (${format(r.faissSingleP50)})`,
    `${(r.singleUs / r.faissSingleUs).toFixed(2)}×`,
    format(r.singleJsUs),
    format(r.batchUs),
    format(r.faissBatchUs),
    `${(r.batchUs / r.faissBatchUs).toFixed(2)}×`,
    `${format(r.batch2Us)} (${(r.batchUs / r.batch2Us).toFixed(2)}× faster)`,
    format(r.sklearnBatchUs),
    r.indexMiB.toFixed(1),
    r.agreement.toFixed(4),
  ]);
}
const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
table.forEach((row, at) => {
  console.log(`| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`);
  if (at === 0) console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
});
console.log(
  `\nk = ${K}; Node ${process.version}; single: mean (p50) over ${SINGLE} warm queries (JS fallback: 200); ` +
    `batch: ${results.map((r) => r.queries.toLocaleString('en-US')).join(' / ')} queries.`,
);
