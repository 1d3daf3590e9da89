import type { Track } from '@spotrec/data';
import { InvalidArgumentError, type RecommenderBundle } from '@spotrec/recommender';
import type { SqlQueryable } from './client';
import { copyRows, type BlobQueryable } from './copy';
import {
  MissingExtensionError,
  DimensionMismatchError,
  SchemaVersionError,
  UnsupportedBundleError,
} from './errors';
import { rowHash } from './row-hash';
import {
  FEATURE_COLUMNS,
  SCHEMA_VERSION,
  createArrayIndexes,
  createTables,
  type Names,
} from './schema';
import { storedDuplicateKey } from './store-key';

/** The parts of a `RecommenderBundle` that {@link PgVectorStore.sync} reads. */
export type SyncableBundle = Pick<
  RecommenderBundle,
  'tracks' | 'manifest' | 'featureIndex' | 'embeddingIndex' | 'pipeline'
>;

/** HNSW build settings. */
export interface HnswOptions {
  /**
   * Links per node (pgvector's `m`): more raises recall and memory.
   * @defaultValue `16`
   */
  readonly m?: number;
  /**
   * Candidate list size while building (pgvector's `ef_construction`): more raises recall and
   * build time.
   * @defaultValue `64`
   */
  readonly efConstruction?: number;
}

/** Where a sync is, for {@link SyncOptions.onProgress}. */
export interface SyncProgress {
  /** `'diff'` (reading stored hashes), `'write'` (upserts and deletes) or `'index'` (HNSW). */
  readonly stage: 'diff' | 'write' | 'index';
  /** Rows handled in this stage so far. */
  readonly done: number;
  /** Rows this stage will handle. */
  readonly total: number;
}

/** Options of {@link PgVectorStore.sync}. */
export interface SyncOptions {
  /** Cancels the sync between batches: the transaction is rolled back, nothing is written. */
  readonly signal?: AbortSignal;
  /** Called after each batch. */
  readonly onProgress?: (progress: SyncProgress) => void;
}

/** What a sync did. */
export interface SyncResult {
  /** Tracks written that the table did not hold. */
  readonly inserted: number;
  /** Tracks rewritten because a field or the vector changed. */
  readonly updated: number;
  /** Tracks removed because the bundle no longer holds them. */
  readonly deleted: number;
  /** Tracks left as they were. */
  readonly unchanged: number;
  /** Whether the HNSW index was (re)built. */
  readonly indexBuilt: boolean;
  /** The width of the stored vectors. */
  readonly dimension: number;
  /** The bundle's catalog fingerprint, now recorded in the table's metadata. */
  readonly fingerprint: string;
  /** Wall-clock time of the whole sync. */
  readonly milliseconds: number;
}

/** @internal What the metadata row records about the synced catalog. */
export interface CatalogMeta {
  readonly fingerprint: string;
  readonly kind: 'features' | 'embedding';
  readonly model: string;
  readonly dimension: number;
  /** A name per vector column (explanations). */
  readonly columns: readonly string[];
  /** Observed min and max per raw feature over the catalog (the spans targets use). */
  readonly spans: Readonly<Record<string, { readonly min: number; readonly max: number }>>;
  readonly rows: number;
}

/** @internal The settings a sync runs with. */
export interface SyncSettings {
  readonly names: Names;
  readonly hnsw: Required<HnswOptions> | false;
  readonly batchSize: number;
  readonly createExtension: boolean;
  /** `'copy'`: `COPY FROM '/dev/blob'` (PGlite); `'insert'`: multi-row parameterised inserts. */
  readonly bulk: 'copy' | 'insert';
}

const MAX_KEY_BYTES = 2000;
const encoder = new TextEncoder();

function checkText(value: unknown, parameter: string, indexed: boolean): string {
  if (typeof value !== 'string') throw new InvalidArgumentError(parameter, 'a string', value);
  if (value.includes('\u0000'))
    throw new InvalidArgumentError(
      parameter,
      'text without U+0000 (Postgres text cannot hold NUL)',
      value,
    );
  if (indexed && value.length > MAX_KEY_BYTES / 3 && encoder.encode(value).length > MAX_KEY_BYTES)
    throw new InvalidArgumentError(
      parameter,
      `at most ${MAX_KEY_BYTES} UTF-8 bytes (btree and GIN index entries are limited to about 2.7 kB)`,
      value,
    );
  return value;
}

