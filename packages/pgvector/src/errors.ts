/**
 * Error classes of `@spotrec/pgvector`. Every error carries the shared
 * `Symbol.for('spotrec.error')` marker and one of its own, so `SomeError.isInstance(e)` works
 * across duplicated copies of the package. Request errors (a bad field, an unknown seed) are
 * the recommender's own `InvalidArgumentError` and `NotInCatalogError`: the same request fails
 * the same way in memory and in the database.
 */

import { isMarked, markError } from '@spotrec/errors-internal';

const SCOPE = 'pgvector';

/**
 * The base class of every error thrown by `@spotrec/pgvector`.
 *
 * @example
 * ```ts
 * import { PgVectorError } from '@spotrec/pgvector';
 *
 * const error: unknown = new PgVectorError('something went wrong');
 * console.log(PgVectorError.isInstance(error)); // true
 * ```
 */
export class PgVectorError extends Error {
  /**
   * @param message - What went wrong.
   * @param options - `cause`: the error this one wraps.
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PgVectorError';
    markError(this, SCOPE, 'PgVectorError');
  }

  /** True for any error thrown by `@spotrec/pgvector`, whichever copy of the package threw it. */
  static isInstance(error: unknown): error is PgVectorError {
    return isMarked(error, SCOPE, 'PgVectorError');
  }
}

/**
 * The database could not be reached, or the connection broke (`ECONNREFUSED`, a terminated
 * connection, SQLSTATE class `08`). The client's error is the `cause`.
 *
 * @example
 * ```ts
 * import { ConnectionError } from '@spotrec/pgvector';
 *
 * const error = new ConnectionError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED');
 * console.log(error.message); // Cannot reach the database (ECONNREFUSED): connect ECONNREFUSED 127.0.0.1:5432
 * ```
 */
export class ConnectionError extends PgVectorError {
  /** The client's error code (`ECONNREFUSED`, `08006`, …), when it gave one. */
  readonly code: string | undefined;

  /**
   * @param detail - The client's message.
   * @param code - The client's error code.
   * @param options - `cause`: the client's error.
   */
  constructor(detail: string, code: string | undefined, options?: { cause?: unknown }) {
    super(`Cannot reach the database${code === undefined ? '' : ` (${code})`}: ${detail}`, options);
    this.name = 'ConnectionError';
    markError(this, SCOPE, 'ConnectionError');
    this.code = code;
  }

  /** True for a {@link ConnectionError} from any copy of the package. */
  static override isInstance(error: unknown): error is ConnectionError {
    return isMarked(error, SCOPE, 'ConnectionError');
  }
}

/**
 * The `vector` extension (pgvector) is not installed in the database and could not be created.
 *
 * @example
 * ```ts
 * import { MissingExtensionError } from '@spotrec/pgvector';
 *
 * const error = new MissingExtensionError('extension "vector" is not available');
 * console.log(error.name); // MissingExtensionError
 * ```
 */
export class MissingExtensionError extends PgVectorError {
  /**
   * @param detail - The database's message.
   * @param options - `cause`: the database's error.
   */
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      `The pgvector extension "vector" is missing (${detail}). Install pgvector ≥ 0.8 on the server ` +
        'and run CREATE EXTENSION vector as a role allowed to, or pass the vector extension to PGlite.',
      options,
    );
    this.name = 'MissingExtensionError';
    markError(this, SCOPE, 'MissingExtensionError');
  }

  /** True for a {@link MissingExtensionError} from any copy of the package. */
  static override isInstance(error: unknown): error is MissingExtensionError {
    return isMarked(error, SCOPE, 'MissingExtensionError');
  }
}

/**
 * The database holds a schema written by a newer version of this package: nothing is changed.
 *
 * @example
 * ```ts
 * import { SchemaVersionError } from '@spotrec/pgvector';
 *
 * const error = new SchemaVersionError('spotrec_tracks', 2, 1);
 * console.log(error.message);
 * // Table "spotrec_tracks" has schema version 2, newer than the 1 this @spotrec/pgvector supports: upgrade the package
 * ```
 */
export class SchemaVersionError extends PgVectorError {
  /** The tracks table. */
  readonly table: string;
  /** The version the database holds. */
  readonly found: number;
  /** The newest version this package reads and writes. */
  readonly supported: number;

  /**
   * @param table - The tracks table.
   * @param found - The version the database holds.
   * @param supported - The newest version this package supports.
   */
  constructor(table: string, found: number, supported: number) {
    super(
      `Table "${table}" has schema version ${found}, newer than the ${supported} this @spotrec/pgvector supports: upgrade the package`,
    );
    this.name = 'SchemaVersionError';
    markError(this, SCOPE, 'SchemaVersionError');
    this.table = table;
    this.found = found;
    this.supported = supported;
  }

  /** True for a {@link SchemaVersionError} from any copy of the package. */
  static override isInstance(error: unknown): error is SchemaVersionError {
    return isMarked(error, SCOPE, 'SchemaVersionError');
  }
}

