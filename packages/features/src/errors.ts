/**
 * Error classes of `@spotrec/features`. Every error carries the shared
 * `Symbol.for('spotrec.error')` marker and one of its own, so `SomeError.isInstance(e)` works
 * across duplicated copies of the package.
 */

import { describeValue, isMarked, markError } from '@spotrec/errors-internal';

const SCOPE = 'features';

/**
 * The base class of every error thrown by `@spotrec/features`.
 *
 * @example
 * ```ts
 * try {
 *   pipeline.transform(rows);
 * } catch (error) {
 *   if (FeaturesError.isInstance(error)) console.error(error.message);
 * }
 * ```
 */
export class FeaturesError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FeaturesError';
    markError(this, SCOPE, 'FeaturesError');
  }

  /** True for any error thrown by `@spotrec/features`, whichever copy of the package threw it. */
  static isInstance(error: unknown): error is FeaturesError {
    return isMarked(error, SCOPE, 'FeaturesError');
  }
}

/**
 * An argument or a spec entry breaks its documented rule.
 *
 * @example
 * ```ts
 * new FeaturePipeline({ columns: [{ name: 'energy', kind: 'numeric', weight: -1 }] });
 * // InvalidArgumentError: Invalid argument "spec.columns[0].weight": expected a finite number ≥ 0, got -1
 * ```
 */
export class InvalidArgumentError extends FeaturesError {
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
 * A row holds a value the pipeline cannot use: a missing value under `missing: 'error'`, a
 * non-number in a numeric column, a value a log transform cannot take, or an unseen category
 * under `unknown: 'error'`. Names the row and the column.
 */
export class InvalidValueError extends FeaturesError {
  /** 0-based position of the row in the input. */
  readonly row: number;
  /** The column of the spec. */
  readonly column: string;
  /** The offending value. */
  readonly value: unknown;

  constructor(
    row: number,
    column: string,
    value: unknown,
    rule: string,
    options?: { cause?: unknown },
  ) {
    super(`Row ${row}, column "${column}": ${rule}, got ${describeValue(value)}`, options);
    this.name = 'InvalidValueError';
    markError(this, SCOPE, 'InvalidValueError');
    this.row = row;
    this.column = column;
    this.value = value;
  }

  /** True for an {@link InvalidValueError} from any copy of the package. */
  static override isInstance(error: unknown): error is InvalidValueError {
    return isMarked(error, SCOPE, 'InvalidValueError');
  }
}

/** `transform` (or `toJSON`) was called before `fit`. */
export class NotFittedError extends FeaturesError {
  constructor(method: string, options?: { cause?: unknown }) {
    super(`FeaturePipeline.${method}() needs a fitted pipeline: call fit(rows) first`, options);
    this.name = 'NotFittedError';
    markError(this, SCOPE, 'NotFittedError');
  }

  /** True for a {@link NotFittedError} from any copy of the package. */
  static override isInstance(error: unknown): error is NotFittedError {
    return isMarked(error, SCOPE, 'NotFittedError');
  }
}

/** `FeaturePipeline.fromJSON` was given something that is not a pipeline this version reads. */
export class InvalidFormatError extends FeaturesError {
  /** Where in the JSON the problem is, such as `columns[2].min`. */
  readonly path: string;

  constructor(path: string, rule: string, options?: { cause?: unknown }) {
    super(`Invalid feature pipeline JSON at ${path}: ${rule}`, options);
    this.name = 'InvalidFormatError';
    markError(this, SCOPE, 'InvalidFormatError');
    this.path = path;
  }

  /** True for an {@link InvalidFormatError} from any copy of the package. */
  static override isInstance(error: unknown): error is InvalidFormatError {
    return isMarked(error, SCOPE, 'InvalidFormatError');
  }
}
