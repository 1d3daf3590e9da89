import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from './backend';
import { AutoencoderError, InvalidArgumentError, InvalidFormatError } from './errors';

/**
 * A dense row-major float32 matrix: the structural `DenseMatrix` of the spotrec packages
 * (the `FeatureMatrix` of `@spotrec/features` fits).
 */
export interface DenseMatrix {
  /** The values, row after row. */
  readonly data: Float32Array;
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
}

/** An activation function of the hidden layers or the output. */
export type Activation = 'relu' | 'elu' | 'tanh' | 'sigmoid' | 'linear';

/** One epoch of training, as reported to `onEpochEnd` and kept in the history. */
export interface EpochProgress {
  /** 1-based epoch number. */
  readonly epoch: number;
  /** Mean squared reconstruction error on the training rows. */
  readonly loss: number;
  /** Mean squared reconstruction error on the validation rows (`NaN` without a split). */
  readonly validationLoss: number;
  /** Seconds the epoch took. */
  readonly seconds: number;
}

/** The architecture and training settings. */
export interface AutoencoderOptions {
  /**
   * Widths of the encoder's hidden layers, outermost first; the decoder mirrors them.
   * @defaultValue `[32, 16]`
   */
  readonly hiddenLayers?: readonly number[];
  /**
   * Width of the bottleneck: the embedding size.
   * @defaultValue `8`
   */
  readonly bottleneck?: number;
  /**
   * Activation of the hidden layers and the bottleneck.
   * @defaultValue `'relu'`
   */
  readonly activation?: Activation;
  /**
   * Activation of the output layer (`'sigmoid'` suits min-max scaled inputs in [0, 1]).
   * @defaultValue `'sigmoid'`
   */
  readonly outputActivation?: Activation;
  /**
   * Dropout rate after each hidden layer of the encoder (seeded).
   * @defaultValue `0`
   */
  readonly dropout?: number;
  /**
   * L2 penalty on every kernel.
   * @defaultValue `0`
   */
  readonly l2?: number;
  /**
   * Adam's learning rate.
   * @defaultValue `0.005`
   */
  readonly learningRate?: number;
  /**
   * Rows per gradient step.
   * @defaultValue `256`
   */
  readonly batchSize?: number;
  /**
   * Epochs at most.
   * @defaultValue `50`
   */
  readonly epochs?: number;
  /**
   * Share of rows (a seeded random choice) held out to measure validation loss.
   * @defaultValue `0.1`
   */
  readonly validationSplit?: number;
  /**
   * Stop after this many epochs without a better validation loss; 0 never stops early.
   * @defaultValue `5`
   */
  readonly patience?: number;
  /**
   * After stopping, go back to the weights of the best validation epoch.
   * @defaultValue `true`
   */
  readonly restoreBestWeights?: boolean;
  /**
   * Seed of the initial weights, the split, the batch order and dropout: the same seed, data
   * and options give the same losses.
   * @defaultValue `0`
   */
  readonly seed?: number;
}

/** Options of {@link Autoencoder.fit}: the settings and a progress callback. */
export interface FitOptions extends AutoencoderOptions {
  /** Called after every epoch (for progress bars). */
  readonly onEpochEnd?: (progress: EpochProgress) => void;
}

/** The settings of a trained autoencoder, every default filled in, as saved beside the model. */
export interface AutoencoderConfig extends Required<AutoencoderOptions> {
  /** Width of the input (and output) rows. */
  readonly inputSize: number;
}

/** The file `autoencoder.json` that {@link Autoencoder.save} writes beside `model.json`. */
export interface AutoencoderFileJSON {
  /** The format tag. */
  readonly kind: 'spotrec.autoencoder';
  /** The format version. */
  readonly formatVersion: 1;
  /** The settings. */
  readonly config: AutoencoderConfig;
  /** The training history. */
  readonly history: readonly EpochProgress[];
}

