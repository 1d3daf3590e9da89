/**
 * Error classes of `@spotrec/autoencoder`. Every error carries the shared
 * `Symbol.for('spotrec.error')` marker and one of its own, so `SomeError.isInstance(e)` works
 * across duplicated copies of the package.
 */

import { describeValue, isMarked, markError } from '@spotrec/errors-internal';

const SCOPE = 'autoencoder';

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
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AutoencoderError';
    markError(this, SCOPE, 'AutoencoderError');
  }

  /** True for any error thrown by `@spotrec/autoencoder`, whichever copy of the package threw it. */
  static isInstance(error: unknown): error is AutoencoderError {
    return isMarked(error, SCOPE, 'AutoencoderError');
  }
}

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
  /** The parameter or spec path that was wrong. */
  readonly parameter: string;
  /** The value that was passed. */
  readonly value: unknown;

  constructor(parameter: string, expected: string, value: unknown) {
    super(`Invalid argument "${parameter}": expected ${expected}, got ${describeValue(value)}`);
    this.name = 'InvalidArgumentError';
    markError(this, SCOPE, 'InvalidArgumentError');
    this.parameter = parameter;
    this.value = value;
  }

  /** True for an {@link InvalidArgumentError} from any copy of the package. */
  static override isInstance(error: unknown): error is InvalidArgumentError {
    return isMarked(error, SCOPE, 'InvalidArgumentError');
  }
}

/** `Autoencoder.load` found a missing, truncated, mismatched or foreign file. */
export class InvalidFormatError extends AutoencoderError {
  /** The file or field at fault, such as `weights.bin` or `model.json: inputShape`. */
  readonly path: string;

  constructor(path: string, rule: string) {
    super(`Invalid saved autoencoder, ${path}: ${rule}`);
    this.name = 'InvalidFormatError';
    markError(this, SCOPE, 'InvalidFormatError');
    this.path = path;
  }

  /** True for an {@link InvalidFormatError} from any copy of the package. */
  static override isInstance(error: unknown): error is InvalidFormatError {
    return isMarked(error, SCOPE, 'InvalidFormatError');
  }
}
