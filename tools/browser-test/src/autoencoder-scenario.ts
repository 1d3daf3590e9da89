/**
 * The autoencoder's part of the scenario: a small `Autoencoder` and a `GenreEncoder` fitted on
 * the TensorFlow.js WASM backend, encoding, then a save and a load through a model store
 * (`indexeddb://` in a browser; in Node, where TensorFlow.js has no IndexedDB handler, an
 * in-memory IO handler, the other browser-capable path of `save`/`load`).
 */
import {
  Autoencoder,
  GenreEncoder,
  initBackend,
  setWasmPaths,
  type DenseMatrix,
  type ModelStore,
} from '@spotrec/autoencoder';
import { syntheticCatalog, type Track } from '@spotrec/data';
import { FeaturePipeline, spotifyFeatureSpec } from '@spotrec/features';

/** Where the WASM binaries are, and where the models go. */
export interface AutoencoderScenarioOptions {
  /** The prefix the WASM binaries are served or read from (`/wasm/` in the page). */
  readonly wasmPaths?: string;
}

/** An IO handler keeping the saved artifacts in memory (what a custom handler looks like). */
function memoryStore(): ModelStore {
  let saved: unknown;
  return {
    save: (artifacts) => {
      saved = artifacts;
      return Promise.resolve({
        modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' },
      });
    },
    load: () => Promise.resolve(saved as never),
  };
}

const inBrowser = (): boolean =>
  typeof (globalThis as { indexedDB?: unknown }).indexedDB !== 'undefined';

function sameBits(a: DenseMatrix, b: DenseMatrix): boolean {
  if (a.rows !== b.rows || a.cols !== b.cols || a.data.length !== b.data.length) return false;
  const x = new Uint32Array(a.data.buffer, a.data.byteOffset, a.data.length);
  const y = new Uint32Array(b.data.buffer, b.data.byteOffset, b.data.length);
  return x.every((bits, at) => bits === y[at]);
}

/** Fits, encodes, saves, loads back and encodes again; plain JSON. */
export async function runAutoencoderScenario(options: AutoencoderScenarioOptions = {}) {
  if (options.wasmPaths !== undefined) setWasmPaths(options.wasmPaths);
  const backend = await initBackend();
  const catalog = syntheticCatalog({ tracks: 300, seed: 21 });
  const pipeline = new FeaturePipeline<Track>(spotifyFeatureSpec());
  const matrix = pipeline.fitTransform(catalog);
  const store = inBrowser() ? 'indexeddb' : 'memory';
  const storeFor = (name: string): ModelStore =>
    store === 'indexeddb' ? `indexeddb://spotrec-browser-test-${name}` : memoryStore();

  const autoencoder = await Autoencoder.fit(matrix, {
    hiddenLayers: [16],
    bottleneck: 4,
    activation: 'tanh',
    epochs: 4,
    batchSize: 32,
    seed: 7,
  });
  const encoded = autoencoder.encode(matrix);
  const autoencoderStore = storeFor('autoencoder');
  await autoencoder.save(autoencoderStore);
  const loaded = await Autoencoder.load(autoencoderStore);
  // The browser build has no file system: a folder path is a typed error (not tried in Node,
  // where it would write a folder).
  const folderPath = inBrowser()
    ? await autoencoder.save('models/audio-ae').then(
        () => 'saved',
        (error: unknown) => (error instanceof Error ? error.name : String(error)),
      )
    : 'not tried';
  const reloaded = loaded.encode(matrix);

  const genreEncoder = await GenreEncoder.fit(
    matrix,
    catalog.map((track) => track.genres),
    { hiddenLayers: [16], bottleneck: 4, epochs: 3, batchSize: 32, seed: 7 },
  );
  const genreEncoded = genreEncoder.encode(matrix);
  const genreStore = storeFor('genre-encoder');
  await genreEncoder.save(genreStore);
  const genreLoaded = await GenreEncoder.load(genreStore);
  const genreReloaded = genreLoaded.encode(matrix);

  const result = {
    backend,
    store,
    folderPath,
    shape: [encoded.rows, encoded.cols],
    encoded: Array.from(encoded.data),
    sameAfterLoad: sameBits(encoded, reloaded),
    sameConfig: JSON.stringify(loaded.config) === JSON.stringify(autoencoder.config),
    sameHistory: JSON.stringify(loaded.history) === JSON.stringify(autoencoder.history),
    losses: autoencoder.history.map((epoch) => epoch.loss),
    genre: {
      shape: [genreEncoded.rows, genreEncoded.cols],
      encoded: Array.from(genreEncoded.data),
      sameAfterLoad: sameBits(genreEncoded, genreReloaded),
      sameGenres: JSON.stringify(genreLoaded.genres) === JSON.stringify(genreEncoder.genres),
      genres: genreEncoder.genres.length,
    },
  };
  for (const model of [autoencoder, loaded, genreEncoder, genreLoaded]) model.dispose();
  return result;
}

/** What {@link runAutoencoderScenario} gives. */
export type AutoencoderScenarioResult = Awaited<ReturnType<typeof runAutoencoderScenario>>;
