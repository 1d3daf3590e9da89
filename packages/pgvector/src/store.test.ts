import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { syntheticCatalog, type Track } from '@spotrec/data';
import {
  InvalidArgumentError,
  NotInCatalogError,
  createRecommender,
  type RecommendRequest,
  type RecommendResponse,
  type RecommenderBundle,
} from '@spotrec/recommender';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgVectorStore } from './index';

/** Rankings agree when ids agree position by position, except where scores tie within 1e-5. */
function expectSameRanking(
  database: RecommendResponse<Track>,
  memory: RecommendResponse<Track>,
): void {
  expect(database.pool).toEqual(memory.pool);
  expect(database.seeds).toEqual(memory.seeds);
  expect(database.tracks.length).toBe(memory.tracks.length);
  const near = (a: number, b: number) => Math.abs(a - b) < 1e-5;
  memory.tracks.forEach((expected, at) => {
    const actual = database.tracks[at]!;
    expect(actual.score).toBeCloseTo(expected.score, 5);
    if (actual.track.id !== expected.track.id) {
      const neighbours = [memory.tracks[at - 1], memory.tracks[at + 1]].filter(
        (hit) => hit !== undefined,
      );
      // A swap is only allowed between near-tied tracks (float32 sums in another order).
      expect(neighbours.some((hit) => near(hit.score, expected.score))).toBe(true);
    } else {
      expect(actual.closestSeed).toBe(expected.closestSeed);
      expect(actual.track).toEqual(expected.track);
    }
  });
}

