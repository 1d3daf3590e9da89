import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { syntheticCatalog, type Track } from '@spotrec/data';
import { createRecommender } from '@spotrec/recommender';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/main';
import { startCli, stopCli, type CliProcess } from './helpers';

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

let root: string;
let catalogs: { a: Track[]; b: Track[] };
let fingerprints: { a: string; b: string };
let running: CliProcess | undefined;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'spotrec-server-test-'));
  const a = syntheticCatalog({ tracks: 1140, seed: 1 });
  const b = syntheticCatalog({ tracks: 1140, seed: 2 });
  const [bundleA, bundleB] = await Promise.all([
    createRecommender({ tracks: a, seed: 1 }),
    createRecommender({ tracks: b, seed: 2 }),
  ]);
  await bundleA.save(join(root, 'a'));
  await bundleB.save(join(root, 'b'));
  await mkdir(join(root, 'broken'));
  await writeFile(join(root, 'broken', 'manifest.json'), '{"kind": "something else"}');
  catalogs = { a, b };
  fingerprints = { a: bundleA.fingerprint, b: bundleB.fingerprint };
});
afterEach(async () => {
  await stopCli(running);
  running = undefined;
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Points `root/current` at `target` atomically (a new link renamed over the old one). */
async function pointAt(target: string): Promise<void> {
  const next = join(root, `next-${target}`);
  await symlink(join(root, target), next);
  await rename(next, join(root, 'current'));
}

describe('spotrec-server start-up', () => {
  it('prints its version', async () => {
    const { code, stdout } = await cli('--version');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^spotrec-server \d+\.\d+\.\d+ \(bundle format 1\)\n$/);
  });

  it('stops with one clear line on stderr and exit code 1 when the bundle cannot be loaded', async () => {
    const missing = await cli('--bundle', join(root, 'missing'), '--log-level', 'silent');
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(
      /^spotrec-server: cannot load bundle .*missing: Invalid .*manifest\.json/,
    );
    const broken = await cli('--bundle', join(root, 'broken'), '--log-level', 'silent');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/field "kind" expected "spotrec.bundle"/);
  });

  it('refuses bad arguments with exit code 2', async () => {
    expect((await cli('--port', 'eighty')).code).toBe(2);
    expect((await cli('--bundle', 'x', '--data', 'y')).stderr).toMatch(
      /--bundle or --data, not both/,
    );
    expect((await cli('--bogus')).code).toBe(2);
  });

  it('fits a CSV given with --data at start and says so', async () => {
    const tracks = syntheticCatalog({ tracks: 228, seed: 3 });
    const header =
      'track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre';
    const rows = tracks.map((track) =>
      [
        track.id,
        track.artists.join(';'),
        track.album,
        track.name,
        track.popularity,
        track.durationMs,
        track.explicit === true ? 'True' : 'False',
        track.danceability,
        track.energy,
        track.key,
        track.loudness,
        track.mode,
        track.speechiness,
        track.acousticness,
        track.instrumentalness,
        track.liveness,
        track.valence,
        track.tempo,
        track.timeSignature,
        track.genres[0],
      ].join(','),
    );
    const file = join(root, 'tracks.csv');
    await writeFile(file, `${header}\n${rows.join('\n')}\n`);
    running = await startCli(['--data', file]);
    expect(
      running.lines.some((line) => /fitting the recommender at start/.test(String(line.msg))),
    ).toBe(true);
    const response = await fetch(
      `http://127.0.0.1:${running.port}/v1/recommendations?seed_tracks=${tracks[0]!.id}&limit=3`,
    );
    expect(response.status).toBe(200);
  });
});

describe('signals', () => {
  it('SIGHUP swaps to the new bundle with no failed request and no mixed answer; a failed reload keeps the old one', async () => {
    await pointAt('a');
    running = await startCli(['--bundle', join(root, 'current')]);
    const base = `http://127.0.0.1:${running.port}`;
    const idsA = new Set(catalogs.a.map((track) => track.id));
    const idsB = new Set(catalogs.b.map((track) => track.id));
    const answers: ('a' | 'b' | 'mixed')[] = [];
    const failures: string[] = [];
    let stop = false;
    const worker = async () => {
      // Bounded: at most 600 requests per worker, and only while the test runs.
      for (let count = 0; count < 600 && !stop; count += 1) {
        try {
          const response = await fetch(`${base}/v1/recommendations?seed_genres=jazz&limit=10`);
          if (response.status !== 200) {
            failures.push(`${response.status} ${await response.text()}`);
            continue;
          }
          const ids = ((await response.json()) as { tracks: { id: string }[] }).tracks.map(
            (track) => track.id,
          );
          answers.push(
            ids.every((id) => idsA.has(id)) ? 'a' : ids.every((id) => idsB.has(id)) ? 'b' : 'mixed',
          );
        } catch (error) {
          failures.push(String(error));
        }
      }
    };
    const workers = Array.from({ length: 4 }, worker);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await pointAt('b');
    running.child.kill('SIGHUP');
    const reloaded = await running.waitFor('bundle reloaded');
    expect(reloaded.fingerprint).toBe(fingerprints.b);
    const afterSwap = answers.length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    stop = true;
    await Promise.all(workers);
    expect(failures).toEqual([]);
    expect(answers).not.toContain('mixed');
    expect(answers.slice(0, 5)).toEqual(['a', 'a', 'a', 'a', 'a']);
    expect(answers.slice(afterSwap + 4)).not.toContain('a');
    expect(answers.at(-1)).toBe('b');

    await pointAt('broken');
    running.child.kill('SIGHUP');
    const failed = await running.waitFor(/^bundle reload failed/);
    expect(failed.error).toMatch(/field "kind" expected "spotrec.bundle"/);
    const ready = (await (await fetch(`${base}/readyz`)).json()) as { fingerprint: string };
    expect(ready.fingerprint).toBe(fingerprints.b);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^spotrec_bundle_reloads_total\{result="ok"\} 1$/m);
    expect(metrics).toMatch(/^spotrec_bundle_reloads_total\{result="failed"\} 1$/m);
    expect(metrics).toContain(`fingerprint="${fingerprints.b}"`);
  });

  it('SIGTERM finishes an in-flight request, refuses new connections and exits 0', async () => {
    running = await startCli(['--bundle', join(root, 'a')]);
    const { port } = running;
    // An in-flight request: its headers are in, its body is not yet.
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      'POST /v1/recommendations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));

    running.child.kill('SIGTERM');
    await running.waitFor(/^shutting down/);
    let refused = false;
    for (let attempt = 0; attempt < 40 && !refused; attempt += 1) {
      try {
        await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { connection: 'close' } });
        await new Promise((resolve) => setTimeout(resolve, 50));
      } catch {
        refused = true;
      }
    }
    expect(refused).toBe(true);
    expect(running.child.exitCode).toBeNull();

    socket.end('{}');
    await closed;
    const response = Buffer.concat(received).toString();
    expect(response).toMatch(/^HTTP\/1\.1 405 /);
    expect(response).toContain(
      '"message":"Method POST not allowed on /v1/recommendations; use GET"',
    );
    expect(await running.exited).toBe(0);
    expect(running.lines.at(-1)?.msg).toBe('stopped');
  });
});
