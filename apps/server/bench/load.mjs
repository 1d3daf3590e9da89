// Load benchmark of spotrec-server on loopback with autocannon.
//
//   pnpm --filter @spotrec/server bench        (builds the server and its packages first)
//   node apps/server/bench/load.mjs [--duration 20] [--soak 60] [--connections 16]
//
// Bundles: the real subset (../shared/data/spotify_tracks_subset.csv.gz, read with loadTracks,
// skipped when absent; no row of it is written anywhere but the temporary bundle) and a
// 114,000-track synthetic catalog (seed 42). Per bundle: cold start (process start → "ready"
// log line), then `seed_tracks=<id>&limit=20&min_energy=0.4` with a different seed per request.
// Then a soak on the synthetic bundle (RSS growth), a SIGHUP reload under load, and the first
// bundle answered from PGlite (`--store pglite:DIR`, HNSW): a first start that syncs it, then a
// second start on the same folder (nothing to write) under load.
// Autocannon runs in this process, on the same cores as the server: figures are for the
// machine as a whole, not for the server alone.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadTracks, syntheticCatalog } from '@spotrec/data';
import { createRecommender } from '@spotrec/recommender';
import autocannon from 'autocannon';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    soak: { type: 'string', default: '60' },
    connections: { type: 'string', default: '16' },
  },
});
const DURATION = Number(values.duration);
const SOAK = Number(values.soak);
const CONNECTIONS = Number(values.connections);
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const REAL = fileURLToPath(
  new URL('../../../../shared/data/spotify_tracks_subset.csv.gz', import.meta.url),
);

function start(dir, extra = []) {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, '--bundle', dir, '--port', '0', ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = [];
  const waiters = [];
  let buffered = '';
  child.stdout.on('data', (chunk) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop();
    for (const part of parts) {
      let line;
      try {
        line = JSON.parse(part);
      } catch {
        continue;
      }
      // Keep what the bench reads; request logs would grow without bound.
      if (line.msg !== 'request completed' && line.msg !== 'incoming request') lines.push(line);
      for (const waiter of [...waiters])
        if (waiter.match.test(line.msg)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
    }
  });
  const waitFor = (match) =>
    new Promise((resolve, reject) => {
      waiters.push({ match, resolve });
      child.once('exit', () => reject(new Error(`server exited before ${match}`)));
    });
  return { child, started, lines, waitFor };
}

async function stop(server) {
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

async function rss(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

function load(port, ids, seconds) {
  let next = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const id = ids[next % ids.length];
          next += 1;
          return {
            ...request,
            path: `/v1/recommendations?seed_tracks=${id}&limit=20&min_energy=0.4`,
          };
        },
      },
    ],
  });
}

const rows = [];
function row(name, result, extra = {}) {
  rows.push({
    run: name,
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    'non-2xx': result.non2xx,
    ...extra,
  });
}

const root = await mkdtemp(join(tmpdir(), 'spotrec-server-bench-'));
try {
  const bundles = [];
  if (existsSync(REAL)) {
    const { tracks } = await loadTracks(REAL, { onInvalid: 'skip' });
    const bundle = await createRecommender({ tracks, seed: 42, source: 'spotify_tracks_subset' });
    await bundle.save(join(root, 'real'));
    bundles.push({
      name: `real subset (${tracks.length} tracks)`,
      dir: join(root, 'real'),
      ids: tracks.map((t) => t.id),
    });
  } else console.warn(`real subset not found at ${REAL}: skipped`);
  {
    const tracks = syntheticCatalog({ tracks: 114_000, seed: 42 });
    const bundle = await createRecommender({ tracks, seed: 42, source: 'synthetic:114000:42' });
    await bundle.save(join(root, 'synthetic'));
    bundles.push({
      name: 'synthetic 114,000',
      dir: join(root, 'synthetic'),
      ids: tracks.map((t) => t.id),
    });
  }
  // Seeds in a fixed shuffled order (seeded LCG), so requests hit different rows.
  for (const bundle of bundles) {
    let state = 42;
    const ids = [...bundle.ids];
    for (let at = ids.length - 1; at > 0; at -= 1) {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      const other = state % (at + 1);
      [ids[at], ids[other]] = [ids[other], ids[at]];
    }
    bundle.ids = ids;
  }

  const starts = [];
  for (const bundle of bundles) {
    const server = start(bundle.dir);
    const ready = await server.waitFor(/^ready$/);
    starts.push({
      bundle: bundle.name,
      'cold start ms': Math.round(performance.now() - server.started),
      'RSS MiB': Math.round(await rss(server.child.pid)),
    });
    await load(ready.port, bundle.ids, 3); // warm-up, not reported
    row(bundle.name, await load(ready.port, bundle.ids, DURATION));

    if (bundle === bundles.at(-1)) {
      // RSS every 10 s through the soak, to tell a plateau (heap sizing) from steady growth.
      const samples = [Math.round(await rss(server.child.pid))];
      const sampler = setInterval(() => {
        rss(server.child.pid).then((value) => samples.push(Math.round(value)));
      }, 10_000);
      const result = await load(ready.port, bundle.ids, SOAK);
      clearInterval(sampler);
      samples.push(Math.round(await rss(server.child.pid)));
      row(`${bundle.name}, ${SOAK} s soak`, result, { 'RSS MiB': samples.join(' → ') });
    }
    if (bundle === bundles[0]) {
      const running = load(ready.port, bundle.ids, 15);
      await new Promise((resolve) => setTimeout(resolve, 5000));
      server.child.kill('SIGHUP');
      const reloaded = await server.waitFor(/^bundle reload/);
      row(`${bundle.name}, SIGHUP reload under load`, await running, {
        reload: reloaded.msg === 'bundle reloaded' ? `ok in ${reloaded.ms} ms` : 'FAILED',
      });
    }
    await stop(server);
  }
  {
    const bundle = bundles[0];
    const db = `pglite:${join(root, 'db')}`;
    for (const label of ['first start, sync', 'second start, no-op sync']) {
      const server = start(bundle.dir, ['--store', db]);
      const ready = await server.waitFor(/^ready$/);
      const synced = server.lines.find((line) => /^synced the catalog/.test(line.msg));
      starts.push({
        bundle: `${bundle.name}, --store pglite, ${label}`,
        'cold start ms': Math.round(performance.now() - server.started),
        'RSS MiB': Math.round(await rss(server.child.pid)),
        'sync ms': synced?.ms,
      });
      if (label.startsWith('second')) {
        await load(ready.port, bundle.ids, 3);
        row(
          `${bundle.name}, --store pglite (HNSW, ef_search 100)`,
          await load(ready.port, bundle.ids, DURATION),
        );
      }
      await stop(server);
    }
  }
  console.log(
    `\nspotrec-server on loopback, ${CONNECTIONS} connections, ${DURATION} s per run, Node ${process.version}`,
  );
  console.table(starts);
  console.table(rows);
} finally {
  await rm(root, { recursive: true, force: true });
}
