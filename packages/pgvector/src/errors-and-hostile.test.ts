import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { CosineIndex } from '@spotrec/cosine';
import { syntheticCatalog, type Track } from '@spotrec/data';
import {
  InvalidArgumentError,
  NotInCatalogError,
  createRecommender,
  type RecommenderBundle,
} from '@spotrec/recommender';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConnectionError,
  DimensionMismatchError,
  MissingExtensionError,
  PgVectorStore,
  SchemaVersionError,
  UnsupportedBundleError,
  type SqlClient,
} from './index';

const HOSTILE = [
  "'); DROP TABLE spotrec_tracks; --",
  'say "hi"',
  "it's",
  'back\\slash\\',
  '{braces,and,commas}',
  'NULL',
  '$1',
  'émoji 🎧 ünïcode',
  'tab\there, new\nline, return\r, \\N',
];

describe('hostile ids, names, genres and artists are data, never SQL', () => {
  let db: PGlite;
  let store: PgVectorStore;
  let tracks: Track[];
  let bundle: RecommenderBundle;

  beforeAll(async () => {
    tracks = syntheticCatalog({ tracks: 200, seed: 11 }).map((track, at) => {
      const hostile = HOSTILE[at % HOSTILE.length]!;
      if (at >= 40) return track;
      return {
        ...track,
        id: `${hostile}#${at}`,
        name: at === 0 ? 'x'.repeat(10_240) : `${hostile} song`,
        artists: [`${hostile} artist`, ...track.artists],
        genres: [hostile, ...track.genres],
      };
    });
    bundle = await createRecommender({ tracks, model: 'features' });
    db = await PGlite.create({ extensions: { vector } });
    store = await PgVectorStore.open(db);
    expect(await store.sync(bundle)).toMatchObject({ inserted: 200 });
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });

  it('stores them as they are and answers requests that name them, as bundle.recommend does', async () => {
    for (const [at, hostile] of HOSTILE.entries()) {
      const request = {
        seedTracks: [`${hostile}#${at}`],
        seedArtists: [`${hostile} artist`],
        includeGenres: [hostile, ...tracks[100]!.genres],
        excludeArtists: [`${HOSTILE[(at + 1) % HOSTILE.length]} artist`],
        k: 10,
      };
      const database = await store.recommend(request, { mode: 'exact' });
      const memory = bundle.recommend(request);
      expect(database.tracks.map((hit) => hit.track.id)).toEqual(
        memory.tracks.map((hit) => hit.track.id),
      );
      expect(database.pool).toEqual(memory.pool);
    }
    const long = await store.recommend({ seedTracks: [tracks[1]!.id], k: 200 }, { mode: 'exact' });
    expect(long.tracks.find((hit) => hit.track.id === tracks[0]!.id)?.track.name).toHaveLength(
      10_240,
    );
    expect((await store.status())?.rows).toBe(200);
  });

  it('COPY and multi-row INSERT write the same rows as the tracks hold, on a first load and on an update', async () => {
    const byCopy = await PgVectorStore.open(db, { table: 'by_copy', bulkLoad: 'copy' });
    const byInsert = await PgVectorStore.open(db, { table: 'by_insert', bulkLoad: 'insert' });
    const rowsOf = async (table: string) =>
      (await db.query(`SELECT * FROM ${table} ORDER BY id`)).rows as Record<string, unknown>[];
    const expectSame = async (catalog: readonly Track[]) => {
      const copied = await rowsOf('by_copy');
      expect(copied).toEqual(await rowsOf('by_insert'));
      // And both hold the tracks' own text, whatever COPY had to escape.
      const byId = new Map(copied.map((row) => [row.id, row]));
      for (const track of catalog)
        expect(byId.get(track.id)).toMatchObject({
          name: track.name,
          artists: track.artists,
          genres: track.genres,
          album: track.album ?? '',
          tempo: track.tempo,
          popularity: track.popularity,
        });
      expect(copied).toHaveLength(catalog.length);
    };
    const first = await byCopy.sync(bundle);
    expect(await byInsert.sync(bundle)).toMatchObject({
      ...first,
      milliseconds: expect.any(Number),
    });
    await expectSame(tracks);
    // An update: some names rewritten with text COPY must escape, ten tracks removed.
    const changed = tracks
      .slice(0, 190)
      .map((track, at) =>
        at % 7 === 0 ? { ...track, name: `${track.name}\t\\N\nupdated\r` } : track,
      );
    const next = await createRecommender({ tracks: changed, model: 'features' });
    const update = await byCopy.sync(next);
    expect(update).toMatchObject({ deleted: 10 });
    expect(update.updated).toBeGreaterThanOrEqual(28);
    expect(await byInsert.sync(next)).toMatchObject({
      ...update,
      milliseconds: expect.any(Number),
    });
    await expectSame(changed);
  });

  it('unknown hostile values (SQL, NUL, 10 KB strings) are NotInCatalogError, as in memory, and leave the table intact', async () => {
    const big = `${"'); DROP TABLE spotrec_tracks; --".repeat(300)}\\`;
    for (const value of ["nope'); DROP TABLE spotrec_tracks; --", 'nul\u0000byte', big]) {
      for (const request of [
        { seedTracks: [value] },
        { seedArtists: [value] },
        { seedGenres: [value] },
        { seedTracks: [tracks[50]!.id], includeGenres: [value] },
        { seedTracks: [tracks[50]!.id], excludeArtists: [value] },
      ]) {
        const error = await store.recommend(request).catch((caught: unknown) => caught);
        expect(NotInCatalogError.isInstance(error)).toBe(true);
        expect(() => bundle.recommend(request)).toThrow((error as Error).message);
      }
    }
    expect((await store.status())?.rows).toBe(200);
  });

  it('a track Postgres cannot hold (NUL in text, a 10 KB artist) is refused with InvalidArgumentError, and nothing is written', async () => {
    const withNul = tracks.map((track, at) => (at === 5 ? { ...track, name: 'a\u0000b' } : track));
    const nulBundle = await createRecommender({ tracks: withNul, model: 'features' });
    const nul = await store.sync(nulBundle).catch((error: unknown) => error);
    expect(InvalidArgumentError.isInstance(nul)).toBe(true);
    expect(nul).toMatchObject({ parameter: 'bundle.tracks[5].name' });
    const withLong = tracks.map((track, at) =>
      at === 60 ? { ...track, artists: ['y'.repeat(10_240)] } : track,
    );
    const longBundle = await createRecommender({ tracks: withLong, model: 'features' });
    await expect(store.sync(longBundle)).rejects.toMatchObject({
      name: 'InvalidArgumentError',
      parameter: 'bundle.tracks[60].artists[0]',
    });
    expect(await store.status()).toMatchObject({
      rows: 200,
      fingerprint: bundle.manifest.catalog.fingerprint,
    });
  });
});

