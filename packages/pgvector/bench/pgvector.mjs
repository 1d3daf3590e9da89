// Benchmark: sync time and recommend latency of @spotrec/pgvector in PGlite (Postgres 17 in
// single-threaded WebAssembly, pgvector 0.8 built without SIMD): a functional floor, not what
// a Postgres server does. Catalogs: the real subset in ../shared/data (when present) and a
// seeded 114,000-track synthetic catalog. Per catalog: the first sync (rows, GIN and HNSW
// m = 16, ef_construction = 64), a second sync of the same bundle (a no-op), then 200
// requests per setting (one seed track each, seeded, k = 20): exact or HNSW (ef_search 100,
// strict iterative scan), without filters and with `min: { energy: 0.4 }` +
// `excludeGenres: [the first genre]` + `maxPerArtist: 2`. Prints a Markdown table and the
// EXPLAIN plans.
//
//   pnpm --filter @spotrec/pgvector bench
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { loadTracks, syntheticCatalog } from '@spotrec/data';
import { createRecommender } from '@spotrec/recommender';
import { PgVectorStore } from '../dist/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const REAL = join(here, '../../../../shared/data/spotify_tracks_subset.csv.gz');
const QUERIES = Number(process.env.QUERIES ?? 200);

function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

function percentile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const catalogs = [];
if (existsSync(REAL)) {
  const { tracks } = await loadTracks(REAL, { onInvalid: 'skip' });
  catalogs.push({ name: `real subset (${tracks.length.toLocaleString('en')})`, tracks });
} else console.error(`(no real data at ${REAL}: synthetic only)`);
const sizes = (process.env.SYNTHETIC ?? '114000').split(',').map(Number);
for (const size of sizes)
  catalogs.push({
    name: `synthetic ${size.toLocaleString('en')}`,
    tracks: syntheticCatalog({ tracks: size, seed: 42 }),
  });

const rows = [];
const plans = [];
for (const { name, tracks } of catalogs) {
  const bundle = await createRecommender({ tracks, model: 'features', seed: 42 });
  const db = await PGlite.create({ extensions: { vector } });
  const store = await PgVectorStore.open(db);
  const first = await store.sync(bundle);
  const second = await store.sync(bundle);
  const genre = tracks[0].genres[0];
  const filters = { min: { energy: 0.4 }, excludeGenres: [genre], maxPerArtist: 2 };
  const settings = [
    ['exact', {}, { mode: 'exact' }],
    ['HNSW', {}, { mode: 'hnsw' }],
    ['exact + filters', filters, { mode: 'exact' }],
    ['HNSW + filters', filters, { mode: 'hnsw' }],
  ];
  const latency = {};
  for (const [label, extra, search] of settings) {
    const random = seeded(7);
    const times = [];
    for (let at = 0; at < QUERIES; at += 1) {
      const seed = tracks[Math.floor(random() * tracks.length)].id;
      const started = performance.now();
      await store.recommend({ seedTracks: [seed], k: 20, ...extra }, search);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    latency[label] = `${percentile(times, 0.5).toFixed(1)} / ${percentile(times, 0.95).toFixed(1)}`;
    if (plans.length < 4)
      plans.push(
        `${label}:\n${(await store.explain({ seedTracks: [tracks[1].id], k: 20, ...extra }, search)).join('\n')}`,
      );
  }
  rows.push({ name, first, second, latency });
  await db.close();
  console.error(`done: ${name}`);
}

console.log(
  `PGlite ${process.versions.node ? `on Node ${process.versions.node}` : ''}, ${QUERIES} requests per setting, k = 20; latency p50 / p95 in ms\n`,
);
console.log(
  '| catalog | first sync | second sync (no-op) | exact | HNSW | exact + filters | HNSW + filters |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const { name, first, second, latency } of rows)
  console.log(
    `| ${name} | ${(first.milliseconds / 1000).toFixed(1)} s | ${(second.milliseconds / 1000).toFixed(1)} s | ${latency['exact']} | ${latency['HNSW']} | ${latency['exact + filters']} | ${latency['HNSW + filters']} |`,
  );
console.log(`\nEXPLAIN (COSTS OFF), ${catalogs[0].name}:\n`);
console.log(plans.join('\n\n'));