/**
 * The bundle's vectors and the table's `embedding vector(d)` column have different widths.
 *
 * @example
 * ```ts
 * import { DimensionMismatchError } from '@spotrec/pgvector';
 *
 * const error = new DimensionMismatchError('spotrec_tracks', 12, 8);
 * console.log(error.message);
 * // Table "spotrec_tracks" stores 12-d vectors but the bundle has 8-d vectors: sync into another table, or drop this one with store.drop()
 * ```
 */
export class DimensionMismatchError extends PgVectorError {
  /** The tracks table. */
  readonly table: string;
  /** The width of the table's vectors. */
  readonly tableDimension: number;
  /** The width of the bundle's vectors. */
  readonly bundleDimension: number;

  /**
   * @param table - The tracks table.
   * @param tableDimension - The width of the table's vectors.
   * @param bundleDimension - The width of the bundle's vectors.
   */
  constructor(table: string, tableDimension: number, bundleDimension: number) {
    super(
      `Table "${table}" stores ${tableDimension}-d vectors but the bundle has ${bundleDimension}-d vectors: sync into another table, or drop this one with store.drop()`,
    );
    this.name = 'DimensionMismatchError';
    markError(this, SCOPE, 'DimensionMismatchError');
    this.table = table;
    this.tableDimension = tableDimension;
    this.bundleDimension = bundleDimension;
  }

  /** True for a {@link DimensionMismatchError} from any copy of the package. */
  static override isInstance(error: unknown): error is DimensionMismatchError {
    return isMarked(error, SCOPE, 'DimensionMismatchError');
  }
}

/**
 * A request was made before any bundle was synced into the table.
 *
 * @example
 * ```ts
 * import { NotSyncedError } from '@spotrec/pgvector';
 *
 * console.log(new NotSyncedError('spotrec_tracks').message);
 * // Table "spotrec_tracks" holds no synced catalog: run store.sync(bundle) first
 * ```
 */
export class NotSyncedError extends PgVectorError {
  /** The tracks table. */
  readonly table: string;

  /**
   * @param table - The tracks table.
   * @param options - `cause`: the database's error, if any.
   */
  constructor(table: string, options?: { cause?: unknown }) {
    super(`Table "${table}" holds no synced catalog: run store.sync(bundle) first`, options);
    this.name = 'NotSyncedError';
    markError(this, SCOPE, 'NotSyncedError');
    this.table = table;
  }

  /** True for a {@link NotSyncedError} from any copy of the package. */
  static override isInstance(error: unknown): error is NotSyncedError {
    return isMarked(error, SCOPE, 'NotSyncedError');
  }
}

/**
 * The bundle's model cannot be answered with a vector index (collaborative and hybrid kinds).
 *
 * @example
 * ```ts
 * import { UnsupportedBundleError } from '@spotrec/pgvector';
 *
 * console.log(new UnsupportedBundleError('hybrid').message);
 * // Bundles of kind "hybrid" cannot be stored: only "features" and "embedding" bundles rank by a vector pgvector can index
 * ```
 */
export class UnsupportedBundleError extends PgVectorError {
  /** The bundle's model kind. */
  readonly kind: string;

  /** @param kind - The bundle's model kind. */
  constructor(kind: string) {
    super(
      `Bundles of kind "${kind}" cannot be stored: only "features" and "embedding" bundles rank by a vector pgvector can index`,
    );
    this.name = 'UnsupportedBundleError';
    markError(this, SCOPE, 'UnsupportedBundleError');
    this.kind = kind;
  }

  /** True for an {@link UnsupportedBundleError} from any copy of the package. */
  static override isInstance(error: unknown): error is UnsupportedBundleError {
    return isMarked(error, SCOPE, 'UnsupportedBundleError');
  }
}

/**
 * Any other error the database returned, with its SQLSTATE `code` and the client's error as
 * `cause`.
 *
 * @example
 * ```ts
 * import { DatabaseError } from '@spotrec/pgvector';
 *
 * const error = new DatabaseError('permission denied for table spotrec_tracks', '42501');
 * console.log(error.message); // Database error 42501: permission denied for table spotrec_tracks
 * ```
 */
export class DatabaseError extends PgVectorError {
  /** The SQLSTATE code, when the client gave one. */
  readonly code: string | undefined;

  /**
   * @param detail - The database's message.
   * @param code - The SQLSTATE code.
   * @param options - `cause`: the client's error.
   */
  constructor(detail: string, code: string | undefined, options?: { cause?: unknown }) {
    super(`Database error${code === undefined ? '' : ` ${code}`}: ${detail}`, options);
    this.name = 'DatabaseError';
    markError(this, SCOPE, 'DatabaseError');
    this.code = code;
  }

  /** True for a {@link DatabaseError} from any copy of the package. */
  static override isInstance(error: unknown): error is DatabaseError {
    return isMarked(error, SCOPE, 'DatabaseError');
  }
}
