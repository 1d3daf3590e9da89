import type { Track } from '@spotrec/data';
import {
  InvalidArgumentError,
  type Recommender,
  type RecommendRequest,
  type RecommendResponse,
} from '@spotrec/recommender';
import { inTransaction, wrapError, type SqlClient, type SqlQueryable } from './client';
import { acceptsBlobCopy } from './copy';
import { NotSyncedError, SchemaVersionError } from './errors';
import {
  recommendInTransaction,
  requestChecker,
  searchSettings,
  type SearchOptions,
  type SearchSettings,
} from './recommend';
import { SCHEMA_VERSION, namesFor, type Names } from './schema';
import {
  storedVersion,
  syncInTransaction,
  type CatalogMeta,
  type HnswOptions,
  type SyncOptions,
  type SyncResult,
  type SyncableBundle,
} from './sync';

/** Options of {@link PgVectorStore.open}. */
export interface PgVectorStoreOptions {
  /**
   * The tracks table; `<table>_meta` and `<table>_schema` sit beside it. A lower-case SQL
   * identifier (identifiers cannot be bound as parameters, so this one is validated).
   * @defaultValue `'spotrec_tracks'`
   */
  readonly table?: string;
  /**
   * HNSW build settings (inner product on the stored unit vectors, `vector_ip_ops`), or
   * `false` for no index (exact scans only). Changing them rebuilds the index at the next sync.
   * @defaultValue `{ m: 16, efConstruction: 64 }`
   */
  readonly hnsw?: HnswOptions | false;
  /**
   * The search settings every {@link PgVectorStore.recommend} uses unless it passes its own.
   * @defaultValue `{ mode: 'hnsw', efSearch: 100, iterativeScan: 'strict_order', maxScanTuples: 20000 }`
   */
  readonly search?: SearchOptions;
  /**
   * Rows per multi-row `INSERT` (capped so one statement binds at most 60,000 parameters).
   * @defaultValue `500`
   */
  readonly batchSize?: number;
  /**
   * Run `CREATE EXTENSION IF NOT EXISTS vector` when the extension is missing (needs a role
   * allowed to; otherwise install it once as a superuser and set this to `false`).
   * @defaultValue `true`
   */
  readonly createExtension?: boolean;
  /**
   * How `sync` writes changed rows: `'copy'` streams them with `COPY … FROM '/dev/blob'`
   * (PGlite only: node-postgres has no COPY in its core), `'insert'` with multi-row
   * parameterised `INSERT … ON CONFLICT`; `'auto'` picks COPY for PGlite and inserts otherwise.
   * Both write the same rows (tested).
   * @defaultValue `'auto'`
   */
  readonly bulkLoad?: 'auto' | 'copy' | 'insert';
}

/** What {@link PgVectorStore.status} reports. */
export interface StoreStatus {
  /** The schema version the database holds. */
  readonly schemaVersion: number;
  /** Rows in the tracks table. */
  readonly rows: number;
  /** The synced bundle's catalog fingerprint. */
  readonly fingerprint: string;
  /** The synced bundle's model kind. */
  readonly kind: 'features' | 'embedding';
  /** The width of the stored vectors. */
  readonly dimension: number;
  /** The HNSW index's settings, or `null` when the table has none. */
  readonly hnsw: {
    /** HNSW `m`: links per node. */
    readonly m: number;
    /** HNSW `ef_construction`: candidates kept while building. */
    readonly efConstruction: number;
  } | null;
}

const DEFAULT_SEARCH: SearchSettings = {
  mode: 'hnsw',
  efSearch: 100,
  iterativeScan: 'strict_order',
  maxScanTuples: 20_000,
};

function positiveInteger(value: unknown, parameter: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > max)
    throw new InvalidArgumentError(parameter, `an integer in [1, ${max}]`, value);
  return value;
}