const ACTIVATIONS: readonly Activation[] = ['relu', 'elu', 'tanh', 'sigmoid', 'linear'];

function settings(options: AutoencoderOptions, inputSize: number): AutoencoderConfig {
  const {
    hiddenLayers = [32, 16],
    bottleneck = 8,
    activation = 'relu',
    outputActivation = 'sigmoid',
    dropout = 0,
    l2 = 0,
    learningRate = 0.005,
    batchSize = 256,
    epochs = 50,
    validationSplit = 0.1,
    patience = 5,
    restoreBestWeights = true,
    seed = 0,
  } = options;
  const positive = (value: unknown, name: string) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0)
      throw new InvalidArgumentError(`options.${name}`, 'a positive integer', value);
  };
  if (!Array.isArray(hiddenLayers))
    throw new InvalidArgumentError(
      'options.hiddenLayers',
      'an array of layer widths',
      hiddenLayers,
    );
  hiddenLayers.forEach((width, at) => positive(width, `hiddenLayers[${at}]`));
  positive(bottleneck, 'bottleneck');
  positive(batchSize, 'batchSize');
  positive(epochs, 'epochs');
  for (const [name, value] of [
    ['activation', activation],
    ['outputActivation', outputActivation],
  ] as const) {
    if (!ACTIVATIONS.includes(value))
      throw new InvalidArgumentError(`options.${name}`, `one of ${ACTIVATIONS.join(', ')}`, value);
  }
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1))
    throw new InvalidArgumentError('options.dropout', 'a number in [0, 1)', dropout);
  if (typeof l2 !== 'number' || !(l2 >= 0) || !Number.isFinite(l2))
    throw new InvalidArgumentError('options.l2', 'a finite number ≥ 0', l2);
  if (typeof learningRate !== 'number' || !(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new InvalidArgumentError('options.learningRate', 'a finite number > 0', learningRate);
  }
  if (typeof validationSplit !== 'number' || !(validationSplit >= 0 && validationSplit < 1)) {
    throw new InvalidArgumentError(
      'options.validationSplit',
      'a number in [0, 1)',
      validationSplit,
    );
  }
  if (typeof patience !== 'number' || !Number.isSafeInteger(patience) || patience < 0)
    throw new InvalidArgumentError('options.patience', 'an integer ≥ 0', patience);
  if (typeof seed !== 'number' || !Number.isInteger(seed))
    throw new InvalidArgumentError('options.seed', 'an integer', seed);
  return {
    hiddenLayers: [...hiddenLayers],
    bottleneck,
    activation,
    outputActivation,
    dropout,
    l2,
    learningRate,
    batchSize,
    epochs,
    validationSplit,
    patience,
    restoreBestWeights,
    seed,
    inputSize,
  };
}

function assertMatrix(
  value: unknown,
  parameter: string,
  cols?: number,
): asserts value is DenseMatrix {
  const matrix = value as Partial<DenseMatrix> | null;
  if (
    typeof matrix !== 'object' ||
    matrix === null ||
    !(matrix.data instanceof Float32Array) ||
    !Number.isSafeInteger(matrix.rows) ||
    !Number.isSafeInteger(matrix.cols)
  ) {
    throw new InvalidArgumentError(
      parameter,
      'a DenseMatrix { data: Float32Array, rows, cols }',
      value,
    );
  }
  if (matrix.data.length !== (matrix.rows as number) * (matrix.cols as number)) {
    throw new InvalidArgumentError(
      `${parameter}.data`,
      `length rows × cols = ${(matrix.rows as number) * (matrix.cols as number)}`,
      `length ${matrix.data.length}`,
    );
  }
  if (cols !== undefined && matrix.cols !== cols)
    throw new InvalidArgumentError(
      `${parameter}.cols`,
      `${cols} columns (the model's width)`,
      matrix.cols,
    );
  const bad = matrix.data.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0)
    throw new InvalidArgumentError(
      `${parameter}.data[${bad}]`,
      `a finite number (row ${Math.floor(bad / (matrix.cols as number))})`,
      matrix.data[bad],
    );
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / 4294967296;
  };
}

