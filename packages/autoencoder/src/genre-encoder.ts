// A genre-supervised encoder of audio features: the supervised autoencoder (encoder, decoder
// and a genre head on the bottleneck) and the genre classifier (encoder and genre head, no
// decoder). Genres are a training target only: `encode` reads the features alone.

import { createRandom, shuffle } from '@spotrec/numeric-internal';
import { describeValue } from '@spotrec/errors-internal';
import type { DenseMatrix, EpochProgress } from './autoencoder';
import { initBackend } from './backend';
import { readMatrix } from './read';
import { Adam } from './adam';
import { denseForTraining } from './dense';
import { dropoutMasks } from './dropout';
import { AutoencoderError, InvalidArgumentError, InvalidFormatError } from './errors';
import { isRecord as isRecordValue } from './config';
import {
  checkManifest,
  checkWeights,
  failIn,
  onlyKeys,
  readBytes,
  readObject,
  isStoreUrl,
  loadFromStore,
  saveModel,
  type ModelStore,
} from './saved-model';
import * as tf from './tf';

/** The settings of a {@link GenreEncoder}. */
export interface GenreEncoderOptions {
  /**
   * With a decoder (`true`): a supervised autoencoder, trained on reconstruction error plus
   * `genreWeight` × the genre cross-entropy. Without (`false`): a genre classifier trained on
   * the cross-entropy alone. Either way the embedding is the bottleneck, the layer the genre
   * head reads (for the classifier: its penultimate layer).
   * @defaultValue `true`
   */
  readonly decoder?: boolean;
  /**
   * Widths of the encoder's hidden layers before the bottleneck; the decoder mirrors them.
   * @defaultValue `[128]`
   */
  readonly hiddenLayers?: readonly number[];
  /**
   * Width of the bottleneck: the embedding size.
   * @defaultValue `32`
   */
  readonly bottleneck?: number;
  /**
   * λ, the weight of the genre cross-entropy against the reconstruction error (the decoder's
   * loss is the mean squared error of the standardised features). Ignored without a decoder.
   * @defaultValue `1`
   */
  readonly genreWeight?: number;
  /**
   * Genres with fewer training tracks than this are left out of the vocabulary (a track with
   * no genre left contributes only its reconstruction error).
   * @defaultValue `1`
   */
  readonly minGenreCount?: number;
  /**
   * Dropout rate after each encoder hidden layer, during training only (a fresh seeded mask
   * per step, as in `Autoencoder`).
   * @defaultValue `0.1`
   */
  readonly dropout?: number;
  /**
   * Adam's learning rate.
   * @defaultValue `0.01`
   */
  readonly learningRate?: number;
  /**
   * Rows per gradient step.
   * @defaultValue `1024`
   */
  readonly batchSize?: number;
  /**
   * Epochs at most.
   * @defaultValue `30`
   */
  readonly epochs?: number;
  /**
   * Share of rows (a seeded random choice) held out to measure validation loss.
   * @defaultValue `0.1`
   */
  readonly validationSplit?: number;
  /**
   * Stop after this many epochs without a better validation loss; 0 never stops early.
   * @defaultValue `4`
   */
  readonly patience?: number;
  /**
   * Seed of the initial weights, the split, the batch order and dropout.
   * @defaultValue `0`
   */
  readonly seed?: number;
}

