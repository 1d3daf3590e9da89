import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Autoencoder,
  InvalidArgumentError,
  InvalidFormatError,
  initBackend,
  type DenseMatrix,
} from './index';

/** 600 made-up rows of 6 features in [0, 1] driven by 2 hidden factors (seeded). */
function lowRankMatrix(rows = 600, seed = 7): DenseMatrix {
  let state = seed;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const data = new Float32Array(rows * 6);
  for (let row = 0; row < rows; row += 1) {
    const a = random();
    const b = random();
    const values = [a, b, (a + b) / 2, 1 - a, a * b, 0.5 + (a - b) / 2];
    values.forEach((value, col) => (data[row * 6 + col] = value));
  }
  return { data, rows, cols: 6 };
}

const matrix = lowRankMatrix();
const small = {
  hiddenLayers: [8],
  bottleneck: 2,
  epochs: 25,
  batchSize: 64,
  learningRate: 0.02,
  seed: 3,
} as const;
const folder = mkdtempSync(join(tmpdir(), 'spotrec-ae-'));
let backend = '';

beforeAll(async () => {
  backend = await initBackend();
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('Autoencoder.fit', () => {
  it('trains on the WASM backend, reducing the loss, and reports every epoch', async () => {
    expect(backend).toBe('wasm');
    const epochs: number[] = [];
    const model = await Autoencoder.fit(matrix, {
      ...small,
      patience: 0,
      onEpochEnd: (progress) => epochs.push(progress.epoch),
    });
    expect(epochs).toEqual(Array.from({ length: 25 }, (_, at) => at + 1));
    const first = model.history[0];
    const last = model.history.at(-1);
    expect(last?.loss).toBeLessThan((first?.loss as number) / 2);
    expect(last?.validationLoss).toBeLessThan((first?.validationLoss as number) / 2);
    expect(model.history.every((step) => step.seconds >= 0)).toBe(true);
    model.dispose();
  });

  it('gives the same losses for the same seed and other losses for another', async () => {
    const runs = [];
    for (const seed of [3, 3, 4]) {
      const model = await Autoencoder.fit(matrix, { ...small, epochs: 4, seed, patience: 0 });
      runs.push(model.history.map((step) => step.loss));
      model.dispose();
    }
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).not.toEqual(runs[0]);
  });

  it('stops early after `patience` epochs without improvement and restores the best weights', async () => {
    const model = await Autoencoder.fit(matrix, {
      ...small,
      epochs: 400,
      patience: 3,
      learningRate: 0.05,
    });
    expect(model.history.length).toBeLessThan(400);
    const validation = model.history.map((step) => step.validationLoss);
    const best = Math.min(...validation);
    const bestEpoch = validation.indexOf(best);
    expect(model.history.length - 1 - bestEpoch).toBe(3);
    model.dispose();
  });

  it('releases every tensor it makes (fit, encode, decode, dispose)', async () => {
    const start = tf.memory().numTensors;
    const model = await Autoencoder.fit(matrix, { ...small, epochs: 3, dropout: 0.1, l2: 0.001 });
    model.decode(model.encode(matrix));
    model.reconstructionError(matrix);
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('rejects bad options and input naming them', async () => {
    await expect(Autoencoder.fit(matrix, { bottleneck: 0 })).rejects.toThrow(
      'Invalid argument "options.bottleneck"',
    );
    await expect(Autoencoder.fit(matrix, { dropout: 1 })).rejects.toThrow(InvalidArgumentError);
    await expect(Autoencoder.fit(matrix, { activation: 'swish' as never })).rejects.toThrow(
      'options.activation',
    );
    await expect(
      Autoencoder.fit({ data: new Float32Array([1, Number.NaN]), rows: 1, cols: 2 }),
    ).rejects.toThrow('matrix.data[1]');
    await expect(Autoencoder.fit({ data: new Float32Array(2), rows: 1, cols: 2 })).rejects.toThrow(
      'at least 2 rows',
    );
  });
});

describe('Autoencoder encode, decode, save and load', () => {
  let model: Autoencoder;
  beforeAll(async () => {
    model = await Autoencoder.fit(matrix, { ...small, epochs: 10 });
  });
  afterAll(() => model.dispose());

  it('encodes to the bottleneck width and decodes back to the input width', () => {
    const embeddings = model.encode(matrix);
    expect([embeddings.rows, embeddings.cols]).toEqual([600, 2]);
    const decoded = model.decode(embeddings);
    expect(Array.from(decoded.data)).toEqual(Array.from(model.reconstruct(matrix).data));
    expect(() => model.encode({ data: new Float32Array(4), rows: 1, cols: 4 })).toThrow(
      '6 columns',
    );
  });

  it('reports each row’s mean squared reconstruction error', () => {
    const errors = model.reconstructionError(matrix);
    const output = model.reconstruct(matrix);
    let first = 0;
    for (let col = 0; col < 6; col += 1)
      first += ((matrix.data[col] as number) - (output.data[col] as number)) ** 2;
    expect(errors[0]).toBeCloseTo(first / 6, 6);
  });

  it('saves in the TensorFlow.js layers format and loads back to identical embeddings', async () => {
    const dir = join(folder, 'model');
    await model.save(dir);
    const restored = await Autoencoder.load(dir);
    expect(Array.from(restored.encode(matrix).data)).toEqual(Array.from(model.encode(matrix).data));
    expect(restored.config).toEqual(model.config);
    expect(restored.history).toEqual(model.history);
    restored.dispose();
    // The standard loader reads the same files.
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    const weights = readFileSync(join(dir, 'weights.bin'));
    const plain = await tf.loadLayersModel(
      tf.io.fromMemory(
        json.modelTopology,
        json.weightsManifest[0].weights,
        new Uint8Array(weights).buffer,
      ),
    );
    expect(plain.layers).toHaveLength(4);
    plain.dispose();
  });

  it('names the file at fault for a missing, truncated, mismatched or foreign model', async () => {
    const dir = join(folder, 'broken');
    await model.save(dir);
    const failure = async () => {
      try {
        (await Autoencoder.load(dir)).dispose();
      } catch (error) {
        if (InvalidFormatError.isInstance(error)) return error;
        throw error;
      }
      throw new Error('expected the load to fail');
    };
    const goodConfig = readFileSync(join(dir, 'autoencoder.json'), 'utf8');
    writeFileSync(
      join(dir, 'autoencoder.json'),
      goodConfig.replace('"inputSize": 6', '"inputSize": 7'),
    );
    expect((await failure()).message).toMatch(/model\.json: its layer shapes .* do not match/);
    writeFileSync(
      join(dir, 'autoencoder.json'),
      JSON.stringify({ kind: 'someone-else', formatVersion: 1 }),
    );
    expect((await failure()).path).toBe('autoencoder.json');
    writeFileSync(join(dir, 'autoencoder.json'), goodConfig);
    truncateSync(join(dir, 'weights.bin'), 10);
    expect((await failure()).message).toContain('weights.bin: truncated');
    rmSync(join(dir, 'model.json'));
    expect((await failure()).message).toContain('model.json: no such file');
    await expect(Autoencoder.load(join(folder, 'nowhere'))).rejects.toThrow(
      'autoencoder.json: no such file',
    );
  });

  it('refuses to work after dispose', async () => {
    const throwaway = await Autoencoder.fit(matrix, { ...small, epochs: 1 });
    throwaway.dispose();
    expect(() => throwaway.encode(matrix)).toThrow('the model was disposed');
  });
});
