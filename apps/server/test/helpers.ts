import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { syntheticCatalog, type Track } from '@spotrec/data';
import { createRecommender, type RecommenderBundle } from '@spotrec/recommender';
import { buildServer, type ServerOptions, type SpotrecServer } from '../src/app';
import { BundleHolder, ServedBundle, type CatalogSource, type Log } from '../src/catalog-source';
import { ServerMetrics } from '../src/metrics';

/** A logger that keeps what it is told. */
export function memoryLog(): Log & { lines: { level: string; message: string; object: object }[] } {
  const lines: { level: string; message: string; object: object }[] = [];
  return {
    lines,
    info: (object, message) => lines.push({ level: 'info', object, message }),
    warn: (object, message) => lines.push({ level: 'warn', object, message }),
  };
}

/** An artist whose name holds a comma, given to the first three tracks of the test catalog. */
export const COMMA_ARTIST = 'Tyler, The Creator';

/** A small seeded synthetic catalog (made-up tracks), with one artist name holding a comma. */
export function testTracks(size = 2280, seed = 7): Track[] {
  const tracks = syntheticCatalog({ tracks: size, seed });
  for (const track of tracks.slice(0, 3)) track.artists = [COMMA_ARTIST];
  return tracks;
}

let shared: Promise<{ tracks: Track[]; bundle: RecommenderBundle }> | undefined;

/** The test catalog's bundle, fitted once per test file. */
export function testBundle(): Promise<{ tracks: Track[]; bundle: RecommenderBundle }> {
  shared ??= (async () => {
    const tracks = testTracks();
    return { tracks, bundle: await createRecommender({ tracks, model: 'features', seed: 7 }) };
  })();
  return shared;
}

const SOURCE: CatalogSource = { kind: 'synthetic', tracks: 2280, seed: 7 };

/** A server over the test bundle, for `inject` or `listen`. */
export async function testServer(
  options: Omit<ServerOptions, 'holder'> = {},
): Promise<SpotrecServer & { tracks: Track[] }> {
  const { tracks, bundle } = await testBundle();
  const holder = new BundleHolder(SOURCE, new ServedBundle(bundle), memoryLog());
  const server = await buildServer({
    metrics: new ServerMetrics({ defaultMetrics: false }),
    ...options,
    holder,
  });
  return Object.assign(server, { tracks });
}

/** The server's folder. */
export const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));

/** A `spotrec-server` process run from source (tsx), with its log lines. */
export interface CliProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly lines: Record<string, unknown>[];
  readonly stderr: string[];
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  /** Resolves with the first log line whose `msg` matches. */
  waitFor(message: string | RegExp, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/** Starts `spotrec-server` from source on 127.0.0.1 and a free port; resolves when ready. */
export async function startCli(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliProcess> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@spotrec/source',
      '--import',
      'tsx',
      'src/cli.ts',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      ...args,
    ],
    { cwd: SERVER_DIR, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  const waiters: { match: string | RegExp; resolve: (line: Record<string, unknown>) => void }[] =
    [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const part of parts) {
      if (part.trim() === '') continue;
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(part) as Record<string, unknown>;
      } catch {
        line = { msg: part };
      }
      lines.push(line);
      for (const waiter of [...waiters]) {
        const message = String(line.msg);
        if (
          typeof waiter.match === 'string' ? message === waiter.match : waiter.match.test(message)
        ) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const waitFor = (match: string | RegExp, timeoutMs = 30_000) => {
    const found = lines.find((line) =>
      typeof match === 'string' ? line.msg === match : match.test(String(line.msg)),
    );
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no log line ${String(match)} in ${timeoutMs} ms; stderr: ${stderr.join('')}`,
            ),
          ),
        timeoutMs,
      );
      waiters.push({
        match,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`exited before ${String(match)}; stderr: ${stderr.join('')}`));
      });
    });
  };
  const ready = await waitFor('ready', 60_000);
  return { child, port: Number(ready.port), lines, stderr, exited, waitFor };
}

/** Stops a CLI process if it still runs (by its own pid). */
export async function stopCli(cli: CliProcess | undefined): Promise<void> {
  if (cli === undefined || cli.child.exitCode !== null) return;
  cli.child.kill('SIGKILL');
  await cli.exited;
}