/**
 * The request model of `@spotrec/recommender` on Postgres + pgvector (≥ 0.8): `sync(bundle)`
 * writes a bundle's catalog and scorer vectors into a tracks table (idempotent upserts and
 * deletes keyed by id, in one transaction), and `recommend(request)` answers the same requests
 * as `bundle.recommend` in SQL: the seed profile from the stored vectors, filters as `WHERE`
 * clauses, the HNSW index with iterative scans (or an exact scan), caps, duplicates and
 * diversity re-ranked client-side. Every value is a bound parameter. The caller passes the
 * client: node-postgres (`Pool`, `Client`) or PGlite.
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * import { vector } from '@electric-sql/pglite/vector';
 * import { syntheticCatalog } from '@spotrec/data';
 * import { PgVectorStore } from '@spotrec/pgvector';
 * import { createRecommender } from '@spotrec/recommender';
 *
 * const tracks = syntheticCatalog({ tracks: 2000, seed: 1 });
 * const bundle = await createRecommender({ tracks, model: 'features' });
 * const db = await PGlite.create({ extensions: { vector } });
 * const store = await PgVectorStore.open(db);
 * console.log((await store.sync(bundle)).inserted); // 2000
 * const { tracks: hits } = await store.recommend({ seedTracks: [tracks[0]!.id], min: { tempo: 100 }, k: 3 });
 * console.log(hits.length); // 3
 * await db.close();
 * ```
 */
export class PgVectorStore {
  /** The tracks table's name. */
  readonly table: string;
  private readonly client: SqlClient;
  private readonly names: Names;
  private readonly hnsw: Required<HnswOptions> | false;
  private readonly search: SearchSettings;
  private readonly batchSize: number;
  private readonly createExtension: boolean;
  private readonly bulk: 'copy' | 'insert';
  private readonly queue: { tail: Promise<unknown> } = { tail: Promise.resolve() };
  private checker:
    { fingerprint: string; dimension: number; recommender: Recommender<Track> } | undefined;

  private constructor(client: SqlClient, options: PgVectorStoreOptions) {
    this.client = client;
    this.names = namesFor(options.table ?? 'spotrec_tracks');
    this.table = this.names.table;
    const { hnsw = {} } = options;
    if (hnsw === false) this.hnsw = false;
    else {
      if (typeof hnsw !== 'object' || hnsw === null)
        throw new InvalidArgumentError('options.hnsw', 'HNSW options or false', hnsw);
      this.hnsw = {
        m: positiveInteger(hnsw.m ?? 16, 'options.hnsw.m', 100),
        efConstruction: positiveInteger(
          hnsw.efConstruction ?? 64,
          'options.hnsw.efConstruction',
          1000,
        ),
      };
      if (this.hnsw.efConstruction < 2 * this.hnsw.m)
        throw new InvalidArgumentError(
          'options.hnsw.efConstruction',
          `at least 2 × m (${2 * this.hnsw.m}), as pgvector requires`,
          this.hnsw.efConstruction,
        );
    }
    this.search = searchSettings(options.search, DEFAULT_SEARCH, 'options.search');
    this.batchSize = positiveInteger(options.batchSize ?? 500, 'options.batchSize');
    if (options.createExtension !== undefined && typeof options.createExtension !== 'boolean')
      throw new InvalidArgumentError(
        'options.createExtension',
        'a boolean',
        options.createExtension,
      );
    this.createExtension = options.createExtension ?? true;
    const { bulkLoad = 'auto' } = options;
    if (bulkLoad !== 'auto' && bulkLoad !== 'copy' && bulkLoad !== 'insert')
      throw new InvalidArgumentError('options.bulkLoad', "'auto', 'copy' or 'insert'", bulkLoad);
    if (bulkLoad === 'copy' && !acceptsBlobCopy(client))
      throw new InvalidArgumentError(
        'options.bulkLoad',
        "'auto' or 'insert' for this client ('copy' needs PGlite's COPY FROM '/dev/blob')",
        bulkLoad,
      );
    this.bulk = bulkLoad === 'auto' ? (acceptsBlobCopy(client) ? 'copy' : 'insert') : bulkLoad;
  }

