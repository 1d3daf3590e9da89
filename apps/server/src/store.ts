/**
 * `--store`: answering `/v1/recommendations` from Postgres + pgvector (`@spotrec/pgvector`)
 * instead of memory. Parses the location, opens the client (PGlite or node-postgres, loaded
 * only when asked for) and closes it at shutdown.
 */

import { PgVectorStore, type SearchOptions } from '@spotrec/pgvector';

/** Where the database is: PGlite in a folder (or `memory://`), or a Postgres server URL. */
export type StoreLocation =
  | { readonly kind: 'pglite'; readonly dataDir: string }
  | { readonly kind: 'postgres'; readonly url: string };

/** A bad `--store` value (the caller turns it into a usage error). */
export class StoreLocationError extends Error {
  override readonly name = 'StoreLocationError';
}

/**
 * Parses `--store`: `pglite:DIR` (a folder PGlite keeps its files in, created when missing;
 * `pglite:memory://` for a database that lives as long as the process) or
 * `postgres://user:password@host:port/database` (`postgresql://` too).
 */
export function parseStoreLocation(value: string): StoreLocation {
  if (value.startsWith('pglite:')) {
    const dataDir = value.slice('pglite:'.length);
    if (dataDir === '')
      throw new StoreLocationError(
        '--store pglite: expects a folder after the colon (pglite:./data, or pglite:memory://)',
      );
    return { kind: 'pglite', dataDir };
  }
  if (/^postgres(ql)?:\/\//.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch (error) {
      throw new StoreLocationError(`--store expects a valid postgres:// URL, got "${value}"`, {
        cause: error,
      });
    }
    if (url.hostname === '' && !url.searchParams.has('host'))
      throw new StoreLocationError(
        `--store expects a server in the URL (postgres://host:5432/database, or ?host=/socket/dir), got "${value}"`,
      );
    return { kind: 'postgres', url: value };
  }
  throw new StoreLocationError(
    `--store expects pglite:DIR or postgres://user:password@host:port/database, got "${value}"`,
  );
}

/** The location for logs and `/readyz`, with any password replaced by `***`. */
export function describeStore(location: StoreLocation): string {
  if (location.kind === 'pglite') return `pglite:${location.dataDir}`;
  const url = new URL(location.url);
  if (url.password !== '') url.password = '***';
  return url.toString();
}

/** An open store and how to close its client. */
export interface OpenedStore {
  /** The store over the client. */
  readonly store: PgVectorStore;
  /** The location, password hidden. */
  readonly description: string;
  /** The search settings of every request. */
  readonly search: SearchOptions;
  /** Closes the client (PGlite's database, or the pool's connections). */
  close(): Promise<void>;
}

/**
 * Opens the client for `location` and a store over it (one round trip proves the database
 * answers). node-postgres gets a pool; PGlite is created with the `vector` extension.
 */
export async function openStore(
  location: StoreLocation,
  search: SearchOptions,
): Promise<OpenedStore> {
  const description = describeStore(location);
  if (location.kind === 'pglite') {
    const [{ PGlite }, { vector }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite/vector'),
    ]);
    const db = await PGlite.create(location.dataDir, { extensions: { vector } });
    try {
      const store = await PgVectorStore.open(db, { search });
      return { store, description, search, close: () => db.close() };
    } catch (error) {
      await db.close();
      throw error;
    }
  }
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: location.url, max: 8 });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => undefined);
  try {
    const store = await PgVectorStore.open(pool, { search });
    return { store, description, search, close: () => pool.end() };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}