describe('typed errors', () => {
  let bundle: RecommenderBundle;
  beforeAll(async () => {
    bundle = await createRecommender({
      tracks: syntheticCatalog({ tracks: 100, seed: 2 }),
      model: 'features',
    });
  });

  it('a database without the vector extension: MissingExtensionError naming it, with the cause', async () => {
    const bare = await PGlite.create();
    try {
      const store = await PgVectorStore.open(bare);
      const error = await store.sync(bundle).catch((caught: unknown) => caught);
      expect(MissingExtensionError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/"vector"/);
      expect((error as Error).cause).toBeInstanceOf(Error);
      const refused = await PgVectorStore.open(bare, { createExtension: false });
      await expect(refused.sync(bundle)).rejects.toMatchObject({ name: 'MissingExtensionError' });
    } finally {
      await bare.close();
    }
  });

  it('a schema written by a newer version: SchemaVersionError from sync and recommend, nothing changed', async () => {
    const db = await PGlite.create({ extensions: { vector } });
    try {
      const store = await PgVectorStore.open(db);
      await store.sync(bundle);
      await db.query('INSERT INTO spotrec_tracks_schema (version) VALUES (2)');
      const error = await store.sync(bundle).catch((caught: unknown) => caught);
      expect(SchemaVersionError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ found: 2, supported: 1, table: 'spotrec_tracks' });
      await expect(
        store.recommend({ seedGenres: [bundle.tracks[0]!.genres[0]!] }),
      ).rejects.toMatchObject({
        name: 'SchemaVersionError',
      });
    } finally {
      await db.close();
    }
  });

  it('a bundle of another vector width: DimensionMismatchError naming both widths', async () => {
    const db = await PGlite.create({ extensions: { vector } });
    try {
      const store = await PgVectorStore.open(db);
      await store.sync(bundle);
      const ids = bundle.tracks.map((track) => track.id);
      const narrow = CosineIndex.build(
        {
          data: Float32Array.from({ length: ids.length * 4 }, (_, at) => (at % 5) + 1),
          rows: ids.length,
          cols: 4,
        },
        ids,
      );
      const other = {
        tracks: bundle.tracks,
        manifest: bundle.manifest,
        pipeline: bundle.pipeline,
        featureIndex: narrow,
        embeddingIndex: undefined,
      };
      const error = await store.sync(other).catch((caught: unknown) => caught);
      expect(DimensionMismatchError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ tableDimension: 12, bundleDimension: 4 });
      await store.drop();
      expect((await store.sync(other)).dimension).toBe(4);
    } finally {
      await db.close();
    }
  });

  it('collaborative and hybrid bundles: UnsupportedBundleError', async () => {
    const db = await PGlite.create({ extensions: { vector } });
    try {
      const store = await PgVectorStore.open(db);
      const hybrid = {
        tracks: bundle.tracks,
        manifest: {
          ...bundle.manifest,
          model: { ...bundle.manifest.model, kind: 'hybrid' as const },
        },
        pipeline: bundle.pipeline,
        featureIndex: bundle.featureIndex,
        embeddingIndex: undefined,
      };
      expect(
        UnsupportedBundleError.isInstance(
          await store.sync(hybrid).catch((error: unknown) => error),
        ),
      ).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('an unreachable server (node-postgres Pool): ConnectionError with the client error as cause', async () => {
    const pool = new pg.Pool({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 2000 });
    const client: SqlClient = pool;
    try {
      const error = await PgVectorStore.open(client).catch((caught: unknown) => caught);
      expect(ConnectionError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ code: 'ECONNREFUSED' });
      expect((error as Error).cause).toBeDefined();
    } finally {
      await pool.end();
    }
  });

  it('bad options are refused with InvalidArgumentError naming them', async () => {
    const db = await PGlite.create({ extensions: { vector } });
    try {
      await expect(PgVectorStore.open(db, { table: 'tracks; DROP TABLE x' })).rejects.toMatchObject(
        {
          parameter: 'options.table',
        },
      );
      await expect(
        PgVectorStore.open(db, { hnsw: { m: 16, efConstruction: 8 } }),
      ).rejects.toMatchObject({
        parameter: 'options.hnsw.efConstruction',
      });
      await expect(PgVectorStore.open(db, { bulkLoad: 'fast' as 'copy' })).rejects.toMatchObject({
        parameter: 'options.bulkLoad',
      });
      const pool = new pg.Pool({ connectionString: 'postgres://127.0.0.1:1/none' });
      await expect(PgVectorStore.open(pool, { bulkLoad: 'copy' })).rejects.toMatchObject({
        parameter: 'options.bulkLoad',
        message: expect.stringMatching(/PGlite/),
      });
      await pool.end();
      const store = await PgVectorStore.open(db);
      await store.sync(bundle);
      await expect(
        store.recommend({ seedTracks: [bundle.tracks[0]!.id] }, { efSearch: 5000 }),
      ).rejects.toMatchObject({ parameter: 'options.efSearch' });
    } finally {
      await db.close();
    }
  });
});
