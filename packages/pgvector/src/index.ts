export { PgVectorStore } from './store';
export type { PgVectorStoreOptions, StoreStatus } from './store';
export type { SearchOptions } from './recommend';
export type { HnswOptions, SyncOptions, SyncProgress, SyncResult, SyncableBundle } from './sync';
export type {
  SqlClient,
  SqlConnection,
  SqlQueryable,
  SqlPool,
  SqlTransactional,
  SqlResult,
} from './client';
export { SCHEMA_VERSION } from './schema';
export {
  PgVectorError,
  ConnectionError,
  MissingExtensionError,
  SchemaVersionError,
  DimensionMismatchError,
  NotSyncedError,
  UnsupportedBundleError,
  DatabaseError,
} from './errors';
