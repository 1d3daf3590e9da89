import { ConnectionError, DatabaseError, MissingExtensionError, PgVectorError } from './errors';

/** A connection checked out of a pool: queries, then `release` (with the error when it broke). */
export interface SqlConnection extends SqlQueryable {
  /** Returns the connection to the pool; `error`/`true` discards it as broken. */
  release(error?: Error | boolean): void;
}

/** What a query returns: node-postgres' `QueryResult` and PGlite's `Results` both fit. */
export interface SqlResult {
  /** The rows, one object per row keyed by column name. */
  readonly rows: readonly unknown[];
}

/**
 * The one method the store needs: a parameterised query. node-postgres' `Client`, `Pool` and
 * `PoolClient` and PGlite (`PGlite`, its `Transaction`) all have it.
 */
export interface SqlQueryable {
  /** Runs one statement with `$1…$n` placeholders bound to `values`. */
  query(text: string, values?: unknown[]): Promise<SqlResult>;
}

/**
 * A node-postgres `Pool`: each transaction runs on a client checked out with `connect()` and
 * released afterwards (a pool runs each `query` on whichever connection is free).
 */
export interface SqlPool extends SqlQueryable {
  /** Checks out a client. */
  connect(): Promise<SqlConnection>;
  /** The number of clients in the pool (how a pool is told from a `Client`). */
  readonly totalCount: number;
}

/**
 * A client with its own transaction method, such as PGlite (`db.transaction(async (tx) => …)`),
 * which also keeps other queries out of the transaction.
 */
export interface SqlTransactional extends SqlQueryable {
  /** Runs `callback` inside `BEGIN … COMMIT` (`ROLLBACK` when it throws). */
  transaction<T>(callback: (tx: SqlQueryable) => Promise<T>): Promise<T>;
}

/**
 * The database client the caller passes: node-postgres (`new pg.Pool(…)`, a connected
 * `pg.Client`) or PGlite (`await PGlite.create({ extensions: { vector } })`). The store
 * imports neither.
 */
export type SqlClient = SqlQueryable | SqlPool | SqlTransactional;

function isPool(client: SqlClient): client is SqlPool {
  return (
    typeof (client as Partial<SqlPool>).connect === 'function' &&
    typeof (client as Partial<SqlPool>).totalCount === 'number'
  );
}

function isTransactional(client: SqlClient): client is SqlTransactional {
  return typeof (client as Partial<SqlTransactional>).transaction === 'function';
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
]);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.message === '')
    return error.errors.map((inner) => messageOf(inner)).join('; ');
  if (error instanceof Error) return error.message;
  return String(error);
}

/** @internal Turns a client's error into the package's typed errors (ours pass through). */
export function wrapError(error: unknown): Error {
  if (PgVectorError.isInstance(error)) return error;
  if (typeof error === 'object' && error !== null && Symbol.for('spotrec.error') in error)
    return error as Error;
  const code = codeOf(error);
  const message = messageOf(error);
  if (
    (code !== undefined && (CONNECTION_CODES.has(code) || code.startsWith('08'))) ||
    /Connection terminated|connection is closed|Client has encountered a connection error|PGlite is closed/i.test(
      message,
    )
  )
    return new ConnectionError(message, code, { cause: error });
  if (/type "vector" does not exist|extension "vector"/i.test(message))
    return new MissingExtensionError(message, { cause: error });
  return new DatabaseError(message, code, { cause: error });
}

/**
 * @internal Runs `work` in one transaction on `client`: PGlite's `transaction`, a pool client
 * checked out for it, or `BEGIN`/`COMMIT` on a plain client (serialised by `queue` so two
 * calls on one connection never interleave). Errors come back typed.
 */
export async function inTransaction<T>(
  client: SqlClient,
  queue: { tail: Promise<unknown> },
  work: (tx: SqlQueryable) => Promise<T>,
): Promise<T> {
  try {
    if (isTransactional(client)) return await client.transaction(work);
    if (isPool(client)) {
      const connection = await client.connect();
      let broken: Error | undefined;
      try {
        return await raw(connection, work);
      } catch (error) {
        if (ConnectionError.isInstance(wrapError(error))) broken = error as Error;
        throw error;
      } finally {
        connection.release(broken);
      }
    }
    const previous = queue.tail;
    let done!: () => void;
    queue.tail = new Promise<void>((resolve) => {
      done = resolve;
    });
    try {
      await previous.catch(() => undefined);
      return await raw(client, work);
    } finally {
      done();
    }
  } catch (error) {
    throw wrapError(error);
  }
}

async function raw<T>(client: SqlQueryable, work: (tx: SqlQueryable) => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
