/**
 * One scenario over every browser-ready package, the same code in Chromium and in Node: the
 * test bundles it for each (from the packages' built `dist`, through their export conditions)
 * and compares the results, which are plain JSON.
 */
import { InteractionMatrix, ImplicitALS, ItemKNN } from '@spotrec/collaborative';
import { CosineIndex } from '@spotrec/cosine';
import { loadInteractions, loadTracks, syntheticCatalog, type Track } from '@spotrec/data';
import { FeaturePipeline, spotifyFeatureSpec } from '@spotrec/features';
import { intraListDiversity, ndcgAtK, precisionAtK } from '@spotrec/metrics';
import { createRecommender } from '@spotrec/recommender';
import { runAutoencoderScenario } from './autoencoder-scenario';

/** What both runtimes are given (made in Node by the test). */
export interface ScenarioInput {
  /** A CSV in the Spotify Tracks layout. */
  readonly csv: string;
  /** The same CSV, gzip-compressed, base64. */
  readonly gzipBase64: string;
  /** Playlist,track pairs as CSV. */
  readonly interactionsCsv: string;
  /**
   * Where the TensorFlow.js WASM binaries are: `/wasm/` in the page (served by the test), the
   * installed package's folder in Node.
   */
  readonly wasmPaths: string;
}

const round = (value: number): number => Number(value.toPrecision(12));

function bytesOf(base64: string): Uint8Array {
  const binary = atob(base64);
  return Uint8Array.from(binary, (character) => character.charCodeAt(0));
}

