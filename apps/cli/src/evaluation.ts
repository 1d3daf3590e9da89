import type { Autoencoder } from '@spotrec/autoencoder';
import {
  ContentScorer,
  HybridRecommender,
  ImplicitALS,
  InteractionMatrix,
  ItemKNN,
  type InteractionsLike,
} from '@spotrec/collaborative';
import { CosineIndex } from '@spotrec/cosine';
import type { Track } from '@spotrec/data';
import { FeaturePipeline, spotifyFeatureSpec, type FeatureMatrix } from '@spotrec/features';
import {
  evaluate,
  heldOutRelevance,
  popularityRecommender,
  randomRecommender,
  sharedGenreRelevance,
  type EvaluationResult,
  type MetricName,
  type MetricSummary,
} from '@spotrec/metrics';

/** One system's row of an evaluation table. */
export interface SystemRow {
  readonly system: string;
  readonly metrics: Readonly<Partial<Record<MetricName, MetricSummary>>>;
}

/** Protocol A metrics, in table order. */
export const PROTOCOL_A_METRICS: readonly MetricName[] = [
  'precision',
  'recall',
  'mrr',
  'ndcg',
  'ap',
  'apCapped',
];

function duplicateKey(track: Track): string {
  return `${track.name.trim().toLowerCase()}\u0000${track.artists
    .map((artist) => artist.toLowerCase())
    .sort()
    .join('\u0001')}`;
}

/**
 * Protocol A: relevant = shares a genre; the query and its duplicates excluded; k = 10; over
 * a seeded sample of `queries` tracks (all when the catalog is smaller). Systems: cosine on
 * the raw features, cosine with a genre block (circular, labelled so), cosine on the
 * autoencoder's embeddings (when given), random, popularity.
 */
export async function protocolA(
  tracks: Track[],
  matrix: FeatureMatrix,
  embeddings: { data: Float32Array; rows: number; cols: number } | undefined,
  options: { queries: number; seed: number; onProgress?: (done: number, total: number) => void },
): Promise<SystemRow[]> {
  const ids = tracks.map((track) => track.id);
  const byKey = new Map<string, string[]>();
  for (const track of tracks)
    byKey.set(duplicateKey(track), [...(byKey.get(duplicateKey(track)) ?? []), track.id]);
  const byId = new Map(tracks.map((track) => [track.id, track]));
  const exclude = (id: string) => byKey.get(duplicateKey(byId.get(id) as Track)) ?? [id];
  const relevant = sharedGenreRelevance(tracks);
  const sample = { size: Math.min(options.queries, tracks.length), seed: options.seed };
  const cosine = (vectors: { data: Float32Array; rows: number; cols: number }) => {
    const index = CosineIndex.build(vectors, ids);
    return (id: string) => index.similarTo(id, 30).map((hit) => hit.id);
  };
  const genreMatrix = new FeaturePipeline<Track>(
    spotifyFeatureSpec({ genreWeight: 0.5 }),
  ).fitTransform(tracks);
  const systems: [string, (id: string) => readonly string[]][] = [
    [`cosine, raw ${matrix.cols} features`, cosine(matrix)],
    ['cosine + genre ×0.5 (circular: genre is an input)', cosine(genreMatrix)],
  ];
  if (embeddings !== undefined)
    systems.push([`cosine, ${embeddings.cols}-d autoencoder embeddings`, cosine(embeddings)]);
  systems.push([
    'random baseline',
    randomRecommender(ids, { seed: options.seed, size: 30 }) as () => string[],
  ]);
  systems.push([
    'popularity baseline',
    popularityRecommender(ids, (id) => byId.get(id as string)?.popularity ?? 0, {
      size: 30,
    }) as () => string[],
  ]);
  const rows: SystemRow[] = [];
  let done = 0;
  const total = systems.length * sample.size;
  for (const [system, recommend] of systems) {
    const result: EvaluationResult<string> = await evaluate({
      queries: ids,
      recommend,
      relevant,
      exclude,
      k: 10,
      sample,
      metrics: PROTOCOL_A_METRICS,
      onProgress: () => options.onProgress?.(++done, total),
    });
    rows.push({ system, metrics: result.metrics });
  }
  return rows;
}

/**
 * Protocol B (playlist continuation): a seeded 20% of each playlist hidden; every track not in
 * the visible part ranked; recall@50 and NDCG@50. Systems: popularity, content (z-scored audio),
 * item-kNN, implicit ALS, and item-kNN + 0.3 × content.
 */
export async function protocolB(
  tracks: Track[],
  interactions: InteractionsLike,
  seed: number,
): Promise<SystemRow[]> {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const byPlaylist = new Map<string, string[]>();
  for (let at = 0; at < interactions.userIndex.length; at += 1) {
    const playlist = interactions.users[interactions.userIndex[at] as number] as string;
    const item = interactions.items[interactions.itemIndex[at] as number] as string;
    byPlaylist.set(playlist, [...(byPlaylist.get(playlist) ?? []), item]);
  }
  const visible = new Map<string, string[]>();
  const hidden = new Map<string, string[]>();
  const pairs: [string, string][] = [];
  for (const [playlist, items] of byPlaylist) {
    const order = [...items];
    for (let at = order.length - 1; at > 0; at -= 1) {
      const swap = Math.floor(random() * (at + 1));
      [order[at], order[swap]] = [order[swap] as string, order[at] as string];
    }
    const cut = Math.max(1, Math.round(order.length * 0.2));
    hidden.set(playlist, order.slice(0, cut));
    visible.set(playlist, order.slice(cut));
    for (const item of order.slice(cut)) pairs.push([playlist, item]);
  }
  const matrix = InteractionMatrix.fromPairs(pairs);
  const ids = tracks.map((track) => track.id);
  const content = new ContentScorer(
    ids,
    new FeaturePipeline<Track>(spotifyFeatureSpec({ scaler: 'zscore' })).fitTransform(tracks),
  );
  const knn = ItemKNN.fit(matrix, { neighbours: 200 });
  const als = ImplicitALS.fit(matrix, { factors: 32, iterations: 8, seed });
  const hybrid = new HybridRecommender({ collaborative: knn, content, weight: 0.3 });
  const popular = popularityRecommender(
    ids,
    (id) => {
      const column = matrix.columnOf(id as string);
      return column === undefined ? 0 : matrix.itemCount(column);
    },
    { size: 500 },
  );
  const of =
    (scorer: { recommend: (items: readonly string[], k: number) => { id: string }[] }) =>
    (playlist: string) =>
      scorer.recommend(visible.get(playlist) ?? [], 50).map((hit) => hit.id);
  const systems: [string, (playlist: string) => readonly string[]][] = [
    ['popularity baseline', () => popular() as string[]],
    ['content (z-scored audio profile)', of(content)],
    ['item-kNN', of(knn)],
    ['implicit ALS (32 factors)', of(als)],
    ['hybrid: item-kNN + 0.3 × content', of(hybrid)],
  ];
  const rows: SystemRow[] = [];
  for (const [system, recommend] of systems) {
    const result = await evaluate({
      queries: [...byPlaylist.keys()],
      recommend,
      relevant: heldOutRelevance(hidden),
      exclude: (playlist) => visible.get(playlist) ?? [],
      k: 50,
      metrics: ['recall', 'ndcg'],
    });
    rows.push({ system, metrics: result.metrics });
  }
  return rows;
}

/** Embeddings of the catalog by a trained autoencoder. */
export function embed(model: Autoencoder, matrix: FeatureMatrix) {
  return model.encode(matrix);
}