/** Options of {@link GenreEncoder.fit}: the settings, a progress callback and a signal. */
export interface GenreEncoderFitOptions extends GenreEncoderOptions {
  /** Called after every epoch. */
  readonly onEpochEnd?: (progress: EpochProgress) => void;
  /** Stops training between two steps, rejecting with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** The settings of a trained {@link GenreEncoder}, every default filled in, as saved. */
export interface GenreEncoderConfig extends Required<GenreEncoderOptions> {
  /** Width of the input rows. */
  readonly inputSize: number;
}

/** The file `genre-encoder.json` that {@link GenreEncoder.save} writes beside `model.json`. */
export interface GenreEncoderFileJSON {
  /** The format tag. */
  readonly kind: 'spotrec.genre-encoder';
  /** The format version. */
  readonly formatVersion: 1;
  /** The settings. */
  readonly config: GenreEncoderConfig;
  /** The label vocabulary: the genre of each output of the genre head, in order. */
  readonly genres: readonly string[];
  /** Per-column mean of the training rows (the encoder standardises its input with it). */
  readonly mean: readonly number[];
  /** Per-column standard deviation of the training rows (1 where a column is constant). */
  readonly std: readonly number[];
  /** The training history (`validationLoss` is `null` where it is `NaN`). */
  readonly history: readonly EpochProgress[];
}

const FILE = 'genre-encoder.json';
/** The `userDefinedMetadata` key of the settings when saved through a URL or IO handler. */
const STORE_KEY = 'spotrec.genre-encoder';
const FILE_KEYS = ['kind', 'formatVersion', 'config', 'genres', 'mean', 'std', 'history'];
const CONFIG_KEYS = [
  'decoder',
  'hiddenLayers',
  'bottleneck',
  'genreWeight',
  'minGenreCount',
  'dropout',
  'learningRate',
  'batchSize',
  'epochs',
  'validationSplit',
  'patience',
  'seed',
  'inputSize',
] as const;

type Fail = (field: string, expected: string, value: unknown) => never;

function checkConfig(raw: Record<string, unknown>, fail: Fail): GenreEncoderConfig {
  const positive = (value: unknown, field: string): number => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0)
      fail(field, 'a positive integer', value);
    return value;
  };
  const fraction = (value: unknown, field: string): number => {
    if (typeof value !== 'number' || !(value >= 0 && value < 1))
      fail(field, 'a number in [0, 1)', value);
    return value;
  };
  const { decoder, hiddenLayers, genreWeight, learningRate, patience, seed } = raw;
  if (typeof decoder !== 'boolean') fail('decoder', 'true or false', decoder);
  if (!Array.isArray(hiddenLayers)) fail('hiddenLayers', 'an array of layer widths', hiddenLayers);
  if (typeof genreWeight !== 'number' || !(genreWeight > 0) || !Number.isFinite(genreWeight))
    fail('genreWeight', 'a finite number > 0', genreWeight);
  if (typeof learningRate !== 'number' || !(learningRate > 0) || !Number.isFinite(learningRate))
    fail('learningRate', 'a finite number > 0', learningRate);
  if (typeof patience !== 'number' || !Number.isSafeInteger(patience) || patience < 0)
    fail('patience', 'an integer ≥ 0', patience);
  if (typeof seed !== 'number' || !Number.isInteger(seed)) fail('seed', 'an integer', seed);
  return {
    decoder,
    hiddenLayers: hiddenLayers.map((width: unknown, at) => positive(width, `hiddenLayers[${at}]`)),
    bottleneck: positive(raw.bottleneck, 'bottleneck'),
    genreWeight,
    minGenreCount: positive(raw.minGenreCount, 'minGenreCount'),
    dropout: fraction(raw.dropout, 'dropout'),
    learningRate,
    batchSize: positive(raw.batchSize, 'batchSize'),
    epochs: positive(raw.epochs, 'epochs'),
    validationSplit: fraction(raw.validationSplit, 'validationSplit'),
    patience,
    seed,
    inputSize: positive(raw.inputSize, 'inputSize'),
  };
}

function settings(options: GenreEncoderOptions, inputSize: number): GenreEncoderConfig {
  const {
    decoder = true,
    hiddenLayers = [128],
    bottleneck = 32,
    genreWeight = 1,
    minGenreCount = 1,
    dropout = 0.1,
    learningRate = 0.01,
    batchSize = 1024,
    epochs = 30,
    validationSplit = 0.1,
    patience = 4,
    seed = 0,
  } = options;
  return checkConfig(
    {
      decoder,
      hiddenLayers,
      bottleneck,
      genreWeight,
      minGenreCount,
      dropout,
      learningRate,
      batchSize,
      epochs,
      validationSplit,
      patience,
      seed,
      inputSize,
    },
    (field, expected, value) => {
      throw new InvalidArgumentError(`options.${field}`, expected, value);
    },
  );
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
    !Number.isSafeInteger(matrix.cols) ||
    matrix.data.length !== (matrix.rows as number) * (matrix.cols as number)
  )
    throw new InvalidArgumentError(
      parameter,
      'a DenseMatrix { data: Float32Array, rows, cols } with data.length = rows × cols',
      value,
    );
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

