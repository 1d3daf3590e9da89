import { InvalidArgumentError } from './errors';

/** @internal */
export function assertNonNegativeInteger(
  value: unknown,
  parameter: string,
): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError(parameter, 'a non-negative integer', value);
  }
}

/** @internal */
export function assertPositiveInteger(value: unknown, parameter: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new InvalidArgumentError(parameter, 'a positive integer', value);
  }
}

/** @internal */
export function assertOneOf<const T extends string>(
  value: unknown,
  allowed: readonly T[],
  parameter: string,
): asserts value is T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(
      parameter,
      `one of ${allowed.map((item) => `'${item}'`).join(', ')}`,
      value,
    );
  }
}

/** @internal */
export function assertBoolean(value: unknown, parameter: string): asserts value is boolean {
  if (typeof value !== 'boolean') throw new InvalidArgumentError(parameter, 'a boolean', value);
}

/** @internal Rejects an `options` argument that is not an object (`undefined` is fine). */
export function assertOptionsObject(value: unknown, parameter = 'options'): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(parameter, 'an options object', value);
  }
}
