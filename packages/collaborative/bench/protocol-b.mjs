// Protocol B (playlist continuation) on TidyTuesday spotify_songs in ../shared/data: for each
// of the 471 playlists a seeded 20% of its tracks is hidden; models see the other 80% of every
// playlist and rank every track not in the playlist's visible part; recall@50 and NDCG@50
// averaged over playlists, with 95% intervals. Training time and heap growth per model. The
// learned audio content (a playlist encoder from @spotrec/autoencoder) is measured by
// `spotrec --interactions … evaluate --protocol playlists` (see the README).
//
//   pnpm --filter @spotrec/collaborative protocol-b
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadInteractions, loadTracks } from '@spotrec/data';
import { FeaturePipeline, spotifyFeatureSpec } from '@spotrec/features';
import { evaluate, heldOutRelevance, popularityRecommender } from '@spotrec/metrics';
import {
  ContentScorer,
  HybridRecommender,
  ImplicitALS,
  InteractionMatrix,
  ItemKNN,
  TagScorer,
} from '../dist/index.js';

const PATH = fileURLToPath(
  new URL('../../../../shared/data/tidytuesday_spotify_songs.csv.gz', import.meta.url),
);
if (!existsSync(PATH)) {
  console.error(`protocol B needs ${PATH}`);
  process.exit(1);
}
const K = 50;
const SEED = 20260121;

const { tracks } = await loadTracks(PATH);
const { interactions } = await loadInteractions(PATH);

// Seeded split: per playlist, a shuffled 20% (at least one track) is hidden.
let state = SEED >>> 0;
const random = () => {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state / 4294967296;
};
const byPlaylist = new Map();
interactions.userIndex.forEach((u, at) => {
  const playlist = interactions.users[u];
  byPlaylist.set(playlist, [
    ...(byPlaylist.get(playlist) ?? []),
    interactions.items[interactions.itemIndex[at]],
  ]);
});
const visible = new Map();
const hidden = new Map();
const trainPairs = [];
for (const [playlist, items] of byPlaylist) {
  const shuffled = [...items];
  for (let at = shuffled.length - 1; at > 0; at -= 1) {
    const swap = Math.floor(random() * (at + 1));
    [shuffled[at], shuffled[swap]] = [shuffled[swap], shuffled[at]];
  }
  const cut = Math.max(1, Math.round(shuffled.length * 0.2));
  hidden.set(playlist, shuffled.slice(0, cut));
  visible.set(playlist, shuffled.slice(cut));
  for (const item of shuffled.slice(cut)) trainPairs.push([playlist, item]);
}
const playlists = [...byPlaylist.keys()];
const matrix = InteractionMatrix.fromPairs(trainPairs);
const hiddenTotal = [...hidden.values()].reduce((sum, items) => sum + items.length, 0);
const coldHidden = [...hidden.values()]
  .flat()
  .filter((id) => matrix.columnOf(id) === undefined).length;

function measured(build) {
  global.gc?.();
  const heap = process.memoryUsage().heapUsed;
  const started = performance.now();
  const model = build();
  return {
    model,
    seconds: (performance.now() - started) / 1000,
    heapMiB: Math.max(0, process.memoryUsage().heapUsed - heap) / 2 ** 20,
  };
}

const ids = tracks.map((track) => track.id);
// z-scored features: centred vectors make cosine discriminate (min-max leaves every vector in
// the positive orthant, where all cosines are close to 1; recall@50 0.017 against 0.043).
const content = measured(
  () =>
    new ContentScorer(
      ids,
      new FeaturePipeline(spotifyFeatureSpec({ scaler: 'zscore' })).fitTransform(tracks),
    ),
);
const audioOnly = measured(
  () =>
    new ContentScorer(
      ids,
      new FeaturePipeline(spotifyFeatureSpec({ scaler: 'zscore', popularity: false })).fitTransform(
        tracks,
      ),
    ),
);
// Artist and album as tags: content a cold track has from the day it is released.
const tags = measured(
  () =>
    new TagScorer(
      ids,
      tracks.map((track) => [
        ...track.artists.map((artist) => `artist:${artist}`),
        ...(track.album === '' ? [] : [`album:${track.album}`]),
      ]),
    ),
);
const artistsOnly = measured(
  () =>
    new TagScorer(
      ids,
      tracks.map((track) => track.artists),
    ),
);
const knn = measured(() => ItemKNN.fit(matrix, { neighbours: 200 }));
const alsLosses = [];
const als = measured(() =>
  ImplicitALS.fit(matrix, {
    factors: 64,
    regularization: 0.1,
    alpha: 40,
    iterations: 15,
    seed: 1,
    onIteration: ({ loss }) => alsLosses.push(loss),
  }),
);
const popularity = measured(() =>
  popularityRecommender(
    ids,
    (id) => {
      const c = matrix.columnOf(id);
      return c === undefined ? 0 : matrix.itemCount(c);
    },
    { size: 1000 },
  ),
);

