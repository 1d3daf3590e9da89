// Benchmark: exact cosine top-10 with @spotrec/cosine against faiss IndexFlatIP (one thread)
// and scikit-learn NearestNeighbors(metric='cosine', algorithm='brute') on the same
// normalised matrix and the same queries, as ratios in one run; plus single-query latency.
// Matrices: the 12 default features (min-max) of the real subset (../shared/data, when
// present; all 44,475 tracks as queries) and of synthetic catalogs of 114,000 and 1,000,000
// tracks (seeded samples of queries). Python references from Debian's python3-faiss and
// python3-sklearn, one BLAS thread.
//
//   pnpm --filter @spotrec/cosine bench            (add --quick for the two smaller sets)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTracks, syntheticCatalog } from '@spotrec/data';
import { FeaturePipeline, spotifyFeatureSpec } from '@spotrec/features';
import { CosineIndex } from '../dist/index.js';

const K = 10;
const here = fileURLToPath(new URL('.', import.meta.url));
const REAL = join(here, '../../../../shared/data/spotify_tracks_subset.csv.gz');
const quick = process.argv.includes('--quick');
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

async function measure(label, tracks, queryCount) {
  const matrix = new FeaturePipeline(spotifyFeatureSpec()).fitTransform(tracks);
  const ids = tracks.map((track) => track.id);
  const index = CosineIndex.build(matrix, ids);
  const normalised = index.normalisedData;
  const rows =
    queryCount >= tracks.length
      ? Int32Array.from(tracks.keys())
      : seededSample(tracks.length, queryCount, 7);
  const queries = new Float32Array(rows.length * matrix.cols);
  rows.forEach((row, at) =>
    queries.set(normalised.subarray(row * matrix.cols, (row + 1) * matrix.cols), at * matrix.cols),
  );
  const batch = { data: queries, rows: rows.length, cols: matrix.cols };

  // Single-query latency, warm.
  const latencies = [];
  for (let at = 0; at < Math.min(rows.length, 1300); at += 1) {
    const query = queries.subarray(at * matrix.cols, (at + 1) * matrix.cols);
    const started = performance.now();
    index.query(query, K);
    if (at >= 300) latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);

  const timed = async (workers) => {
    const started = performance.now();
    const result = await index.queryBatch(batch, K, { workers });
    return [result, (performance.now() - started) / 1000];
  };
  const [ours, oneThread] = await timed(1);
  const [, twoThreads] = await timed(2);

  const folder = mkdtempSync(join(tmpdir(), 'spotrec-cosine-bench-'));
  try {
    writeFileSync(join(folder, 'matrix.f32'), normalised);
    writeFileSync(join(folder, 'queries.i32'), rows);
    writeFileSync(
      join(folder, 'shape.json'),
      JSON.stringify({ rows: tracks.length, cols: matrix.cols }),
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
    const sklearn = python('sklearn');
    // Agreement: share of faiss's top-10 ids that ours also returned (ties may order differently).
    let agree = 0;
    faiss.top.forEach((top, at) => {
      const mine = new Set(ours[at].map((hit) => ids.indexOf(hit.id)));
      agree += top.filter((id) => mine.has(id)).length / K;
    });
    const perQuery = (seconds) => (seconds * 1e6) / rows.length;
    return {
      label,
      tracks: tracks.length,
      queries: rows.length,
      oursUs: perQuery(oneThread),
      ours2Us: perQuery(twoThreads),
      faissUs: perQuery(faiss.seconds),
      sklearnUs: perQuery(sklearn.seconds),
      p50: latencies[Math.floor(latencies.length / 2)],
      p99: latencies[Math.floor(latencies.length * 0.99)],
      agreement: agree / faiss.top.length,
      faissRss: faiss.maxRssMiB,
      sklearnRss: sklearn.maxRssMiB,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const results = [];
if (existsSync(REAL))
  results.push(await measure('real subset', (await loadTracks(REAL)).tracks, Infinity));
else console.warn(`real subset not found at ${REAL}: synthetic catalogs only`);
results.push(
  await measure('synthetic 114k', syntheticCatalog({ tracks: 114_000, seed: 1 }), 10_000),
);
if (!quick)
  results.push(
    await measure('synthetic 1M', syntheticCatalog({ tracks: 1_000_000, seed: 1 }), 1_000),
  );

const table = [
  [
    'catalog',
    'tracks',
    'queries',
    'ours µs/q (1 thread)',
    'ours µs/q (2 threads)',
    'faiss µs/q',
    'sklearn µs/q',
    'ours ÷ faiss',
    'sklearn ÷ ours',
    'p50 ms',
    'p99 ms',
    'top-10 agreement',
  ],
];
for (const r of results) {
  table.push([
    r.label,
    r.tracks.toLocaleString('en-US'),
    r.queries.toLocaleString('en-US'),
    r.oursUs.toFixed(0),
    r.ours2Us.toFixed(0),
    r.faissUs.toFixed(0),
    r.sklearnUs.toFixed(0),
    (r.oursUs / r.faissUs).toFixed(1),
    (r.sklearnUs / r.oursUs).toFixed(2),
    r.p50.toFixed(3),
    r.p99.toFixed(3),
    r.agreement.toFixed(4),
  ]);
}
const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
table.forEach((row, at) => {
  console.log(`| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`);
  if (at === 0) console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
});
console.log(
  `\nNode ${process.version}, peak RSS of this process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; ` +
    `faiss ${results.map((r) => r.faissRss.toFixed(0)).join('/')} MiB, sklearn ${results.map((r) => r.sklearnRss.toFixed(0)).join('/')} MiB.`,
);
