/**
 * Error classes of `@spotrec/features`. Every error carries the shared
 * `Symbol.for('spotrec.error')` marker and one of its own, so `SomeError.isInstance(e)` works
 * across duplicated copies of the package.
 */

const spotrecMarker = Symbol.for('spotrec.error');

function markerFor(name: string): symbol {
  return Symbol.for(`spotrec.error.features.${name}`);
}

function hasMarker(error: unknown, marker: symbol): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[marker] === true
  );
}

const featuresErrorMarker = markerFor('FeaturesError');

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
  /** @internal */
  readonly [spotrecMarker] = true;
  /** @internal */
  readonly [featuresErrorMarker] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FeaturesError';
  }

  /** True for any error thrown by `@spotrec/features`, whichever copy of the package threw it. */
  static isInstance(error: unknown): error is FeaturesError {
    return hasMarker(error, featuresErrorMarker);
  }
}

const invalidArgumentMarker = markerFor('InvalidArgumentError');

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

const invalidValueMarker = markerFor('InvalidValueError');

/**
 * A row holds a value the pipeline cannot use: a missing value under `missing: 'error'`, a
 * non-number in a numeric column, a value a log transform cannot take, or an unseen category
 * under `unknown: 'error'`. Names the row and the column.
 */
export class InvalidValueError extends FeaturesError {
  /** @internal */
  readonly [invalidValueMarker] = true;
  /** 0-based position of the row in the input. */
  readonly row: number;
  /** The column of the spec. */
  readonly column: string;
  /** The offending value. */
  readonly value: unknown;

  constructor(row: number, column: string, value: unknown, rule: string) {
    super(`Row ${row}, column "${column}": ${rule}, got ${describeValue(value)}`);
    this.name = 'InvalidValueError';
    this.row = row;
    this.column = column;
    this.value = value;
  }

  /** True for an {@link InvalidValueError} from any copy of the package. */
  static override isInstance(error: unknown): error is InvalidValueError {
    return hasMarker(error, invalidValueMarker);
  }
}

const notFittedMarker = markerFor('NotFittedError');

/** `transform` (or `toJSON`) was called before `fit`. */
export class NotFittedError extends FeaturesError {
  /** @internal */
  readonly [notFittedMarker] = true;

  constructor(method: string) {
    super(`FeaturePipeline.${method}() needs a fitted pipeline: call fit(rows) first`);
    this.name = 'NotFittedError';
  }

  /** True for a {@link NotFittedError} from any copy of the package. */
  static override isInstance(error: unknown): error is NotFittedError {
    return hasMarker(error, notFittedMarker);
  }
}

const invalidFormatMarker = markerFor('InvalidFormatError');

/** `FeaturePipeline.fromJSON` was given something that is not a pipeline this version reads. */
export class InvalidFormatError extends FeaturesError {
  /** @internal */
  readonly [invalidFormatMarker] = true;
  /** Where in the JSON the problem is, such as `columns[2].min`. */
  readonly path: string;

  constructor(path: string, rule: string) {
    super(`Invalid feature pipeline JSON at ${path}: ${rule}`);
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
