import { InvalidFormatError } from './errors';
import type { FittedPca } from './pca';
import type { FittedCategoricalColumn, FittedColumn, FittedNumericColumn } from './pipeline';

interface ParsedPipeline {
  readonly columns: FittedColumn[];
  readonly pca: FittedPca | null;
}

type Json = Record<string, unknown>;

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidFormatError(path, 'expected an object');
  return value as Json;
}

function finite(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new InvalidFormatError(path, 'expected a finite number');
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (!(allowed as readonly unknown[]).includes(value)) {
    throw new InvalidFormatError(
      path,
      `expected one of ${allowed.map((item) => `"${item}"`).join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return value as T;
}

function bool(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new InvalidFormatError(path, 'expected a boolean');
  return value;
}

function numbers(value: unknown, path: string, length?: number): number[] {
  if (!Array.isArray(value) || (length !== undefined && value.length !== length)) {
    throw new InvalidFormatError(
      path,
      length === undefined
        ? 'expected an array of numbers'
        : `expected an array of ${length} numbers`,
    );
  }
  return value.map((item, index) => finite(item, `${path}[${index}]`));
}

function readColumn(value: unknown, path: string): FittedColumn {
  const column = object(value, path);
  const kind = oneOf(column.kind, ['numeric', 'categorical', 'multi-hot'], `${path}.kind`);
  if (typeof column.name !== 'string' || column.name === '')
    throw new InvalidFormatError(`${path}.name`, 'expected a non-empty string');
  const weight = finite(column.weight, `${path}.weight`);
  if (kind === 'numeric') {
    const scale = finite(column.scale, `${path}.scale`);
    if (scale === 0) throw new InvalidFormatError(`${path}.scale`, 'expected a non-zero divisor');
    const numeric: FittedNumericColumn = {
      kind,
      name: column.name,
      scaler: oneOf(column.scaler, ['minmax', 'zscore', 'robust', 'none'], `${path}.scaler`),
      log: bool(column.log, `${path}.log`),
      weight,
      missing: oneOf(column.missing, ['error', 'mean', 'median', 'zero'], `${path}.missing`),
      clip: bool(column.clip, `${path}.clip`),
      center: finite(column.center, `${path}.center`),
      scale,
      fill: column.fill === null ? null : finite(column.fill, `${path}.fill`),
    };
    return numeric;
  }
  const categories = column.categories;
  if (!Array.isArray(categories) || categories.length === 0) {
    throw new InvalidFormatError(`${path}.categories`, 'expected a non-empty array');
  }
  categories.forEach((category: unknown, index) => {
    if (
      typeof category !== 'string' &&
      !(typeof category === 'number' && Number.isFinite(category))
    ) {
      throw new InvalidFormatError(
        `${path}.categories[${index}]`,
        'expected a string or a finite number',
      );
    }
  });
  const categorical: FittedCategoricalColumn = {
    kind,
    name: column.name,
    categories: categories as (string | number)[],
    weight,
    unknown: oneOf(column.unknown, ['ignore', 'error'], `${path}.unknown`),
    normalize: bool(column.normalize, `${path}.normalize`),
  };
  return categorical;
}

/** @internal Validates a serialised pipeline field by field. */
export function readPipelineJSON(input: unknown): ParsedPipeline {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch (error) {
      throw new InvalidFormatError(
        '(root)',
        `not JSON (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
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
      `this version reads format 1, got ${JSON.stringify(json.formatVersion)}`,
    );
  }
  if (!Array.isArray(json.columns) || json.columns.length === 0)
    throw new InvalidFormatError('columns', 'expected a non-empty array');
  const columns = json.columns.map((column, index) => readColumn(column, `columns[${index}]`));
  const width = columns.reduce(
    (sum, column) => sum + (column.kind === 'numeric' ? 1 : column.categories.length),
    0,
  );
  let pca: FittedPca | null = null;
  if (json.pca !== null && json.pca !== undefined) {
    const raw = object(json.pca, 'pca');
    if (
      !Array.isArray(raw.components) ||
      raw.components.length === 0 ||
      raw.components.length > width
    ) {
      throw new InvalidFormatError('pca.components', `expected 1 to ${width} component rows`);
    }
    const k = raw.components.length;
    pca = {
      mean: numbers(raw.mean, 'pca.mean', width),
      components: raw.components.map((row: unknown, index) =>
        numbers(row, `pca.components[${index}]`, width),
      ),
      explainedVariance: numbers(raw.explainedVariance, 'pca.explainedVariance', k),
      explainedVarianceRatio: numbers(raw.explainedVarianceRatio, 'pca.explainedVarianceRatio', k),
      whiten: bool(raw.whiten, 'pca.whiten'),
    };
  }
  return { columns, pca };
}
