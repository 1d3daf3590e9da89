import { createRandom, shuffle, type Random } from '@spotrec/numeric-internal';
import * as tf from './tf';
import { initBackend } from './backend';
import { readMatrix } from './read';
import { Adam } from './adam';
import { denseForTraining } from './dense';
import { folderAccess } from './node-fs';
import { checkConfig, withDefaults } from './config';
import { dropoutMasks } from './dropout';
import { AutoencoderError, InvalidArgumentError, InvalidFormatError } from './errors';
import {
  checkAutoencoderFile,
  checkTopology,
  isStoreUrl,
  loadFromStore,
  readSavedModel,
  saveModel,
  type ModelStore,
} from './saved-model';

/** `0 … count − 1` in a seeded random order: the split and each epoch's batch order. */
function shuffled(count: number, random: Random): Int32Array {
  return shuffle(
    Int32Array.from({ length: count }, (_, at) => at),
    random,
  );
}

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
  /**
   * Mean squared reconstruction error on the training rows, as trained: with dropout applied,
   * plus the L2 penalty when `l2` > 0 (the quantity the optimiser minimises).
   */
  readonly loss: number;
  /**
   * Mean squared reconstruction error on the validation rows, in inference mode (no dropout, no
   * penalty); `NaN` without validation rows (saved as `null` in `autoencoder.json`).
   */
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
   * Dropout rate after each hidden layer of the encoder, during training only. Every training
   * step draws fresh masks from one stream seeded by `seed` (inverted dropout: kept units are
   * scaled by `1 / (1 − dropout)`), so two steps get different masks and the same seed gives
   * the same masks; the saved model has no dropout layers (at inference dropout is the
   * identity).
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

/** The `userDefinedMetadata` key of the settings when saved through a URL or IO handler. */
const STORE_KEY = 'spotrec.autoencoder';

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
  /** The training history (`validationLoss` is `null` where it is `NaN`: JSON has no NaN). */
  readonly history: readonly EpochProgress[];
}

