// `encode` of both encoders against two independent references: the same saved model run
// through the TensorFlow.js layers API (`model.predict` of the encoder sub-model), and a plain
// JavaScript forward pass over the weights read straight out of `weights.bin`. Also: no tensor
// left behind, the same output on every call, and the same output on the cpu backend.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from './tf';
import { Autoencoder, GenreEncoder, initBackend, type DenseMatrix } from './index';

/** `rows` made-up rows of 7 features in [0, 1] (seeded), with 3 genres by a hidden factor. */
function data(rows: number, seed = 3): { matrix: DenseMatrix; labels: string[][] } {
  let state = seed;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const values = new Float32Array(rows * 7);
  const labels: string[][] = [];
  for (let row = 0; row < rows; row += 1) {
    const a = random();
    const b = random();
    [a, b, a * b, (a + b) / 2, 1 - a, random(), a > 0.5 ? 0.9 : 0.1].forEach(
      (value, col) => (values[row * 7 + col] = value),
    );
    labels.push([a < 0.33 ? 'folk' : a < 0.66 ? 'jazz' : 'rock']);
  }
  return { matrix: { data: values, rows, cols: 7 }, labels };
}

const { matrix, labels } = data(3000);
const folder = mkdtempSync(join(tmpdir(), 'spotrec-encode-'));
beforeAll(async () => {
  expect(await initBackend()).toBe('wasm');
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface Saved {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON, read field by field
  readonly json: (file: string) => Record<string, any>;
  /** Every weight in `weights.bin`, by name, as float64 rows × cols (bias: 1 × n). */
  readonly weights: Map<string, { values: number[]; shape: number[] }>;
  /** The saved model, loaded with the layers API. */
  readonly model: tf.LayersModel;
}

/** Reads a saved folder with no help from this package. */
async function readSaved(dir: string): Promise<Saved> {
  const json = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const { modelTopology, weightsManifest } = json('model.json');
  const bytes = readFileSync(join(dir, 'weights.bin'));
  const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const weights = new Map<string, { values: number[]; shape: number[] }>();
  let offset = 0;
  const specs: { name: string; shape: number[]; dtype: string }[] = weightsManifest[0].weights;
  for (const { name, shape, dtype } of specs) {
    expect(dtype).toBe('float32');
    const size = shape.reduce((a, b) => a * b, 1);
    weights.set(name, { values: [...floats.subarray(offset, offset + size)], shape });
    offset += size;
  }
  expect(offset).toBe(floats.length);
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology,
      weightSpecs: specs as tf.io.WeightsManifestEntry[],
      weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    }),
  );
  return { json, weights, model };
}

/** relu(x · kernel + bias), layer after layer, in float64. */
function naiveForward(
  input: number[][],
  layers: readonly { kernel: number[]; bias: number[]; cols: number }[],
): number[][] {
  return input.map((row) => {
    let x = row;
    for (const { kernel, bias, cols } of layers) {
      x = bias.map((b, out) => {
        let sum = b;
        x.forEach((value, at) => (sum += value * (kernel[at * cols + out] as number)));
        return Math.max(0, sum);
      });
    }
    return x;
  });
}

function rowsOf(values: ArrayLike<number>, cols: number): number[][] {
  return Array.from({ length: values.length / cols }, (_, row) =>
    Array.from(values).slice(row * cols, (row + 1) * cols),
  );
}

/** The layers API's output of the layers up to `last`, for float32 rows. */
function predictUpTo(
  model: tf.LayersModel,
  last: tf.layers.Layer,
  input: Float32Array,
  cols: number,
) {
  const sub = tf.model({ inputs: model.inputs, outputs: last.output as tf.SymbolicTensor });
  const x = tf.tensor2d(input, [input.length / cols, cols]);
  const y = sub.predict(x, { batchSize: 512 }) as tf.Tensor;
  const out = Float32Array.from(y.dataSync());
  tf.dispose([x, y]);
  return out;
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let at = 0; at < a.length; at += 1)
    max = Math.max(
      max,
      Math.abs((a[at] as number) - (b[at] as number)) / (1 + Math.abs(b[at] as number)),
    );
  return max;
}

/** Encodes on the cpu backend, then goes back to wasm. */
async function onCpu<T>(run: () => T): Promise<T> {
  await tf.setBackend('cpu');
  try {
    expect(tf.getBackend()).toBe('cpu');
    return run();
  } finally {
    await tf.setBackend('wasm');
  }
}

