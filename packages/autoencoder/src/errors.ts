/**
 * Error classes of `@spotrec/autoencoder`. Every error carries the shared
 * `Symbol.for('spotrec.error')` marker and one of its own, so `SomeError.isInstance(e)` works
 * across duplicated copies of the package.
 */

const spotrecMarker = Symbol.for('spotrec.error');

function markerFor(name: string): symbol {
  return Symbol.for(`spotrec.error.autoencoder.${name}`);
}

function hasMarker(error: unknown, marker: symbol): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[marker] === true
  );
}

const featuresErrorMarker = markerFor('AutoencoderError');

/**
 * The base class of every error thrown by `@spotrec/autoencoder`.
 *
 * @example
 * ```ts
 * try {
 *   await Autoencoder.load('models/missing');
 * } catch (error) {
 *   if (AutoencoderError.isInstance(error)) console.error(error.message);
 * }
 * ```
 */
export class AutoencoderError extends Error {
  /** @internal */
  readonly [spotrecMarker] = true;
  /** @internal */
  readonly [featuresErrorMarker] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AutoencoderError';
  }

  /** True for any error thrown by `@spotrec/autoencoder`, whichever copy of the package threw it. */
  static isInstance(error: unknown): error is AutoencoderError {
    return hasMarker(error, featuresErrorMarker);
  }
}

const invalidArgumentMarker = markerFor('InvalidArgumentError');

/**
 * An argument or a spec entry breaks its documented rule.
 *
 * @example
 * ```ts
 * await Autoencoder.fit(matrix, { bottleneck: 0 });
 * // InvalidArgumentError: Invalid argument "options.bottleneck": expected a positive integer, got 0
 * ```
 */
export class InvalidArgumentError extends AutoencoderError {
  /** @internal */
  readonly [invalidArgumentMarker] = true;
  /** The parameter or spec path that was wrong. */
  readonly parameter: string;
  /** The value that was passed. */
  readonly value: unknown;

  constructor(parameter: string, expected: string, value: unknown) {
    super(`Invalid argument "${parameter}": expected ${expected}, got ${describeValue(value)}`);
    this.name = 'InvalidArgumentError';
    this.parameter = parameter;
    this.value = value;
  }

  /** True for an {@link InvalidArgumentError} from any copy of the package. */
  static override isInstance(error: unknown): error is InvalidArgumentError {
    return hasMarker(error, invalidArgumentMarker);
  }
}

const invalidFormatMarker = markerFor('InvalidFormatError');

/** `Autoencoder.load` found a missing, truncated, mismatched or foreign file. */
export class InvalidFormatError extends AutoencoderError {
  /** @internal */
  readonly [invalidFormatMarker] = true;
  /** The file or field at fault, such as `weights.bin` or `model.json: inputShape`. */
  readonly path: string;

  constructor(path: string, rule: string) {
    super(`Invalid saved autoencoder, ${path}: ${rule}`);
    this.name = 'InvalidFormatError';
    this.path = path;
  }

  /** True for an {@link InvalidFormatError} from any copy of the package. */
  static override isInstance(error: unknown): error is InvalidFormatError {
    return hasMarker(error, invalidFormatMarker);
  }
}

/** @internal */
export function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}