function shuffled(count: number, random: () => number): Int32Array {
  const order = Int32Array.from({ length: count }, (_, at) => at);
  for (let at = count - 1; at > 0; at -= 1) {
    const swap = Math.floor(random() * (at + 1));
    const held = order[at] as number;
    order[at] = order[swap] as number;
    order[swap] = held;
  }
  return order;
}

function rowsOf(matrix: DenseMatrix, indices: Int32Array): Float32Array {
  const out = new Float32Array(indices.length * matrix.cols);
  indices.forEach((row, at) =>
    out.set(matrix.data.subarray(row * matrix.cols, (row + 1) * matrix.cols), at * matrix.cols),
  );
  return out;
}

/** Builds the layers; the encoder is the first `2 × hidden + 1` of them (with dropout layers). */
function buildModel(config: AutoencoderConfig): { model: tf.Sequential; encoderDepth: number } {
  const { inputSize, hiddenLayers, bottleneck, activation, outputActivation, dropout, l2, seed } =
    config;
  const model = tf.sequential();
  let layerSeed = seed * 7919 + 1;
  const dense = (units: number, act: Activation, first: boolean) =>
    tf.layers.dense({
      units,
      activation: act,
      kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed++ }),
      biasInitializer: 'zeros',
      ...(l2 > 0 ? { kernelRegularizer: tf.regularizers.l2({ l2 }) } : {}),
      ...(first ? { inputShape: [inputSize] } : {}),
    });
  let encoderDepth = 0;
  hiddenLayers.forEach((units, at) => {
    model.add(dense(units, activation, at === 0));
    encoderDepth += 1;
    if (dropout > 0) {
      model.add(tf.layers.dropout({ rate: dropout, seed: layerSeed++ }));
      encoderDepth += 1;
    }
  });
  model.add(dense(bottleneck, activation, hiddenLayers.length === 0));
  encoderDepth += 1;
  for (const units of [...hiddenLayers].reverse()) model.add(dense(units, activation, false));
  model.add(dense(inputSize, outputActivation, false));
  return { model, encoderDepth };
}

/**
 * A dense autoencoder on TensorFlow.js (WASM backend): trained to reproduce its input rows
 * through a narrow bottleneck, whose activations are the rows' embeddings, ready to index with
 * `@spotrec/cosine`. Training is seeded (weights, split, batch order, dropout), stops early on
 * the validation loss and restores the best weights; every tensor it makes is released.
 *
 * @example
 * ```ts
 * const autoencoder = await Autoencoder.fit(matrix, { bottleneck: 8, epochs: 40, seed: 1, onEpochEnd: (p) => console.log(p.epoch, p.loss, p.validationLoss) });
 * const embeddings = autoencoder.encode(matrix); // { data, rows, cols: 8 }
 * await autoencoder.save('models/audio-ae');
 * const again = await Autoencoder.load('models/audio-ae');
 * autoencoder.dispose();
 * ```
 */
export class Autoencoder {
  /** The settings it was trained with. */
  readonly config: AutoencoderConfig;
  /** Loss per epoch. */
  readonly history: readonly EpochProgress[];
  private readonly model: tf.Sequential;
  private readonly encoderDepth: number;
  private disposed = false;

  private constructor(
    model: tf.Sequential,
    encoderDepth: number,
    config: AutoencoderConfig,
    history: readonly EpochProgress[],
  ) {
    this.model = model;
    this.encoderDepth = encoderDepth;
    this.config = config;
    this.history = history;
  }

