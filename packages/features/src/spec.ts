import { InvalidArgumentError } from './errors';

/**
 * How a numeric column is scaled after fitting:
 * - `'minmax'`: `(x − min) / (max − min)`, within [0, 1] on the fitted rows;
 * - `'zscore'`: `(x − mean) / std` with the population standard deviation (as scikit-learn's
 *   `StandardScaler`);
 * - `'robust'`: `(x − median) / (q75 − q25)` (as scikit-learn's `RobustScaler`);
 * - `'none'`: unchanged.
 *
 * A constant column has a divisor of 1, so it scales to 0 (never NaN), as in scikit-learn; so
 * does a column whose spread is within rounding error of its magnitude (at most 10 machine
 * epsilons of its largest absolute value).
 */
export type Scaler = 'minmax' | 'zscore' | 'robust' | 'none';

/**
 * What a numeric column does with a missing value (`null`, `undefined` or `NaN`):
 * `'error'` throws an {@link InvalidValueError}; `'mean'` and `'median'` impute the fitted
 * statistic before scaling; `'zero'` writes 0 to the scaled output.
 */
export type MissingPolicy = 'error' | 'mean' | 'median' | 'zero';

/** A numeric column: optionally log-transformed, then scaled and weighted. */
export interface NumericColumnSpec {
  /** Marks the column as numeric. */
  readonly kind: 'numeric';
  /** The field read from each row. */
  readonly name: string;
  /**
   * The scaler.
   * @defaultValue `'minmax'`
   */
  readonly scaler?: Scaler;
  /**
   * Apply `log1p` (natural log of 1 + x) before scaling, for skewed non-negative features;
   * values ≤ −1 are rejected.
   * @defaultValue `false`
   */
  readonly log?: boolean;
  /**
   * Multiplies the scaled column.
   * @defaultValue `1`
   */
  readonly weight?: number;
  /**
   * The missing-value policy.
   * @defaultValue `'error'`
   */
  readonly missing?: MissingPolicy;
  /**
   * With `'minmax'`, clip transformed values to [0, 1] (new rows can fall outside the fitted range).
   * @defaultValue `false`
   */
  readonly clip?: boolean;
}

/** What a categorical block does with a value it has not seen in `fit`, or a missing one. */
export type UnknownPolicy = 'ignore' | 'error';

/** A categorical column, one-hot encoded: one output column per category. */
export interface CategoricalColumnSpec {
  /** Marks the column as categorical. */
  readonly kind: 'categorical';
  /** The field read from each row (a string or a number). */
  readonly name: string;
  /**
   * A fixed list of categories; learned from the rows in `fit` when absent (sorted).
   */
  readonly categories?: readonly (string | number)[];
  /**
   * The value of the hot entry.
   * @defaultValue `1`
   */
  readonly weight?: number;
  /**
   * An unseen or missing value gives an all-zero block with `'ignore'`, an
   * {@link InvalidValueError} with `'error'`.
   * @defaultValue `'ignore'`
   */
  readonly unknown?: UnknownPolicy;
}

/** A column holding a list (such as `genres`), multi-hot encoded. */
export interface MultiHotColumnSpec {
  /** Marks the column as multi-hot. */
  readonly kind: 'multi-hot';
  /** The field read from each row (an array of strings or numbers). */
  readonly name: string;
  /** A fixed list of categories; learned from the rows in `fit` when absent (sorted). */
  readonly categories?: readonly (string | number)[];
  /**
   * The value of each hot entry (divided among them with `normalize`).
   * @defaultValue `1`
   */
  readonly weight?: number;
  /**
   * Divide the weight among the row's categories, so every non-empty block sums to `weight`.
   * @defaultValue `false`
   */
  readonly normalize?: boolean;
  /**
   * Unseen categories are left out with `'ignore'`, rejected with `'error'`.
   * @defaultValue `'ignore'`
   */
  readonly unknown?: UnknownPolicy;
}

/** One column of a {@link FeatureSpec}. */
export type ColumnSpec = NumericColumnSpec | CategoricalColumnSpec | MultiHotColumnSpec;

/** An optional principal component analysis after scaling, fitted with the rest. */
export interface PcaSpec {
  /** How many components to keep (at most the number of columns before PCA). */
  readonly components: number;
  /**
   * Divide each component by the square root of its variance, so every output column has
   * unit variance on the fitted rows.
   * @defaultValue `false`
   */
  readonly whiten?: boolean;
}

/** A type-only key: no spec holds it at run time. */
declare const rowType: unique symbol;

/**
 * Which columns go into the matrix, and how.
 *
 * @typeParam Row - The row type the spec was written for, such as `Track` for
 * {@link spotifyFeatureSpec}; `new FeaturePipeline(spec)` infers its row type from it. A spec
 * written as a plain object literal names no row type (the pipeline's own default applies).
 *
 * @example
 * ```ts
 * const spec: FeatureSpec = {
 *   columns: [
 *     { kind: 'numeric', name: 'tempo', scaler: 'zscore' },
 *     { kind: 'multi-hot', name: 'genres', weight: 0.5 },
 *   ],
 *   pca: { components: 2 },
 * };
 * ```
 */
