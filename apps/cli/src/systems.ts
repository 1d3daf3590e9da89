import {
  ContentScorer,
  HybridRecommender,
  ImplicitALS,
  InteractionMatrix,
  ItemKNN,
  TagScorer,
  type ItemScorer,
} from '@spotrec/collaborative';
import { Autoencoder, GenreEncoder, type GenreEncoderOptions } from '@spotrec/autoencoder';
import { CosineIndex, type DenseMatrix } from '@spotrec/cosine';
import { duplicatesOf, type Interactions, type Track } from '@spotrec/data';
import { FeaturePipeline, spotifyFeatureSpec } from '@spotrec/features';
import {
  popularityRecommender,
  protocolA,
  protocolB,
  protocolHeldOutArtists,
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
 * The playlist encoder of protocol B: a genre classifier (no decoder) whose labels are the
 * visible playlists holding each warm track; 256 → 64 ReLU with dropout 0.3 (a small gain over
 * [128] → 64 with dropout 0.1 and over the supervised autoencoder on the splits measured; see
 * `@spotrec/autoencoder`'s README).
 */
export const PLAYLIST_ENCODER = {
  decoder: false,
  hiddenLayers: [256],
  bottleneck: 64,
  dropout: 0.3,
} as const satisfies GenreEncoderOptions;

/** The system protocol B compares the others with: today's hybrid over raw audio. */
export const PROTOCOL_B_REFERENCE = 'hybrid: item-kNN + 0.3 × content';

/**
 * Protocol B (playlist continuation) on `interactions` over `tracks`, every model fitted on the
 * visible part only: popularity; content as the z-scored audio profile; item-kNN; implicit ALS;
 * item-kNN + 0.3 × content (the reference); content from a playlist encoder (a genre
 * classifier of `@spotrec/autoencoder` trained to predict, from a warm track's audio features,
 * the visible playlists holding it), two ways: the cosine of its centred 64-d embedding to the
 * playlist's profile (works for any list of tracks), and the encoder's own output for the
 * playlist (its probability; a two-tower model whose playlist tower is the output layer, so
 * for playlists seen in training), each alone and in the hybrid; content from artist and album
 * tags ({@link TagScorer}) and the hybrid of item-kNN with tags + the embedding (with tags,
 * the embedding did better than the playlist's output: 0.279 against 0.269 on seed 0).
 */
export async function runProtocolB(
  tracks: readonly Track[],
  interactions: Interactions,
  options: { seed: number; epochs: number; onStage?: (stage: string) => void },
): Promise<ProtocolResult<string>> {
  const { seed } = options;
  const pairs: [string, string][] = Array.from(interactions.userIndex, (user, at) => [
    interactions.users[user] as string,
    interactions.items[interactions.itemIndex[at] as number] as string,
  ]);
  const ids = tracks.map((track) => track.id);
  const byId = new Map(tracks.map((track) => [track.id, track]));
  const content = new ContentScorer(
    ids,
    new FeaturePipeline(spotifyFeatureSpec({ scaler: 'zscore' })).fitTransform(tracks),
  );
  const tags = new TagScorer(
    ids,
    tracks.map((track) => [
      ...track.artists.map((artist) => `artist:${artist}`),
      ...(track.album === '' ? [] : [`album:${track.album}`]),
    ]),
  );
  return protocolB({
    playlists: pairs,
    seed,
    k: 50,
    reference: PROTOCOL_B_REFERENCE,
    systems: async (visible) => {
      const matrix = InteractionMatrix.fromPairs(
        [...visible].flatMap(([playlist, items]) =>
          items.map((item): [string, string] => [playlist, String(item)]),
        ),
      );
      options.onStage?.('fitting item-kNN and implicit ALS on the visible playlists');
      const knn = ItemKNN.fit(matrix, { neighbours: 200 });
      const als = ImplicitALS.fit(matrix, { factors: 32, iterations: 8, seed });
      const warm = matrix.items.flatMap((id) => byId.get(id) ?? []);
      options.onStage?.(
        `training the playlist encoder on ${warm.length.toLocaleString('en-US')} tracks of the visible playlists`,
      );
      const scaler = new FeaturePipeline(spotifyFeatureSpec()).fit(warm);
      const encoder = await GenreEncoder.fit(
        scaler.transform(warm),
        warm.map((track) => matrix.usersOf(track.id)),
        { ...PLAYLIST_ENCODER, epochs: options.epochs, seed },
      );
      const encoded = scaler.transform(tracks);
      // Centred: the ReLU embedding is non-negative, so uncentred cosines crowd near 1.
      const learned = new ContentScorer(ids, encoder.encode(encoded), { center: true });
      const probabilities = encoder.predictGenres(encoded); // tracks × playlists
      const outputOf = new Map(encoder.genres.map((playlist, column) => [playlist, column]));
      encoder.dispose();
      /** Scores every track by the encoder's probability of `playlist` (0 for an unseen one). */
      const playlistOutput = (playlist: string): ItemScorer => {
        const column = outputOf.get(playlist);
        const scores = new Float64Array(ids.length);
        if (column !== undefined)
          for (let row = 0; row < ids.length; row += 1)
            scores[row] = probabilities.data[row * probabilities.cols + column] as number;
        return { items: ids, scores: () => scores };
      };
      const hybrid = (collaborative: ItemScorer, side: ItemScorer, weight: number) =>
        new HybridRecommender({ collaborative, content: side, weight });
      const held = (playlist: string) => (visible.get(playlist) ?? []).map(String);
      const of =
        (scorer: { recommend: (items: readonly string[], k: number) => { id: string }[] }) =>
        (playlist: string) =>
          scorer.recommend(held(playlist), 50).map((hit) => hit.id);
      /** The k best-scored tracks of `scorer` outside `exclude` (ties in catalog order). */
      const topOf = (scorer: ItemScorer, exclude: readonly string[], k: number): string[] => {
        const skip = new Set(exclude);
        const scores = scorer.scores(exclude);
        return ids
          .map((id, at) => ({ id, score: scores[at] as number }))
          .filter((hit) => !skip.has(hit.id))
          .sort((a, b) => b.score - a.score)
          .slice(0, k)
          .map((hit) => hit.id);
      };
      /** A system whose scorer is built for each playlist (from its own output). */
      const perPlaylist =
        (scorerOf: (playlist: string) => HybridRecommender) => (playlist: string) =>
          scorerOf(playlist)
            .recommend(held(playlist), 50)
            .map((hit) => hit.id);
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
        { name: PROTOCOL_B_REFERENCE, recommend: of(hybrid(knn, content, 0.3)) },
        { name: 'content (playlist encoder: 64-d embedding, audio only)', recommend: of(learned) },
        {
          name: "content (playlist encoder: the playlist's output, audio only)",
          recommend: (playlist: string) => topOf(playlistOutput(playlist), held(playlist), 50),
        },
        {
          name: 'hybrid: item-kNN + 0.3 × playlist encoder embedding',
          recommend: of(hybrid(knn, learned, 0.3)),
        },
        {
          name: "hybrid: item-kNN + 0.3 × playlist encoder's output",
          recommend: perPlaylist((playlist) => hybrid(knn, playlistOutput(playlist), 0.3)),
        },
        { name: 'content (artist and album tags)', recommend: of(tags) },
        {
          name: 'hybrid: item-kNN + (tags + 0.3 × playlist encoder embedding)',
          recommend: of(hybrid(knn, hybrid(tags, learned, 0.3), 1)),
        },
      ];
    },
  });
}

/**
 * Protocol A′ (held-out artists): a seeded 20% of first artists held out; every learned part
 * (scalers, the autoencoder, the genre encoders and their genre vocabulary) fitted on the other
 * artists' tracks only, then the whole catalog embedded from audio features alone; queries are
 * tracks of held-out artists. Systems: cosine on min-max features (the reference), on z-scored
 * features, on 8-d autoencoder embeddings, on supervised-autoencoder and genre-classifier
 * embeddings, random and popularity.
 */
export async function runHeldOutArtists(
  tracks: readonly Track[],
  options: {
    queries: number;
    seed: number;
    epochs: number;
    onStage?: (stage: string) => void;
    onProgress?: (done: number, total: number) => void;
    /** Called with the autoencoder's training history once it is fitted. */
    onTrained?: (history: readonly unknown[]) => void;
  },
): Promise<ProtocolResult<Id>> {
  const ids = tracks.map((track) => track.id);
  const byId = new Map(tracks.map((track) => [track.id, track]));
  const duplicates = duplicatesOf(tracks);
  const cosine = (name: string, matrix: DenseMatrix): ProtocolSystem<Id> => {
    const index = CosineIndex.build(matrix, ids);
    return { name, recommend: (id) => index.similarTo(String(id), 30).map((hit) => hit.id) };
  };
  return protocolHeldOutArtists({
    items: tracks,
    seed: options.seed,
    queries: { size: options.queries, seed: options.seed },
    exclude: (id) => duplicates(String(id)),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    systems: async ({ train }) => {
      options.onStage?.(
        `fitting on the ${train.length.toLocaleString('en-US')} tracks of the other artists`,
      );
      const minMax = new FeaturePipeline(spotifyFeatureSpec()).fit(train);
      const zScore = new FeaturePipeline(spotifyFeatureSpec({ scaler: 'zscore' })).fit(train);
      const autoencoder = await Autoencoder.fit(minMax.transform(train), {
        epochs: options.epochs,
        seed: options.seed,
      });
      options.onTrained?.(autoencoder.history);
      const all = minMax.transform(tracks);
      const embeddings = autoencoder.encode(all);
      autoencoder.dispose();
      const genreSystems: ProtocolSystem<Id>[] = [];
      for (const [name, decoder] of [
        ['supervised autoencoder', true],
        ['genre classifier', false],
      ] as const) {
        options.onStage?.(`training the ${name} on their genres`);
        const encoder = await GenreEncoder.fit(
          minMax.transform(train),
          train.map((track) => track.genres),
          { decoder, epochs: options.epochs, seed: options.seed },
        );
        genreSystems.push(
          cosine(`cosine, ${encoder.config.bottleneck}-d ${name} embeddings`, encoder.encode(all)),
        );
        encoder.dispose();
      }
      return [
        cosine('cosine, min-max features', minMax.transform(tracks)),
        cosine('cosine, z-scored features', zScore.transform(tracks)),
        cosine(`cosine, ${embeddings.cols}-d autoencoder embeddings`, embeddings),
        ...genreSystems,
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
    },
  });
}
