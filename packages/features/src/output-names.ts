import type { FittedColumn } from './pipeline';

/** @internal The output column names of a fitted column: `name`, `name=value` or `name:value`. */
export function outputNames(column: FittedColumn): string[] {
  if (column.kind === 'numeric') return [column.name];
  const separator = column.kind === 'categorical' ? '=' : ':';
  return column.categories.map((category) => `${column.name}${separator}${category}`);
}
