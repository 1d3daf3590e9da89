import { NUMERIC_TRACK_FIELDS } from '@spotrec/data';
import { InvalidArgumentError } from '@spotrec/recommender';

/** The schema version this package writes and the newest it reads. */
export const SCHEMA_VERSION = 1;

/** @internal The raw numeric features, each a `double precision` column (NULL where missing). */
export const FEATURE_COLUMNS: readonly { readonly feature: string; readonly column: string }[] =
  NUMERIC_TRACK_FIELDS.map((feature) => ({
    feature,
    column: feature.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`),
  }));

/** @internal The names of one store's tables and indexes, validated and quoted. */
export interface Names {
  readonly table: string;
  readonly tracks: string;
  readonly meta: string;
  readonly schema: string;
  readonly hnsw: string;
  /** The temporary staging table COPY writes into before merging (dropped at commit). */
  readonly stage: string;
  readonly hnswBare: string;
  readonly genres: string;
  readonly artists: string;
  readonly lock: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,40}$/;

/** @internal The names derived from the tracks table's name (identifiers cannot be parameters, so they are validated). */
export function namesFor(table: string): Names {
  if (typeof table !== 'string' || !IDENTIFIER.test(table))
    throw new InvalidArgumentError(
      'options.table',
      'a lower-case SQL identifier of at most 41 characters (letters, digits, _)',
      table,
    );
  return {
    table,
    tracks: `"${table}"`,
    meta: `"${table}_meta"`,
    schema: `"${table}_schema"`,
    hnsw: `"${table}_embedding_hnsw"`,
    stage: `"${table}_stage"`,
    hnswBare: `${table}_embedding_hnsw`,
    genres: `"${table}_genres_gin"`,
    artists: `"${table}_artists_gin"`,
    lock: `spotrec.pgvector.${table}`,
  };
}

/** @internal DDL of the tables (the indexes are built after the rows are written). */
export function createTables(names: Names, dimension: number): string[] {
  const features = FEATURE_COLUMNS.map(({ column }) => `  ${column} double precision`).join(',\n');
  return [
    `CREATE TABLE IF NOT EXISTS ${names.schema} (
  version integer NOT NULL,
  migrated_at timestamptz NOT NULL DEFAULT now()
)`,
    `CREATE TABLE IF NOT EXISTS ${names.meta} (
  key text PRIMARY KEY,
  value jsonb NOT NULL
)`,
    `CREATE TABLE IF NOT EXISTS ${names.tracks} (
  id text PRIMARY KEY,
  name text NOT NULL,
  artists text[] NOT NULL,
  genres text[] NOT NULL,
  album text NOT NULL,
  explicit boolean,
${features},
  duplicate_key text NOT NULL,
  embedding vector(${dimension}) NOT NULL,
  row_hash text NOT NULL
)`,
  ];
}

/**
 * @internal DDL of the GIN indexes on genres and artists, run after the rows are written (a
 * first load builds them in bulk instead of updating them row by row).
 */
export function createArrayIndexes(names: Names): string[] {
  return [
    `CREATE INDEX IF NOT EXISTS ${names.genres} ON ${names.tracks} USING gin (genres)`,
    `CREATE INDEX IF NOT EXISTS ${names.artists} ON ${names.tracks} USING gin (artists)`,
  ];
}
