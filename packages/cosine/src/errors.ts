/**
 * Error classes of `@spotrec/cosine`. Every error carries the shared
 * `Symbol.for('spotrec.error')` marker and one of its own, so `SomeError.isInstance(e)` works
 * across duplicated copies of the package.
 */

import { describeValue, isMarked, markError } from '@spotrec/errors-internal';

const SCOPE = 'cosine';

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
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CosineError';
    markError(this, SCOPE, 'CosineError');
  }

  /** True for any error thrown by `@spotrec/cosine`, whichever copy of the package threw it. */
  static isInstance(error: unknown): error is CosineError {
    return isMarked(error, SCOPE, 'CosineError');
  }
}

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
 * `fromJSON` or `fromBuffer` was given something that is not an intact index this version
 * reads: foreign, truncated or corrupted data, or another format version. `path` names the
 * field, such as `header.checksum`, `ids[3]` or `vectors[17]`; a wrapped failure (such as the
 * `SyntaxError` of unparseable JSON) is kept as `cause`.
 *
 * @example
 * ```ts
 * try {
 *   CosineIndex.fromBuffer(bytes);
 * } catch (error) {
 *   if (InvalidFormatError.isInstance(error)) console.error(error.path); // 'header.checksum'
 * }
 * ```
 */
export class InvalidFormatError extends CosineError {
  /** Where the problem is, such as `header.dimension` or `ids[3]`. */
  readonly path: string;

  constructor(path: string, rule: string, options?: { cause?: unknown }) {
    super(`Invalid cosine index data at ${path}: ${rule}`, options);
    this.name = 'InvalidFormatError';
    markError(this, SCOPE, 'InvalidFormatError');
    this.path = path;
  }

  /** True for an {@link InvalidFormatError} from any copy of the package. */
  static override isInstance(error: unknown): error is InvalidFormatError {
    return isMarked(error, SCOPE, 'InvalidFormatError');
  }
}

/** An id that the index or the catalog does not hold, named in the message. */
export class UnknownIdError extends CosineError {
  /** The id that was not found. */
  readonly id: string;
  /** The parameter that carried it, such as `seedTracks[1]`. */
  readonly parameter: string;

  constructor(parameter: string, id: string, options?: { cause?: unknown }) {
    super(`Unknown id in "${parameter}": ${JSON.stringify(id)} is not in the index`, options);
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

/** A vector or matrix whose width differs from the index's dimension. */
export class DimensionMismatchError extends CosineError {
  /** The parameter that had the wrong width. */
  readonly parameter: string;
  /** The index's dimension. */
  readonly expected: number;
  /** The width that was given. */
  readonly actual: number;

  constructor(parameter: string, expected: number, actual: number, options?: { cause?: unknown }) {
    super(
      `Dimension mismatch in "${parameter}": the index holds ${expected}-dimensional vectors, got ${actual}`,
      options,
    );
    this.name = 'DimensionMismatchError';
    markError(this, SCOPE, 'DimensionMismatchError');
    this.parameter = parameter;
    this.expected = expected;
    this.actual = actual;
  }

  /** True for a {@link DimensionMismatchError} from any copy of the package. */
  static override isInstance(error: unknown): error is DimensionMismatchError {
    return isMarked(error, SCOPE, 'DimensionMismatchError');
  }
}

/** A search on an index that holds no vectors. */
export class EmptyIndexError extends CosineError {
  constructor(method: string, options?: { cause?: unknown }) {
    super(`${method}: the index is empty (build it with vectors, or add some)`, options);
    this.name = 'EmptyIndexError';
    markError(this, SCOPE, 'EmptyIndexError');
  }

  /** True for an {@link EmptyIndexError} from any copy of the package. */
  static override isInstance(error: unknown): error is EmptyIndexError {
    return isMarked(error, SCOPE, 'EmptyIndexError');
  }
}