describe('PgVectorStore on PGlite (pgvector 0.8)', () => {
  let db: PGlite;
  let store: PgVectorStore;
  let tracks: Track[];
  let bundle: RecommenderBundle;

  beforeAll(async () => {
    tracks = syntheticCatalog({ tracks: 1500, seed: 7 });
    bundle = await createRecommender({ tracks, model: 'features', seed: 7 });
    db = await PGlite.create({ extensions: { vector } });
    store = await PgVectorStore.open(db, { hnsw: { m: 16, efConstruction: 64 } });
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });

  it('recommend() before any sync throws NotSyncedError', async () => {
    await expect(store.recommend({ seedTracks: [tracks[0]!.id] })).rejects.toMatchObject({
      name: 'NotSyncedError',
    });
  });

  it('sync(bundle) writes every track once, and syncing the same bundle again writes nothing', async () => {
    const first = await store.sync(bundle);
    expect(first).toMatchObject({ inserted: 1500, updated: 0, deleted: 0, unchanged: 0 });
    expect(first.indexBuilt).toBe(true);
    const second = await store.sync(bundle);
    expect(second).toMatchObject({
      inserted: 0,
      updated: 0,
      deleted: 0,
      unchanged: 1500,
      indexBuilt: false,
    });
    expect(await store.status()).toEqual({
      schemaVersion: 1,
      rows: 1500,
      fingerprint: bundle.manifest.catalog.fingerprint,
      kind: 'features',
      dimension: 12,
      hnsw: { m: 16, efConstruction: 64 },
    });
  });

  it('recommend(request, { mode: "exact" }) returns what bundle.recommend returns, for random requests', async () => {
    const artists = [...new Set(tracks.flatMap((track) => track.artists))].slice(0, 200);
    const genres = [...new Set(tracks.flatMap((track) => track.genres))];
    const ids = tracks.map((track) => track.id);
    const bounded = [
      'energy',
      'tempo',
      'danceability',
      'valence',
      'popularity',
      'loudness',
    ] as const;
    const quantile = (feature: (typeof bounded)[number], q: number) => {
      const values = tracks.map((track) => track[feature] as number).sort((a, b) => a - b);
      return values[Math.floor(q * (values.length - 1))]!;
    };
    const requestArbitrary = fc
      .record(
        {
          seedTracks: fc.uniqueArray(fc.constantFrom(...ids), { minLength: 0, maxLength: 3 }),
          seedArtists: fc.uniqueArray(fc.constantFrom(...artists), { maxLength: 1 }),
          seedGenres: fc.uniqueArray(fc.constantFrom(...genres), { maxLength: 2 }),
          k: fc.integer({ min: 1, max: 25 }),
          min: fc.dictionary(
            fc.constantFrom(...bounded),
            fc.double({ min: 0, max: 0.6, noNaN: true }),
            { maxKeys: 2 },
          ),
          max: fc.dictionary(
            fc.constantFrom(...bounded),
            fc.double({ min: 0.7, max: 1, noNaN: true }),
            { maxKeys: 1 },
          ),
          target: fc.dictionary(
            fc.constantFrom(...bounded),
            fc.double({ min: 0, max: 1, noNaN: true }),
            { maxKeys: 2 },
          ),
          includeGenres: fc.uniqueArray(fc.constantFrom(...genres), { minLength: 1, maxLength: 8 }),
          excludeGenres: fc.uniqueArray(fc.constantFrom(...genres), { maxLength: 3 }),
          excludeArtists: fc.uniqueArray(fc.constantFrom(...artists), { maxLength: 2 }),
          maxPerArtist: fc.integer({ min: 1, max: 2 }),
          diversity: fc.constantFrom(0.2, 0.5),
        },
        {
          requiredKeys: ['seedTracks', 'k'],
        },
      )
      .filter(
        (request) =>
          request.seedTracks.length +
            (request.seedArtists?.length ?? 0) +
            (request.seedGenres?.length ?? 0) >
          0,
      )
      .map((request) => {
        // Bounds as quantiles of the catalog, so that they keep a useful share of it.
        const out: Record<string, unknown> = { ...request };
        for (const key of ['min', 'max', 'target'] as const) {
          const bounds = request[key];
          if (bounds === undefined) continue;
          out[key] = Object.fromEntries(
            Object.entries(bounds).map(([feature, q]) => [
              feature,
              quantile(feature as (typeof bounded)[number], q),
            ]),
          );
        }
        return out as RecommendRequest;
      });
    await fc.assert(
      fc.asyncProperty(requestArbitrary, async (request) => {
        const memory = bundle.recommend(request);
        const database = await store.recommend(request, { mode: 'exact' });
        expectSameRanking(database, memory);
      }),
      { numRuns: 60, seed: 18 },
    );
  });

  it('recommend() checks requests as the recommender does: same errors, same fields', async () => {
    const seed = tracks[0]!.id;
    for (const request of [
      { seedTracks: [seed], k: 0 },
      { seedTracks: [seed], min: { tempo: 500 } },
      { seedTracks: [seed], min: { energy: 0.8 }, max: { energy: 0.2 } },
      { seedTracks: [seed], colour: 'blue' } as RecommendRequest,
      {},
    ]) {
      const expected = (() => {
        try {
          bundle.recommend(request);
        } catch (error) {
          return error as Error;
        }
        throw new Error('bundle.recommend accepted the request');
      })();
      const actual = await store.recommend(request).then(
        () => undefined,
        (error: unknown) => error as Error,
      );
      expect(InvalidArgumentError.isInstance(actual)).toBe(true);
      expect(actual?.message).toBe(expected.message);
    }
    const unknown = await store
      .recommend({ seedTracks: [seed], includeGenres: ['rockk'] })
      .catch((error: unknown) => error);
    expect(NotInCatalogError.isInstance(unknown)).toBe(true);
    expect(unknown).toMatchObject({ parameter: 'includeGenres[0]', kind: 'genre' });
  });

  it('recommend() resolves artists and genres case-insensitively, as the recommender does', async () => {
    const artist = tracks[3]!.artists[0]!;
    const request = { seedArtists: [artist.toUpperCase()], k: 5 };
    expectSameRanking(await store.recommend(request, { mode: 'exact' }), bundle.recommend(request));
  });

  it('a changed bundle updates only the tracks whose fields or vectors changed, and deletes the removed ones', async () => {
    const changed = tracks.filter((_, at) => at % 500 !== 7).map((track) => ({ ...track }));
    changed[10] = { ...changed[10]!, name: `${changed[10]!.name} (remastered)` };
    changed[20] = { ...changed[20]!, genres: [...changed[20]!.genres, 'new-genre'] };
    changed[30] = { ...changed[30]!, energy: 0.5 };
    const next = await createRecommender({ tracks: changed, model: 'features', seed: 7 });
    // The expected diff, computed independently: fields, or the stored (unit) vector.
    const before = new Map(tracks.map((track, row) => [track.id, row]));
    const vectorOf = (b: RecommenderBundle, row: number) =>
      b.featureIndex.normalisedData.subarray(row * 12, (row + 1) * 12).join();
    let expectedUpdates = 0;
    changed.forEach((track, row) => {
      const old = before.get(track.id)!;
      if (
        JSON.stringify(track) !== JSON.stringify(tracks[old]) ||
        vectorOf(next, row) !== vectorOf(bundle, old)
      )
        expectedUpdates += 1;
    });
    expect(expectedUpdates).toBeGreaterThanOrEqual(3);
    const result = await store.sync(next);
    expect(result).toMatchObject({
      inserted: 0,
      updated: expectedUpdates,
      deleted: 3,
      unchanged: changed.length - expectedUpdates,
    });
    const request = { seedGenres: ['new-genre'], k: 10 };
    expectSameRanking(await store.recommend(request, { mode: 'exact' }), next.recommend(request));
    // And back: the original bundle restores the three tracks and the changed rows.
    expect(await store.sync(bundle)).toMatchObject({ inserted: 3, updated: expectedUpdates });
  });

  it('an aborted sync writes nothing', async () => {
    const controller = new AbortController();
    const smaller = await createRecommender({ tracks: tracks.slice(0, 1000), model: 'features' });
    const sync = store.sync(smaller, {
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.stage === 'write') controller.abort(new Error('stop'));
      },
    });
    await expect(sync).rejects.toThrow();
    expect((await store.status())?.fingerprint).toBe(bundle.manifest.catalog.fingerprint);
    expect((await store.status())?.rows).toBe(1500);
  });

  it('explain() shows the HNSW index ordering an unfiltered request, and a sequential scan in exact mode', async () => {
    const request = { seedTracks: [tracks[0]!.id], k: 10 };
    expect((await store.explain(request)).join('\n')).toMatch(
      /Index Scan using spotrec_tracks_embedding_hnsw/,
    );
    expect((await store.explain(request, { mode: 'exact' })).join('\n')).toMatch(/Seq Scan/);
  });
});