  /**
   * Trains an autoencoder on the rows of `matrix`.
   *
   * @param matrix - Training rows (min-max scaled features suit the default sigmoid output).
   * @param options - Architecture, training settings, seed and progress callback.
   * @returns The trained autoencoder with its history.
   * @throws {@link InvalidArgumentError} for a bad option or matrix, or fewer than 2 rows.
   */
  static async fit(matrix: DenseMatrix, options: FitOptions = {}): Promise<Autoencoder> {
    assertMatrix(matrix, 'matrix');
    if (matrix.rows < 2)
      throw new InvalidArgumentError('matrix.rows', 'at least 2 rows', matrix.rows);
    const config = settings(options, matrix.cols);
    await initBackend();
    const random = seededRandom(config.seed);
    const order = shuffled(matrix.rows, random);
    const validationCount = Math.floor(matrix.rows * config.validationSplit);
    const validationRows = order.slice(0, validationCount);
    const trainRows = order.slice(validationCount);
    const { model, encoderDepth } = buildModel(config);
    model.compile({ optimizer: tf.train.adam(config.learningRate), loss: 'meanSquaredError' });
    const validation =
      validationCount > 0
        ? tf.tensor2d(rowsOf(matrix, validationRows), [validationCount, matrix.cols])
        : undefined;
    const history: EpochProgress[] = [];
    let best = Number.POSITIVE_INFINITY;
    let bestWeights: tf.Tensor[] | undefined;
    let sinceBest = 0;
    try {
      for (let epoch = 1; epoch <= config.epochs; epoch += 1) {
        const started = performance.now();
        const batches = shuffled(trainRows.length, random);
        let lossSum = 0;
        for (let first = 0; first < batches.length; first += config.batchSize) {
          const picked = batches
            .subarray(first, Math.min(first + config.batchSize, batches.length))
            .map((at) => trainRows[at] as number);
          const batch = tf.tensor2d(rowsOf(matrix, picked), [picked.length, matrix.cols]);
          const value = (await model.trainOnBatch(batch, batch)) as number;
          batch.dispose();
          lossSum += value * picked.length;
        }
        const trainLoss = lossSum / trainRows.length;
        let validationLoss = Number.NaN;
        if (validation !== undefined) {
          validationLoss = tf.tidy(
            () =>
              tf.losses
                .meanSquaredError(validation, model.predict(validation) as tf.Tensor)
                .dataSync()[0] as number,
          );
        }
        const progress: EpochProgress = {
          epoch,
          loss: trainLoss,
          validationLoss,
          seconds: (performance.now() - started) / 1000,
        };
        history.push(progress);
        options.onEpochEnd?.(progress);
        const monitored = validation === undefined ? trainLoss : validationLoss;
        if (monitored < best) {
          best = monitored;
          sinceBest = 0;
          if (config.restoreBestWeights) {
            bestWeights?.forEach((tensor) => tensor.dispose());
            bestWeights = model.getWeights().map((tensor) => tensor.clone());
          }
        } else {
          sinceBest += 1;
          if (config.patience > 0 && sinceBest >= config.patience) break;
        }
      }
      if (config.restoreBestWeights && bestWeights !== undefined) model.setWeights(bestWeights);
    } finally {
      bestWeights?.forEach((tensor) => tensor.dispose());
      validation?.dispose();
      model.optimizer.dispose();
    }
    return new Autoencoder(model, encoderDepth, config, history);
  }

  private check(method: string): void {
    if (this.disposed)
      throw new AutoencoderError(`Autoencoder.${method}(): the model was disposed`);
  }

  /** Runs the layers `[from, to)` on `input`, in inference mode, returning a plain matrix. */
  private run(input: DenseMatrix, from: number, to: number): DenseMatrix {
    const cols = (this.model.layers[to - 1] as tf.layers.Layer).outputShape[1] as number;
    const data = tf.tidy(() => {
      let x: tf.Tensor = tf.tensor2d(input.data, [input.rows, input.cols]);
      for (let at = from; at < to; at += 1)
        x = (this.model.layers[at] as tf.layers.Layer).apply(x, { training: false }) as tf.Tensor;
      return x.dataSync() as Float32Array;
    });
    return { data: Float32Array.from(data), rows: input.rows, cols };
  }

