/**
 * Error classes of `@spotrec/collaborative`. Every error carries the shared
 * `Symbol.for('spotrec.error')` marker and one of its own, so `SomeError.isInstance(e)` works
 * across duplicated copies of the package.
 */

import { describeValue, isMarked, markError } from '@spotrec/errors-internal';

const SCOPE = 'collaborative';

/**
 * The base class of every error thrown by `@spotrec/collaborative`.
 *
 * @example
 * ```ts
 * try {
 *   model.similarItems('no-such-track', 10);
 * } catch (error) {
 *   if (CollaborativeError.isInstance(error)) console.error(error.message);
 * }
 * ```
 */
export class CollaborativeError extends Error {
  /**
   * @param message - What went wrong.
   * @param options - `cause`: the error that led to this one (kept as the standard ES2022 `cause`).
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CollaborativeError';
    markError(this, SCOPE, 'CollaborativeError');
  }

  /** True for any error thrown by `@spotrec/collaborative`, whichever copy of the package threw it. */
  static isInstance(error: unknown): error is CollaborativeError {
    return isMarked(error, SCOPE, 'CollaborativeError');
  }
}

/**
 * An argument or a spec entry breaks its documented rule.
 *
 * @example
 * ```ts
 * model.recommend(['t1'], 0);
 * // InvalidArgumentError: Invalid argument "k": expected a positive integer, got 0
 * ```
 */
export class InvalidArgumentError extends CollaborativeError {
  /** The parameter or spec path that was wrong. */
  readonly parameter: string;
  /** The value that was passed. */
  readonly value: unknown;

  /**
   * @param parameter - The parameter or spec path that was wrong.
   * @param expected - The rule it breaks, such as `a positive integer`.
   * @param value - The value that was passed.
   * @param options - `cause`: the error that led to this one.
   */
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

/** A user or item id the model was not fitted with, named in the message. */
export class UnknownIdError extends CollaborativeError {
  /** The id that was not found. */
  readonly id: string;
  /** The parameter that carried it. */
  readonly parameter: string;

  /**
   * @param parameter - The parameter that carried the id.
   * @param id - The id that was not found.
   * @param what - Whether it names an item or a user.
   * @param options - `cause`: the error that led to this one.
   */
  constructor(parameter: string, id: string, what: 'item' | 'user', options?: { cause?: unknown }) {
    super(
      `Unknown ${what} in "${parameter}": ${JSON.stringify(id)} was not in the training interactions`,
      options,
    );
    this.name = 'UnknownIdError';
    markError(this, SCOPE, 'UnknownIdError');
    this.id = id;
    this.parameter = parameter;
  }

  /** True for an {@link UnknownIdError} from any copy of the package. */
  static override isInstance(error: unknown): error is UnknownIdError {
    return isMarked(error, SCOPE, 'UnknownIdError');
  }
}

/** `fromJSON` was given something that is not a model this version reads. */
export class InvalidFormatError extends CollaborativeError {
  /** Where the problem is, such as `itemFactors`. */
  readonly path: string;

  /**
   * @param path - Where the problem is, such as `options.factors`.
   * @param rule - The rule the value breaks.
   * @param options - `cause`: the error that led to this one (such as the `SyntaxError` of
   * `JSON.parse`).
   */
  constructor(path: string, rule: string, options?: { cause?: unknown }) {
    super(`Invalid model JSON at ${path}: ${rule}`, options);
    this.name = 'InvalidFormatError';
    markError(this, SCOPE, 'InvalidFormatError');
    this.path = path;
  }

  /** True for an {@link InvalidFormatError} from any copy of the package. */
  static override isInstance(error: unknown): error is InvalidFormatError {
    return isMarked(error, SCOPE, 'InvalidFormatError');
  }
}