/** The layer names, which `load` uses to find the parts of the saved model. */
const hiddenName = (at: number) => `encoder_${at}`;
const decoderName = (at: number) => `decoder_${at}`;
const BOTTLENECK = 'bottleneck';
const GENRES = 'genres';
const RECONSTRUCTION = 'reconstruction';

interface Parts {
  readonly encoder: tf.layers.Layer[];
  readonly head: tf.layers.Layer;
  readonly decoder: tf.layers.Layer[];
}

/** The layers, and a functional model holding them (the form that is saved). */
function build(
  config: GenreEncoderConfig,
  genres: number,
): { model: tf.LayersModel; parts: Parts } {
  let layerSeed = config.seed * 7919 + 17;
  const dense = (units: number, activation: 'relu' | 'linear', name: string) =>
    tf.layers.dense({
      units,
      activation,
      name,
      kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed++ }),
      biasInitializer: 'zeros',
    });
  const encoder = [
    ...config.hiddenLayers.map((width, at) => dense(width, 'relu', hiddenName(at))),
    dense(config.bottleneck, 'relu', BOTTLENECK),
  ];
  const head = dense(genres, 'linear', GENRES);
  const decoder = config.decoder
    ? [
        ...[...config.hiddenLayers]
          .reverse()
          .map((width, at) => dense(width, 'relu', decoderName(at))),
        dense(config.inputSize, 'linear', RECONSTRUCTION),
      ]
    : [];
  const input = tf.input({ shape: [config.inputSize], name: 'features' });
  let z: tf.SymbolicTensor = input;
  for (const layer of encoder) z = layer.apply(z) as tf.SymbolicTensor;
  const outputs = [head.apply(z) as tf.SymbolicTensor];
  let y = z;
  for (const layer of decoder) y = layer.apply(y) as tf.SymbolicTensor;
  if (config.decoder) outputs.push(y);
  return { model: tf.model({ inputs: input, outputs }), parts: { encoder, head, decoder } };
}

/**
 * Runs `layers` on `input`; `masks[at]`, when given, multiplies the output of layer `at`
 * (dropout). With `training` the layers are recorded for gradients through
 * {@link denseForTraining}, the first one with no gradient for its input when `inputIsData`.
 */
function apply(
  layers: readonly tf.layers.Layer[],
  input: tf.Tensor,
  masks: readonly tf.Tensor[] = [],
  training: { inputIsData: boolean } | undefined = undefined,
): tf.Tensor {
  let x = input;
  layers.forEach((layer, at) => {
    const output =
      training === undefined
        ? layer.apply(x)
        : denseForTraining(layer, x as tf.Tensor2D, at > 0 || !training.inputIsData);
    if (!(output instanceof tf.Tensor))
      throw new AutoencoderError(`layer ${layer.name} did not return one tensor`);
    const mask = masks[at];
    x = mask === undefined ? output : tf.mul(output, mask);
  });
  return x;
}

/**
 * @internal The training targets of `rows`: each row's genres as a distribution over the
 * vocabulary (multi-hot ÷ number of known genres; repeated genres count once, genres outside
 * the vocabulary are ignored, a row with none is all zeros).
 */
export function targetsOf(
  labels: readonly (readonly string[])[],
  vocabulary: ReadonlyMap<string, number>,
  rows: Int32Array,
): Float32Array {
  const out = new Float32Array(rows.length * vocabulary.size);
  rows.forEach((row, at) => {
    const known = [...new Set(labels[row])].flatMap((genre) => {
      const column = vocabulary.get(genre);
      return column === undefined ? [] : [column];
    });
    for (const column of known) out[at * vocabulary.size + column] = 1 / known.length;
  });
  return out;
}

