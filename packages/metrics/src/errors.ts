/**
 * Error classes of `@spotrec/metrics`. Every error carries the shared
 * `Symbol.for('spotrec.error')` marker and one of its own, so `SomeError.isInstance(e)` works
 * across duplicated copies of the package.
 */

const spotrecMarker = Symbol.for('spotrec.error');

function markerFor(name: string): symbol {
  return Symbol.for(`spotrec.error.metrics.${name}`);
}

function hasMarker(error: unknown, marker: symbol): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[marker] === true
  );
}

const featuresErrorMarker = markerFor('MetricsError');

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
  /** @internal */
  readonly [spotrecMarker] = true;
  /** @internal */
  readonly [featuresErrorMarker] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MetricsError';
  }

  /** True for any error thrown by `@spotrec/metrics`, whichever copy of the package threw it. */
  static isInstance(error: unknown): error is MetricsError {
    return hasMarker(error, featuresErrorMarker);
  }
}

const invalidArgumentMarker = markerFor('InvalidArgumentError');

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
