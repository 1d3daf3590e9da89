import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from './tf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Autoencoder,
  InvalidArgumentError,
  InvalidFormatError,
  initBackend,
  type DenseMatrix,
} from './index';
import { train, type TrainingStep } from './autoencoder';

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
    const epochWeights: (readonly Float32Array[])[] = [];
    const { model, history } = await train(
      matrix,
      { ...small, epochs: 400, patience: 3, learningRate: 0.05 },
      { onEpochEnd: (_epoch, weights) => epochWeights.push(weights) },
    );
    expect(history.length).toBeLessThan(400);
    const validation = history.map((step) => step.validationLoss);
    const bestEpoch = validation.indexOf(Math.min(...validation));
    expect(history.length - 1 - bestEpoch).toBe(3);
    const final = model.getWeights().map((tensor) => Array.from(tensor.dataSync()));
    model.dispose();
    const plain = (weights: readonly Float32Array[] | undefined) =>
      weights?.map((w) => Array.from(w));
    // The last epoch's weights are not the best ones, so only a restore gives them back.
    expect(plain(epochWeights.at(-1))).not.toEqual(plain(epochWeights[bestEpoch]));
    expect(final).toEqual(plain(epochWeights[bestEpoch]));
  });

  it('keeps the last epoch’s weights with `restoreBestWeights: false`', async () => {
    const epochWeights: (readonly Float32Array[])[] = [];
    const { model, history } = await train(
      matrix,
      { ...small, epochs: 400, patience: 3, learningRate: 0.05, restoreBestWeights: false },
      { onEpochEnd: (_epoch, weights) => epochWeights.push(weights) },
    );
    expect(history.length).toBeLessThan(400);
    const final = model.getWeights().map((tensor) => Array.from(tensor.dataSync()));
    model.dispose();
    expect(final).toEqual(epochWeights.at(-1)?.map((w) => Array.from(w)));
  });

  it('adds the L2 penalty on every kernel to the training loss', async () => {
    // One step per epoch (the batch holds every training row) and a learning rate so small
    // that the step leaves the weights as they were: the reported loss is that of the initial
    // weights, and the two runs differ by exactly l2 · Σ kernel².
    const run = async (l2: number) => {
      let weights: readonly Float32Array[] = [];
      const { model, history } = await train(
        matrix,
        { ...small, epochs: 1, batchSize: matrix.rows, learningRate: 1e-12, l2 },
        { onEpochEnd: (_epoch, values) => (weights = values) },
      );
      model.dispose();
      return { loss: history[0]!.loss, weights };
    };
    const l2 = 0.05;
    const without = await run(0);
    const withPenalty = await run(l2);
    // Kernels are the even entries of getWeights() (kernel, bias, kernel, bias, …).
    const squares = withPenalty.weights
      .filter((_, at) => at % 2 === 0)
      .reduce((sum, kernel) => sum + kernel.reduce((s, w) => s + w * w, 0), 0);
    expect(squares).toBeGreaterThan(1);
    expect(withPenalty.loss - without.loss).toBeCloseTo(l2 * squares, 4);
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
    await expect(
      Autoencoder.fit(matrix, { restoreBestWeights: 'yes' as unknown as boolean }),
    ).rejects.toThrow('Invalid argument "options.restoreBestWeights": expected true or false');
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
    expect((await failure()).message).toContain(
      'model.json field "modelTopology.layers[0].batchInputShape": input width 6, but autoencoder.json\'s config.inputSize is 7',
    );
    writeFileSync(
      join(dir, 'autoencoder.json'),
      JSON.stringify({ kind: 'someone-else', formatVersion: 1 }),
    );
    expect((await failure()).path).toBe('autoencoder.json: kind');
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

describe('Autoencoder.fit with dropout', () => {
  const withDropout = { ...small, hiddenLayers: [8, 4], dropout: 0.3, epochs: 3, patience: 0 };

  async function masksOf(seed: number): Promise<TrainingStep[]> {
    const steps: TrainingStep[] = [];
    const { model } = await train(
      matrix,
      { ...withDropout, seed },
      { onStep: (step) => steps.push(step) },
    );
    model.dispose();
    return steps;
  }

  it('applies a fresh mask per step and layer, drawn from one stream seeded by `seed`', async () => {
    const steps = await masksOf(3);
    // 540 training rows in batches of 64: 9 steps per epoch, the first 8 of 64 rows each.
    expect(steps).toHaveLength(27);
    const [first, second] = steps;
    expect(first?.masks.map((mask) => mask.length)).toEqual([64 * 8, 64 * 4]);
    expect(second?.masks.map((mask) => mask.length)).toEqual([64 * 8, 64 * 4]);
    // Two consecutive steps of the same shape, and the same step of two epochs, differ.
    expect(Array.from(second!.masks[0]!)).not.toEqual(Array.from(first!.masks[0]!));
    expect(Array.from(second!.masks[1]!)).not.toEqual(Array.from(first!.masks[1]!));
    expect(Array.from(steps[9]!.masks[0]!)).not.toEqual(Array.from(first!.masks[0]!));
    // Inverted dropout: 0 (about 30% of entries) or 1 / (1 − 0.3).
    const all = steps.flatMap((step) => step.masks.flatMap((mask) => Array.from(mask)));
    expect(new Set(all)).toEqual(new Set([0, Math.fround(1 / 0.7)]));
    expect(all.filter((value) => value === 0).length / all.length).toBeCloseTo(0.3, 1);
    // The same seed gives the same masks, another seed others.
    const again = await masksOf(3);
    expect(again.map((step) => step.masks.map((mask) => Array.from(mask)))).toEqual(
      steps.map((step) => step.masks.map((mask) => Array.from(mask))),
    );
    const other = await masksOf(4);
    expect(Array.from(other[0]!.masks[0]!)).not.toEqual(Array.from(first!.masks[0]!));
  });

  it('gives identical weights and history for the same seed, and others for another seed', async () => {
    const run = async (seed: number) => {
      const model = await Autoencoder.fit(matrix, { ...withDropout, seed });
      const result = {
        losses: model.history.map(({ loss, validationLoss }) => [loss, validationLoss]),
        embeddings: Array.from(model.encode(matrix).data),
        reconstruction: Array.from(model.reconstruct(matrix).data),
      };
      model.dispose();
      return result;
    };
    const [a, b, c] = [await run(3), await run(3), await run(4)];
    expect(b).toEqual(a);
    expect(c.losses).not.toEqual(a.losses);
    expect(c.embeddings).not.toEqual(a.embeddings);
  });

  it('trains differently from no dropout, but encodes without it (inference is deterministic)', async () => {
    const model = await Autoencoder.fit(matrix, withDropout);
    const plain = await Autoencoder.fit(matrix, { ...withDropout, dropout: 0 });
    expect(model.history.map((step) => step.loss)).not.toEqual(
      plain.history.map((step) => step.loss),
    );
    expect(Array.from(model.encode(matrix).data)).toEqual(Array.from(model.encode(matrix).data));
    const dir = join(folder, 'dropout');
    await model.save(dir);
    const restored = await Autoencoder.load(dir);
    expect(Array.from(restored.encode(matrix).data)).toEqual(Array.from(model.encode(matrix).data));
    // The saved layers are plain dense layers: the standard loader reads them.
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    const standard = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: new Uint8Array(readFileSync(join(dir, 'weights.bin'))).buffer,
      }),
    );
    expect(standard.layers.map((layer) => layer.getClassName())).toEqual(Array(6).fill('Dense'));
    const input = tf.tensor2d(matrix.data, [matrix.rows, matrix.cols]);
    const output = standard.predict(input);
    if (!(output instanceof tf.Tensor)) throw new Error('expected one tensor');
    const expected = model.reconstruct(matrix).data;
    Array.from(output.dataSync()).forEach((value, at) =>
      expect(value).toBeCloseTo(expected[at]!, 5),
    );
    tf.dispose([input, output]);
    standard.dispose();
    for (const each of [model, plain, restored]) each.dispose();
  });
});

