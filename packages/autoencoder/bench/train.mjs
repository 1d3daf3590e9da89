// Benchmark: the default autoencoder (12 → 32 → 16 → 8 → 16 → 32 → 12) on the min-max scaled
// real subset in ../shared/data: MSE per epoch, seconds per epoch and encode time, beside the
// same architecture in PyTorch on the CPU (Debian python3-torch, one thread) in one run; then
// protocol A (k = 10, every track a query) for cosine on the 8-d embeddings and on the raw
// features.
//
//   pnpm --filter @spotrec/autoencoder bench
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTracks } from '@spotrec/data';
import { FeaturePipeline, spotifyFeatureSpec } from '@spotrec/features';
import { CosineIndex } from '@spotrec/cosine';
import { evaluate, sharedGenreRelevance } from '@spotrec/metrics';
import { Autoencoder, initBackend } from '../dist/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const REAL = join(here, '../../../../shared/data/spotify_tracks_subset.csv.gz');
if (!existsSync(REAL)) {
  console.error(`the benchmark needs the real subset at ${REAL}`);
  process.exit(1);
}
const EPOCHS = 30;
const { tracks } = await loadTracks(REAL);
const matrix = new FeaturePipeline(spotifyFeatureSpec()).fitTransform(tracks);
const backend = await initBackend();

const model = await Autoencoder.fit(matrix, { epochs: EPOCHS, seed: 1, patience: 0 });
let started = performance.now();
const embeddings = model.encode(matrix);
const encodeMs = performance.now() - started;

const folder = mkdtempSync(join(tmpdir(), 'spotrec-ae-bench-'));
let torch;
try {
  writeFileSync(join(folder, 'matrix.f32'), matrix.data);
  writeFileSync(
    join(folder, 'shape.json'),
    JSON.stringify({ rows: matrix.rows, cols: matrix.cols }),
  );
  torch = JSON.parse(
    execFileSync('/usr/bin/python3', [join(here, 'torch_reference.py'), folder, String(EPOCHS)], {
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    }),
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}

console.log(
  `| epoch | train MSE | validation MSE | s/epoch (tfjs ${backend}) | PyTorch ${torch.torch} train MSE | validation MSE | s/epoch |`,
);
console.log('|---|---|---|---|---|---|---|');
model.history.forEach((step, at) => {
  const reference = torch.history[at];
  if (at < 3 || (at + 1) % 5 === 0) {
    console.log(
      `| ${step.epoch} | ${step.loss.toFixed(5)} | ${step.validationLoss.toFixed(5)} | ${step.seconds.toFixed(2)} | ${reference.loss.toFixed(5)} | ${reference.validationLoss.toFixed(5)} | ${reference.seconds.toFixed(2)} |`,
    );
  }
});
const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
const oursPerEpoch = mean(model.history.slice(1).map((step) => step.seconds));
const torchPerEpoch = mean(torch.history.slice(1).map((step) => step.seconds));
console.log(
  `\nMean s/epoch after the first: tfjs ${oursPerEpoch.toFixed(2)}, PyTorch ${torchPerEpoch.toFixed(2)} (ratio ${(oursPerEpoch / torchPerEpoch).toFixed(2)}). ` +
    `Encoding all ${matrix.rows} tracks: ${encodeMs.toFixed(0)} ms. Final validation MSE: ours ${model.history.at(-1).validationLoss.toFixed(5)}, PyTorch ${torch.history.at(-1).validationLoss.toFixed(5)}.`,
);
model.dispose();

// Protocol A: cosine in the embedding space against cosine on the raw features.
const ids = tracks.map((track) => track.id);
const keyOf = (track) =>
  `${track.name.trim().toLowerCase()}\u0000${[...track.artists]
    .map((a) => a.toLowerCase())
    .sort()
    .join('\u0001')}`;
const byKey = new Map();
for (const track of tracks) byKey.set(keyOf(track), [...(byKey.get(keyOf(track)) ?? []), track.id]);
const trackById = new Map(tracks.map((track) => [track.id, track]));
const exclude = (id) => byKey.get(keyOf(trackById.get(id)));
const relevant = sharedGenreRelevance(tracks);
console.log('\n| protocol A, k = 10 | P@10 | MRR@10 | NDCG@10 | AP@10 ÷min(|R|,k) |');
console.log('|---|---|---|---|---|');
for (const [label, vectors] of [
  ['cosine, raw 12 features', matrix],
  ['cosine, 8-d autoencoder embeddings', embeddings],
]) {
  const index = CosineIndex.build(vectors, ids);
  const lists = await index.queryBatch(vectors, 30, { workers: 2 });
  const byQuery = new Map(ids.map((id, at) => [id, lists[at].map((hit) => hit.id)]));
  const result = await evaluate({
    queries: ids,
    recommend: (id) => byQuery.get(id),
    relevant,
    exclude,
    k: 10,
    metrics: ['precision', 'mrr', 'ndcg', 'apCapped'],
  });
  const cell = (metric) => result.metrics[metric].mean.toFixed(4);
  console.log(
    `| ${label} | ${cell('precision')} | ${cell('mrr')} | ${cell('ndcg')} | ${cell('apCapped')} |`,
  );
}