function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** @internal Formats a vector as pgvector's text input (float32 values print exactly). */
export function vectorText(vector: ArrayLike<number>): string {
  return `[${Array.prototype.join.call(vector, ',')}]`;
}

const TRACK_COLUMNS = [
  'id',
  'name',
  'artists',
  'genres',
  'album',
  'explicit',
  ...FEATURE_COLUMNS.map(({ column }) => column),
  'duplicate_key',
  'embedding',
  'row_hash',
];

interface PreparedRow {
  readonly id: string;
  readonly hash: string;
  readonly values: readonly unknown[];
}

/** The scorer's vectors (unit rows of the feature or embedding index) and what they are. */
function vectorsOf(bundle: SyncableBundle) {
  const kind = bundle.manifest.model.kind;
  if (kind !== 'features' && kind !== 'embedding') throw new UnsupportedBundleError(kind);
  const index = kind === 'features' ? bundle.featureIndex : bundle.embeddingIndex;
  if (index === undefined)
    throw new InvalidArgumentError(
      'bundle.embeddingIndex',
      'an index for an embedding bundle',
      index,
    );
  const dimension = index.dimension;
  const columns =
    kind === 'features'
      ? [...bundle.pipeline.columns]
      : Array.from({ length: dimension }, (_, j) => `embedding${j + 1}`);
  return { kind, index, dimension, columns } as const;
}

function prepareRows(bundle: SyncableBundle): {
  rows: PreparedRow[];
  meta: CatalogMeta;
} {
  const { kind, index, dimension, columns } = vectorsOf(bundle);
  const data = index.normalisedData;
  const rowOf = new Map(index.ids.map((id, row) => [id, row]));
  const spans: Record<string, { min: number; max: number }> = {};
  for (const { feature } of FEATURE_COLUMNS) spans[feature] = { min: Infinity, max: -Infinity };
  const seen = new Set<string>();
  const rows = bundle.tracks.map((track: Track, at) => {
    const where = `bundle.tracks[${at}]`;
    const id = checkText(track.id, `${where}.id`, true);
    if (seen.has(id)) throw new InvalidArgumentError(`${where}.id`, 'an id no other track has', id);
    seen.add(id);
    const row = rowOf.get(id);
    if (row === undefined)
      throw new InvalidArgumentError(`${where}.id`, "an id the bundle's index holds", id);
    const name = checkText(track.name, `${where}.name`, false);
    const album = checkText(track.album ?? '', `${where}.album`, false);
    const artists = track.artists.map((artist, j) =>
      checkText(artist, `${where}.artists[${j}]`, true),
    );
    const genres = track.genres.map((genre, j) => checkText(genre, `${where}.genres[${j}]`, true));
    const features = FEATURE_COLUMNS.map(({ feature }) => {
      const value = finiteOrNull((track as unknown as Record<string, unknown>)[feature]);
      const span = spans[feature] as { min: number; max: number };
      if (value !== null) {
        if (value < span.min) span.min = value;
        if (value > span.max) span.max = value;
      }
      return value;
    });
    const explicit = typeof track.explicit === 'boolean' ? track.explicit : null;
    const key = storedDuplicateKey(track);
    const vector = data.subarray(row * dimension, (row + 1) * dimension);
    const hash = rowHash(
      JSON.stringify([id, name, artists, genres, album, explicit, features, key]),
      vector,
    );
    return {
      id,
      hash,
      values: [
        id,
        name,
        artists,
        genres,
        album,
        explicit,
        ...features,
        key,
        vectorText(vector),
        hash,
      ],
    };
  });
  return {
    rows,
    meta: {
      fingerprint: bundle.manifest.catalog.fingerprint,
      kind,
      model: bundle.manifest.model.name,
      dimension,
      columns,
      spans,
      rows: rows.length,
    },
  };
}

const UPDATE_ALL = TRACK_COLUMNS.filter((column) => column !== 'id')
  .map((column) => `${column} = EXCLUDED.${column}`)
  .join(', ');