/**
 * A genre-supervised encoder of audio features on TensorFlow.js (WASM backend): an encoder
 * whose bottleneck feeds a softmax genre head, trained on the tracks' genres, with or without a
 * decoder (see {@link GenreEncoderOptions.decoder}). The bottleneck activations are the
 * embeddings: under protocol A′ (held-out artists) they find tracks of a shared genre far more
 * often than the raw features do, for artists the encoder never saw.
 *
 * Genres are a training target only: {@link GenreEncoder.encode} reads the audio features
 * alone, so recommendations stay audio-only and new tracks (with no genre) can be embedded.
 *
 * The genre loss is a softmax cross-entropy against each track's genres as a distribution
 * (multi-hot divided by the number of genres), not a sigmoid per genre: relevance is "shares a
 * genre", and the softmax makes the genres compete for each track, so the bottleneck must
 * separate them; 91% of tracks have one genre, for which the target is the usual one-hot, and a
 * track with several splits its mass among them. Per-genre sigmoids over ~114 genres spend
 * most of their gradient telling each track it is not in 113 genres.
 *
 * Inputs are standardised inside the encoder with the training rows' per-column mean and
 * standard deviation (saved with the model), so any scaling of the features can be passed in.
 *
 * @example
 * ```ts no-run
 * const encoder = await GenreEncoder.fit(matrix, tracks.map((t) => t.genres), { seed: 1 });
 * const embeddings = encoder.encode(matrix); // { data, rows, cols: 32 }
 * await encoder.save('models/genre-ae');
 * const again = await GenreEncoder.load('models/genre-ae');
 * ```
 */
export class GenreEncoder {
  /** The settings it was trained with. */
  readonly config: GenreEncoderConfig;
  /** The label vocabulary: the genre of each output of the genre head. */
  readonly genres: readonly string[];
  /** Loss per epoch (reconstruction + λ · cross-entropy, or the cross-entropy alone). */
  readonly history: readonly EpochProgress[];
  private readonly model: tf.LayersModel;
  private readonly parts: Parts;
  private readonly mean: Float32Array;
  private readonly std: Float32Array;
  private disposed = false;

  private constructor(
    model: tf.LayersModel,
    parts: Parts,
    config: GenreEncoderConfig,
    genres: readonly string[],
    normal: { mean: Float32Array; std: Float32Array },
    history: readonly EpochProgress[],
  ) {
    this.model = model;
    this.parts = parts;
    this.config = config;
    this.genres = genres;
    this.mean = normal.mean;
    this.std = normal.std;
    this.history = history;
  }

