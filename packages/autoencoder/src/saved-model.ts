// Reading and checking the three files of a saved autoencoder: every field `Autoencoder.load`
// uses is checked here, and a broken one is an `InvalidFormatError` naming its file and field.

import * as tf from './tf';
import type { Activation, AutoencoderConfig, EpochProgress } from './autoencoder';
import { CONFIG_KEYS, checkConfig, isRecord, type Fail } from './config';
import { InvalidArgumentError, InvalidFormatError } from './errors';
import { describeValue } from '@spotrec/errors-internal';
import { folderAccess } from './node-fs';

/** The checked contents of a saved model folder, ready for `tf.loadLayersModel`. */
export interface SavedModel {
  readonly config: AutoencoderConfig;
  readonly history: readonly EpochProgress[];
  readonly modelTopology: Record<string, unknown>;
  readonly weightSpecs: tf.io.WeightsManifestEntry[];
  readonly weightData: ArrayBuffer;
}

const FILE_KEYS = ['kind', 'formatVersion', 'config', 'history'];
const EPOCH_KEYS = ['epoch', 'loss', 'validationLoss', 'seconds'];

export function failIn(file: string, prefix = ''): Fail {
  return (field, expected, value) => {
    throw new InvalidFormatError(file, `expected ${expected}, got ${describeValue(value)}`, {
      field: `${prefix}${field}`,
    });
  };
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

export async function readBytes(dir: string, file: string): Promise<Uint8Array> {
  // Node-only: imported on demand, so the package loads in a browser.
  const { readFile, join } = await folderAccess('dir', dir);
  try {
    return await readFile(join(dir, file));
  } catch (error) {
    const code = errorCode(error);
    throw new InvalidFormatError(
      file,
      code === 'ENOENT' ? `no such file in ${dir}` : `cannot be read (${code ?? String(error)})`,
      { cause: error },
    );
  }
}

export async function readObject(dir: string, file: string): Promise<Record<string, unknown>> {
  const text = new TextDecoder().decode(await readBytes(dir, file));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidFormatError(
      file,
      `not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  if (!isRecord(value))
    throw new InvalidFormatError(file, `expected a JSON object, got ${describeValue(value)}`);
  return value;
}

/** Rejects keys of `record` that are not in `known` (they would be ignored silently). */
export function onlyKeys(
  record: Record<string, unknown>,
  known: readonly string[],
  fail: Fail,
  at = '',
) {
  for (const key of Object.keys(record))
    if (!known.includes(key))
      fail(`${at}${key}`, `no field by this name (known fields: ${known.join(', ')})`, record[key]);
}

function checkHistory(value: unknown, config: AutoencoderConfig): EpochProgress[] {
  const fail: Fail = failIn('autoencoder.json');
  if (!Array.isArray(value)) fail('history', 'an array of epochs', value);
  if (value.length === 0 || value.length > config.epochs)
    fail('history', `1 to config.epochs = ${config.epochs} epochs`, value);
  return value.map((entry: unknown, at): EpochProgress => {
    const field = `history[${at}]`;
    if (!isRecord(entry)) fail(field, 'an object { epoch, loss, validationLoss, seconds }', entry);
    for (const key of EPOCH_KEYS)
      if (!(key in entry)) fail(`${field}.${key}`, 'a value (the field is missing)', undefined);
    onlyKeys(entry, EPOCH_KEYS, fail, `${field}.`);
    const { epoch, loss, validationLoss, seconds } = entry;
    if (epoch !== at + 1) fail(`${field}.epoch`, `${at + 1} (epochs count up from 1)`, epoch);
    if (typeof loss !== 'number' || !Number.isFinite(loss) || loss < 0)
      fail(`${field}.loss`, 'a finite number ≥ 0', loss);
    // JSON has no NaN: an epoch without validation rows is saved with `null`.
    if (
      validationLoss !== null &&
      (typeof validationLoss !== 'number' || !Number.isFinite(validationLoss) || validationLoss < 0)
    )
      fail(
        `${field}.validationLoss`,
        'a finite number ≥ 0, or null without validation rows',
        validationLoss,
      );
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0)
      fail(`${field}.seconds`, 'a finite number ≥ 0', seconds);
    return { epoch: at + 1, loss, validationLoss: validationLoss ?? Number.NaN, seconds };
  });
}

export function checkAutoencoderFile(file: Record<string, unknown>): {
  config: AutoencoderConfig;
  history: EpochProgress[];
} {
  const fail: Fail = failIn('autoencoder.json');
  if (file.kind !== 'spotrec.autoencoder')
    fail('kind', '"spotrec.autoencoder" (not a spotrec autoencoder)', file.kind);
  if (file.formatVersion !== 1)
    fail('formatVersion', '1 (the format this version reads)', file.formatVersion);
  onlyKeys(file, FILE_KEYS, fail);
  const raw = file.config;
  if (!isRecord(raw)) fail('config', 'an object of settings', raw);
  for (const key of CONFIG_KEYS)
    if (!(key in raw)) fail(`config.${key}`, 'a value (the field is missing)', undefined);
  onlyKeys(raw, CONFIG_KEYS, fail, 'config.');
  const config = checkConfig(raw, failIn('autoencoder.json', 'config.'));
  return { config, history: checkHistory(file.history, config) };
}

export function checkManifest(modelJSON: Record<string, unknown>): {
  modelTopology: Record<string, unknown>;
  weightSpecs: tf.io.WeightsManifestEntry[];
} {
  const fail: Fail = failIn('model.json');
  const { modelTopology, format, weightsManifest } = modelJSON;
  if (format !== 'layers-model') fail('format', '"layers-model"', format);
  if (!isRecord(modelTopology))
    fail('modelTopology', 'a layers-model topology object', modelTopology);
  if (!Array.isArray(weightsManifest) || weightsManifest.length !== 1)
    fail('weightsManifest', 'an array of one weights group', weightsManifest);
  const group: unknown = weightsManifest[0];
  if (!isRecord(group)) fail('weightsManifest[0]', 'an object { paths, weights }', group);
  const { paths, weights } = group;
  if (!Array.isArray(paths) || paths.length !== 1 || paths[0] !== 'weights.bin')
    fail('weightsManifest[0].paths', '["weights.bin"]', paths);
  if (!Array.isArray(weights))
    fail('weightsManifest[0].weights', 'an array of weight specs', weights);
  const weightSpecs = weights.map((spec: unknown, at): tf.io.WeightsManifestEntry => {
    const field = `weightsManifest[0].weights[${at}]`;
    if (!isRecord(spec)) fail(field, 'an object { name, shape, dtype }', spec);
    const { name, shape, dtype } = spec;
    if (typeof name !== 'string' || name === '') fail(`${field}.name`, 'a weight name', name);
    if (!Array.isArray(shape)) fail(`${field}.shape`, 'an array of sizes', shape);
    const sizes = shape.map((size: unknown, axis) => {
      if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
        fail(`${field}.shape[${axis}]`, 'an integer ≥ 0', size);
      return size;
    });
    if (dtype !== 'float32') fail(`${field}.dtype`, '"float32"', dtype);
    if ('quantization' in spec) fail(`${field}.quantization`, 'no quantization', spec.quantization);
    return { name, shape: sizes, dtype };
  });
  return { modelTopology, weightSpecs };
}

export function checkWeights(
  bytes: Uint8Array,
  specs: readonly tf.io.WeightsManifestEntry[],
): ArrayBuffer {
  const expected = specs.reduce(
    (sum, spec) => sum + spec.shape.reduce((product, size) => product * size, 1) * 4,
    0,
  );
  if (bytes.length !== expected) {
    throw new InvalidFormatError(
      'weights.bin',
      `${bytes.length < expected ? 'truncated' : 'too long'}: ${bytes.length} bytes, the manifest needs ${expected}`,
    );
  }
  const data = new Uint8Array(bytes).buffer as ArrayBuffer;
  const values = new Float32Array(data);
  let offset = 0;
  for (const spec of specs) {
    const size = spec.shape.reduce((product, count) => product * count, 1);
    for (let at = 0; at < size; at += 1) {
      const value = values[offset + at];
      if (value === undefined || !Number.isFinite(value))
        throw new InvalidFormatError('weights.bin', `expected finite weights, got ${value}`, {
          field: `${spec.name}[${at}]`,
        });
    }
    offset += size;
  }
  return data;
}

/**
 * Reads `autoencoder.json`, `model.json` and `weights.bin` from `dir` and checks every field
 * that loading uses.
 */
export async function readSavedModel(dir: string): Promise<SavedModel> {
  const { config, history } = checkAutoencoderFile(await readObject(dir, 'autoencoder.json'));
  const { modelTopology, weightSpecs } = checkManifest(await readObject(dir, 'model.json'));
  const weightData = checkWeights(await readBytes(dir, 'weights.bin'), weightSpecs);
  return { config, history, modelTopology, weightSpecs, weightData };
}

/** Units and activation of every dense layer, in order, for the settings. */
export function expectedLayers(
  config: AutoencoderConfig,
): { units: number; activation: Activation; setting: string }[] {
  const { hiddenLayers, bottleneck, activation, outputActivation, inputSize } = config;
  const hidden = (units: number, at: number) => ({
    units,
    activation,
    setting: `config.hiddenLayers[${at}]`,
  });
  return [
    ...hiddenLayers.map(hidden),
    { units: bottleneck, activation, setting: 'config.bottleneck' },
    ...hiddenLayers.map(hidden).reverse(),
    { units: inputSize, activation: outputActivation, setting: 'config.inputSize' },
  ];
}

/**
 * Checks that the model TensorFlow.js built from `model.json` is the dense stack that
 * `autoencoder.json`'s settings describe: the input width, and each layer's class, width,
 * activation and L2 penalty.
 */
export function checkTopology(model: tf.LayersModel, config: AutoencoderConfig): void {
  const mismatch = (field: string, rule: string): never => {
    throw new InvalidFormatError('model.json', rule, { field: `modelTopology.${field}` });
  };
  const layers = expectedLayers(config);
  if (model.layers.length !== layers.length) {
    mismatch(
      'layers',
      `${model.layers.length} layers, but autoencoder.json's config describes ${layers.length} dense layers`,
    );
  }
  const inputWidth = model.inputs[0]?.shape[1];
  if (model.inputs.length !== 1 || inputWidth !== config.inputSize) {
    mismatch(
      'layers[0].batchInputShape',
      `input width ${String(inputWidth)}, but autoencoder.json's config.inputSize is ${config.inputSize}`,
    );
  }
  layers.forEach((expected, at) => {
    const layer = model.layers[at];
    if (layer === undefined) return;
    const settings = layer.getConfig();
    const field = `layers[${at}]`;
    if (layer.getClassName() !== 'Dense')
      mismatch(`${field}.class_name`, `a ${layer.getClassName()} layer, expected Dense`);
    if (settings.units !== expected.units) {
      mismatch(
        `${field}.units`,
        `${String(settings.units)} units, but autoencoder.json's ${expected.setting} is ${expected.units}`,
      );
    }
    if (settings.activation !== expected.activation) {
      mismatch(
        `${field}.activation`,
        `${JSON.stringify(settings.activation)}, but autoencoder.json's config says ${JSON.stringify(expected.activation)}`,
      );
    }
    const regularizer = settings.kernelRegularizer;
    const l2 =
      isRecord(regularizer) && isRecord(regularizer.config) ? regularizer.config.l2 : undefined;
    const l1 =
      isRecord(regularizer) && isRecord(regularizer.config) ? regularizer.config.l1 : undefined;
    const matches =
      config.l2 === 0
        ? regularizer === null || regularizer === undefined
        : typeof l2 === 'number' && Math.abs(l2 - config.l2) <= 1e-7 * config.l2 && !l1;
    if (!matches) {
      mismatch(
        `${field}.kernelRegularizer`,
        `${JSON.stringify(regularizer ?? null)}, but autoencoder.json's config.l2 is ${config.l2}`,
      );
    }
  });
}