  /**
   * The embeddings of `matrix`'s rows: the bottleneck activations.
   *
   * @throws {@link InvalidArgumentError} for a matrix of another width.
   */
  encode(matrix: DenseMatrix): DenseMatrix {
    this.check('encode');
    assertMatrix(matrix, 'matrix', this.config.inputSize);
    return this.run(matrix, 0, this.encoderDepth);
  }

  /**
   * Reconstructs rows from embeddings (the decoder half).
   *
   * @throws {@link InvalidArgumentError} for embeddings of another width.
   */
  decode(embeddings: DenseMatrix): DenseMatrix {
    this.check('decode');
    assertMatrix(embeddings, 'embeddings', this.config.bottleneck);
    return this.run(embeddings, this.encoderDepth, this.model.layers.length);
  }

  /** Encodes and decodes `matrix`'s rows. */
  reconstruct(matrix: DenseMatrix): DenseMatrix {
    this.check('reconstruct');
    assertMatrix(matrix, 'matrix', this.config.inputSize);
    return this.run(matrix, 0, this.model.layers.length);
  }

  /** Mean squared error of each row's reconstruction. */
  reconstructionError(matrix: DenseMatrix): Float32Array {
    const output = this.reconstruct(matrix);
    const errors = new Float32Array(matrix.rows);
    for (let row = 0; row < matrix.rows; row += 1) {
      let sum = 0;
      for (let col = 0; col < matrix.cols; col += 1)
        sum +=
          ((matrix.data[row * matrix.cols + col] as number) -
            (output.data[row * matrix.cols + col] as number)) **
          2;
      errors[row] = sum / matrix.cols;
    }
    return errors;
  }

