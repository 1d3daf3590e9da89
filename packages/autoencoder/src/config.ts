// The settings of an autoencoder: defaults, and one set of rules checked both for
// `Autoencoder.fit`'s options and for the `config` that `Autoencoder.load` reads.

import type { Activation, AutoencoderConfig, AutoencoderOptions } from './autoencoder';

/** Every activation the layers accept. */
export const ACTIVATIONS: readonly Activation[] = ['relu', 'elu', 'tanh', 'sigmoid', 'linear'];

/** The keys of {@link AutoencoderConfig}, every one of them required in a saved file. */
export const CONFIG_KEYS = [
  'hiddenLayers',
  'bottleneck',
  'activation',
  'outputActivation',
  'dropout',
  'l2',
  'learningRate',
  'batchSize',
  'epochs',
  'validationSplit',
  'patience',
  'restoreBestWeights',
  'seed',
  'inputSize',
] as const;

/** Reports a broken rule: `field` (such as `dropout` or `hiddenLayers[1]`), what it should be, what it is. */
export type Fail = (field: string, expected: string, value: unknown) => never;

/** Whether `value` is a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isActivation(value: unknown): value is Activation {
  return ACTIVATIONS.some((activation) => activation === value);
}

/**
 * Checks every setting of `raw` against its rule, calling `fail` at the first broken one, and
 * returns them typed.
 */
export function checkConfig(raw: Record<string, unknown>, fail: Fail): AutoencoderConfig {
  const positive = (value: unknown, field: string): number => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0)
      fail(field, 'a positive integer', value);
    return value;
  };
  const activation = (value: unknown, field: string): Activation => {
    if (!isActivation(value)) fail(field, `one of ${ACTIVATIONS.join(', ')}`, value);
    return value;
  };
  const { hiddenLayers, dropout, l2, learningRate, validationSplit, patience } = raw;
  const { restoreBestWeights, seed } = raw;
  if (!Array.isArray(hiddenLayers)) fail('hiddenLayers', 'an array of layer widths', hiddenLayers);
  const widths = hiddenLayers.map((width: unknown, at) => positive(width, `hiddenLayers[${at}]`));
  const bottleneck = positive(raw.bottleneck, 'bottleneck');
  const batchSize = positive(raw.batchSize, 'batchSize');
  const epochs = positive(raw.epochs, 'epochs');
  const inputSize = positive(raw.inputSize, 'inputSize');
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1))
    fail('dropout', 'a number in [0, 1)', dropout);
  if (typeof l2 !== 'number' || !(l2 >= 0) || !Number.isFinite(l2))
    fail('l2', 'a finite number ≥ 0', l2);
  if (typeof learningRate !== 'number' || !(learningRate > 0) || !Number.isFinite(learningRate))
    fail('learningRate', 'a finite number > 0', learningRate);
  if (typeof validationSplit !== 'number' || !(validationSplit >= 0 && validationSplit < 1))
    fail('validationSplit', 'a number in [0, 1)', validationSplit);
  if (typeof patience !== 'number' || !Number.isSafeInteger(patience) || patience < 0)
    fail('patience', 'an integer ≥ 0', patience);
  if (typeof restoreBestWeights !== 'boolean')
    fail('restoreBestWeights', 'true or false', restoreBestWeights);
  if (typeof seed !== 'number' || !Number.isInteger(seed)) fail('seed', 'an integer', seed);
  return {
    hiddenLayers: widths,
    bottleneck,
    activation: activation(raw.activation, 'activation'),
    outputActivation: activation(raw.outputActivation, 'outputActivation'),
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

/** The options with every default filled in, unchecked (for {@link checkConfig}). */
export function withDefaults(
  options: AutoencoderOptions,
  inputSize: number,
): Record<string, unknown> {
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
  return {
    hiddenLayers,
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
