import type { SqlClient, SqlQueryable, SqlResult } from './client';

/**
 * A client whose `query` takes a third argument with a `blob` that `COPY … FROM '/dev/blob'`
 * reads: PGlite and its transactions. node-postgres has no COPY in its core (that needs the
 * separate `pg-copy-streams`), so it writes with multi-row inserts.
 */
export interface BlobQueryable extends SqlQueryable {
  query(text: string, values?: unknown[], options?: { blob?: Blob }): Promise<SqlResult>;
}

/**
 * @internal Whether `client` is a PGlite instance (the one client known to take a blob for
 * `COPY FROM '/dev/blob'`): it has PGlite's `dumpDataDir` and `transaction`.
 */
export function acceptsBlobCopy(client: SqlClient): boolean {
  const candidate = client as { dumpDataDir?: unknown; transaction?: unknown };
  return typeof candidate.dumpDataDir === 'function' && typeof candidate.transaction === 'function';
}

/** COPY's text format: backslash, tab, newline and carriage return escaped. */
function copyText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (character) =>
    character === '\\' ? '\\\\' : character === '\t' ? '\\t' : character === '\n' ? '\\n' : '\\r',
  );
}

/** An array literal of `text[]`: every element quoted, `"` and `\` escaped inside the quotes. */
function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((item) => `"${item.replace(/["\\]/g, (character) => `\\${character}`)}"`).join(',')}}`;
}

/**
 * @internal One row of COPY's text format from a row's values as they would be bound to an
 * `INSERT`: strings, string arrays, booleans, finite numbers and `null` (`\N`). The caller has
 * already refused NUL in text (Postgres text cannot hold it).
 */
export function copyLine(values: readonly unknown[]): string {
  const fields = values.map((value, at) => {
    if (value === null) return '\\N';
    if (typeof value === 'string') return copyText(value);
    if (typeof value === 'boolean') return value ? 't' : 'f';
    // Shortest round-trip text of a double: Postgres reads back the same double.
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
      return copyText(arrayLiteral(value as string[]));
    throw new TypeError(`COPY field ${at}: cannot write ${typeof value} ${String(value)}`);
  });
  return `${fields.join('\t')}\n`;
}

/**
 * @internal Writes rows with `COPY <table> (<columns>) FROM '/dev/blob'` in chunks, calling
 * `onChunk` with the rows written so far.
 */
export async function copyRows(
  tx: BlobQueryable,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  chunk: number,
  onChunk: (written: number) => void,
): Promise<void> {
  for (let start = 0; start < rows.length; start += chunk) {
    const lines = rows.slice(start, start + chunk).map(copyLine);
    await tx.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], {
      blob: new Blob(lines),
    });
    onChunk(Math.min(rows.length, start + chunk));
  }
}