  /**
   * A store over `client`, after one round trip (`SELECT 1`) that proves the database answers.
   * Nothing is created until {@link PgVectorStore.sync}.
   *
   * @param client - A node-postgres `Pool` or connected `Client`, or a PGlite instance created
   *   with the `vector` extension.
   * @param options - Table name, HNSW settings, default search settings, batch size.
   * @returns The store.
   * @throws {@link ConnectionError} when the database cannot be reached.
   * @throws `InvalidArgumentError` (of `@spotrec/recommender`) for a bad option.
   */
  static async open(client: SqlClient, options: PgVectorStoreOptions = {}): Promise<PgVectorStore> {
    if (typeof client !== 'object' || client === null || typeof client.query !== 'function')
      throw new InvalidArgumentError('client', 'a client with query(text, values)', client);
    if (typeof options !== 'object' || options === null)
      throw new InvalidArgumentError('options', 'an options object', options);
    const store = new PgVectorStore(client, options);
    try {
      await client.query('SELECT 1');
    } catch (error) {
      throw wrapError(error);
    }
    return store;
  }

  /**
   * Writes a bundle into the database, in one transaction: creates the `vector` extension
   * (when allowed) and the schema, refuses a newer schema or another vector width, upserts the
   * tracks whose row hash changed, deletes the ids the bundle no longer holds, records the
   * catalog's metadata and builds the HNSW and GIN indexes. Syncing the same bundle again
   * writes nothing.
   *
   * @param bundle - A `'features'` or `'embedding'` bundle (from `createRecommender` or
   *   `RecommenderBundle.load`).
   * @param options - An `AbortSignal` and a progress callback.
   * @returns What changed.
   * @throws {@link MissingExtensionError}, {@link SchemaVersionError},
   * {@link DimensionMismatchError}, {@link UnsupportedBundleError}, {@link ConnectionError},
   * {@link DatabaseError}; `InvalidArgumentError` for a track Postgres cannot hold (text with
   * NUL, an id, artist or genre over 2000 UTF-8 bytes). Nothing is written when it throws.
   */
  async sync(bundle: SyncableBundle, options: SyncOptions = {}): Promise<SyncResult> {
    const started = performance.now();
    const result = await inTransaction(this.client, this.queue, (tx) =>
      syncInTransaction(
        tx,
        bundle,
        {
          names: this.names,
          hnsw: this.hnsw,
          batchSize: this.batchSize,
          createExtension: this.createExtension,
          bulk: this.bulk,
        },
        options,
      ),
    );
    this.checker = undefined;
    return { ...result, milliseconds: performance.now() - started };
  }

  /**
   * Answers a request of `@spotrec/recommender`'s model from the database, in one
   * transaction with the search settings set locally (`hnsw.ef_search`,
   * `hnsw.iterative_scan`, `hnsw.max_scan_tuples`; exact mode turns index scans off).
   *
   * @param request - Seeds, `k`, `min`/`max`/`target`, genre and artist filters,
   *   `maxPerArtist`, `diversity`: the request of `bundle.recommend`.
   * @param options - Search settings for this request (over the store's).
   * @returns The tracks best first with scores and explanations, and the pool sizes.
   * @throws the recommender's `InvalidArgumentError` and `NotInCatalogError`, as
   * `bundle.recommend` does; {@link NotSyncedError} before any sync;
   * {@link SchemaVersionError}, {@link ConnectionError}, {@link DatabaseError}.
   */
  async recommend(
    request: RecommendRequest,
    options?: SearchOptions,
  ): Promise<RecommendResponse<Track>> {
    return (await this.run(request, options, false)) as RecommendResponse<Track>;
  }