function settings(options: AutoencoderOptions, inputSize: number): AutoencoderConfig {
  return checkConfig(withDefaults(options, inputSize), (field, expected, value) => {
    throw new InvalidArgumentError(`options.${field}`, expected, value);
  });
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

function rowsOf(matrix: DenseMatrix, indices: Int32Array): Float32Array {
  const out = new Float32Array(indices.length * matrix.cols);
  indices.forEach((row, at) =>
    out.set(matrix.data.subarray(row * matrix.cols, (row + 1) * matrix.cols), at * matrix.cols),
  );
  return out;
}

/**
 * Builds the dense layers: the encoder is the first `hiddenLayers.length + 1` of them. There
 * are no dropout layers: training applies its own masks (see {@link train}).
 */
function buildModel(config: AutoencoderConfig): { model: tf.Sequential; encoderDepth: number } {
  const { inputSize, hiddenLayers, bottleneck, activation, outputActivation, l2, seed } = config;
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
  hiddenLayers.forEach((units, at) => model.add(dense(units, activation, at === 0)));
  model.add(dense(bottleneck, activation, hiddenLayers.length === 0));
  for (const units of [...hiddenLayers].reverse()) model.add(dense(units, activation, false));
  model.add(dense(inputSize, outputActivation, false));
  return { model, encoderDepth: hiddenLayers.length + 1 };
}

/**
 * Runs the layers `[from, to)` of `model` on `input`; `masks[at]`, when given, multiplies the
 * output of layer `at` (dropout).
 */
function forward(
  model: tf.LayersModel,
  input: tf.Tensor,
  from: number,
  to: number,
  training: boolean,
  masks: readonly tf.Tensor[] = [],
): tf.Tensor {
  let x = input;
  for (let at = from; at < to; at += 1) {
    const layer = model.layers[at];
    // In training, through denseForTraining: the same outputs, faster gradients on WASM.
    const output =
      training && layer !== undefined
        ? denseForTraining(layer, x as tf.Tensor2D, at > from)
        : layer?.apply(x, { training });
    if (!(output instanceof tf.Tensor))
      throw new AutoencoderError(`layer ${at} did not return one tensor`);
    const mask = masks[at];
    x = mask === undefined ? output : tf.mul(output, mask);
  }
  return x;
}

/** @internal What one training step applied (for tests). */
export interface TrainingStep {
  /** 1-based epoch. */
  readonly epoch: number;
  /** 1-based step, counted across epochs. */
  readonly step: number;
  /** The dropout mask of each encoder hidden layer (`rows × width`), empty without dropout. */
  readonly masks: readonly Float32Array[];
}

/** @internal Hooks into {@link train} (for tests). */
export interface TrainingObserver {
  /** Called before each gradient step with the masks it applies. */
  readonly onStep?: (step: TrainingStep) => void;
  /** Called after each epoch with a copy of every weight, in `model.getWeights()` order. */
  readonly onEpochEnd?: (epoch: number, weights: readonly Float32Array[]) => void;
}

/** @internal What {@link train} returns: the parts of an {@link Autoencoder}. */
export interface Trained {
  /** The trained layers (the caller owns them). */
  readonly model: tf.Sequential;
  /** Number of encoder layers. */
  readonly encoderDepth: number;
  /** The settings. */
  readonly config: AutoencoderConfig;
  /** Loss per epoch. */
  readonly history: readonly EpochProgress[];
}

/** A copy of every weight of `model`. */
function weightsOf(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((tensor) => Float32Array.from(tensor.dataSync()));
}

/**
 * @internal The training loop of {@link Autoencoder.fit}, with hooks for tests.
 *
 * Each step draws a dropout mask per encoder hidden layer from one stream seeded by
 * `config.seed`, applies it to that layer's output, and takes one Adam step on the mean
 * squared reconstruction error plus the L2 penalty.
 */
export async function train(
  matrix: DenseMatrix,
  options: FitOptions = {},
  observer: TrainingObserver = {},
): Promise<Trained> {
  assertMatrix(matrix, 'matrix');
  if (matrix.rows < 2)
    throw new InvalidArgumentError('matrix.rows', 'at least 2 rows', matrix.rows);
  if (matrix.cols < 1)
    throw new InvalidArgumentError('matrix.cols', 'at least 1 column', matrix.cols);
  const config = settings(options, matrix.cols);
  await initBackend();
  const random = createRandom(config.seed);
  const masks = config.dropout > 0 ? dropoutMasks(config.seed, config.dropout) : undefined;
  const order = shuffled(matrix.rows, random);
  const validationCount = Math.floor(matrix.rows * config.validationSplit);
  const validationRows = order.slice(0, validationCount);
  const trainRows = order.slice(validationCount);
  const { model, encoderDepth } = buildModel(config);
  const variables = model.trainableWeights.map((weight) => {
    const variable = weight.read();
    if (!(variable instanceof tf.Variable))
      throw new AutoencoderError(`the weight ${weight.name} is not a tf.Variable`);
    return variable;
  });
  const optimizer = new Adam(variables, config.learningRate);
  const validation =
    validationCount > 0
      ? tf.tensor2d(rowsOf(matrix, validationRows), [validationCount, matrix.cols])
      : undefined;
  const history: EpochProgress[] = [];
  let best = Number.POSITIVE_INFINITY;
  let bestWeights: tf.Tensor[] | undefined;
  let sinceBest = 0;
  let step = 0;
  try {
    for (let epoch = 1; epoch <= config.epochs; epoch += 1) {
      const started = performance.now();
      const batches = shuffled(trainRows.length, random);
      let lossSum = 0;
      for (let first = 0; first < batches.length; first += config.batchSize) {
        const picked = batches
          .subarray(first, Math.min(first + config.batchSize, batches.length))
          .map((at) => trainRows[at] as number);
        const rows = picked.length;
        const stepMasks =
          masks === undefined ? [] : config.hiddenLayers.map((width) => masks.next(rows, width));
        step += 1;
        observer.onStep?.({ epoch, step, masks: stepMasks });
        const batch = tf.tensor2d(rowsOf(matrix, picked), [rows, matrix.cols]);
        const maskTensors = stepMasks.map((mask, at) =>
          tf.tensor2d(mask, [rows, config.hiddenLayers[at] ?? 0]),
        );
        try {
          const cost = optimizer.minimize(() => {
            const output = forward(model, batch, 0, model.layers.length, true, maskTensors);
            let loss = tf.losses.meanSquaredError<tf.Tensor, tf.Scalar>(batch, output);
            // Each layer's own penalties: a Sequential's calculateLosses() returns none (its
            // layers hang off an inner model), so `l2` used to be ignored.
            for (const penalty of model.layers.flatMap((layer) => layer.calculateLosses()))
              loss = tf.add(loss, penalty);
            return loss;
          });
          const [value] = await cost.data();
          cost.dispose();
          lossSum += Number(value) * rows;
        } finally {
          batch.dispose();
          maskTensors.forEach((tensor) => tensor.dispose());
        }
      }
      const trainLoss = lossSum / trainRows.length;
      let validationLoss = Number.NaN;
      if (validation !== undefined) {
        validationLoss = tf.tidy(() => {
          const output = forward(model, validation, 0, model.layers.length, false);
          return Number(tf.losses.meanSquaredError(validation, output).dataSync()[0]);
        });
      }
      const progress: EpochProgress = {
        epoch,
        loss: trainLoss,
        validationLoss,
        seconds: (performance.now() - started) / 1000,
      };
      history.push(progress);
      observer.onEpochEnd?.(epoch, weightsOf(model));
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
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    bestWeights?.forEach((tensor) => tensor.dispose());
    validation?.dispose();
  }
  return { model, encoderDepth, config, history };
}

/**
 * A dense autoencoder on TensorFlow.js (WASM backend): trained to reproduce its input rows
 * through a narrow bottleneck, whose activations are the rows' embeddings, ready to index with
 * `@spotrec/cosine`. Training is seeded (weights, split, batch order, a fresh dropout mask per
 * step), stops early on the validation loss and restores the best weights; every tensor it
 * makes is released.
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
    const { model, encoderDepth, config, history } = await train(matrix, options);
    return new Autoencoder(model, encoderDepth, config, history);
  }

  private check(method: string): void {
    if (this.disposed)
      throw new AutoencoderError(`Autoencoder.${method}(): the model was disposed`);
  }

  /** Runs the layers `[from, to)` on `input`, in inference mode, returning a plain matrix. */
  private run(input: DenseMatrix, from: number, to: number): DenseMatrix {
    const { data, cols } = readMatrix(() =>
      forward(this.model, tf.tensor2d(input.data, [input.rows, input.cols]), from, to, false),
    );
    return { data, rows: input.rows, cols };
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
   * Saves the model and its settings and history.
   *
   * - A folder path (Node): writes the standard TensorFlow.js layers format (`model.json` and
   *   `weights.bin`, loadable by `tf.loadLayersModel`) and `autoencoder.json` (settings and
   *   history) into the folder, creating it.
   * - A URL with a TensorFlow.js handler in this runtime (in browsers `indexeddb://name` or
   *   `localstorage://name`; `http(s)://…` POSTs the files) or a TensorFlow.js IO handler: the
   *   model through that handler, with the contents of `autoencoder.json` as the artifacts'
   *   `userDefinedMetadata["spotrec.autoencoder"]`, so both are stored together.
   *
   * @param dir - A folder path, a URL or an IO handler.
   * @throws {@link InvalidArgumentError} for an empty string, a URL no handler accepts here
   * (such as `indexeddb://` under Node), or an object without a `save` method.
   *
   * @example
   * ```ts no-run
   * // In a browser (no-run: IndexedDB is not in Node)
   * await autoencoder.save('indexeddb://audio-ae');
   * const again = await Autoencoder.load('indexeddb://audio-ae');
   * ```
   */
  async save(dir: ModelStore): Promise<void> {
    this.check('save');
    const file: AutoencoderFileJSON = {
      kind: 'spotrec.autoencoder',
      formatVersion: 1,
      config: this.config,
      history: this.history,
    };
    await saveModel(this.model, dir, 'dir', STORE_KEY, 'autoencoder.json', file);
  }

  /**
   * Reads an autoencoder written by {@link Autoencoder.save}, checking every field it uses.
   *
   * @param dir - The folder holding `autoencoder.json`, `model.json` and `weights.bin`; or a URL
   * (`indexeddb://name`, `localstorage://name`, `http(s)://…/model.json`) or TensorFlow.js IO
   * handler that {@link Autoencoder.save} saved to (the settings are read from the artifacts'
   * `userDefinedMetadata["spotrec.autoencoder"]`). A folder written to disk and served over
   * HTTP loads from its `model.json` URL too: `autoencoder.json` is fetched beside it.
   * @returns The autoencoder, with the saved settings and history.
   * @throws {@link InvalidFormatError} naming the file (`file`) and, where one is at fault, the
   * field (`field`): a missing or unreadable file, invalid JSON, a foreign model or format
   * version, a missing, unknown or out-of-range setting or history entry, a weights manifest
   * other than one float32 `weights.bin`, truncated or non-finite weights, or layers that
   * disagree with the settings. For a URL or IO handler, a failed load or missing settings name
   * the URL (or `the IO handler`) as `file`. The underlying error, if any, is its `cause`.
   * @throws {@link InvalidArgumentError} for an empty string, a URL no handler accepts here
   * (such as `indexeddb://` under Node), or an object without a `load` method.
   */
  static async load(dir: ModelStore): Promise<Autoencoder> {
    if (typeof dir === 'string' && dir === '')
      throw new InvalidArgumentError('dir', 'a folder path, a URL or an IO handler', dir);
    let saved;
    if (typeof dir === 'string' && !isStoreUrl(dir)) saved = await readSavedModel(dir);
    else {
      const { file, ...artifacts } = await loadFromStore(dir, 'dir', STORE_KEY, 'autoencoder.json');
      saved = { ...checkAutoencoderFile(file), ...artifacts };
    }
    const { config, history, modelTopology, weightSpecs, weightData } = saved;
    await initBackend();
    let model: tf.LayersModel;
    try {
      model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology, format: 'layers-model' }));
    } catch (error) {
      throw new InvalidFormatError(
        'model.json',
        `TensorFlow.js cannot build it (${error instanceof Error ? error.message : String(error)})`,
        { field: 'modelTopology', cause: error },
      );
    }
    try {
      if (!(model instanceof tf.Sequential)) {
        throw new InvalidFormatError('model.json', 'expected a Sequential model', {
          field: 'modelTopology.class_name',
        });
      }
      checkTopology(model, config);
      const weights = tf.io.decodeWeights(weightData, weightSpecs);
      try {
        model.loadWeights(weights, true);
      } catch (error) {
        throw new InvalidFormatError(
          'model.json',
          `its weights do not fit the layers (${error instanceof Error ? error.message : String(error)})`,
          { field: 'weightsManifest[0].weights', cause: error },
        );
      } finally {
        tf.dispose(weights);
      }
    } catch (error) {
      model.dispose();
      throw error;
    }
    return new Autoencoder(model, config.hiddenLayers.length + 1, config, history);
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
  const { stat, join } = await folderAccess('dir', dir);
  return (await stat(join(dir, 'weights.bin'))).size;
}
