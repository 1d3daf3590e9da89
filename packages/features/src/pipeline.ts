import { quantileSorted } from '@spotrec/numeric-internal';
import { InvalidArgumentError, InvalidValueError, NotFittedError } from './errors';
import type { FeatureMatrix } from './matrix';
import { outputNames } from './output-names';
import { fitPca, projectRow, type FittedPca } from './pca';
import {
  assertFeatureSpec,
  type ColumnSpec,
  type FeatureSpec,
  type MissingPolicy,
  type Scaler,
  type UnknownPolicy,
} from './spec';
import { readPipelineJSON } from './serialise';

/** Reads the value of a named column from a row. */
export type ColumnAccessor<Row> = (row: Row, column: string) => unknown;

/** Options of the {@link FeaturePipeline} constructor and of {@link FeaturePipeline.fromJSON}. */
export interface FeaturePipelineOptions<Row> {
  /**
   * How to read a column from a row, for rows that are not plain objects keyed by column name.
   * @defaultValue `(row, column) => row[column]`
   */
  get?: ColumnAccessor<Row>;
}

/** A numeric column with its fitted parameters: `output = (value − center) / scale · weight`. */
export interface FittedNumericColumn {
  /** Marks the column as numeric. */
  readonly kind: 'numeric';
  /** The field read from each row. */
  readonly name: string;
  /** The scaler. */
  readonly scaler: Scaler;
  /** Whether `log1p` is applied first. */
  readonly log: boolean;
  /** The weight. */
  readonly weight: number;
  /** The missing-value policy. */
  readonly missing: MissingPolicy;
  /** Whether min-max output is clipped to [0, 1]. */
  readonly clip: boolean;
  /** Subtracted before dividing (min, mean or median, after the log). */
  readonly center: number;
  /** The divisor (range, standard deviation or IQR; 1 for a constant column). */
  readonly scale: number;
  /** The value imputed for a missing one under `'mean'` or `'median'` (after the log), else `null`. */
  readonly fill: number | null;
}

/** A one-hot or multi-hot block with its categories. */
export interface FittedCategoricalColumn {
  /** One-hot (`'categorical'`) or multi-hot. */
  readonly kind: 'categorical' | 'multi-hot';
  /** The field read from each row. */
  readonly name: string;
  /** The categories, in output-column order. */
  readonly categories: readonly (string | number)[];
  /** The value of a hot entry. */
  readonly weight: number;
  /** What an unseen (or missing) value does. */
  readonly unknown: UnknownPolicy;
  /** Multi-hot only: whether the weight is divided among the row's categories. */
  readonly normalize: boolean;
}

/** A column of a fitted pipeline. */
export type FittedColumn = FittedNumericColumn | FittedCategoricalColumn;

/** The serialised form of a fitted pipeline, read back by {@link FeaturePipeline.fromJSON}. */
export interface FeaturePipelineJSON {
  /** The format tag. */
  readonly kind: 'spotrec.feature-pipeline';
  /** The format version. */
  readonly formatVersion: 1;
  /** The fitted columns, in order. */
  readonly columns: readonly FittedColumn[];
  /** The fitted PCA, when the spec asked for one. */
  readonly pca: FittedPca | null;
  /** The output column names. */
  readonly outputColumns: readonly string[];
}

interface FittedState {
  readonly columns: readonly FittedColumn[];
  readonly pca: FittedPca | null;
  readonly width: number;
  readonly outputColumns: readonly string[];
  readonly categoryIndex: readonly (Map<string | number, number> | null)[];
}

const defaultAccessor: ColumnAccessor<unknown> = (row, column) =>
  typeof row === 'object' && row !== null ? (row as Record<string, unknown>)[column] : undefined;

function isMissing(value: unknown): boolean {
  return (
    value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))
  );
}

/**
 * A spread too small to divide by: zero, or within rounding error of the values' magnitude
 * (10 machine epsilons of the largest |value|, as scikit-learn's near-constant rule).
 */