/** Multi-row parameterised `INSERT … ON CONFLICT (id) DO UPDATE`, at most 60,000 parameters each. */
async function insertUpserts(
  tx: SqlQueryable,
  names: Names,
  changed: readonly PreparedRow[],
  batchSize: number,
  onBatch: (done: number) => void,
): Promise<void> {
  const perBatch = Math.max(1, Math.min(batchSize, Math.floor(60_000 / TRACK_COLUMNS.length)));
  for (let start = 0; start < changed.length; start += perBatch) {
    const batch = changed.slice(start, start + perBatch);
    const values: unknown[] = [];
    const tuples = batch.map((row) => {
      const first = values.length;
      values.push(...row.values);
      return `(${row.values.map((_, j) => `$${first + j + 1}`).join(', ')})`;
    });
    await tx.query(
      `INSERT INTO ${names.tracks} (${TRACK_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}
ON CONFLICT (id) DO UPDATE SET ${UPDATE_ALL}`,
      values,
    );
    onBatch(start + batch.length);
  }
}

/**
 * COPY: straight into an empty table, otherwise into a temporary staging table dropped at
 * commit and merged with one `INSERT … SELECT … ON CONFLICT (id) DO UPDATE`.
 */
async function copyUpserts(
  tx: BlobQueryable,
  names: Names,
  changed: readonly PreparedRow[],
  empty: boolean,
  onChunk: (done: number) => void,
): Promise<void> {
  const values = changed.map((row) => row.values);
  if (empty) {
    await copyRows(tx, names.tracks, TRACK_COLUMNS, values, 10_000, onChunk);
    return;
  }
  await tx.query(`CREATE TEMP TABLE ${names.stage} (LIKE ${names.tracks}) ON COMMIT DROP`);
  await copyRows(tx, names.stage, TRACK_COLUMNS, values, 10_000, onChunk);
  await tx.query(
    `INSERT INTO ${names.tracks} (${TRACK_COLUMNS.join(', ')})
SELECT ${TRACK_COLUMNS.join(', ')} FROM ${names.stage}
ON CONFLICT (id) DO UPDATE SET ${UPDATE_ALL}`,
  );
  await tx.query(`DROP TABLE ${names.stage}`);
}

function aborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new Error('The sync was aborted');
}

