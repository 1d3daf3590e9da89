import { DimensionMismatchError, InvalidArgumentError } from './errors';
import type { DenseMatrix } from './matrix';

/** @internal */
export function assertPositiveInteger(value: unknown, parameter: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new InvalidArgumentError(parameter, 'a positive integer', value);
  }
}

/** @internal Checks the structural matrix shape; `cols` must match `dimension` when given. */
export function assertMatrix(
  value: unknown,
  parameter: string,
  dimension?: number,
): asserts value is DenseMatrix {
  const matrix = value as Partial<DenseMatrix> | null;
  if (typeof matrix !== 'object' || matrix === null || !(matrix.data instanceof Float32Array)) {
    throw new InvalidArgumentError(
      parameter,
      'a DenseMatrix { data: Float32Array, rows, cols }',
      value,
    );
  }
  const { rows, cols, data } = matrix;
  if (typeof rows !== 'number' || !Number.isSafeInteger(rows) || rows < 0) {
    throw new InvalidArgumentError(`${parameter}.rows`, 'a non-negative integer', rows);
  }
  if (typeof cols !== 'number' || !Number.isSafeInteger(cols) || cols <= 0) {
    throw new InvalidArgumentError(`${parameter}.cols`, 'a positive integer', cols);
  }
  if (data.length !== rows * cols) {
    throw new InvalidArgumentError(
      `${parameter}.data`,
      `length rows × cols = ${rows * cols}`,
      `length ${data.length}`,
    );
  }
  for (let at = 0; at < data.length; at += 1) {
    if (!Number.isFinite(data[at])) {
      throw new InvalidArgumentError(
        `${parameter}.data[${at}]`,
        'a finite number (row ' + Math.floor(at / cols) + ')',
        data[at],
      );
    }
  }
  if (dimension !== undefined && cols !== dimension)
    throw new DimensionMismatchError(parameter, dimension, cols);
}

/** @internal Checks a single vector against the index dimension. */
export function assertVector(
  value: unknown,
  parameter: string,
  dimension: number,
): asserts value is ArrayLike<number> {
  const vector = value as ArrayLike<number> | null;
  if (typeof vector !== 'object' || vector === null || typeof vector.length !== 'number') {
    throw new InvalidArgumentError(parameter, 'an array-like of numbers', value);
  }
  if (vector.length !== dimension)
    throw new DimensionMismatchError(parameter, dimension, vector.length);
  for (let at = 0; at < vector.length; at += 1) {
    if (typeof vector[at] !== 'number' || !Number.isFinite(vector[at])) {
      throw new InvalidArgumentError(`${parameter}[${at}]`, 'a finite number', vector[at]);
    }
  }
}
