import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { loadTracks, syntheticCatalog, type Track } from '@spotrec/data';
import { createRecommender } from '@spotrec/recommender';
import { REAL_DATA, describeRealData } from '@spotrec/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgVectorStore } from './index';

/** Mean recall@10 of HNSW against exact search, over seeded seed tracks. */
async function recallAt10(store: PgVectorStore, tracks: readonly Track[], queries: number) {
  let found = 0;
  for (let at = 0; at < queries; at += 1) {
    const seed = tracks[(at * 7919) % tracks.length]!.id;
    const request = { seedTracks: [seed], k: 10 };
    const exact = await store.recommend(request, { mode: 'exact' });
    const approximate = await store.recommend(request, { mode: 'hnsw', efSearch: 100 });
    const truth = new Set(exact.tracks.map((hit) => hit.track.id));
    found += approximate.tracks.filter((hit) => truth.has(hit.track.id)).length;
  }
  return found / (10 * queries);
}

describe('HNSW on PGlite: recall and filtered scans (5000 synthetic tracks)', () => {
  let db: PGlite;
  let store: PgVectorStore;
  let tracks: Track[];

  beforeAll(async () => {
    tracks = syntheticCatalog({ tracks: 5000, seed: 3 });
    const bundle = await createRecommender({ tracks, model: 'features', seed: 3 });
    db = await PGlite.create({ extensions: { vector } });
    store = await PgVectorStore.open(db);
    await store.sync(bundle);
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });

  it('recall@10 against exact search is at least 0.95 with efSearch 100', async () => {
    expect(await recallAt10(store, tracks, 40)).toBeGreaterThanOrEqual(0.95);
  });

  it('a filter that keeps 5% still returns k with an iterative scan, and fewer without', async () => {
    const tempos = tracks.map((track) => track.tempo).sort((a, b) => a - b);
    const threshold = tempos[Math.floor(0.95 * tempos.length)]!;
    const request = { seedTracks: [tracks[1]!.id], min: { tempo: threshold }, k: 10 };
    const strict = await store.recommend(request, { efSearch: 40, iterativeScan: 'strict_order' });
    expect(strict.pool.afterFilteringSize).toBeGreaterThan(200);
    expect(strict.pool.afterFilteringSize).toBeLessThan(300);
    expect(strict.tracks).toHaveLength(10);
    expect(strict.tracks.every((hit) => hit.track.tempo >= threshold)).toBe(true);
    const relaxed = await store.recommend(request, {
      efSearch: 40,
      iterativeScan: 'relaxed_order',
    });
    expect(relaxed.tracks).toHaveLength(10);
    const off = await store.recommend(request, { efSearch: 40, iterativeScan: 'off' });
    expect(off.tracks.length).toBeLessThan(10);
    // The index served all three (the plan is an HNSW index scan with the filter).
    expect(
      (await store.explain(request, { efSearch: 40, iterativeScan: 'off' })).join('\n'),
    ).toMatch(/Index Scan using spotrec_tracks_embedding_hnsw[\s\S]*Filter: .*tempo >=/);
    // And the exact ranking agrees with the strict iterative scan on most of the top 10.
    const exact = await store.recommend(request, { mode: 'exact' });
    const truth = new Set(exact.tracks.map((hit) => hit.track.id));
    expect(strict.tracks.filter((hit) => truth.has(hit.track.id)).length).toBeGreaterThanOrEqual(9);
  });
});

describeRealData('HNSW on PGlite: recall on the whole real Spotify subset', () => {
  it('recall@10 against exact search is at least 0.95 with efSearch 100 (the documented default)', async () => {
    const { tracks } = await loadTracks(REAL_DATA.spotifySubset, { onInvalid: 'skip' });
    expect(tracks.length).toBeGreaterThan(40_000);
    const bundle = await createRecommender({ tracks, model: 'features', seed: 1 });
    const db = await PGlite.create({ extensions: { vector } });
    try {
      const store = await PgVectorStore.open(db);
      expect(await store.sync(bundle)).toMatchObject({ inserted: tracks.length, indexBuilt: true });
      expect(await recallAt10(store, tracks, 40)).toBeGreaterThanOrEqual(0.95);
    } finally {
      await db.close();
    }
  }, 300_000);
});