export interface FeatureSpec<Row = object> {
  /** The columns, in output order. */
  readonly columns: readonly ColumnSpec[];
  /** Optional PCA applied to the scaled, weighted columns. */
  readonly pca?: PcaSpec;
  /**
   * @internal Type-only: carries `Row` so that `new FeaturePipeline(spec)` infers it. A method
   * signature, so that specs for related row types stay assignable to each other.
   */
  [rowType]?(row: Row): void;
}

const SCALERS: readonly Scaler[] = ['minmax', 'zscore', 'robust', 'none'];
const MISSING: readonly MissingPolicy[] = ['error', 'mean', 'median', 'zero'];
const UNKNOWN: readonly UnknownPolicy[] = ['ignore', 'error'];

function oneOf<T extends string>(value: unknown, allowed: readonly T[], parameter: string): void {
  if (value !== undefined && !(allowed as readonly unknown[]).includes(value)) {
    throw new InvalidArgumentError(
      parameter,
      `one of ${allowed.map((item) => `'${item}'`).join(', ')}`,
      value,
    );
  }
}

function booleanOption(value: unknown, parameter: string): void {
  if (value !== undefined && typeof value !== 'boolean')
    throw new InvalidArgumentError(parameter, 'a boolean', value);
}

function checkCategories(categories: unknown, parameter: string): void {
  if (categories === undefined) return;
  if (!Array.isArray(categories) || categories.length === 0) {
    throw new InvalidArgumentError(
      parameter,
      'a non-empty array of strings or numbers',
      categories,
    );
  }
  const seen = new Set<unknown>();
  categories.forEach((category: unknown, position) => {
    if (
      typeof category !== 'string' &&
      !(typeof category === 'number' && Number.isFinite(category))
    ) {
      throw new InvalidArgumentError(
        `${parameter}[${position}]`,
        'a string or a finite number',
        category,
      );
    }
    if (seen.has(category))
      throw new InvalidArgumentError(
        `${parameter}[${position}]`,
        'a category not already listed',
        category,
      );
    seen.add(category);
  });
}

/** @internal Checks a spec once, at the boundary, naming the first entry that breaks a rule. */
export function assertFeatureSpec(spec: unknown): asserts spec is FeatureSpec {
  if (typeof spec !== 'object' || spec === null)
    throw new InvalidArgumentError('spec', 'a feature spec object', spec);
  const { columns, pca } = spec as Partial<FeatureSpec>;
  if (!Array.isArray(columns) || columns.length === 0) {
    throw new InvalidArgumentError('spec.columns', 'a non-empty array of column specs', columns);
  }
  const names = new Set<string>();
  columns.forEach((column: Partial<ColumnSpec> | null, position) => {
    const path = `spec.columns[${position}]`;
    if (typeof column !== 'object' || column === null)
      throw new InvalidArgumentError(path, 'a column spec object', column);
    if (typeof column.name !== 'string' || column.name === '') {
      throw new InvalidArgumentError(`${path}.name`, 'a non-empty string', column.name);
    }
    if (names.has(column.name))
      throw new InvalidArgumentError(
        `${path}.name`,
        'a column not already in the spec',
        column.name,
      );
    names.add(column.name);
    if (
      column.weight !== undefined &&
      (typeof column.weight !== 'number' || !Number.isFinite(column.weight) || column.weight < 0)
    ) {
      throw new InvalidArgumentError(`${path}.weight`, 'a finite number ≥ 0', column.weight);
    }
    switch (column.kind) {
      case 'numeric':
        oneOf(column.scaler, SCALERS, `${path}.scaler`);
        oneOf(column.missing, MISSING, `${path}.missing`);
        booleanOption(column.log, `${path}.log`);
        booleanOption(column.clip, `${path}.clip`);
        if (column.clip === true && (column.scaler ?? 'minmax') !== 'minmax') {
          throw new InvalidArgumentError(
            `${path}.clip`,
            "clip only with scaler 'minmax'",
            column.clip,
          );
        }
        break;
      case 'categorical':
        checkCategories(column.categories, `${path}.categories`);
        oneOf(column.unknown, UNKNOWN, `${path}.unknown`);
        break;
      case 'multi-hot':
        checkCategories(column.categories, `${path}.categories`);
        oneOf(column.unknown, UNKNOWN, `${path}.unknown`);
        booleanOption(column.normalize, `${path}.normalize`);
        break;
      default:
        throw new InvalidArgumentError(
          `${path}.kind`,
          "'numeric', 'categorical' or 'multi-hot'",
          column.kind,
        );
    }
  });
  if (pca !== undefined) {
    if (typeof pca !== 'object' || pca === null)
      throw new InvalidArgumentError('spec.pca', 'a PCA spec object', pca);
    if (
      typeof pca.components !== 'number' ||
      !Number.isSafeInteger(pca.components) ||
      pca.components < 1
    ) {
      throw new InvalidArgumentError('spec.pca.components', 'a positive integer', pca.components);
    }
    booleanOption(pca.whiten, 'spec.pca.whiten');
  }
}
