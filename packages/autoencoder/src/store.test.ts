// Saving and loading through URLs and TensorFlow.js IO handlers (the browser-capable path of
// `save`/`load`), here in Node: an in-memory handler, a folder served over HTTP, and the typed
// errors. IndexedDB itself is exercised in Chromium by tools/browser-test.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Autoencoder,
  GenreEncoder,
  InvalidArgumentError,
  InvalidFormatError,
  type DenseMatrix,
} from './index';
import type * as tf from './tf';

/** 200 seeded rows of 5 features in [0, 1], with a genre label from the first. */
function rows(count = 200, seed = 11): { matrix: DenseMatrix; labels: string[][] } {
  let state = seed;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const data = new Float32Array(count * 5);
  const labels: string[][] = [];
  for (let row = 0; row < count; row += 1) {
    const a = random();
    const b = random();
    [a, b, a * b, 1 - a, (a + b) / 2].forEach((value, col) => (data[row * 5 + col] = value));
    labels.push([a < 0.5 ? 'low' : 'high']);
  }
  return { matrix: { data, rows: count, cols: 5 }, labels };
}

/** An IO handler that keeps what it is given, through JSON and a copied buffer as a store would. */
function memoryHandler() {
  let stored: tf.io.ModelArtifacts | undefined;
  const handler = {
    save: (artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> => {
      const weights = artifacts.weightData as ArrayBuffer;
      stored = {
        ...(JSON.parse(JSON.stringify({ ...artifacts, weightData: undefined })) as object),
        weightData: weights.slice(0),
      };
      return Promise.resolve({
        modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' },
      });
    },
    load: (): Promise<tf.io.ModelArtifacts> =>
      stored === undefined ? Promise.reject(new Error('nothing saved')) : Promise.resolve(stored),
    get stored() {
      return stored;
    },
  };
  return handler;
}

const { matrix, labels } = rows();
const settings = { hiddenLayers: [6], bottleneck: 2, epochs: 3, batchSize: 32, seed: 5 };
let autoencoder: Autoencoder;
let genreEncoder: GenreEncoder;
const folder = mkdtempSync(join(tmpdir(), 'spotrec-ae-store-'));

beforeAll(async () => {
  autoencoder = await Autoencoder.fit(matrix, { ...settings, activation: 'tanh' });
  genreEncoder = await GenreEncoder.fit(matrix, labels, settings);
});
afterAll(() => {
  autoencoder.dispose();
  genreEncoder.dispose();
  rmSync(folder, { recursive: true, force: true });
});

describe('save and load through an IO handler', () => {
  it('keeps the Autoencoder: the same encodings to the bit, settings and history', async () => {
    const handler = memoryHandler();
    await autoencoder.save(handler);
    // The package's own JSON travels with the model, as the artifacts' metadata.
    expect(handler.stored?.userDefinedMetadata?.['spotrec.autoencoder']).toMatchObject({
      kind: 'spotrec.autoencoder',
      formatVersion: 1,
    });
    const loaded = await Autoencoder.load(handler);
    expect(loaded.encode(matrix).data).toEqual(autoencoder.encode(matrix).data);
    expect(loaded.config).toEqual(autoencoder.config);
    expect(loaded.history.map((epoch) => epoch.loss)).toEqual(
      autoencoder.history.map((epoch) => epoch.loss),
    );
    loaded.dispose();
  });

  it('keeps the GenreEncoder with its label vocabulary and standardisation', async () => {
    const handler = memoryHandler();
    await genreEncoder.save(handler);
    const loaded = await GenreEncoder.load(handler);
    expect(loaded.genres).toEqual(genreEncoder.genres);
    expect(loaded.encode(matrix).data).toEqual(genreEncoder.encode(matrix).data);
    expect(loaded.predictGenres(matrix).data).toEqual(genreEncoder.predictGenres(matrix).data);
    loaded.dispose();
  });

  it('names the store and the field for missing or broken settings', async () => {
    const handler = memoryHandler();
    await autoencoder.save(handler);
    const stored = handler.stored as tf.io.ModelArtifacts;
    const { userDefinedMetadata: _dropped, ...withoutMetadata } = stored;
    const bare = { load: () => Promise.resolve(withoutMetadata) };
    const missing = await Autoencoder.load(bare).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(InvalidFormatError);
    expect(missing).toMatchObject({
      file: 'the IO handler',
      field: 'userDefinedMetadata.spotrec.autoencoder',
    });
    // A GenreEncoder's artifacts are not an Autoencoder's.
    const other = memoryHandler();
    await genreEncoder.save(other);
    await expect(Autoencoder.load(other)).rejects.toMatchObject({
      field: 'userDefinedMetadata.spotrec.autoencoder',
    });
    const file = stored.userDefinedMetadata?.['spotrec.autoencoder'] as {
      config: Record<string, unknown>;
    };
    const broken = {
      load: () =>
        Promise.resolve({
          ...stored,
          userDefinedMetadata: {
            'spotrec.autoencoder': { ...file, config: { ...file.config, bottleneck: -1 } },
          },
        }),
    };
    await expect(Autoencoder.load(broken)).rejects.toMatchObject({
      name: 'InvalidFormatError',
      field: 'config.bottleneck',
    });
    const short = { ...stored, weightData: (stored.weightData as ArrayBuffer).slice(4) };
    await expect(Autoencoder.load({ load: () => Promise.resolve(short) })).rejects.toMatchObject({
      file: 'weights.bin',
    });
  });

  it('keeps the cause when the handler fails, naming the URL or the handler', async () => {
    const failure = new Error('disk on fire');
    const error = await Autoencoder.load({ load: () => Promise.reject(failure) }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InvalidFormatError);
    expect(error).toMatchObject({ file: 'the IO handler', cause: failure });
  });
});

describe('bad stores are typed errors', () => {
  it('rejects a URL with no handler in Node, an empty path and a non-handler', async () => {
    // TensorFlow.js registers the IndexedDB and localStorage handlers in browsers only.
    await expect(autoencoder.save('indexeddb://x')).rejects.toThrow(InvalidArgumentError);
    await expect(Autoencoder.load('indexeddb://x')).rejects.toThrow(/no TensorFlow.js handler/);
    await expect(GenreEncoder.load('localstorage://x')).rejects.toThrow(InvalidArgumentError);
    await expect(autoencoder.save('')).rejects.toMatchObject({ parameter: 'dir' });
    await expect(Autoencoder.load({} as never)).rejects.toThrow(InvalidArgumentError);
    await expect(genreEncoder.save({ load: () => Promise.resolve({}) } as never)).rejects.toThrow(
      /save\(\) method/,
    );
  });
});

describe('a folder written by the Node save, served over HTTP', () => {
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    await autoencoder.save(join(folder, 'ae'));
    await genreEncoder.save(join(folder, 'genre'));
    server = createServer((request, response) => {
      try {
        const body = readFileSync(join(folder, (request.url ?? '/').slice(1)));
        response.writeHead(200);
        response.end(body);
      } catch {
        response.writeHead(404);
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('loads from the model.json URL, fetching the settings file beside it', async () => {
    const loaded = await Autoencoder.load(`${origin}/ae/model.json`);
    expect(loaded.encode(matrix).data).toEqual(autoencoder.encode(matrix).data);
    expect(loaded.config).toEqual(autoencoder.config);
    loaded.dispose();
    const genre = await GenreEncoder.load(`${origin}/genre/model.json`);
    expect(genre.genres).toEqual(genreEncoder.genres);
    expect(genre.encode(matrix).data).toEqual(genreEncoder.encode(matrix).data);
    genre.dispose();
  });

  it('names the URL of a missing model or settings file', async () => {
    await expect(Autoencoder.load(`${origin}/none/model.json`)).rejects.toMatchObject({
      name: 'InvalidFormatError',
      file: `${origin}/none/model.json`,
    });
    // The GenreEncoder's folder has no autoencoder.json.
    await expect(Autoencoder.load(`${origin}/genre/model.json`)).rejects.toMatchObject({
      name: 'InvalidFormatError',
      file: `${origin}/genre/autoencoder.json`,
    });
  });
});
