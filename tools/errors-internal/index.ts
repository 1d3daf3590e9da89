// Error-marking helpers shared by every spotrec package. Private: each package's build
// bundles this file, so the published packages keep depending on no other spotrec package.

const SPOTREC_ERROR = Symbol.for('spotrec.error');

function markerOf(scope: string, name: string): symbol {
  return Symbol.for(`spotrec.error.${scope}.${name}`);
}

/**
 * Marks an error as a spotrec error of `scope` (the package) and class `name`, with global
 * symbols, non-enumerable: `isMarked` then recognises it across duplicated package copies.
 */
export function markError(error: Error, scope: string, name: string): void {
  for (const marker of [SPOTREC_ERROR, markerOf(scope, name)]) {
    Object.defineProperty(error, marker, { value: true, enumerable: false });
  }
}

/** Whether `error` was marked as class `name` of `scope`. */
export function isMarked(error: unknown, scope: string, name: string): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[markerOf(scope, name)] === true
  );
}

/** A short, readable rendering of a value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}
