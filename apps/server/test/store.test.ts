import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createRecommender, type RecommenderBundle } from '@spotrec/recommender';
import type { Track } from '@spotrec/data';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/main';
import { describeStore, parseStoreLocation, StoreLocationError } from '../src/store';
import { startCli, stopCli, testTracks, type CliProcess } from './helpers';

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const code = await run(argv, { stdout, stderr, env: {} });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('--store locations', () => {
  it('parses pglite:DIR and postgres:// URLs, and refuses anything else naming the forms', () => {
    expect(parseStoreLocation('pglite:./data')).toEqual({ kind: 'pglite', dataDir: './data' });
    expect(parseStoreLocation('pglite:memory://')).toEqual({
      kind: 'pglite',
      dataDir: 'memory://',
    });
    expect(parseStoreLocation('postgres://u:p@db:5432/music')).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@db:5432/music',
    });
    expect(parseStoreLocation('postgresql://db/music').kind).toBe('postgres');
    for (const bad of ['pglite:', 'mysql://db', './data', 'postgres://'])
      expect(() => parseStoreLocation(bad)).toThrow(StoreLocationError);
    expect(() => parseStoreLocation('mysql://db')).toThrow(/pglite:DIR or postgres:\/\//);
  });

  it('never shows a password', () => {
    expect(describeStore(parseStoreLocation('postgres://me:s3cret@db:5432/music'))).toBe(
      'postgres://me:***@db:5432/music',
    );
    expect(describeStore(parseStoreLocation('pglite:/srv/db'))).toBe('pglite:/srv/db');
  });

  it('bad store arguments exit 2; an unreachable server exits 1 with one line, password hidden', async () => {
    expect((await cli('--store', 'mysql://db')).code).toBe(2);
    expect((await cli('--store', 'pglite:x', '--store-search', 'fast')).stderr).toMatch(
      /--store-search expects hnsw or exact, got "fast"/,
    );
    expect((await cli('--ef-search', '40')).stderr).toMatch(/need --store/);
    expect((await cli('--store', 'pglite:x', '--ef-search', '5000')).code).toBe(2);
    const unreachable = await cli(
      '--store',
      'postgres://me:s3cret@127.0.0.1:1/none',
      '--log-level',
      'silent',
    );
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr.trim().split('\n')).toHaveLength(1);
    expect(unreachable.stderr).toMatch(
      /^spotrec-server: cannot open the store postgres:\/\/me:\*\*\*@127\.0\.0\.1:1\/none: .*ECONNREFUSED/,
    );
    expect(unreachable.stderr).not.toContain('s3cret');
  });
});

describe('spotrec-server --store pglite:DIR answers from the database', () => {
  let root: string;
  let tracks: Track[];
  let bundle: RecommenderBundle;
  let running: CliProcess | undefined;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'spotrec-server-store-'));
    tracks = testTracks(1140, 21);
    bundle = await createRecommender({ tracks, model: 'features', seed: 21 });
    await bundle.save(join(root, 'bundle'));
  });
  afterEach(async () => {
    await stopCli(running);
    running = undefined;
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** Stops the server with SIGTERM (PGlite closes its files) and waits for the exit code. */
  async function stop(process: CliProcess): Promise<number | null> {
    process.child.kill('SIGTERM');
    return process.exited;
  }

  it('syncs the bundle at start, answers as bundle.recommend does (exact), and a restart writes nothing', async () => {
    const dataDir = join(root, 'db');
    const args = ['--bundle', join(root, 'bundle'), '--store', `pglite:${dataDir}`];
    running = await startCli([...args, '--store-search', 'exact']);
    const synced = await running.waitFor(/^synced the catalog into pglite:/);
    expect(synced).toMatchObject({ inserted: 1140, updated: 0, deleted: 0, indexBuilt: true });
    const base = `http://127.0.0.1:${running.port}`;
    const ready = (await (await fetch(`${base}/readyz`)).json()) as Record<string, unknown>;
    expect(ready).toMatchObject({
      store: `pglite:${dataDir}`,
      search: { mode: 'exact', efSearch: 100 },
      fingerprint: bundle.fingerprint,
    });

    const requests = [
      {
        query: `seed_tracks=${tracks[3]!.id}&limit=10`,
        request: { seedTracks: [tracks[3]!.id], k: 10 },
      },
      {
        query: `seed_genres=${encodeURIComponent(tracks[9]!.genres[0]!)}&min_energy=0.3&max_tempo=140&limit=15`,
        request: {
          seedGenres: [tracks[9]!.genres[0]!],
          min: { energy: 0.3 },
          max: { tempo: 140 },
          k: 15,
        },
      },
      {
        query: `seed_artists=${encodeURIComponent(tracks[0]!.artists[0]!)}&target_valence=0.8&limit=5`,
        request: { seedArtists: [tracks[0]!.artists[0]!], target: { valence: 0.8 }, k: 5 },
      },
    ];
    for (const { query, request } of requests) {
      const response = await fetch(`${base}/v1/recommendations?${query}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        tracks: { id: string }[];
        seeds: { afterFilteringSize: number }[];
      };
      const memory = bundle.recommend(request);
      expect(body.tracks.map((track) => track.id)).toEqual(
        memory.tracks.map((hit) => hit.track.id),
      );
      expect(body.seeds.map((seed) => seed.afterFilteringSize)).toEqual(
        memory.seeds.map((seed) => seed.afterFilteringSize),
      );
    }
    // An unknown seed is the same 400 as in memory.
    expect((await fetch(`${base}/v1/recommendations?seed_tracks=nope`)).status).toBe(400);
    expect(await stop(running)).toBe(0);

    // The same folder again, now through the HNSW index: nothing to write, answers still served.
    running = await startCli(args);
    expect(await running.waitFor(/^synced the catalog into pglite:/)).toMatchObject({
      inserted: 0,
      updated: 0,
      deleted: 0,
      unchanged: 1140,
      indexBuilt: false,
    });
    const hnsw = (await (
      await fetch(
        `http://127.0.0.1:${running.port}/v1/recommendations?seed_tracks=${tracks[3]!.id}&limit=10`,
      )
    ).json()) as { tracks: { id: string }[] };
    const exact = new Set(
      bundle.recommend({ seedTracks: [tracks[3]!.id], k: 10 }).tracks.map((hit) => hit.track.id),
    );
    expect(hnsw.tracks).toHaveLength(10);
    expect(hnsw.tracks.filter((track) => exact.has(track.id)).length).toBeGreaterThanOrEqual(9);
    expect(await stop(running)).toBe(0);
  }, 120_000);

  it('a catalog that cannot be loaded stops the start with one line naming it and the store', async () => {
    const result = await cli(
      '--data',
      join(root, 'missing.csv'),
      '--store',
      'pglite:memory://',
      '--log-level',
      'silent',
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^spotrec-server: cannot load data .*missing\.csv into pglite:memory:\/\/: /,
    );
  });
});