  /**
   * The Postgres plan (`EXPLAIN (COSTS OFF)`) of the ranking query a request runs first, with
   * the same settings: whether the HNSW index, a bitmap scan of the GIN indexes or a
   * sequential scan serves it.
   *
   * @param request - The request.
   * @param options - Search settings for this request.
   * @returns The plan's lines.
   * @throws as {@link PgVectorStore.recommend}.
   */
  async explain(request: RecommendRequest, options?: SearchOptions): Promise<string[]> {
    return (await this.run(request, options, true)) as string[];
  }

  private async run(
    request: RecommendRequest,
    options: SearchOptions | undefined,
    explain: boolean,
  ): Promise<RecommendResponse<Track> | string[]> {
    const search = searchSettings(options, this.search, 'options');
    return inTransaction(this.client, this.queue, async (tx) => {
      const meta = await this.meta(tx);
      if (
        this.checker === undefined ||
        this.checker.fingerprint !== meta.fingerprint ||
        this.checker.dimension !== meta.dimension
      )
        this.checker = {
          fingerprint: meta.fingerprint,
          dimension: meta.dimension,
          recommender: requestChecker(meta),
        };
      return recommendInTransaction(
        tx,
        this.names,
        meta,
        this.checker.recommender,
        request,
        search,
        explain,
      );
    });
  }

  private async meta(tx: SqlQueryable): Promise<CatalogMeta> {
    const version = await storedVersion(tx, this.names);
    if (version === null) throw new NotSyncedError(this.table);
    if (version > SCHEMA_VERSION) throw new SchemaVersionError(this.table, version, SCHEMA_VERSION);
    const result = await tx.query(
      `SELECT value::text AS value FROM ${this.names.meta} WHERE key = 'catalog'`,
    );
    const row = result.rows[0] as { value: string } | undefined;
    if (row === undefined) throw new NotSyncedError(this.table);
    return JSON.parse(row.value) as CatalogMeta;
  }

  /**
   * What the database holds: schema version, row count, the synced fingerprint and kind, the
   * vector width and the HNSW settings; `null` before any sync.
   *
   * @returns The status, or `null`.
   * @throws {@link ConnectionError}, {@link DatabaseError}.
   */
  async status(): Promise<StoreStatus | null> {
    return inTransaction(this.client, this.queue, async (tx) => {
      const version = await storedVersion(tx, this.names);
      if (version === null) return null;
      const metaRow = await tx.query(
        `SELECT value::text AS value FROM ${this.names.meta} WHERE key = 'catalog'`,
      );
      const value = (metaRow.rows[0] as { value: string } | undefined)?.value;
      if (value === undefined) return null;
      const meta = JSON.parse(value) as CatalogMeta;
      const count = await tx.query(`SELECT count(*)::int AS rows FROM ${this.names.tracks}`);
      const index = await tx.query(
        'SELECT reloptions AS options FROM pg_class WHERE oid = to_regclass($1)',
        [this.names.hnsw],
      );
      const options = (index.rows[0] as { options: string[] | null } | undefined)?.options;
      const setting = (name: string, fallback: number) => {
        const entry = options?.find((option) => option.startsWith(`${name}=`));
        return entry === undefined ? fallback : Number(entry.slice(name.length + 1));
      };
      return {
        schemaVersion: version,
        rows: Number((count.rows[0] as { rows: number }).rows),
        fingerprint: meta.fingerprint,
        kind: meta.kind,
        dimension: meta.dimension,
        hnsw:
          index.rows.length === 0
            ? null
            : { m: setting('m', 16), efConstruction: setting('ef_construction', 64) },
      };
    });
  }

  /**
   * Drops the tracks, metadata and schema-version tables (and their indexes), in one
   * transaction.
   *
   * @throws {@link ConnectionError}, {@link DatabaseError}.
   */
  async drop(): Promise<void> {
    await inTransaction(this.client, this.queue, async (tx) => {
      for (const table of [this.names.tracks, this.names.meta, this.names.schema])
        await tx.query(`DROP TABLE IF EXISTS ${table}`);
    });
    this.checker = undefined;
  }
}