describe('GenreEncoder.encode', () => {
  it('equals the layers API and a plain forward pass, leaks nothing, repeats exactly, and agrees on cpu', async () => {
    const encoder = await GenreEncoder.fit(matrix, labels, {
      hiddenLayers: [24, 16],
      bottleneck: 6,
      epochs: 3,
      batchSize: 256,
      seed: 2,
    });
    const dir = join(folder, 'genre');
    await encoder.save(dir);
    const before = tf.memory().numTensors;
    const encoded = encoder.encode(matrix);
    expect(tf.memory().numTensors).toBe(before);
    expect(encoded.rows).toBe(matrix.rows);
    expect(encoded.cols).toBe(6);
    expect(encoded.data.some((value) => value > 0)).toBe(true);
    expect(Array.from(encoder.encode(matrix).data)).toEqual(Array.from(encoded.data));

    const saved = await readSaved(dir);
    const { mean, std, config } = saved.json('genre-encoder.json');
    const standard = matrix.data.map((value, at) => (value - mean[at % 7]) / std[at % 7]);
    const names = [
      ...config.hiddenLayers.map((_: number, at: number) => `encoder_${at}`),
      'bottleneck',
    ];
    const layersApi = predictUpTo(saved.model, saved.model.getLayer(names.at(-1)), standard, 7);
    expect(maxDifference(encoded.data, layersApi)).toBeLessThan(1e-6);
    const plain = naiveForward(
      rowsOf(standard, 7),
      names.map((name: string) => {
        const kernel = saved.weights.get(`${name}/kernel`)!;
        return {
          kernel: kernel.values,
          bias: saved.weights.get(`${name}/bias`)!.values,
          cols: kernel.shape[1]!,
        };
      }),
    ).flat();
    expect(maxDifference(encoded.data, plain)).toBeLessThan(1e-5);

    const cpu = await onCpu(() => {
      const start = tf.memory().numTensors;
      const out = encoder.encode(matrix);
      expect(tf.memory().numTensors).toBe(start);
      return out;
    });
    expect(maxDifference(cpu.data, encoded.data)).toBeLessThan(1e-5);
    saved.model.dispose();
    encoder.dispose();
  });
});

describe('Autoencoder.encode', () => {
  it('equals the layers API and a plain forward pass, leaks nothing, repeats exactly, and agrees on cpu', async () => {
    const autoencoder = await Autoencoder.fit(matrix, {
      hiddenLayers: [16, 8],
      bottleneck: 3,
      epochs: 3,
      seed: 4,
    });
    const dir = join(folder, 'ae');
    await autoencoder.save(dir);
    const before = tf.memory().numTensors;
    const encoded = autoencoder.encode(matrix);
    const decoded = autoencoder.decode(encoded);
    expect(tf.memory().numTensors).toBe(before);
    expect(encoded.cols).toBe(3);
    expect(Array.from(autoencoder.encode(matrix).data)).toEqual(Array.from(encoded.data));

    const saved = await readSaved(dir);
    const dense = saved.model.layers;
    expect(dense).toHaveLength(6);
    const layersApi = predictUpTo(saved.model, dense[2]!, matrix.data, 7);
    expect(maxDifference(encoded.data, layersApi)).toBeLessThan(1e-6);
    const names = [...saved.weights.keys()];
    const plainLayers = [0, 1, 2].map((at) => {
      const kernel = saved.weights.get(names[2 * at]!)!;
      expect(names[2 * at]).toMatch(/kernel$/);
      return {
        kernel: kernel.values,
        bias: saved.weights.get(names[2 * at + 1]!)!.values,
        cols: kernel.shape[1]!,
      };
    });
    expect(
      maxDifference(encoded.data, naiveForward(rowsOf(matrix.data, 7), plainLayers).flat()),
    ).toBeLessThan(1e-5);
    // The decoder half against the layers API too (sigmoid output).
    const decoderApi = tf.tidy(() => {
      let x: tf.Tensor = tf.tensor2d(encoded.data, [encoded.rows, 3]);
      for (const layer of dense.slice(3)) x = layer.apply(x) as tf.Tensor;
      return x;
    });
    expect(maxDifference(decoded.data, decoderApi.dataSync())).toBeLessThan(1e-6);
    decoderApi.dispose();

    const cpu = await onCpu(() => {
      const start = tf.memory().numTensors;
      const out = autoencoder.encode(matrix);
      expect(tf.memory().numTensors).toBe(start);
      return out;
    });
    expect(maxDifference(cpu.data, encoded.data)).toBeLessThan(1e-5);
    saved.model.dispose();
    autoencoder.dispose();
  });
});