function isDegenerate(scale: number, min: number, max: number): boolean {
  const magnitude = Math.max(Math.abs(min), Math.abs(max));
  return !Number.isFinite(scale) || scale <= 10 * Number.EPSILON * magnitude || scale === 0;
}

function compareCategories(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function prepare(columns: readonly FittedColumn[], pca: FittedPca | null): FittedState {
  const preWidth = columns.reduce(
    (sum, column) => sum + (column.kind === 'numeric' ? 1 : column.categories.length),
    0,
  );
  const outputColumns =
    pca === null ? columns.flatMap(outputNames) : pca.components.map((_, k) => `pc${k + 1}`);
  return {
    columns,
    pca,
    width: preWidth,
    outputColumns,
    categoryIndex: columns.map((column) =>
      column.kind === 'numeric'
        ? null
        : new Map(column.categories.map((category, index) => [category, index])),
    ),
  };
}

/**
 * Turns tracks (or any rows) into the dense matrix the recommenders consume: per column a
 * scaler (min-max, z-score, robust, none), an optional log transform, one-hot or multi-hot
 * encoding, weights and a missing-value policy, then optionally PCA. `fit` learns every
 * parameter; `transform` applies them to any rows, including one new track (`transformOne`).
 *
 * @typeParam Row - The row type: inferred from the spec when it names one (such as
 * {@link spotifyFeatureSpec}'s `Track`) or from the `get` accessor; plain objects keyed by
 * column name by default, anything else through the `get` accessor.
 *
 * @example
 * ```ts
 * const pipeline = new FeaturePipeline({
 *   columns: [
 *     { kind: 'numeric', name: 'energy' },
 *     { kind: 'numeric', name: 'tempo', scaler: 'zscore' },
 *     { kind: 'categorical', name: 'mode' },
 *   ],
 * });
 * const matrix = pipeline.fitTransform([
 *   { energy: 0.2, tempo: 90, mode: 0 },
 *   { energy: 0.8, tempo: 130, mode: 1 },
 * ]);
 * matrix.columns; // ['energy', 'tempo', 'mode=0', 'mode=1']
 * Array.from(matrix.data); // [0, -1, 1, 0, 1, 1, 0, 1]
 * ```
 */
export class FeaturePipeline<Row = Record<string, unknown>> {
  /** The spec the pipeline was declared with (for a pipeline read by `fromJSON`, rebuilt from it). */
  readonly spec: FeatureSpec<Row>;
  private readonly get: ColumnAccessor<Row>;
  private state: FittedState | undefined;

  /**
   * Declares a pipeline; nothing is learned until {@link FeaturePipeline.fit}.
   *
   * @param spec - The columns and the optional PCA; its row type, when it has one (as
   * {@link spotifyFeatureSpec}'s `Track`), becomes the pipeline's.
   * @param options - How to read columns from rows.
   * @throws {@link InvalidArgumentError} naming the first spec entry that breaks a rule.
   */
  constructor(spec: FeatureSpec<Row>, options: FeaturePipelineOptions<Row> = {}) {
    assertFeatureSpec(spec);
    if (options.get !== undefined && typeof options.get !== 'function') {
      throw new InvalidArgumentError(
        'options.get',
        'a function (row, column) => value',
        options.get,
      );
    }
    this.spec = spec;
    this.get = options.get ?? (defaultAccessor as ColumnAccessor<Row>);
  }

  /** Whether {@link FeaturePipeline.fit} has run. */
  get fitted(): boolean {
    return this.state !== undefined;
  }

  /** The output column names (requires a fitted pipeline). */
  get columns(): readonly string[] {
    return this.fittedState('columns').outputColumns;
  }

  /** The fitted columns with their parameters (requires a fitted pipeline). */
  get fittedColumns(): readonly FittedColumn[] {
    return this.fittedState('fittedColumns').columns;
  }

  /** The fitted PCA, or `null` without one (requires a fitted pipeline). */
  get pca(): FittedPca | null {
    return this.fittedState('pca').pca;
  }

  /**
   * Learns every parameter from `rows`: ranges, means, standard deviations, medians and IQRs,
   * imputation values, categories, and the PCA.
   *
   * @param rows - At least one row.
   * @returns This pipeline, fitted.
   * @throws {@link InvalidValueError} for a non-numeric value, a missing one under
   * `missing: 'error'`, or a value `log1p` cannot take; naming row and column.
   * @throws {@link InvalidArgumentError} for an empty input, or more PCA components than columns.
   */
  fit(rows: readonly Row[]): this {
    if (!Array.isArray(rows) || rows.length === 0)
      throw new InvalidArgumentError('rows', 'a non-empty array of rows', rows);
    const columns = this.spec.columns.map((column) => this.fitColumn(column, rows));
    let state = prepare(columns, null);
    if (this.spec.pca !== undefined) {
      const { components, whiten = false } = this.spec.pca;
      if (components > state.width) {
        throw new InvalidArgumentError(
          'spec.pca.components',
          `at most the ${state.width} columns before PCA`,
          components,
        );
      }
      const scaled = new Float64Array(rows.length * state.width);
      rows.forEach((row, index) => this.writeRow(state, row, index, scaled, index * state.width));
      state = prepare(columns, fitPca(scaled, rows.length, state.width, components, whiten));
    }
    this.state = state;
    return this;
  }

  /**
   * Applies the fitted parameters to `rows`.
   *
   * @param rows - Any rows, seen in `fit` or not.
   * @returns A {@link FeatureMatrix}: one row per input row, one column per output name.
   * @throws {@link NotFittedError} before `fit`.
   * @throws {@link InvalidValueError} as for `fit`, and for an unseen category under `unknown: 'error'`.
   */
  transform(rows: readonly Row[]): FeatureMatrix {
    const state = this.fittedState('transform');
    if (!Array.isArray(rows)) throw new InvalidArgumentError('rows', 'an array of rows', rows);
    const cols = state.outputColumns.length;
    const data = new Float32Array(rows.length * cols);
    const scratch = new Float64Array(state.width);
    rows.forEach((row, index) => this.writeOutput(state, row, index, scratch, data, index * cols));
    return { data, rows: rows.length, cols, columns: state.outputColumns };
  }

  /**
   * Learns the parameters from `rows` and transforms them.
   *
   * @param rows - At least one row.
   * @returns The matrix of `rows`.
   * @throws As {@link FeaturePipeline.fit} and {@link FeaturePipeline.transform}.
   */
  fitTransform(rows: readonly Row[]): FeatureMatrix {
    return this.fit(rows).transform(rows);
  }

  /**
   * Transforms one row, such as a new track that was not in `fit` (cold start).
   *
   * @param row - The row.
   * @param out - Optional output buffer of length `columns.length`.
   * @returns The row's vector.
   * @throws As {@link FeaturePipeline.transform} (the row is reported as row 0).
   */
  transformOne(row: Row, out?: Float32Array): Float32Array {
    const state = this.fittedState('transformOne');
    const cols = state.outputColumns.length;
    if (out !== undefined && (!(out instanceof Float32Array) || out.length !== cols)) {
      throw new InvalidArgumentError('out', `a Float32Array of length ${cols}`, out);
    }
    const target = out ?? new Float32Array(cols);
    this.writeOutput(state, row, 0, new Float64Array(state.width), target, 0);
    return target;
  }

  /**
   * The fitted pipeline as plain JSON (tagged and versioned); numbers round-trip exactly.
   *
   * @returns A {@link FeaturePipelineJSON}.
   * @throws {@link NotFittedError} before `fit`.
   */
  toJSON(): FeaturePipelineJSON {
    const state = this.fittedState('toJSON');
    return {
      kind: 'spotrec.feature-pipeline',
      formatVersion: 1,
      columns: state.columns,
      pca: state.pca,
      outputColumns: state.outputColumns,
    };
  }

  /**
   * Reads a fitted pipeline back from {@link FeaturePipeline.toJSON}'s output (or its JSON
   * text), checking every field; its transforms are bit-identical to the original's.
   *
   * @param json - The object or the JSON text.
   * @param options - The accessor for the row type (not serialisable).
   * @returns A fitted pipeline.
   * @throws {@link InvalidFormatError} naming the first field that is wrong.
   *
   * @example
   * ```ts
   * const text = JSON.stringify(pipeline);
   * const restored = FeaturePipeline.fromJSON(text);
   * restored.transform(rows); // identical to pipeline.transform(rows)
   * ```
   */
  static fromJSON<Row = Record<string, unknown>>(
    json: unknown,
    options: FeaturePipelineOptions<Row> = {},
  ): FeaturePipeline<Row> {
    const parsed = readPipelineJSON(json);
    const spec: FeatureSpec<Row> = {
      columns: parsed.columns.map((column): ColumnSpec =>
        column.kind === 'numeric'
          ? {
              kind: 'numeric',
              name: column.name,
              scaler: column.scaler,
              log: column.log,
              weight: column.weight,
              missing: column.missing,
              clip: column.clip,
            }
          : column.kind === 'categorical'
            ? {
                kind: 'categorical',
                name: column.name,
                categories: column.categories,
                weight: column.weight,
                unknown: column.unknown,
              }
            : {
                kind: 'multi-hot',
                name: column.name,
                categories: column.categories,
                weight: column.weight,
                unknown: column.unknown,
                normalize: column.normalize,
              },
      ),
      ...(parsed.pca === null
        ? {}
        : { pca: { components: parsed.pca.components.length, whiten: parsed.pca.whiten } }),
    };
    const pipeline = new FeaturePipeline<Row>(spec, options);
    pipeline.state = prepare(parsed.columns, parsed.pca);
    return pipeline;
  }

  private fittedState(method: string): FittedState {
    if (this.state === undefined) throw new NotFittedError(method);
    return this.state;
  }

  private numericValue(
    column: { name: string; log: boolean },
    row: Row,
    index: number,
  ): number | null {
    const value = this.get(row, column.name);
    if (isMissing(value)) return null;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InvalidValueError(index, column.name, value, 'expected a finite number');
    }
    if (!column.log) return value;
    if (value <= -1)
      throw new InvalidValueError(index, column.name, value, 'log1p needs a value above -1');
    return Math.log1p(value);
  }

  private fitColumn(column: ColumnSpec, rows: readonly Row[]): FittedColumn {
    const weight = column.weight ?? 1;
    if (column.kind !== 'numeric') {
      const multi = column.kind === 'multi-hot';
      let categories = column.categories;
      if (categories === undefined) {
        const seen = new Set<string | number>();
        rows.forEach((row, index) => {
          for (const value of this.categoryValues(column.name, row, index, multi)) seen.add(value);
        });
        categories = [...seen].sort(compareCategories);
      }
      return {
        kind: column.kind,
        name: column.name,
        categories: [...categories],
        weight,
        unknown: column.unknown ?? 'ignore',
        normalize: column.kind === 'multi-hot' ? (column.normalize ?? false) : false,
      };
    }
    const scaler = column.scaler ?? 'minmax';
    const log = column.log ?? false;
    const missing = column.missing ?? 'error';
    const buffer = new Float64Array(rows.length);
    let count = 0;
    rows.forEach((row, index) => {
      const value = this.numericValue({ name: column.name, log }, row, index);
      if (value !== null) buffer[count++] = value;
      else if (missing === 'error') {
        throw new InvalidValueError(
          index,
          column.name,
          this.get(row, column.name),
          "a value is required (missing: 'error')",
        );
      }
    });
    if (count === 0) {
      throw new InvalidValueError(
        0,
        column.name,
        undefined,
        'every row lacks this column, nothing to fit',
      );
    }
    const values = buffer.subarray(0, count);
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const value of values) {
      sum += value;
      if (value < min) min = value;
      if (value > max) max = value;
    }
    const mean = sum / count;
    let squares = 0;
    for (const value of values) squares += (value - mean) ** 2;
    // Sorting (for quantiles) only when a median or an IQR is needed.
    const sorted = scaler === 'robust' || missing === 'median' ? values.sort() : undefined;
    const median = sorted === undefined ? Number.NaN : quantileSorted(sorted, 0.5);
    let center = 0;
    let scale = 1;
    if (scaler === 'minmax') {
      center = min;
      scale = max - min;
    } else if (scaler === 'zscore') {
      center = mean;
      scale = Math.sqrt(squares / count);
    } else if (scaler === 'robust' && sorted !== undefined) {
      center = median;
      scale = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
    }
    return {
      kind: 'numeric',
      name: column.name,
      scaler,
      log,
      weight,
      missing,
      clip: column.clip ?? false,
      // `+ 0` turns a -0 into 0: JSON writes both as 0, and a round trip must be exact.
      center: center + 0,
      scale: isDegenerate(scale, min, max) ? 1 : scale,
      fill: missing === 'mean' ? mean + 0 : missing === 'median' ? median + 0 : null,
    };
  }

  private categoryValues(
    name: string,
    row: Row,
    index: number,
    multi: boolean,
  ): readonly (string | number)[] {
    const value = this.get(row, name);
    if (isMissing(value)) return [];
    const items = multi ? value : [value];
    if (!Array.isArray(items))
      throw new InvalidValueError(index, name, value, 'expected an array of categories');
    for (const item of items) {
      if (typeof item !== 'string' && !(typeof item === 'number' && Number.isFinite(item))) {
        throw new InvalidValueError(
          index,
          name,
          item,
          'expected a string or a finite number as a category',
        );
      }
    }
    return items as (string | number)[];
  }

  /** Writes the scaled, weighted, encoded row (before PCA) into `out` at `offset`. */
  private writeRow(
    state: FittedState,
    row: Row,
    index: number,
    out: Float64Array | Float32Array,
    offset: number,
  ): void {
    let at = offset;
    state.columns.forEach((column, position) => {
      if (column.kind === 'numeric') {
        let value = this.numericValue(column, row, index);
        if (value === null) {
          if (column.missing === 'error') {
            throw new InvalidValueError(
              index,
              column.name,
              this.get(row, column.name),
              "a value is required (missing: 'error')",
            );
          }
          value = column.fill;
        }
        let scaled = value === null ? 0 : (value - column.center) / column.scale;
        if (column.clip) scaled = Math.min(1, Math.max(0, scaled));
        out[at] = scaled * column.weight;
        at += 1;
        return;
      }
      const lookup = state.categoryIndex[position] as Map<string | number, number>;
      const width = column.categories.length;
      out.fill(0, at, at + width);
      const values = this.categoryValues(column.name, row, index, column.kind === 'multi-hot');
      if (values.length === 0 && column.kind === 'categorical' && column.unknown === 'error') {
        throw new InvalidValueError(
          index,
          column.name,
          this.get(row, column.name),
          "a category is required (unknown: 'error')",
        );
      }
      let hot = 0;
      for (const value of values) {
        const slot = lookup.get(value);
        if (slot === undefined) {
          if (column.unknown === 'error')
            throw new InvalidValueError(index, column.name, value, 'a category not seen in fit');
          continue;
        }
        if (out[at + slot] === 0) hot += 1;
        out[at + slot] = 1;
      }
      const share = column.normalize && hot > 0 ? column.weight / hot : column.weight;
      for (let slot = 0; slot < width; slot += 1) if (out[at + slot] !== 0) out[at + slot] = share;
      at += width;
    });
  }

  private writeOutput(
    state: FittedState,
    row: Row,
    index: number,
    scratch: Float64Array,
    out: Float32Array,
    offset: number,
  ): void {
    if (state.pca === null) {
      this.writeRow(state, row, index, out, offset);
      return;
    }
    this.writeRow(state, row, index, scratch, 0);
    projectRow(state.pca, scratch, out, offset);
  }
}