/** @internal The whole sync, inside the caller's transaction. */
export async function syncInTransaction(
  tx: SqlQueryable,
  bundle: SyncableBundle,
  settings: SyncSettings,
  options: SyncOptions,
): Promise<Omit<SyncResult, 'milliseconds'>> {
  const { names, batchSize } = settings;
  const { signal, onProgress } = options;
  const { rows, meta } = prepareRows(bundle);
  const dimension = meta.dimension;
  // One sync at a time per table (other sessions wait here until this one commits).
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [names.lock]);
  await ensureExtension(tx, settings.createExtension);
  const version = await storedVersion(tx, names);
  if (version !== null && version > SCHEMA_VERSION)
    throw new SchemaVersionError(names.table, version, SCHEMA_VERSION);
  const stored = await storedDimension(tx, names);
  if (stored !== null && stored !== dimension)
    throw new DimensionMismatchError(names.table, stored, dimension);
  for (const statement of createTables(names, dimension)) await tx.query(statement);
  if (version === null)
    await tx.query(`INSERT INTO ${names.schema} (version) VALUES ($1)`, [SCHEMA_VERSION]);

  // Diff: the stored hash of every id, read in keyset pages.
  const storedHashes = new Map<string, string>();
  for (let after = ''; ;) {
    const page = await tx.query(
      `SELECT id, row_hash FROM ${names.tracks} WHERE id > $1 ORDER BY id LIMIT 10000`,
      [after],
    );
    for (const row of page.rows as { id: string; row_hash: string }[])
      storedHashes.set(row.id, row.row_hash);
    onProgress?.({ stage: 'diff', done: storedHashes.size, total: storedHashes.size });
    if (page.rows.length < 10000) break;
    after = (page.rows[page.rows.length - 1] as { id: string }).id;
    aborted(signal);
  }
  const changed: PreparedRow[] = [];
  let inserted = 0;
  let updated = 0;
  for (const row of rows) {
    const hash = storedHashes.get(row.id);
    if (hash === row.hash) continue;
    changed.push(row);
    if (hash === undefined) inserted += 1;
    else updated += 1;
  }
  const present = new Set(rows.map((row) => row.id));
  const gone = [...storedHashes.keys()].filter((id) => !present.has(id));

  // Writes: upserts (COPY into the table or a staging table where the client can, multi-row
  // parameterised inserts otherwise), then deletes by id.
  const total = changed.length + gone.length;
  aborted(signal);
  if (settings.bulk === 'copy' && changed.length > 0)
    await copyUpserts(tx as BlobQueryable, names, changed, storedHashes.size === 0, (done) => {
      aborted(signal);
      onProgress?.({ stage: 'write', done, total });
    });
  else
    await insertUpserts(tx, names, changed, batchSize, (done) => {
      aborted(signal);
      onProgress?.({ stage: 'write', done, total });
    });
  for (let start = 0; start < gone.length; start += 10_000) {
    aborted(signal);
    await tx.query(`DELETE FROM ${names.tracks} WHERE id = ANY($1::text[])`, [
      gone.slice(start, start + 10_000),
    ]);
    onProgress?.({
      stage: 'write',
      done: changed.length + Math.min(gone.length, start + 10_000),
      total,
    });
  }

  for (const statement of createArrayIndexes(names)) await tx.query(statement);

  const metaText = JSON.stringify(meta);
  const previous = await tx.query(
    `SELECT value::text AS value FROM ${names.meta} WHERE key = 'catalog'`,
  );
  const previousMeta = (previous.rows[0] as { value: string } | undefined)?.value;
  if (
    previousMeta === undefined ||
    JSON.stringify(JSON.parse(previousMeta)) !== JSON.stringify(JSON.parse(metaText))
  )
    await tx.query(
      `INSERT INTO ${names.meta} (key, value) VALUES ('catalog', $1::jsonb)
ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [metaText],
    );
  aborted(signal);
  const indexBuilt = await ensureHnsw(tx, settings, onProgress, rows.length);
  if (total > 0) await tx.query(`ANALYZE ${names.tracks}`);
  return {
    inserted,
    updated,
    deleted: gone.length,
    unchanged: rows.length - changed.length,
    indexBuilt,
    dimension,
    fingerprint: meta.fingerprint,
  };
}

async function ensureExtension(tx: SqlQueryable, create: boolean): Promise<void> {
  const found = await tx.query(`SELECT extversion FROM pg_extension WHERE extname = 'vector'`);
  if (found.rows.length > 0) return;
  if (!create)
    throw new MissingExtensionError('not installed in this database, and createExtension is false');
  try {
    await tx.query('CREATE EXTENSION IF NOT EXISTS vector');
  } catch (error) {
    throw new MissingExtensionError(error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
}

/** @internal The schema version the database holds, or null when it holds none. */
export async function storedVersion(tx: SqlQueryable, names: Names): Promise<number | null> {
  const exists = await tx.query('SELECT to_regclass($1) IS NOT NULL AS present', [names.schema]);
  if ((exists.rows[0] as { present: boolean }).present !== true) return null;
  const result = await tx.query(`SELECT max(version) AS version FROM ${names.schema}`);
  const version = (result.rows[0] as { version: number | null } | undefined)?.version;
  return version === null || version === undefined ? null : Number(version);
}

async function storedDimension(tx: SqlQueryable, names: Names): Promise<number | null> {
  const result = await tx.query(
    `SELECT atttypmod AS dimension FROM pg_attribute
WHERE attrelid = to_regclass($1) AND attname = 'embedding' AND NOT attisdropped`,
    [names.tracks],
  );
  const row = result.rows[0] as { dimension: number } | undefined;
  return row === undefined ? null : Number(row.dimension);
}

async function ensureHnsw(
  tx: SqlQueryable,
  settings: SyncSettings,
  onProgress: SyncOptions['onProgress'],
  rows: number,
): Promise<boolean> {
  const { names, hnsw } = settings;
  if (hnsw === false) return false;
  const wanted = [`m=${hnsw.m}`, `ef_construction=${hnsw.efConstruction}`];
  const existing = await tx.query(
    `SELECT c.reloptions AS options FROM pg_class c WHERE c.oid = to_regclass($1)`,
    [names.hnsw],
  );
  const row = existing.rows[0] as { options: string[] | null } | undefined;
  if (row !== undefined) {
    const options = [...(row.options ?? [])].sort();
    if (options.join() === [...wanted].sort().join()) return false;
    await tx.query(`DROP INDEX ${names.hnsw}`);
  }
  onProgress?.({ stage: 'index', done: 0, total: rows });
  // m and ef_construction are validated integers: index storage parameters cannot be bound.
  await tx.query(
    `CREATE INDEX ${names.hnsw} ON ${names.tracks} USING hnsw (embedding vector_ip_ops) WITH (m = ${hnsw.m}, ef_construction = ${hnsw.efConstruction})`,
  );
  onProgress?.({ stage: 'index', done: rows, total: rows });
  return true;
}
