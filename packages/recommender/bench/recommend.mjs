// Benchmark: bundle save/load time and size on disk, and recommend latency (p50/p99) through
// the request model for each scorer. Catalogs: the real subset in ../shared/data (44,475
// tracks), a seeded 114,000-track synthetic catalog, and the TidyTuesday playlists for the
// collaborative scorers (the real subset has no interactions). Each request: one seed track
// (distinct per request, seeded), k = 20, `min: { energy: 0.4 }`, `maxPerArtist: 2`.
//
//   pnpm --filter @spotrec/recommender bench
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Autoencoder } from '@spotrec/autoencoder';
import { ImplicitALS, InteractionMatrix, ItemKNN } from '@spotrec/collaborative';
import { loadInteractions, loadTracks, syntheticCatalog } from '@spotrec/data';
import { RecommenderBundle, createRecommender } from '../dist/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const SHARED = join(here, '../../../../shared/data');
const REAL = join(SHARED, 'spotify_tracks_subset.csv.gz');
const TIDY = join(SHARED, 'tidytuesday_spotify_songs.csv.gz');
if (!existsSync(REAL) || !existsSync(TIDY)) {
  console.error(`the benchmark needs the real data in ${SHARED}`);
  process.exit(1);
}
const QUERIES = 1000;
const work = mkdtempSync(join(tmpdir(), 'spotrec-bench-'));

function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

function sizeOf(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  return total;
}

const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;

function latency(bundle, label) {
  const random = seeded(7);
  const ids = bundle.tracks.map((track) => track.id);
  const request = () => ({
    seedTracks: [ids[Math.floor(random() * ids.length)]],
    k: 20,
    min: { energy: 0.4 },
    maxPerArtist: 2,
  });
  for (let at = 0; at < 50; at += 1) bundle.recommend(request());
  const times = [];
  let returned = 0;
  for (let at = 0; at < QUERIES; at += 1) {
    const next = request();
    const start = process.hrtime.bigint();
    returned += bundle.recommend(next).tracks.length;
    times.push(ms(start));
  }
  times.sort((a, b) => a - b);
  const pick = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return {
    label,
    p50: pick(0.5),
    p99: pick(0.99),
    mean: times.reduce((a, b) => a + b) / times.length,
    returned: returned / QUERIES,
  };
}

async function persist(bundle, name) {
  const dir = join(work, name);
  let start = process.hrtime.bigint();
  await bundle.save(dir);
  const save = ms(start);
  const loads = [];
  let loaded;
  for (let at = 0; at < 5; at += 1) {
    start = process.hrtime.bigint();
    loaded = await RecommenderBundle.load(dir, {
      collaborative: (json) =>
        json.kind === 'spotrec.item-knn' ? ItemKNN.fromJSON(json) : ImplicitALS.fromJSON(json),
    });
    loads.push(ms(start));
  }
  loads.sort((a, b) => a - b);
  return { name, save, load: loads[2], bytes: sizeOf(dir), loaded };
}

const real = (await loadTracks(REAL)).tracks;
const synthetic = syntheticCatalog({ tracks: 114_000, seed: 1 });
const tidy = (await loadTracks(TIDY)).tracks;
const { interactions } = await loadInteractions(TIDY);
const matrix = InteractionMatrix.from(interactions);

const persisted = [];
const latencies = [];
for (const [name, tracks] of [
  ['real subset, features', real],
  ['synthetic 114k, features', synthetic],
]) {
  const start = process.hrtime.bigint();
  const bundle = await createRecommender({ tracks, model: 'features', seed: 1 });
  const fit = ms(start);
  const result = await persist(bundle, name.replace(/\W+/g, '-'));
  persisted.push({ ...result, fit });
  if (tracks === real)
    latencies.push(latency(result.loaded, 'real subset: cosine over 12 features'));
}
{
  const start = process.hrtime.bigint();
  const bundle = await createRecommender({
    tracks: real,
    model: 'embedding',
    seed: 1,
    embed: (features, { seed }) => Autoencoder.fit(features, { epochs: 30, seed }),
  });
  const fit = ms(start);
  const result = await persist(bundle, 'real-embedding');
  persisted.push({ ...result, name: 'real subset, 8-d autoencoder', fit });
  latencies.push(latency(result.loaded, 'real subset: cosine over 8-d autoencoder embeddings'));
}
for (const [label, model] of [
  ['item-kNN', ItemKNN.fit(matrix, { neighbours: 200 })],
  ['ALS (32 factors)', ImplicitALS.fit(matrix, { factors: 32, iterations: 8, seed: 1 })],
]) {
  for (const kind of ['collaborative', 'hybrid']) {
    const bundle = await createRecommender({
      tracks: tidy,
      model: kind,
      collaborative: model,
      seed: 1,
    });
    latencies.push(
      latency(
        bundle,
        `TidyTuesday: ${kind === 'hybrid' ? `${label} + 0.3 × content (blend)` : label}`,
      ),
    );
  }
}

console.log(
  `\nBundles (${process.version}, ${new Date().toISOString().slice(0, 10)}); load = median of 5\n`,
);
console.log('| bundle | tracks | fit s | save ms | load ms | size on disk |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const entry of persisted)
  console.log(
    `| ${entry.name} | ${entry.loaded.tracks.length.toLocaleString('en-US')} | ${(entry.fit / 1000).toFixed(1)} | ${entry.save.toFixed(0)} | ${entry.load.toFixed(0)} | ${(entry.bytes / 1048576).toFixed(1)} MiB |`,
  );
console.log(
  `\nrecommend latency, ${QUERIES} requests each (one seed track, k 20, min energy 0.4, maxPerArtist 2)\n`,
);
console.log('| scorer | p50 ms | p99 ms | mean ms | tracks returned |');
console.log('| --- | --- | --- | --- | --- |');
for (const entry of latencies)
  console.log(
    `| ${entry.label} | ${entry.p50.toFixed(3)} | ${entry.p99.toFixed(3)} | ${entry.mean.toFixed(3)} | ${entry.returned.toFixed(1)} |`,
  );
rmSync(work, { recursive: true, force: true });
