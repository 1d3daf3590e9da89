/**
 * Error classes of `@spotrec/metrics`. Every error carries the shared
 * `Symbol.for('spotrec.error')` marker and one of its own, so `SomeError.isInstance(e)` works
 * across duplicated copies of the package.
 */

import { describeValue, isMarked, markError } from '@spotrec/errors-internal';

const SCOPE = 'metrics';

/**
 * The base class of every error thrown by `@spotrec/metrics`.
 *
 * @example
 * ```ts
 * try {
 *   precisionAtK(['a', 'b'], new Set(['a']), 0);
 * } catch (error) {
 *   if (MetricsError.isInstance(error)) console.error(error.message);
 * }
 * ```
 */
export class MetricsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MetricsError';
    markError(this, SCOPE, 'MetricsError');
  }

  /** True for any error thrown by `@spotrec/metrics`, whichever copy of the package threw it. */
  static isInstance(error: unknown): error is MetricsError {
    return isMarked(error, SCOPE, 'MetricsError');
  }
}

/**
 * An argument or a spec entry breaks its documented rule.
 *
 * @example
 * ```ts
 * precisionAtK(['a', 'b'], new Set(['a']), 0);
 * // InvalidArgumentError: Invalid argument "k": expected a positive integer, got 0
 * ```
 */
export class InvalidArgumentError extends MetricsError {
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
