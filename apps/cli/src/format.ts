/** Formats a count with grouped digits. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** Formats a number for a table: fixed decimals for small magnitudes, grouped digits for large. */
export function formatNumber(value: number, digits = 3): string {
  if (Number.isNaN(value)) return 'NaN';
  if (Number.isInteger(value) && Math.abs(value) >= 1000) return value.toLocaleString('en-US');
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(digits);
}

/**
 * Formats a p-value: two significant digits, or `< 1e-16` below that, where a t-distribution
 * tail computed in double precision has no digits left to trust (and underflows to 0 further
 * on, which would read as a p of exactly 0).
 */
export function formatPValue(p: number): string {
  if (Number.isNaN(p)) return 'NaN';
  return p < 1e-16 ? '< 1e-16' : p.toExponential(1);
}

/** Renders rows as a plain-text table with a header rule; numbers right-aligned. */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  const cells = rows.map((row) =>
    row.map((cell) => (typeof cell === 'number' ? formatNumber(cell) : cell)),
  );
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((row) => (row[column] ?? '').length)),
  );
  const numeric = header.map(
    (_, column) =>
      cells.length > 0 && cells.every((row) => /^-?[\d,]+(\.\d+)?$|^NaN$/.test(row[column] ?? '')),
  );
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) =>
        numeric[column] ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [
    line(header),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...cells.map(line),
  ].join('\n');
}
