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

/** A sync with the time spent writing rows (+ GIN indexes): from the end of the diff to the HNSW build. */
async function timedSync(store, bundle) {
  let writeStart;
  let indexStart;
  const result = await store.sync(bundle, {
    onProgress: ({ stage }) => {
      const now = performance.now();
      if (stage === 'diff') writeStart = now;
      if (stage === 'index' && indexStart === undefined) indexStart = now;
    },
  });
  return { ...result, writeMs: (indexStart ?? performance.now()) - writeStart };
}

/** Mean recall@10 of the HNSW answers against exact ones. */
async function recallAt10(store, tracks, extra, queries) {
  const random = seeded(11);
  let found = 0;
  let total = 0;
  for (let at = 0; at < queries; at += 1) {
    const request = {
      seedTracks: [tracks[Math.floor(random() * tracks.length)].id],
      k: 10,
      ...extra,
    };
    const exact = await store.recommend(request, { mode: 'exact' });
    const approximate = await store.recommend(request, { mode: 'hnsw' });
    const truth = new Set(exact.tracks.map((hit) => hit.track.id));
    found += approximate.tracks.filter((hit) => truth.has(hit.track.id)).length;
    total += exact.tracks.length;
  }
  return found / total;
}

const rows = [];
const plans = [];
for (const { name, tracks } of catalogs) {
  const bundle = await createRecommender({ tracks, model: 'features', seed: 42 });
  const db = await PGlite.create({ extensions: { vector } });
  const store = await PgVectorStore.open(db);
  const first = await timedSync(store, bundle);
  const second = await store.sync(bundle);
  // The same rows written with multi-row INSERTs instead of COPY (no HNSW: only the writes count).
  const insertDb = await PGlite.create({ extensions: { vector } });
  const inserted = await timedSync(
    await PgVectorStore.open(insertDb, { bulkLoad: 'insert', hnsw: false }),
    bundle,
  );
  await insertDb.close();
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
  const recall = {
    plain: await recallAt10(store, tracks, {}, 100),
    filtered: await recallAt10(store, tracks, filters, 100),
  };
  rows.push({ name, first, second, inserted, latency, recall });
  await db.close();
  console.error(`done: ${name}`);
}

console.log(
  `PGlite ${process.versions.node ? `on Node ${process.versions.node}` : ''}, ${QUERIES} requests per setting, k = 20; latency p50 / p95 in ms\n`,
);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
console.log(
  '| catalog | first sync (rows by COPY) | rows by INSERT | second sync (no-op) | exact | HNSW | exact + filters | HNSW + filters | recall@10 HNSW / + filters |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const { name, first, second, inserted, latency, recall } of rows)
  console.log(
    `| ${name} | ${seconds(first.milliseconds)} (rows ${seconds(first.writeMs)}) | ${seconds(inserted.writeMs)} | ${seconds(second.milliseconds)} | ${latency['exact']} | ${latency['HNSW']} | ${latency['exact + filters']} | ${latency['HNSW + filters']} | ${recall.plain.toFixed(3)} / ${recall.filtered.toFixed(3)} |`,
  );
console.log(`\nEXPLAIN (COSTS OFF), ${catalogs[0].name}:\n`);
console.log(plans.join('\n\n'));
