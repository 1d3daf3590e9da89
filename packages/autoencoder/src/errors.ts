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

  constructor(parameter: string, expected: string, value: unknown, options?: { cause?: unknown }) {
    super(
      `Invalid argument "${parameter}": expected ${expected}, got ${describeValue(value)}`,
      options,
    );
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

/**
 * `Autoencoder.load` found a missing, unreadable, truncated, mismatched or foreign file, or a
 * field that breaks its rule. `file` names the file, `field` the field inside it (when one is
 * at fault), and `cause` keeps the underlying error (a file-system error, a JSON syntax error,
 * TensorFlow.js's own error) when there is one.
 *
 * @example
 * ```ts
 * try {
 *   await Autoencoder.load('models/audio-ae');
 * } catch (error) {
 *   if (InvalidFormatError.isInstance(error)) console.error(error.file, error.field);
 *   // autoencoder.json config.dropout
 * }
 * ```
 */
export class InvalidFormatError extends AutoencoderError {
  /** The file at fault: `autoencoder.json`, `model.json` or `weights.bin`. */
  readonly file: string;
  /** The field inside {@link InvalidFormatError.file} at fault, such as `config.dropout`; `undefined` when the whole file is. */
  readonly field: string | undefined;
  /** The file and field together, such as `weights.bin` or `autoencoder.json: config.dropout`. */
  readonly path: string;

  constructor(file: string, rule: string, options?: { field?: string; cause?: unknown }) {
    const field = options?.field;
    super(
      `Invalid saved autoencoder, ${file}${field === undefined ? '' : ` field "${field}"`}: ${rule}`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'InvalidFormatError';
    markError(this, SCOPE, 'InvalidFormatError');
    this.file = file;
    this.field = field;
    this.path = field === undefined ? file : `${file}: ${field}`;
  }

  /** True for an {@link InvalidFormatError} from any copy of the package. */
  static override isInstance(error: unknown): error is InvalidFormatError {
    return isMarked(error, SCOPE, 'InvalidFormatError');
  }
}