  /**
   * Writes the model in the standard TensorFlow.js layers format (`model.json` and
   * `weights.bin`, loadable by `tf.loadLayersModel` in a browser) and `autoencoder.json`
   * (settings and history) into `dir`, creating it.
   */
  async save(dir: string): Promise<void> {
    this.check('save');
    if (typeof dir !== 'string' || dir === '')
      throw new InvalidArgumentError('dir', 'a folder path', dir);
    await mkdir(dir, { recursive: true });
    await this.model.save({
      save: async (artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> => {
        const weights = artifacts.weightData;
        const buffers = weights === undefined ? [] : Array.isArray(weights) ? weights : [weights];
        const bytes = Buffer.concat(buffers.map((buffer) => Buffer.from(buffer)));
        const modelJSON = {
          modelTopology: artifacts.modelTopology,
          format: 'layers-model',
          generatedBy: artifacts.generatedBy,
          convertedBy: null,
          weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
        };
        await writeFile(join(dir, 'weights.bin'), bytes);
        await writeFile(join(dir, 'model.json'), JSON.stringify(modelJSON));
        const file: AutoencoderFileJSON = {
          kind: 'spotrec.autoencoder',
          formatVersion: 1,
          config: this.config,
          history: this.history,
        };
        await writeFile(join(dir, 'autoencoder.json'), JSON.stringify(file, null, 1));
        return {
          modelArtifactsInfo: {
            dateSaved: new Date(),
            modelTopologyType: 'JSON',
            weightDataBytes: bytes.length,
          },
        };
      },
    });
  }

  /**
   * Reads an autoencoder written by {@link Autoencoder.save}.
   *
   * @throws {@link InvalidFormatError} naming the file at fault: missing, not JSON, a foreign
   * model, truncated weights, or shapes that disagree with the settings.
   */
  static async load(dir: string): Promise<Autoencoder> {
    if (typeof dir !== 'string' || dir === '')
      throw new InvalidArgumentError('dir', 'a folder path', dir);
    const read = async (name: string): Promise<Buffer> => {
      try {
        return await readFile(join(dir, name));
      } catch (error) {
        const code = (error as { code?: string }).code;
        throw new InvalidFormatError(
          name,
          code === 'ENOENT'
            ? `no such file in ${dir}`
            : `cannot be read (${code ?? String(error)})`,
        );
      }
    };
    const parse = (name: string, bytes: Buffer): Record<string, unknown> => {
      try {
        const value = JSON.parse(bytes.toString('utf8')) as unknown;
        if (typeof value !== 'object' || value === null) throw new Error('not an object');
        return value as Record<string, unknown>;
      } catch (error) {
        throw new InvalidFormatError(
          name,
          `not valid JSON (${error instanceof Error ? error.message : String(error)})`,
        );
      }
    };
    const file = parse('autoencoder.json', await read('autoencoder.json'));
    if (file.kind !== 'spotrec.autoencoder')
      throw new InvalidFormatError(
        'autoencoder.json',
        `not a spotrec autoencoder (kind ${JSON.stringify(file.kind)})`,
      );
    if (file.formatVersion !== 1)
      throw new InvalidFormatError(
        'autoencoder.json',
        `this version reads format 1, got ${JSON.stringify(file.formatVersion)}`,
      );
    let config: AutoencoderConfig;
    try {
      const raw = file.config as AutoencoderConfig;
      config = settings(raw, raw.inputSize);
      if (!Number.isSafeInteger(raw.inputSize) || raw.inputSize <= 0) throw new Error('inputSize');
    } catch (error) {
      throw new InvalidFormatError(
        'autoencoder.json',
        `the settings are invalid (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    const modelJSON = parse('model.json', await read('model.json'));
    const manifest = modelJSON.weightsManifest as
      { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] | undefined;
    if (
      modelJSON.modelTopology === undefined ||
      !Array.isArray(manifest) ||
      manifest.length !== 1 ||
      manifest[0]?.paths.join() !== 'weights.bin'
    ) {
      throw new InvalidFormatError(
        'model.json',
        'not a TensorFlow.js layers model with one weights.bin',
      );
    }
    const specs = manifest[0].weights;
    const expectedBytes = specs.reduce(
      (sum, spec) => sum + spec.shape.reduce((product, size) => product * size, 1) * 4,
      0,
    );
    const weights = await read('weights.bin');
    if (weights.length !== expectedBytes) {
      throw new InvalidFormatError(
        'weights.bin',
        `${weights.length < expectedBytes ? 'truncated' : 'too long'}: ${weights.length} bytes, the manifest needs ${expectedBytes}`,
      );
    }
    await initBackend();
    let model: tf.LayersModel;
    try {
      model = await tf.loadLayersModel({
        load: () =>
          Promise.resolve({
            modelTopology: modelJSON.modelTopology as object,
            weightSpecs: specs,
            weightData: new Uint8Array(weights).buffer,
            format: 'layers-model',
          }),
      });
    } catch (error) {
      throw new InvalidFormatError(
        'model.json',
        `TensorFlow.js cannot build it (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    const { model: expected, encoderDepth } = buildModel(config);
    const shapes = (m: tf.LayersModel) =>
      m.layers.map((layer) => JSON.stringify(layer.outputShape));
    const same = shapes(model).join('|') === shapes(expected).join('|');
    expected.dispose();
    if (!same || !(model instanceof tf.Sequential)) {
      model.dispose();
      throw new InvalidFormatError(
        'model.json',
        `its layer shapes (${shapes(model).join(' → ')}) do not match autoencoder.json's settings`,
      );
    }
    const history = Array.isArray(file.history) ? (file.history as EpochProgress[]) : [];
    return new Autoencoder(model, encoderDepth, config, history);
  }

  /** Releases the model's tensors; the autoencoder cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.model.dispose();
  }
}

/** @internal The size of a saved model folder's weights, for reports. */
export async function weightsBytes(dir: string): Promise<number> {
  return (await stat(join(dir, 'weights.bin'))).size;
}
