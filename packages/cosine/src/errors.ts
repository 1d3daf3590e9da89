/**
 * Error classes of `@spotrec/cosine`. Every error carries the shared
 * `Symbol.for('spotrec.error')` marker and one of its own, so `SomeError.isInstance(e)` works
 * across duplicated copies of the package.
 */

const spotrecMarker = Symbol.for('spotrec.error');

function markerFor(name: string): symbol {
  return Symbol.for(`spotrec.error.cosine.${name}`);
}

function hasMarker(error: unknown, marker: symbol): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[marker] === true
  );
}

const featuresErrorMarker = markerFor('CosineError');

/**
 * The base class of every error thrown by `@spotrec/cosine`.
 *
 * @example
 * ```ts
 * try {
 *   index.similarTo('no-such-id', 10);
 * } catch (error) {
 *   if (CosineError.isInstance(error)) console.error(error.message);
 * }
 * ```
 */
export class CosineError extends Error {
  /** @internal */
  readonly [spotrecMarker] = true;
  /** @internal */
  readonly [featuresErrorMarker] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CosineError';
  }

  /** True for any error thrown by `@spotrec/cosine`, whichever copy of the package threw it. */
  static isInstance(error: unknown): error is CosineError {
    return hasMarker(error, featuresErrorMarker);
  }
}

const invalidArgumentMarker = markerFor('InvalidArgumentError');

/**
 * An argument or a spec entry breaks its documented rule.
 *
 * @example
 * ```ts
 * index.query(vector, 0);
 * // InvalidArgumentError: Invalid argument "k": expected a positive integer, got 0
 * ```
 */
export class InvalidArgumentError extends CosineError {
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

/** `fromJSON` or `fromBuffer` was given something that is not an index this version reads. */
export class InvalidFormatError extends CosineError {
  /** @internal */
  readonly [invalidFormatMarker] = true;
  /** Where the problem is, such as `header.dimension` or `ids[3]`. */
  readonly path: string;

  constructor(path: string, rule: string) {
    super(`Invalid cosine index data at ${path}: ${rule}`);
    this.name = 'InvalidFormatError';
    this.path = path;
  }

  /** True for an {@link InvalidFormatError} from any copy of the package. */
  static override isInstance(error: unknown): error is InvalidFormatError {
    return hasMarker(error, invalidFormatMarker);
  }
}

const unknownIdMarker = markerFor('UnknownIdError');

/** An id that the index or the catalog does not hold, named in the message. */
export class UnknownIdError extends CosineError {
  /** @internal */
  readonly [unknownIdMarker] = true;
  /** The id that was not found. */
  readonly id: string;
  /** The parameter that carried it, such as `seedTracks[1]`. */
  readonly parameter: string;

  constructor(parameter: string, id: string) {
    super(`Unknown id in "${parameter}": ${JSON.stringify(id)} is not in the index`);
    this.name = 'UnknownIdError';
    this.id = id;
    this.parameter = parameter;
  }

  /** True for an {@link UnknownIdError} from any copy of the package. */
  static override isInstance(error: unknown): error is UnknownIdError {
    return hasMarker(error, unknownIdMarker);
  }
}

const dimensionMismatchMarker = markerFor('DimensionMismatchError');

/** A vector or matrix whose width differs from the index's dimension. */
export class DimensionMismatchError extends CosineError {
  /** @internal */
  readonly [dimensionMismatchMarker] = true;
  /** The parameter that had the wrong width. */
  readonly parameter: string;
  /** The index's dimension. */
  readonly expected: number;
  /** The width that was given. */
  readonly actual: number;

  constructor(parameter: string, expected: number, actual: number) {
    super(
      `Dimension mismatch in "${parameter}": the index holds ${expected}-dimensional vectors, got ${actual}`,
    );
    this.name = 'DimensionMismatchError';
    this.parameter = parameter;
    this.expected = expected;
    this.actual = actual;
  }

  /** True for a {@link DimensionMismatchError} from any copy of the package. */
  static override isInstance(error: unknown): error is DimensionMismatchError {
    return hasMarker(error, dimensionMismatchMarker);
  }
}

const emptyIndexMarker = markerFor('EmptyIndexError');

/** A search on an index that holds no vectors. */
export class EmptyIndexError extends CosineError {
  /** @internal */
  readonly [emptyIndexMarker] = true;

  constructor(method: string) {
    super(`${method}: the index is empty (build it with vectors, or add some)`);
    this.name = 'EmptyIndexError';
  }

  /** True for an {@link EmptyIndexError} from any copy of the package. */
  static override isInstance(error: unknown): error is EmptyIndexError {
    return hasMarker(error, emptyIndexMarker);
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