  /**
   * Trains an encoder on the rows of `matrix` and their genres.
   *
   * @param matrix - Audio features, one row per track (any scaling: they are standardised).
   * @param labels - The genres of each row (`labels[i]` for row `i`; several, one or none).
   * @param options - Architecture, training settings, seed, progress callback and signal.
   * @throws {@link InvalidArgumentError} for a bad option, matrix or labels, fewer than 2 rows,
   * or no genre with `minGenreCount` tracks.
   */
  static async fit(
    matrix: DenseMatrix,
    labels: readonly (readonly string[])[],
    options: GenreEncoderFitOptions = {},
  ): Promise<GenreEncoder> {
    assertMatrix(matrix, 'matrix');
    if (matrix.rows < 2)
      throw new InvalidArgumentError('matrix.rows', 'at least 2 rows', matrix.rows);
    if (!Array.isArray(labels) || labels.length !== matrix.rows)
      throw new InvalidArgumentError(
        'labels',
        `an array of ${matrix.rows} genre lists (one per row)`,
        labels,
      );
    labels.forEach((genres, row) => {
      if (
        !Array.isArray(genres) ||
        genres.some((genre) => typeof genre !== 'string' || genre === '')
      )
        throw new InvalidArgumentError(
          `labels[${row}]`,
          'an array of non-empty genre names',
          genres,
        );
    });
    const config = settings(options, matrix.cols);
    const counts = new Map<string, number>();
    for (const genres of labels)
      for (const genre of new Set<string>(genres)) counts.set(genre, (counts.get(genre) ?? 0) + 1);
    const genres = [...counts]
      .filter(([, count]) => count >= config.minGenreCount)
      .map(([genre]) => genre)
      .sort();
    if (genres.length < 2)
      throw new InvalidArgumentError(
        'labels',
        `at least 2 genres with ${config.minGenreCount}+ rows`,
        `${genres.length} (${describeValue(genres)})`,
      );
    const vocabulary = new Map(genres.map((genre, at) => [genre, at]));
    const { cols } = matrix;
    const mean = new Float32Array(cols);
    const std = new Float32Array(cols);
    for (let col = 0; col < cols; col += 1) {
      let sum = 0;
      let squares = 0;
      for (let row = 0; row < matrix.rows; row += 1) sum += matrix.data[row * cols + col] as number;
      const mu = sum / matrix.rows;
      for (let row = 0; row < matrix.rows; row += 1)
        squares += ((matrix.data[row * cols + col] as number) - mu) ** 2;
      const sigma = Math.sqrt(squares / matrix.rows);
      mean[col] = mu;
      std[col] = sigma > 1e-12 ? sigma : 1;
    }
    const standard = standardise(matrix, mean, std);
    await initBackend();
    options.signal?.throwIfAborted();
    const random = createRandom(config.seed);
    const masks = config.dropout > 0 ? dropoutMasks(config.seed, config.dropout) : undefined;
    const order = shuffle(
      Int32Array.from({ length: matrix.rows }, (_, at) => at),
      random,
    );
    const validationCount = Math.floor(matrix.rows * config.validationSplit);
    const validationRows = order.slice(0, validationCount);
    const trainRows = order.slice(validationCount);
    const { model, parts } = build(config, genres.length);
    const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
    const optimizer = new Adam(variables, config.learningRate);
    const lossOf = (
      x: tf.Tensor,
      targets: tf.Tensor,
      stepMasks: readonly tf.Tensor[],
      training: boolean,
    ): tf.Scalar => {
      const data = training ? { inputIsData: true } : undefined;
      const hidden = training ? { inputIsData: false } : undefined;
      const z = apply(parts.encoder, x, stepMasks, data);
      let loss = tf.losses.softmaxCrossEntropy(
        targets,
        apply([parts.head], z, [], hidden),
      ) as tf.Scalar;
      if (config.decoder)
        loss = tf.add(
          tf.losses.meanSquaredError(x, apply(parts.decoder, z, [], hidden)),
          tf.mul(loss, config.genreWeight),
        );
      return loss;
    };
    const rowsTensor = (rows: Int32Array) =>
      tf.tensor2d(rowsOf(standard, cols, rows), [rows.length, cols]);
    const targetTensor = (rows: Int32Array) =>
      tf.tensor2d(targetsOf(labels, vocabulary, rows), [rows.length, genres.length]);
    const validation =
      validationCount > 0
        ? { x: rowsTensor(validationRows), y: targetTensor(validationRows) }
        : undefined;
    const history: EpochProgress[] = [];
    let best = Number.POSITIVE_INFINITY;
    let bestWeights: tf.Tensor[] | undefined;
    let sinceBest = 0;
    try {
      for (let epoch = 1; epoch <= config.epochs; epoch += 1) {
        const started = performance.now();
        const batches = shuffle(
          Int32Array.from({ length: trainRows.length }, (_, at) => at),
          random,
        );
        let lossSum = 0;
        for (let first = 0; first < batches.length; first += config.batchSize) {
          options.signal?.throwIfAborted();
          const picked = batches
            .subarray(first, Math.min(first + config.batchSize, batches.length))
            .map((at) => trainRows[at] as number);
          const rows = picked.length;
          const x = rowsTensor(picked);
          const y = targetTensor(picked);
          const maskTensors =
            masks === undefined
              ? []
              : config.hiddenLayers.map((width) =>
                  tf.tensor2d(masks.next(rows, width), [rows, width]),
                );
          try {
            const cost = optimizer.minimize(() => lossOf(x, y, maskTensors, true));
            const [value] = await cost.data();
            cost.dispose();
            lossSum += Number(value) * rows;
          } finally {
            tf.dispose([x, y, ...maskTensors]);
          }
        }
        const trainLoss = lossSum / trainRows.length;
        const validationLoss =
          validation === undefined
            ? Number.NaN
            : tf.tidy(() => Number(lossOf(validation.x, validation.y, [], false).dataSync()[0]));
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
          bestWeights?.forEach((tensor) => tensor.dispose());
          bestWeights = model.getWeights().map((tensor) => tensor.clone());
        } else {
          sinceBest += 1;
          if (config.patience > 0 && sinceBest >= config.patience) break;
        }
      }
      if (bestWeights !== undefined) model.setWeights(bestWeights);
    } catch (error) {
      model.dispose();
      throw error;
    } finally {
      bestWeights?.forEach((tensor) => tensor.dispose());
      if (validation !== undefined) tf.dispose([validation.x, validation.y]);
    }
    return new GenreEncoder(model, parts, config, genres, { mean, std }, history);
  }

  private check(method: string): void {
    if (this.disposed)
      throw new AutoencoderError(`GenreEncoder.${method}(): the model was disposed`);
  }

  /**
   * The embeddings of `matrix`'s rows (the bottleneck activations), from the audio features
   * alone: no genre is read.
   *
   * @throws {@link InvalidArgumentError} for a matrix of another width.
   */
  encode(matrix: DenseMatrix): DenseMatrix {
    this.check('encode');
    assertMatrix(matrix, 'matrix', this.config.inputSize);
    const standard = standardise(matrix, this.mean, this.std);
    const { data } = readMatrix(() =>
      apply(this.parts.encoder, tf.tensor2d(standard, [matrix.rows, matrix.cols])),
    );
    return { data, rows: matrix.rows, cols: this.config.bottleneck };
  }

  /**
   * Each row's genre probabilities (the softmax of the genre head), one column per entry of
   * {@link GenreEncoder.genres}.
   */
  predictGenres(matrix: DenseMatrix): DenseMatrix {
    this.check('predictGenres');
    assertMatrix(matrix, 'matrix', this.config.inputSize);
    const standard = standardise(matrix, this.mean, this.std);
    const { data } = readMatrix(() => {
      const x = tf.tensor2d(standard, [matrix.rows, matrix.cols]);
      return tf.softmax(apply([this.parts.head], apply(this.parts.encoder, x)));
    });
    return { data, rows: matrix.rows, cols: this.genres.length };
  }

  /**
   * Writes the model in the TensorFlow.js layers format (`model.json`, `weights.bin`: a
   * functional model with the genre head's logits, and the reconstruction, as outputs) and
   * `genre-encoder.json` (settings, label vocabulary, standardisation, history) into `dir`.
   * Given a URL with a TensorFlow.js handler in this runtime (`indexeddb://name`,
   * `localstorage://name` in browsers; `http(s)://…`) or an IO handler, saves the model through
   * it with the contents of `genre-encoder.json` as the artifacts'
   * `userDefinedMetadata["spotrec.genre-encoder"]`.
   *
   * @param dir - A folder path, a URL or an IO handler.
   * @throws {@link InvalidArgumentError} for an empty string, a URL no handler accepts here
   * (such as `indexeddb://` under Node), or an object without a `save` method.
   */
  async save(dir: ModelStore): Promise<void> {
    this.check('save');
    const file: GenreEncoderFileJSON = {
      kind: 'spotrec.genre-encoder',
      formatVersion: 1,
      config: this.config,
      genres: this.genres,
      mean: [...this.mean],
      std: [...this.std],
      history: this.history,
    };
    await saveModel(this.model, dir, 'dir', STORE_KEY, FILE, file);
  }

  /**
   * Reads an encoder written by {@link GenreEncoder.save}, checking every field it uses.
   *
   * @throws {@link InvalidFormatError} naming the file and field at fault: a missing or
   * unreadable file, invalid JSON, a foreign format, a bad setting, vocabulary or
   * standardisation, a weights manifest other than one float32 `weights.bin`, truncated or
   * non-finite weights, or layers that disagree with the settings.
   * For a URL or IO handler, a failed load or missing settings name the URL (or
   * `the IO handler`) as `file`.
   * @param dir - The folder {@link GenreEncoder.save} wrote, or the URL (`indexeddb://name`,
   * `localstorage://name`, `http(s)://…/model.json`) or IO handler it saved to. A folder served
   * over HTTP loads from its `model.json` URL: `genre-encoder.json` is fetched beside it.
   * @throws {@link InvalidArgumentError} for an empty string, a URL no handler accepts here, or an
   * object without a `load` method.
   */
  static async load(dir: ModelStore): Promise<GenreEncoder> {
    if (typeof dir === 'string' && dir === '')
      throw new InvalidArgumentError('dir', 'a folder path, a URL or an IO handler', dir);
    let saved;
    if (typeof dir === 'string' && !isStoreUrl(dir)) {
      const file = checkFile(await readObject(dir, FILE));
      const { modelTopology, weightSpecs } = checkManifest(await readObject(dir, 'model.json'));
      const weightData = checkWeights(await readBytes(dir, 'weights.bin'), weightSpecs);
      saved = { ...file, modelTopology, weightSpecs, weightData };
    } else {
      const { file, ...artifacts } = await loadFromStore(dir, 'dir', STORE_KEY, FILE);
      saved = { ...checkFile(file), ...artifacts };
    }
    const { config, genres, mean, std, history, modelTopology, weightSpecs, weightData } = saved;
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
      const layer = (name: string, units: number): tf.layers.Layer => {
        const found = model.layers.find((candidate) => candidate.name === name);
        if (found === undefined || found.getClassName() !== 'Dense')
          throw new InvalidFormatError(
            'model.json',
            `no Dense layer named "${name}", which ${FILE}'s config describes`,
            { field: 'modelTopology.config.layers' },
          );
        if (found.getConfig().units !== units)
          throw new InvalidFormatError(
            'model.json',
            `layer "${name}" has ${String(found.getConfig().units)} units, but ${FILE} says ${units}`,
            { field: `modelTopology.config.layers.${name}.units` },
          );
        return found;
      };
      const expectedLayers =
        1 + config.hiddenLayers.length + 2 + (config.decoder ? config.hiddenLayers.length + 1 : 0);
      if (model.layers.length !== expectedLayers)
        throw new InvalidFormatError(
          'model.json',
          `${model.layers.length} layers, but ${FILE}'s config describes ${expectedLayers} (with the input)`,
          { field: 'modelTopology.config.layers' },
        );
      if (model.inputs[0]?.shape[1] !== config.inputSize)
        throw new InvalidFormatError(
          'model.json',
          `input width ${String(model.inputs[0]?.shape[1])}, but ${FILE}'s config.inputSize is ${config.inputSize}`,
          { field: 'modelTopology.config.layers.features' },
        );
      const parts: Parts = {
        encoder: [
          ...config.hiddenLayers.map((width, at) => layer(hiddenName(at), width)),
          layer(BOTTLENECK, config.bottleneck),
        ],
        head: layer(GENRES, genres.length),
        decoder: config.decoder
          ? [
              ...[...config.hiddenLayers]
                .reverse()
                .map((width, at) => layer(decoderName(at), width)),
              layer(RECONSTRUCTION, config.inputSize),
            ]
          : [],
      };
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
      return new GenreEncoder(
        model,
        parts,
        config,
        genres,
        { mean: Float32Array.from(mean), std: Float32Array.from(std) },
        history,
      );
    } catch (error) {
      model.dispose();
      throw error;
    }
  }

  /** Releases the model's tensors; the encoder cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.model.dispose();
  }
}

function rowsOf(data: Float32Array, cols: number, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * cols);
  rows.forEach((row, at) => out.set(data.subarray(row * cols, (row + 1) * cols), at * cols));
  return out;
}

function standardise(matrix: DenseMatrix, mean: Float32Array, std: Float32Array): Float32Array {
  const out = new Float32Array(matrix.data.length);
  const { cols } = matrix;
  for (let at = 0; at < out.length; at += 1) {
    const col = at % cols;
    out[at] = ((matrix.data[at] as number) - (mean[col] as number)) / (std[col] as number);
  }
  return out;
}

function checkFile(file: Record<string, unknown>): {
  config: GenreEncoderConfig;
  genres: string[];
  mean: number[];
  std: number[];
  history: EpochProgress[];
} {
  const fail: Fail = failIn(FILE);
  if (file.kind !== 'spotrec.genre-encoder')
    fail('kind', '"spotrec.genre-encoder" (not a spotrec genre encoder)', file.kind);
  if (file.formatVersion !== 1)
    fail('formatVersion', '1 (the format this version reads)', file.formatVersion);
  onlyKeys(file, FILE_KEYS, fail);
  const raw = file.config;
  if (!isRecordValue(raw)) fail('config', 'an object of settings', raw);
  for (const key of CONFIG_KEYS)
    if (!(key in raw)) fail(`config.${key}`, 'a value (the field is missing)', undefined);
  onlyKeys(raw, CONFIG_KEYS, fail, 'config.');
  const config = checkConfig(raw, failIn(FILE, 'config.'));
  const { genres, mean, std, history } = file;
  if (!Array.isArray(genres) || genres.length < 2)
    fail('genres', 'an array of at least 2 genre names', genres);
  const seen = new Set<string>();
  genres.forEach((genre: unknown, at) => {
    if (typeof genre !== 'string' || genre === '' || seen.has(genre))
      fail(`genres[${at}]`, 'a non-empty genre name, not repeated', genre);
    seen.add(genre);
  });
  const vector = (value: unknown, field: string, positive: boolean): number[] => {
    if (!Array.isArray(value) || value.length !== config.inputSize)
      fail(field, `an array of config.inputSize = ${config.inputSize} numbers`, value);
    return value.map((entry: unknown, at) => {
      if (typeof entry !== 'number' || !Number.isFinite(entry) || (positive && !(entry > 0)))
        fail(`${field}[${at}]`, positive ? 'a finite number > 0' : 'a finite number', entry);
      return entry;
    });
  };
  if (!Array.isArray(history) || history.length === 0 || history.length > config.epochs)
    fail('history', `1 to config.epochs = ${config.epochs} epochs`, history);
  const epochs = history.map((entry: unknown, at): EpochProgress => {
    if (!isRecordValue(entry))
      fail(`history[${at}]`, 'an object { epoch, loss, validationLoss, seconds }', entry);
    const { epoch, loss, validationLoss, seconds } = entry;
    if (epoch !== at + 1) fail(`history[${at}].epoch`, `${at + 1}`, epoch);
    if (typeof loss !== 'number' || !Number.isFinite(loss))
      fail(`history[${at}].loss`, 'a finite number', loss);
    if (
      validationLoss !== null &&
      (typeof validationLoss !== 'number' || !Number.isFinite(validationLoss))
    )
      fail(`history[${at}].validationLoss`, 'a finite number, or null', validationLoss);
    if (typeof seconds !== 'number' || !(seconds >= 0))
      fail(`history[${at}].seconds`, 'a number ≥ 0', seconds);
    return { epoch: at + 1, loss, validationLoss: validationLoss ?? Number.NaN, seconds };
  });
  return {
    config,
    genres: genres as string[],
    mean: vector(mean, 'mean', false),
    std: vector(std, 'std', true),
    history: epochs,
  };
}