/** Runs every package's part; each section is plain JSON. */
export async function runScenario(input: ScenarioInput) {
  // @spotrec/data: a CSV string and a gzip Blob read to the same tracks; the synthetic catalog.
  const fromText = await loadTracks({ text: input.csv });
  const fromBlob = await loadTracks(
    new Blob([bytesOf(input.gzipBase64) as Uint8Array<ArrayBuffer>]),
  );
  const { interactions } = await loadInteractions({ text: input.interactionsCsv });
  const catalog = syntheticCatalog({ tracks: 1500, seed: 11 });
  const data = {
    textReport: { ...fromText.report, source: '' },
    blobReport: { ...fromBlob.report, source: '' },
    sameTracks: JSON.stringify(fromText.tracks) === JSON.stringify(fromBlob.tracks),
    firstTracks: fromText.tracks.slice(0, 3),
    catalog: catalog.slice(0, 5).map((track) => [track.id, track.name, track.tempo, track.genres]),
    interactions: { users: interactions.users.length, items: interactions.items.length },
  };

  // @spotrec/features: fit / transform / transformOne / JSON round trip.
  const pipeline = new FeaturePipeline<Track>(spotifyFeatureSpec({ genreWeight: 0.5 }));
  const matrix = pipeline.fitTransform(catalog);
  const restored = FeaturePipeline.fromJSON<Track>(JSON.stringify(pipeline));
  let sum = 0;
  for (const value of matrix.data) sum += value;
  const features = {
    shape: [matrix.rows, matrix.cols],
    sum: round(sum),
    firstRow: Array.from(matrix.data.subarray(0, 8), round),
    roundTrip: Array.from(restored.transformOne(catalog[7] as Track), round),
  };

  // @spotrec/cosine: build, query, filtered query, batch (with workers asked for).
  const ids = catalog.map((track) => track.id);
  const index = CosineIndex.build(matrix, ids);
  const jazz = new Set(
    catalog.filter((track) => track.genres.includes('jazz')).map((track) => track.id),
  );
  const query = Array.from(matrix.data.subarray(0, matrix.cols));
  const batchQueries = {
    data: matrix.data.subarray(0, 130 * matrix.cols),
    rows: 130,
    cols: matrix.cols,
  };
  const batch = await index.queryBatch(batchQueries, 5, {
    workers: 2,
    excludeIds: ids.slice(0, 130),
  });
  const hits = (list: readonly { id: string; score: number }[]) =>
    list.map((hit) => [hit.id, round(hit.score)]);
  const cosine = {
    // 'wasm' where WebAssembly SIMD compiles (under the CSP: 'wasm-unsafe-eval'), else 'js'.
    kernel: index.kernel,
    query: hits(index.query(query, 10)),
    filtered: hits(
      index.query(query, 10, { filter: (id) => jazz.has(id), exclude: [ids[0] as string] }),
    ),
    similarTo: hits(index.similarTo(ids[3] as string, 5)),
    batch: batch.slice(0, 3).map(hits),
    batchRows: batch.length,
    serialised: CosineIndex.fromBuffer(index.toBuffer())
      .query(query, 3)
      .map((hit) => hit.id),
  };

  // @spotrec/metrics: ranking metrics of the cosine neighbours under shared-genre relevance.
  const genresOf = new Map(catalog.map((track) => [track.id, track.genres]));
  const seedGenres = new Set((catalog[0] as Track).genres);
  const ranked = index.query(query, 20, { exclude: [ids[0] as string] }).map((hit) => hit.id);
  const relevant = new Set(
    ids.filter((id) => (genresOf.get(id) ?? []).some((genre) => seedGenres.has(genre))),
  );
  const rowOf = new Map(ids.map((id, row) => [id, row]));
  const metrics = {
    precision: round(precisionAtK(ranked, relevant, 10)),
    ndcg: round(ndcgAtK(ranked, relevant, 10)),
    diversity: round(
      intraListDiversity(ranked.slice(0, 10), (id) => {
        const row = rowOf.get(String(id)) as number;
        return matrix.data.subarray(row * matrix.cols, (row + 1) * matrix.cols);
      }),
    ),
  };

  // @spotrec/collaborative: item-kNN and implicit ALS over the playlists.
  const pairs: [string, string][] = [];
  for (let pair = 0; pair < interactions.userIndex.length; pair += 1) {
    pairs.push([
      interactions.users[interactions.userIndex[pair] as number] as string,
      interactions.items[interactions.itemIndex[pair] as number] as string,
    ]);
  }
  const interactionMatrix = InteractionMatrix.fromPairs(pairs);
  const knn = ItemKNN.fit(interactionMatrix, { neighbours: 20 });
  const als = ImplicitALS.fit(interactionMatrix, { factors: 8, iterations: 5, seed: 3 });
  const user = [interactions.items[0] as string, interactions.items[1] as string];
  const collaborative = {
    knn: hits(knn.recommend(user, 5)),
    als: hits(als.recommend(user, 5)),
    alsRoundTrip: hits(ImplicitALS.fromJSON(JSON.stringify(als)).recommend(user, 5)),
  };

  // @spotrec/recommender: a full request (seeds, bounds, targets, genre filter, caps, diversity).
  const bundle = await createRecommender({ tracks: catalog, model: 'features', seed: 5 });
  const response = bundle.recommend({
    seedTracks: [ids[0] as string],
    seedGenres: ['jazz'],
    min: { tempo: 90 },
    max: { energy: 0.8 },
    target: { danceability: 0.6 },
    excludeGenres: ['metal'],
    maxPerArtist: 1,
    diversity: 0.3,
    k: 8,
  });
  const recommender = {
    fingerprint: bundle.manifest.catalog,
    tracks: response.tracks.map((hit) => ({
      id: hit.track.id,
      score: round(hit.score),
      closestSeed: hit.closestSeed,
      contributions: hit.contributions.map((part) => JSON.stringify(part)),
    })),
    pools: JSON.parse(JSON.stringify({ ...response, tracks: undefined })) as unknown,
  };

  // @spotrec/autoencoder: fit on WASM, encode, save to IndexedDB (a memory IO handler in Node)
  // and load back.
  const autoencoder = await runAutoencoderScenario({ wasmPaths: input.wasmPaths });

  return { data, features, cosine, metrics, collaborative, recommender, autoencoder };
}

/** What {@link runScenario} gives. */
export type ScenarioResult = Awaited<ReturnType<typeof runScenario>>;