/** Loads `dir`, expecting an `InvalidFormatError`, and returns it. */
async function loadError(dir: string) {
  try {
    (await Autoencoder.load(dir)).dispose();
  } catch (error) {
    if (InvalidFormatError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`expected loading ${dir} to fail`);
}

interface SavedFiles {
  autoencoder: {
    [key: string]: unknown;
    config: Record<string, unknown>;
    history: Record<string, unknown>[];
  };
  model: {
    [key: string]: unknown;
    modelTopology: unknown;
    weightsManifest: { paths: unknown; weights: Record<string, unknown>[] }[];
  };
  weights: Buffer;
}

describe('Autoencoder.load checks every field it reads', () => {
  const base = join(folder, 'base');
  let saved: Autoencoder;
  let cases = 0;
  beforeAll(async () => {
    saved = await Autoencoder.fit(matrix, { ...small, epochs: 3 });
    await saved.save(base);
  });
  afterAll(() => saved.dispose());

  /** Copies the good model, lets `corrupt` edit the files, and returns the load's error. */
  async function corrupted(corrupt: (files: SavedFiles) => void) {
    const dir = join(folder, `case-${(cases += 1)}`);
    cpSync(base, dir, { recursive: true });
    const files: SavedFiles = {
      autoencoder: JSON.parse(readFileSync(join(dir, 'autoencoder.json'), 'utf8')),
      model: JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')),
      weights: readFileSync(join(dir, 'weights.bin')),
    };
    corrupt(files);
    writeFileSync(join(dir, 'autoencoder.json'), JSON.stringify(files.autoencoder));
    writeFileSync(join(dir, 'model.json'), JSON.stringify(files.model));
    writeFileSync(join(dir, 'weights.bin'), files.weights);
    return loadError(dir);
  }

  const set =
    (field: string, value: unknown) =>
    ({ autoencoder }: SavedFiles) =>
      (autoencoder.config[field] = value);

  it.each([
    ['kind', 'kind', ({ autoencoder }: SavedFiles) => (autoencoder.kind = 'someone-else')],
    [
      'formatVersion',
      'formatVersion',
      ({ autoencoder }: SavedFiles) => (autoencoder.formatVersion = 2),
    ],
    [
      'an unknown top-level field',
      'extra',
      ({ autoencoder }: SavedFiles) => (autoencoder.extra = 1),
    ],
    [
      'config that is not an object',
      'config',
      ({ autoencoder }: SavedFiles) => (autoencoder.config = [] as never),
    ],
    [
      'a missing setting',
      'config.dropout',
      ({ autoencoder }: SavedFiles) => delete autoencoder.config.dropout,
    ],
    ['an unknown setting', 'config.momentum', set('momentum', 0.9)],
    ['hiddenLayers not an array', 'config.hiddenLayers', set('hiddenLayers', 'eight')],
    ['a zero layer width', 'config.hiddenLayers[0]', set('hiddenLayers', [0])],
    ['a fractional bottleneck', 'config.bottleneck', set('bottleneck', 2.5)],
    ['an unknown activation', 'config.activation', set('activation', 'swish')],
    ['an unknown output activation', 'config.outputActivation', set('outputActivation', 7)],
    ['dropout ≥ 1', 'config.dropout', set('dropout', 1.5)],
    ['a negative l2', 'config.l2', set('l2', -1)],
    ['a null learning rate', 'config.learningRate', set('learningRate', null)],
    ['a zero batch size', 'config.batchSize', set('batchSize', 0)],
    ['zero epochs', 'config.epochs', set('epochs', 0)],
    ['validationSplit = 1', 'config.validationSplit', set('validationSplit', 1)],
    ['a negative patience', 'config.patience', set('patience', -1)],
    ['a string restoreBestWeights', 'config.restoreBestWeights', set('restoreBestWeights', 'yes')],
    ['a fractional seed', 'config.seed', set('seed', 0.5)],
    ['a zero inputSize', 'config.inputSize', set('inputSize', 0)],
    [
      'a history that is not an array',
      'history',
      ({ autoencoder }: SavedFiles) => (autoencoder.history = {} as never),
    ],
    ['an empty history', 'history', ({ autoencoder }: SavedFiles) => (autoencoder.history = [])],
    ['more epochs of history than config.epochs', 'history', set('epochs', 2)],
    [
      'an epoch that is not an object',
      'history[1]',
      ({ autoencoder }: SavedFiles) => (autoencoder.history[1] = 5 as never),
    ],
    [
      'epochs out of order',
      'history[1].epoch',
      ({ autoencoder }: SavedFiles) => (autoencoder.history[1]!.epoch = 5),
    ],
    [
      'a string loss',
      'history[0].loss',
      ({ autoencoder }: SavedFiles) => (autoencoder.history[0]!.loss = 'low'),
    ],
    [
      'a negative loss',
      'history[2].loss',
      ({ autoencoder }: SavedFiles) => (autoencoder.history[2]!.loss = -1),
    ],
    [
      'a string validation loss',
      'history[0].validationLoss',
      ({ autoencoder }: SavedFiles) => (autoencoder.history[0]!.validationLoss = 'NaN'),
    ],
    [
      'a missing seconds',
      'history[2].seconds',
      ({ autoencoder }: SavedFiles) => delete autoencoder.history[2]!.seconds,
    ],
    [
      'an unknown epoch field',
      'history[0].accuracy',
      ({ autoencoder }: SavedFiles) => (autoencoder.history[0]!.accuracy = 1),
    ],
  ])('rejects autoencoder.json with %s, naming field %s', async (_title, field, corrupt) => {
    const error = await corrupted(corrupt);
    expect([error.file, error.field]).toEqual(['autoencoder.json', field]);
    expect(error.message).toContain(`autoencoder.json field "${field}": expected`);
  });

  it.each([
    [
      'an inputSize other than the layers’',
      'modelTopology.layers[0].batchInputShape',
      set('inputSize', 7),
    ],
    ['hiddenLayers of another width', 'modelTopology.layers[0].units', set('hiddenLayers', [9])],
    ['another bottleneck', 'modelTopology.layers[1].units', set('bottleneck', 3)],
    ['more hidden layers', 'modelTopology.layers', set('hiddenLayers', [8, 4])],
    ['another activation', 'modelTopology.layers[0].activation', set('activation', 'tanh')],
    [
      'another output activation',
      'modelTopology.layers[3].activation',
      set('outputActivation', 'linear'),
    ],
    ['an l2 the layers do not have', 'modelTopology.layers[0].kernelRegularizer', set('l2', 0.01)],
  ])('rejects settings that disagree with model.json: %s', async (_title, field, corrupt) => {
    const error = await corrupted(corrupt);
    expect([error.file, error.field]).toEqual(['model.json', field]);
    expect(error.message).toContain('autoencoder.json');
  });

  it.each([
    ['a foreign format', 'format', ({ model }: SavedFiles) => (model.format = 'graph-model')],
    ['no topology', 'modelTopology', ({ model }: SavedFiles) => delete model.modelTopology],
    [
      'a topology TensorFlow.js cannot build',
      'modelTopology',
      ({ model }: SavedFiles) => (model.modelTopology = { class_name: 'Nonsense', config: {} }),
    ],
    [
      'no weights group',
      'weightsManifest',
      ({ model }: SavedFiles) => (model.weightsManifest = []),
    ],
    [
      'another weights file',
      'weightsManifest[0].paths',
      ({ model }: SavedFiles) => (model.weightsManifest[0]!.paths = ['other.bin']),
    ],
    [
      'int32 weights',
      'weightsManifest[0].weights[0].dtype',
      ({ model }: SavedFiles) => (model.weightsManifest[0]!.weights[0]!.dtype = 'int32'),
    ],
    [
      'a negative size',
      'weightsManifest[0].weights[1].shape[0]',
      ({ model }: SavedFiles) => (model.weightsManifest[0]!.weights[1]!.shape = [-8]),
    ],
    [
      'an empty weight name',
      'weightsManifest[0].weights[0].name',
      ({ model }: SavedFiles) => (model.weightsManifest[0]!.weights[0]!.name = ''),
    ],
    [
      'a weight the layers do not have',
      'weightsManifest[0].weights',
      ({ model }: SavedFiles) => (model.weightsManifest[0]!.weights[0]!.name = 'nope/kernel'),
    ],
  ])('rejects model.json with %s, naming field %s', async (_title, field, corrupt) => {
    const error = await corrupted(corrupt);
    expect([error.file, error.field]).toEqual(['model.json', field]);
  });

  it('rejects weights.bin of the right size whose weights are all NaN, naming the first', async () => {
    const names = JSON.parse(
      readFileSync(join(base, 'model.json'), 'utf8'),
    ).weightsManifest[0].weights.map((spec: { name: string }) => spec.name);
    const error = await corrupted((files) => {
      files.weights = Buffer.from(
        new Float32Array(files.weights.length / 4).fill(Number.NaN).buffer,
      );
    });
    expect([error.file, error.field]).toEqual(['weights.bin', `${names[0]}[0]`]);
    expect(error.message).toContain('expected finite weights, got NaN');
    const one = await corrupted((files) => {
      files.weights.writeFloatLE(Number.POSITIVE_INFINITY, files.weights.length - 4);
    });
    expect(one.field).toBe(`${names.at(-1)}[5]`);
    const long = await corrupted((files) => {
      files.weights = Buffer.concat([files.weights, Buffer.alloc(4)]);
    });
    expect([long.file, long.field]).toEqual(['weights.bin', undefined]);
    expect(long.message).toContain('too long');
  });

  it('releases every tensor of a load that fails after TensorFlow.js built the layers', async () => {
    const start = tf.memory().numTensors;
    await corrupted(set('activation', 'tanh'));
    await corrupted(({ model }) => (model.weightsManifest[0]!.weights[0]!.name = 'nope/kernel'));
    expect(tf.memory().numTensors).toBe(start);
  });

  it('reads a history without validation rows (saved as null) back as NaN', async () => {
    const model = await Autoencoder.fit(matrix, { ...small, epochs: 2, validationSplit: 0 });
    const dir = join(folder, 'no-validation');
    await model.save(dir);
    expect(
      JSON.parse(readFileSync(join(dir, 'autoencoder.json'), 'utf8')).history[0].validationLoss,
    ).toBeNull();
    const restored = await Autoencoder.load(dir);
    expect(restored.history.map((step) => step.validationLoss)).toEqual([Number.NaN, Number.NaN]);
    expect(restored.history).toEqual(model.history);
    for (const each of [model, restored]) each.dispose();
  });
});

describe('Autoencoder.load names the missing file and keeps the cause', () => {
  const base = join(folder, 'files');
  beforeAll(async () => {
    const model = await Autoencoder.fit(matrix, { ...small, epochs: 1 });
    await model.save(base);
    model.dispose();
  });
  const without = (file: string) => {
    const dir = join(folder, `without-${file}`);
    cpSync(base, dir, { recursive: true });
    rmSync(join(dir, file));
    return dir;
  };

  it.each(['autoencoder.json', 'model.json', 'weights.bin'])(
    'Autoencoder.load(dir) without %s throws an InvalidFormatError naming it, with the ENOENT error as cause',
    async (file) => {
      const error = await loadError(without(file));
      expect([error.file, error.field]).toEqual([file, undefined]);
      expect(error.message).toContain(`${file}: no such file in`);
      expect(error.cause).toMatchObject({ code: 'ENOENT' });
    },
  );

  it('keeps the JSON syntax error as the cause of an unreadable autoencoder.json or model.json', async () => {
    for (const file of ['autoencoder.json', 'model.json']) {
      const dir = without(file);
      writeFileSync(join(dir, file), '{"kind": ');
      const error = await loadError(dir);
      expect(error.file).toBe(file);
      expect(error.message).toContain('not valid JSON');
      expect(error.cause).toBeInstanceOf(SyntaxError);
    }
  });

  it('keeps TensorFlow.js’s error as the cause when it cannot build or fill the layers', async () => {
    const dir = without('model.json');
    const json = JSON.parse(readFileSync(join(base, 'model.json'), 'utf8'));
    json.weightsManifest[0].weights[0].name = 'nope/kernel';
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    const unknownWeight = await loadError(dir);
    expect(unknownWeight.cause).toBeInstanceOf(Error);
    expect(unknownWeight.cause).toMatchObject({
      message: 'Provided weight data has no target variable: nope/kernel',
    });
    expect(unknownWeight.message).toContain('no target variable: nope/kernel');
    json.modelTopology = { class_name: 'Nonsense', config: {} };
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    const unknownClass = await loadError(dir);
    expect(unknownClass.cause).toBeInstanceOf(Error);
    expect(unknownClass.cause).toMatchObject({ message: expect.stringContaining('Nonsense') });
  });
});