const systems = [
  ['popularity', popularity, () => popularity.model()],
  [
    'content, audio only (z-scored 11 features)',
    audioOnly,
    (p) => audioOnly.model.recommend(visible.get(p), K).map((hit) => hit.id),
  ],
  [
    'content, audio + popularity (z-scored 12 features)',
    content,
    (p) => content.model.recommend(visible.get(p), K).map((hit) => hit.id),
  ],
  [
    'content, artist tags (tf-idf)',
    artistsOnly,
    (p) => artistsOnly.model.recommend(visible.get(p), K).map((hit) => hit.id),
  ],
  [
    'content, artist and album tags (tf-idf)',
    tags,
    (p) => tags.model.recommend(visible.get(p), K).map((hit) => hit.id),
  ],
  [
    'item-kNN (200 neighbours)',
    knn,
    (p) => knn.model.recommend(visible.get(p), K).map((hit) => hit.id),
  ],
  [
    'implicit ALS (64 factors, 15 iterations)',
    als,
    (p) => als.model.recommend(visible.get(p), K).map((hit) => hit.id),
  ],
];
for (const [label, collaborative, weight, method] of [
  ['item-kNN + 0.3 × content, blend', knn, 0.3, 'blend'],
  ['item-kNN + 0.5 × content, blend', knn, 0.5, 'blend'],
  ['item-kNN + 1 × content, blend', knn, 1, 'blend'],
  ['item-kNN + content, rank fusion', knn, 1, 'rank-fusion'],
  ['ALS + 0.3 × content, blend', als, 0.3, 'blend'],
]) {
  const hybrid = new HybridRecommender({
    collaborative: collaborative.model,
    content: content.model,
    weight,
    method,
  });
  systems.push([
    label,
    {
      seconds: collaborative.seconds + content.seconds,
      heapMiB: collaborative.heapMiB + content.heapMiB,
    },
    (p) => hybrid.recommend(visible.get(p), K).map((hit) => hit.id),
  ]);
}

// The tags reach a cold track only when its artist or album is in the playlist; audio
// features rank every other one: item-kNN + (tags + 0.3 × audio).
const tagsWithAudio = new HybridRecommender({
  collaborative: knn.model,
  content: new HybridRecommender({
    collaborative: tags.model,
    content: content.model,
    weight: 0.3,
  }),
  weight: 1,
});
systems.push([
  'item-kNN + (tags + 0.3 × content), blend',
  {
    seconds: knn.seconds + tags.seconds + content.seconds,
    heapMiB: knn.heapMiB + tags.heapMiB + content.heapMiB,
  },
  (p) => tagsWithAudio.recommend(visible.get(p), K).map((hit) => hit.id),
]);

const relevant = heldOutRelevance(hidden);
console.log('| model | recall@50 | NDCG@50 | fit s | heap MiB |');
console.log('|---|---|---|---|---|');
for (const [label, cost, recommend] of systems) {
  const result = await evaluate({
    queries: playlists,
    recommend,
    relevant,
    exclude: (p) => visible.get(p),
    k: K,
    metrics: ['recall', 'ndcg'],
  });
  const cell = (metric) =>
    `${result.metrics[metric].mean.toFixed(4)} ±${((result.metrics[metric].ci95[1] - result.metrics[metric].ci95[0]) / 2).toFixed(4)}`;
  console.log(
    `| ${label} | ${cell('recall')} | ${cell('ndcg')} | ${cost.seconds.toFixed(2)} | ${cost.heapMiB.toFixed(0)} |`,
  );
}
console.log(
  `\n${playlists.length} playlists, ${tracks.length} tracks, ${matrix.size} visible pairs, ${hiddenTotal} hidden pairs ` +
    `(${coldHidden} of them tracks no visible playlist holds: only content reaches those). ALS loss by iteration: ` +
    alsLosses.map((loss) => loss.toFixed(0)).join(', ') +
    '.',
);
