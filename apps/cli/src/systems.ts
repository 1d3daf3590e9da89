import {
  ContentScorer,
  HybridRecommender,
  ImplicitALS,
  InteractionMatrix,
  ItemKNN,
} from '@spotrec/collaborative';
import { duplicatesOf, type Interactions, type Track } from '@spotrec/data';
import { FeaturePipeline, spotifyFeatureSpec } from '@spotrec/features';
import {
  popularityRecommender,
  protocolA,
  protocolB,
  randomRecommender,
  type Id,
  type ProtocolResult,
  type ProtocolSystem,
} from '@spotrec/metrics';
import { createRecommender, type RecommenderBundle } from '@spotrec/recommender';

/** A system of protocol A that ranks through a bundle's request model (seed = the query track). */
export function bundleSystem(name: string, bundle: RecommenderBundle): ProtocolSystem<Id> {
  return {
    name,
    recommend: (id) =>
      bundle.recommend({ seedTracks: [String(id)], k: 30 }).tracks.map((hit) => hit.track.id),
  };
}

/**
 * Protocol A over `models` (each a bundle over `tracks`), with cosine on the raw features as
 * the reference, cosine with a genre block (circular: genre is an input), random and
 * popularity baselines.
 */
export async function runProtocolA(
  tracks: readonly Track[],
  models: readonly { readonly name: string; readonly bundle: RecommenderBundle }[],
  options: { queries: number; seed: number; onProgress?: (done: number, total: number) => void },
): Promise<ProtocolResult<Id>> {
  const ids = tracks.map((track) => track.id);
  const byId = new Map(tracks.map((track) => [track.id, track]));
  const raw = await createRecommender({ tracks, model: 'features', seed: options.seed });
  const genre = await createRecommender({
    tracks,
    features: spotifyFeatureSpec({ genreWeight: 0.5 }),
    seed: options.seed,
  });
  const systems: ProtocolSystem<Id>[] = [
    bundleSystem(`cosine, raw ${raw.pipeline.columns.length} features`, raw),
    ...models.map(({ name, bundle }) => bundleSystem(name, bundle)),
    { ...bundleSystem('cosine + genre ×0.5', genre), circular: true },
    {
      name: 'random baseline',
      recommend: randomRecommender(ids, { seed: options.seed, size: 30 }),
    },
    {
      name: 'popularity baseline',
      recommend: popularityRecommender(ids, (id) => byId.get(String(id))?.popularity ?? 0, {
        size: 30,
      }),
    },
  ];
  const duplicates = duplicatesOf(tracks);
  return protocolA({
    items: tracks,
    systems,
    exclude: (id) => duplicates(String(id)),
    k: 10,
    queries: { size: Math.min(options.queries, tracks.length), seed: options.seed },
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
}

/**
 * Protocol B (playlist continuation) on `interactions` over `tracks`: popularity, content
 * (z-scored audio profile), item-kNN, implicit ALS and item-kNN + 0.3 × content, each fitted
 * on the visible part only.
 */
export async function runProtocolB(
  tracks: readonly Track[],
  interactions: Interactions,
  seed: number,
): Promise<ProtocolResult<string>> {
  const pairs: [string, string][] = Array.from(interactions.userIndex, (user, at) => [
    interactions.users[user] as string,
    interactions.items[interactions.itemIndex[at] as number] as string,
  ]);
  const ids = tracks.map((track) => track.id);
  const content = new ContentScorer(
    ids,
    new FeaturePipeline(spotifyFeatureSpec({ scaler: 'zscore' })).fitTransform(tracks),
  );
  return protocolB({
    playlists: pairs,
    seed,
    k: 50,
    systems: (visible) => {
      const matrix = InteractionMatrix.fromPairs(
        [...visible].flatMap(([playlist, items]) =>
          items.map((item): [string, string] => [playlist, String(item)]),
        ),
      );
      const knn = ItemKNN.fit(matrix, { neighbours: 200 });
      const als = ImplicitALS.fit(matrix, { factors: 32, iterations: 8, seed });
      const hybrid = new HybridRecommender({ collaborative: knn, content, weight: 0.3 });
      const held = (playlist: string) => (visible.get(playlist) ?? []).map(String);
      const of =
        (scorer: { recommend: (items: readonly string[], k: number) => { id: string }[] }) =>
        (playlist: string) =>
          scorer.recommend(held(playlist), 50).map((hit) => hit.id);
      const popular = popularityRecommender(
        ids,
        (id) => {
          const column = matrix.columnOf(String(id));
          return column === undefined ? 0 : matrix.itemCount(column);
        },
        { size: 500 },
      );
      return [
        { name: 'popularity baseline', recommend: popular },
        { name: 'content (z-scored audio profile)', recommend: of(content) },
        { name: 'item-kNN', recommend: of(knn) },
        { name: 'implicit ALS (32 factors)', recommend: of(als) },
        { name: 'hybrid: item-kNN + 0.3 × content', recommend: of(hybrid) },
      ];
    },
  });
}