/** The JSON at `url` (the settings file beside a served `model.json`). */
async function fetchCompanion(url: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new InvalidFormatError(
      url,
      `cannot be fetched (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  if (!response.ok)
    throw new InvalidFormatError(url, `cannot be fetched (HTTP ${response.status})`);
  try {
    return await response.json();
  } catch (error) {
    throw new InvalidFormatError(
      url,
      `not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
}

/** The buffers of a model's weight data, end to end. */
export function concatBytes(buffers: readonly ArrayBuffer[]): Uint8Array {
  const bytes = new Uint8Array(buffers.reduce((sum, buffer) => sum + buffer.byteLength, 0));
  let offset = 0;
  for (const buffer of buffers) {
    bytes.set(new Uint8Array(buffer), offset);
    offset += buffer.byteLength;
  }
  return bytes;
}

/**
 * A TensorFlow.js IO handler (`tf.io.IOHandler`: what `tf.io.browserHTTPRequest`,
 * `tf.io.fromMemory` or your own object give), described by its shape so that this package's
 * types do not pull TensorFlow.js's declarations into yours. `save` receives and `load` returns
 * `tf.io.ModelArtifacts`.
 */
export interface ModelIOHandler {
  /** Stores the model artifacts (`tf.io.ModelArtifacts`); used by `save`. */
  save?(artifacts: object): Promise<unknown>;
  /** Gives the model artifacts back (`tf.io.ModelArtifacts`); used by `load`. */
  load?(): Promise<object>;
}

/**
 * Where a model is saved or loaded: a folder path (Node), a URL TensorFlow.js has a handler for
 * (`indexeddb://name` and `localstorage://name` in browsers, `http(s)://…` for loading, and
 * saving by POST), or a TensorFlow.js IO handler.
 */
export type ModelStore = string | ModelIOHandler;

/** Whether `store` is a URL (`scheme://…`) rather than a folder path. */
export function isStoreUrl(store: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(store);
}

const STORES =
  'a folder path, a URL TensorFlow.js has a handler for in this runtime (indexeddb://, localstorage://, http(s)://) or a TensorFlow.js IO handler';

function handlerFor(
  store: ModelStore,
  parameter: string,
  method: 'save' | 'load',
): tf.io.IOHandler {
  const handler =
    typeof store === 'string'
      ? method === 'save'
        ? tf.io.getSaveHandlers(store)[0]
        : tf.io.getLoadHandlers(store)[0]
      : (store as tf.io.IOHandler);
  if (
    typeof handler !== 'object' ||
    handler === null ||
    typeof (handler as Partial<tf.io.IOHandler>)[method] !== 'function'
  )
    throw new InvalidArgumentError(
      parameter,
      typeof store === 'string'
        ? `${STORES}; no TensorFlow.js handler can ${method} "${store}" here`
        : `${STORES} with a ${method}() method`,
      store,
    );
  return handler;
}

/**
 * Saves `model` through a URL's handler or an IO handler, with `file` (the package's own JSON)
 * as the artifacts' `userDefinedMetadata[key]`: both land in the same place (one IndexedDB or
 * localStorage entry, one `model.json` over HTTP).
 */
export async function saveToStore(
  model: tf.LayersModel,
  store: ModelStore,
  parameter: string,
  key: string,
  file: object,
): Promise<void> {
  const handler = handlerFor(store, parameter, 'save');
  // Through JSON, as in the folder format: NaN becomes null (IndexedDB would keep NaN).
  const metadata = JSON.parse(JSON.stringify(file)) as object;
  await model.save({
    save: (artifacts) =>
      (handler.save as NonNullable<tf.io.IOHandler['save']>)({
        ...artifacts,
        userDefinedMetadata: { ...artifacts.userDefinedMetadata, [key]: metadata },
      }),
  });
}

/**
 * Saves `model` with the package's own JSON `file`: through {@link saveToStore} for a URL or an
 * IO handler, else as a folder holding `model.json`, `weights.bin` and `settingsFile` (the
 * layers format both classes share).
 */
export async function saveModel(
  model: tf.LayersModel,
  store: ModelStore,
  parameter: string,
  key: string,
  settingsFile: string,
  file: object,
): Promise<void> {
  if (typeof store === 'string' && store === '')
    throw new InvalidArgumentError(parameter, 'a folder path, a URL or an IO handler', store);
  if (typeof store !== 'string' || isStoreUrl(store)) {
    await saveToStore(model, store, parameter, key, file);
    return;
  }
  const { mkdir, writeFile, join } = await folderAccess(parameter, store);
  await mkdir(store, { recursive: true });
  await model.save({
    save: async (artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> => {
      const weights = artifacts.weightData;
      const buffers = weights === undefined ? [] : Array.isArray(weights) ? weights : [weights];
      const bytes = concatBytes(buffers);
      await writeFile(join(store, 'weights.bin'), bytes);
      await writeFile(
        join(store, 'model.json'),
        JSON.stringify({
          modelTopology: artifacts.modelTopology,
          format: 'layers-model',
          generatedBy: artifacts.generatedBy,
          convertedBy: null,
          weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
        }),
      );
      await writeFile(join(store, settingsFile), JSON.stringify(file, null, 1));
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
 * Loads the artifacts saved by {@link saveToStore} and checks them: the package's JSON (as
 * `userDefinedMetadata[key]`, checked by the caller), the manifest and the weights. Errors name
 * the URL (or `the IO handler`) when loading fails or the metadata is missing, and the logical
 * file (`model.json`, `weights.bin`) for a bad manifest or weights. Over HTTP, a `model.json`
 * without the metadata (a folder written by the Node `save`, served as files) has its settings
 * read from `companion` (`autoencoder.json`, `genre-encoder.json`) beside it.
 */
export async function loadFromStore(
  store: ModelStore,
  parameter: string,
  key: string,
  companion: string,
): Promise<{
  file: Record<string, unknown>;
  modelTopology: Record<string, unknown>;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}> {
  const handler = handlerFor(store, parameter, 'load');
  const where = typeof store === 'string' ? store : 'the IO handler';
  let artifacts: tf.io.ModelArtifacts;
  try {
    artifacts = await (handler.load as NonNullable<tf.io.IOHandler['load']>)();
  } catch (error) {
    throw new InvalidFormatError(
      where,
      `cannot be loaded (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  let file: unknown = artifacts.userDefinedMetadata?.[key];
  // A folder written by the Node `save`, served over HTTP: the settings are the file beside
  // `model.json`.
  if (file === undefined && typeof store === 'string' && /^https?:\/\//i.test(store))
    file = await fetchCompanion(new URL(companion, store).href);
  if (!isRecord(file))
    throw new InvalidFormatError(
      where,
      `expected the ${key} settings, got ${describeValue(file)}`,
      {
        field: `userDefinedMetadata.${key}`,
      },
    );
  const { modelTopology, weightSpecs } = checkManifest({
    modelTopology: artifacts.modelTopology,
    format: artifacts.format ?? 'layers-model',
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
  });
  const parts = artifacts.weightData;
  const bytes = concatBytes(parts === undefined ? [] : Array.isArray(parts) ? parts : [parts]);
  return { file, modelTopology, weightSpecs, weightData: checkWeights(bytes, weightSpecs) };
}
