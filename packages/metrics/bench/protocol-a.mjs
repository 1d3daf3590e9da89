// Protocol A on the real Spotify Tracks subset in ../shared/data: every distinct track
// (44,475) is a query; relevant = another track sharing at least one genre; the query and its
// duplicates (same artists and name) are excluded; k = 10. Systems: cosine on the 12 min-max
// audio features, cosine on those plus a genre multi-hot block, random and popularity.
//
//   pnpm --filter @spotrec/metrics protocol-a
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadTracks } from '@spotrec/data';
import { FeaturePipeline, spotifyFeatureSpec } from '@spotrec/features';
import { CosineIndex } from '@spotrec/cosine';
import {
  compareSystems,
  evaluate,
  popularityRecommender,
  randomRecommender,
  sharedGenreRelevance,
} from '../dist/index.js';

const REAL = fileURLToPath(
  new URL('../../../../shared/data/spotify_tracks_subset.csv.gz', import.meta.url),
);
if (!existsSync(REAL)) {
  console.error(`protocol A needs the real subset at ${REAL}`);
  process.exit(1);
}
const K = 10;
const GENRE_WEIGHT = 0.5;
const { tracks } = await loadTracks(REAL);
const ids = tracks.map((track) => track.id);
const byKey = new Map();
const keyOf = (track) =>
  `${track.name.trim().toLowerCase()}\u0000${[...track.artists]
    .map((a) => a.toLowerCase())
    .sort()
    .join('\u0001')}`;
for (const track of tracks) byKey.set(keyOf(track), [...(byKey.get(keyOf(track)) ?? []), track.id]);
const trackById = new Map(tracks.map((track) => [track.id, track]));
const exclude = (id) => byKey.get(keyOf(trackById.get(id))) ?? [id];
const relevant = sharedGenreRelevance(tracks);
const duplicateCount = tracks.length - byKey.size;

async function cosineLists(spec) {
  const matrix = new FeaturePipeline(spec).fitTransform(tracks);
  const index = CosineIndex.build(matrix, ids);
  const started = performance.now();
  const lists = await index.queryBatch(matrix, K + 20, { workers: 2 });
  const seconds = (performance.now() - started) / 1000;
  const byQuery = new Map(ids.map((id, at) => [id, lists[at].map((hit) => hit.id)]));
  return { recommend: (id) => byQuery.get(id), seconds, cols: matrix.cols };
}

const audio = await cosineLists(spotifyFeatureSpec());
const withGenre = await cosineLists(spotifyFeatureSpec({ genreWeight: GENRE_WEIGHT }));
const random = randomRecommender(ids, { seed: 42, size: K + 20 });
const popular = popularityRecommender(ids, (id) => trackById.get(id).popularity ?? 0, {
  size: K + 20,
});

const systems = [
  [`cosine, audio only (${audio.cols} features)`, audio.recommend],
  [
    `cosine, audio + genre multi-hot ×${GENRE_WEIGHT} (${withGenre.cols} columns)`,
    withGenre.recommend,
  ],
  ['random (seed 42)', random],
  ['popularity', popular],
];
const results = [];
for (const [name, recommend] of systems) {
  results.push([name, await evaluate({ queries: ids, recommend, relevant, exclude, k: K })]);
}

const metricColumns = [
  ['precision', 'P@10'],
  ['recall', 'R@10'],
  ['hit', 'Hit@10'],
  ['mrr', 'MRR@10'],
  ['ndcg', 'NDCG@10'],
  ['ap', 'AP@10 ÷|R|'],
  ['apCapped', 'AP@10 ÷min(|R|,k)'],
  ['rPrecision', 'R-prec'],
];
console.log(`| system | ${metricColumns.map(([, title]) => title).join(' | ')} |`);
console.log(`|---|${metricColumns.map(() => '---').join('|')}|`);
for (const [name, result] of results) {
  const cells = metricColumns.map(([metric]) => {
    const summary = result.metrics[metric];
    return `${summary.mean.toFixed(4)} ±${((summary.ci95[1] - summary.ci95[0]) / 2).toFixed(4)}`;
  });
  console.log(`| ${name} | ${cells.join(' | ')} |`);
}
const comparison = compareSystems(results[0][1], results[2][1], 'ndcg');
console.log(
  `\n${tracks.length} queries (every distinct track), k = ${K}; ${duplicateCount} tracks share artists + name with another and are excluded as duplicates of it. ` +
    `± is the half-width of the 95% interval. Cosine all-vs-all search took ${audio.seconds.toFixed(1)} s and ${withGenre.seconds.toFixed(1)} s on 2 threads. ` +
    `Audio-only cosine vs random on NDCG@10: difference ${comparison.difference.toFixed(4)}, paired t p ${comparison.pValue === 0 ? '< 1e-300' : `= ${comparison.pValue.toExponential(2)}`}.`,
);
