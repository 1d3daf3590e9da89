import { parseJSONInput } from '@spotrec/numeric-internal';
import { InvalidFormatError } from './errors';
import { outputNames } from './output-names';
import type { FittedPca } from './pca';
import type { FittedCategoricalColumn, FittedColumn, FittedNumericColumn } from './pipeline';

interface ParsedPipeline {
  readonly columns: FittedColumn[];
  readonly pca: FittedPca | null;
}

type Json = Record<string, unknown>;

/** How far a PCA component's length may be from 1 (eigenvectors are unit length to ~1e-15). */
const UNIT_TOLERANCE = 1e-6;

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidFormatError(path, 'expected an object');
  // A non-null, non-array object: its own fields are read one by one and checked below.
  return value as Json;
}

function finite(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new InvalidFormatError(path, `expected a finite number, got ${JSON.stringify(value)}`);
  return value;
}

function nonNegative(value: unknown, path: string): number {
  const number = finite(value, path);
  if (number < 0) throw new InvalidFormatError(path, `expected a number ≥ 0, got ${number}`);
  return number;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  const found = allowed.find((item) => item === value);
  if (found === undefined) {
    throw new InvalidFormatError(
      path,
      `expected one of ${allowed.map((item) => `"${item}"`).join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return found;
}

function bool(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new InvalidFormatError(path, 'expected a boolean');
  return value;
}

function numbers(value: unknown, path: string, length: number): number[] {
  if (!Array.isArray(value) || value.length !== length)
    throw new InvalidFormatError(path, `expected an array of ${length} numbers`);
  return value.map((item: unknown, index) => finite(item, `${path}[${index}]`));
}

function nonEmptyString(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '')
    throw new InvalidFormatError(path, 'expected a non-empty string');
  return value;
}

function categoryList(value: unknown, path: string): (string | number)[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new InvalidFormatError(path, 'expected a non-empty array of categories');
  const seen = new Set<string | number>();
  return value.map((category: unknown, index) => {
    if (
      typeof category !== 'string' &&
      !(typeof category === 'number' && Number.isFinite(category))
    ) {
      throw new InvalidFormatError(`${path}[${index}]`, 'expected a string or a finite number');
    }
    if (seen.has(category))
      throw new InvalidFormatError(
        `${path}[${index}]`,
        `the category ${JSON.stringify(category)} appears twice`,
      );
    seen.add(category);
    return category;
  });
}

function readNumeric(
  column: Json,
  path: string,
  name: string,
  weight: number,
): FittedNumericColumn {
  const scaler = oneOf(column.scaler, ['minmax', 'zscore', 'robust', 'none'], `${path}.scaler`);
  const missing = oneOf(column.missing, ['error', 'mean', 'median', 'zero'], `${path}.missing`);
  const clip = bool(column.clip, `${path}.clip`);
  if (clip && scaler !== 'minmax')
    throw new InvalidFormatError(`${path}.clip`, `clip is only written with scaler "minmax"`);
  const center = finite(column.center, `${path}.center`);
  const scale = finite(column.scale, `${path}.scale`);
  if (scaler === 'none' && (center !== 0 || scale !== 1)) {
    throw new InvalidFormatError(
      `${path}.${center !== 0 ? 'center' : 'scale'}`,
      `scaler "none" has center 0 and scale 1, got center ${center} and scale ${scale}`,
    );
  }
  // `fit` divides by 1 instead of a spread within rounding error of the values' magnitude, so
  // a divisor other than 1 is larger than 10 machine epsilons of |center|: one smaller sends
  // ordinary values to huge or infinite outputs.
  if (scale <= 0 || (scale !== 1 && scale <= 10 * Number.EPSILON * Math.abs(center))) {
    throw new InvalidFormatError(
      `${path}.scale`,
      `expected a divisor > 0 and, unless 1, > 10 machine epsilons of |center| (${center}), as fit writes; got ${scale}`,
    );
  }
  let fill: number | null = null;
  if (missing === 'mean' || missing === 'median') {
    fill = finite(column.fill, `${path}.fill`);
    if (!Number.isFinite(Math.fround(((fill - center) / scale) * weight))) {
      throw new InvalidFormatError(
        `${path}.fill`,
        `the imputed value ${fill} transforms to a value float32 cannot hold`,
      );
    }
  } else if (column.fill !== null) {
    throw new InvalidFormatError(`${path}.fill`, `expected null with missing "${missing}"`);
  }
  return {
    kind: 'numeric',
    name,
    scaler,
    log: bool(column.log, `${path}.log`),
    weight,
    missing,
    clip,
    center,
    scale,
    fill,
  };
}

function readColumn(value: unknown, path: string): FittedColumn {
  const column = object(value, path);
  const kind = oneOf(column.kind, ['numeric', 'categorical', 'multi-hot'], `${path}.kind`);
  const name = nonEmptyString(column.name, `${path}.name`);
  const weight = nonNegative(column.weight, `${path}.weight`);
  if (kind === 'numeric') return readNumeric(column, path, name, weight);
  const normalize = bool(column.normalize, `${path}.normalize`);
  if (kind === 'categorical' && normalize)
    throw new InvalidFormatError(`${path}.normalize`, 'expected false for a categorical column');
  const categorical: FittedCategoricalColumn = {
    kind,
    name,
    categories: categoryList(column.categories, `${path}.categories`),
    weight,
    unknown: oneOf(column.unknown, ['ignore', 'error'], `${path}.unknown`),
    normalize,
  };
  return categorical;
}

function readPca(value: unknown, width: number): FittedPca {
  const raw = object(value, 'pca');
  if (
    !Array.isArray(raw.components) ||
    raw.components.length === 0 ||
    raw.components.length > width
  )
    throw new InvalidFormatError('pca.components', `expected 1 to ${width} component rows`);
  const k = raw.components.length;
  const components = raw.components.map((row: unknown, index) => {
    const path = `pca.components[${index}]`;
    const component = numbers(row, path, width);
    const length = Math.sqrt(component.reduce((sum, entry) => sum + entry * entry, 0));
    if (Math.abs(length - 1) > UNIT_TOLERANCE)
      throw new InvalidFormatError(path, `expected a unit vector, got length ${length}`);
    return component;
  });
  const explainedVariance = numbers(raw.explainedVariance, 'pca.explainedVariance', k);
  explainedVariance.forEach((variance, index) => {
    const path = `pca.explainedVariance[${index}]`;
    if (variance < 0) throw new InvalidFormatError(path, `expected a number ≥ 0, got ${variance}`);
    if (index > 0 && variance > (explainedVariance[index - 1] as number))
      throw new InvalidFormatError(path, 'expected variances in decreasing order');
  });
  const explainedVarianceRatio = numbers(
    raw.explainedVarianceRatio,
    'pca.explainedVarianceRatio',
    k,
  );
  explainedVarianceRatio.forEach((ratio, index) => {
    if (ratio < 0 || ratio > 1)
      throw new InvalidFormatError(
        `pca.explainedVarianceRatio[${index}]`,
        `expected a share in [0, 1], got ${ratio}`,
      );
  });
  const total = explainedVarianceRatio.reduce((sum, ratio) => sum + ratio, 0);
  if (total > 1 + 1e-9)
    throw new InvalidFormatError('pca.explainedVarianceRatio', `the shares sum to ${total} > 1`);
  return {
    mean: numbers(raw.mean, 'pca.mean', width),
    components,
    explainedVariance,
    explainedVarianceRatio,
    whiten: bool(raw.whiten, 'pca.whiten'),
  };
}

/**
 * @internal Validates a serialised pipeline field by field: every value that `fit` could not
 * have written is an {@link InvalidFormatError} naming its path.
 */
export function readPipelineJSON(input: unknown): ParsedPipeline {
  const value = parseJSONInput(input, (reason, cause) => {
    throw new InvalidFormatError('(root)', reason, { cause });
  });
  const json = object(value, '(root)');
  if (json.kind !== 'spotrec.feature-pipeline') {
    throw new InvalidFormatError(
      'kind',
      `expected "spotrec.feature-pipeline", got ${JSON.stringify(json.kind)}`,
    );
  }
  if (json.formatVersion !== 1) {
    throw new InvalidFormatError(
      'formatVersion',
      typeof json.formatVersion === 'number' && json.formatVersion > 1
        ? `format ${json.formatVersion} was written by a newer @spotrec/features; this version reads format 1`
        : `this version reads format 1, got ${JSON.stringify(json.formatVersion)}`,
    );
  }
  if (!Array.isArray(json.columns) || json.columns.length === 0)
    throw new InvalidFormatError('columns', 'expected a non-empty array');
  const names = new Set<string>();
  const columns = json.columns.map((raw: unknown, index) => {
    const column = readColumn(raw, `columns[${index}]`);
    if (names.has(column.name))
      throw new InvalidFormatError(
        `columns[${index}].name`,
        `the column ${JSON.stringify(column.name)} appears twice`,
      );
    names.add(column.name);
    return column;
  });
  const width = columns.reduce(
    (sum, column) => sum + (column.kind === 'numeric' ? 1 : column.categories.length),
    0,
  );
  if (json.pca === undefined)
    throw new InvalidFormatError('pca', 'expected null or a fitted PCA object');
  const pca = json.pca === null ? null : readPca(json.pca, width);
  const expected =
    pca === null ? columns.flatMap(outputNames) : pca.components.map((_, k) => `pc${k + 1}`);
  const outputColumns = json.outputColumns;
  if (
    !Array.isArray(outputColumns) ||
    outputColumns.length !== expected.length ||
    outputColumns.some((name, index) => name !== expected[index])
  ) {
    throw new InvalidFormatError(
      'outputColumns',
      `expected the names the columns give, ${JSON.stringify(expected).slice(0, 200)}`,
    );
  }
  return { columns, pca };
}
