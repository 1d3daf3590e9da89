/**
 * Error classes of `@spotrec/collaborative`. Every error carries the shared
 * `Symbol.for('spotrec.error')` marker and one of its own, so `SomeError.isInstance(e)` works
 * across duplicated copies of the package.
 */

const spotrecMarker = Symbol.for('spotrec.error');

function markerFor(name: string): symbol {
  return Symbol.for(`spotrec.error.collaborative.${name}`);
}

function hasMarker(error: unknown, marker: symbol): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[marker] === true
  );
}

const featuresErrorMarker = markerFor('CollaborativeError');

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
  /** @internal */
  readonly [spotrecMarker] = true;
  /** @internal */
  readonly [featuresErrorMarker] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CollaborativeError';
  }

  /** True for any error thrown by `@spotrec/collaborative`, whichever copy of the package threw it. */
  static isInstance(error: unknown): error is CollaborativeError {
    return hasMarker(error, featuresErrorMarker);
  }
}

const invalidArgumentMarker = markerFor('InvalidArgumentError');

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

const unknownIdMarker = markerFor('UnknownIdError');

/** A user or item id the model was not fitted with, named in the message. */
export class UnknownIdError extends CollaborativeError {
  /** @internal */
  readonly [unknownIdMarker] = true;
  /** The id that was not found. */
  readonly id: string;
  /** The parameter that carried it. */
  readonly parameter: string;

  constructor(parameter: string, id: string, what: 'item' | 'user') {
    super(
      `Unknown ${what} in "${parameter}": ${JSON.stringify(id)} was not in the training interactions`,
    );
    this.name = 'UnknownIdError';
    this.id = id;
    this.parameter = parameter;
  }

  /** True for an {@link UnknownIdError} from any copy of the package. */
  static override isInstance(error: unknown): error is UnknownIdError {
    return hasMarker(error, unknownIdMarker);
  }
}

const invalidFormatMarker = markerFor('InvalidFormatError');

/** `fromJSON` was given something that is not a model this version reads. */
export class InvalidFormatError extends CollaborativeError {
  /** @internal */
  readonly [invalidFormatMarker] = true;
  /** Where the problem is, such as `itemFactors`. */
  readonly path: string;

  constructor(path: string, rule: string) {
    super(`Invalid model JSON at ${path}: ${rule}`);
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
