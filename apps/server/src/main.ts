/** `spotrec-server`: arguments, start-up, signals. */

import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { BUNDLE_FORMAT_VERSION } from '@spotrec/recommender';
import { pino } from 'pino';
import { version } from '../package.json';
import { buildServer } from './app';
import { BundleHolder, DEFAULT_SOURCE, describeSource, type CatalogSource } from './catalog-source';
import { ServerMetrics } from './metrics';
import { describeStore, openStore, parseStoreLocation, type OpenedStore } from './store';

const USAGE = `Usage: spotrec-server [--bundle DIR | --data FILE] [options]

Serves Spotify-compatible GET /v1/recommendations, genre seeds and audio features.

Catalog (one of; the embedded synthetic catalog when neither is given):
  --bundle DIR            a bundle written by RecommenderBundle.save (spotrec train)
  --data FILE             a tracks CSV (.csv or .csv.gz), fitted at start

Database (optional): answer /v1/recommendations from Postgres + pgvector instead of memory.
The catalog above is synced into it at start and at every reload (unchanged rows are kept).
  --store LOCATION        pglite:DIR (embedded PGlite in a folder; pglite:memory:// for none)
                          or postgres://user:password@host:5432/database (pgvector >= 0.8)
  --store-search MODE     hnsw (the HNSW index, approximate) or exact (default hnsw)
  --ef-search N           candidates per HNSW scan, 1-1000 (default 100)

Options:
  --port N                port (default: $PORT, else 8080; 0 picks a free one)
  --host H                interface (default 127.0.0.1)
  --rate-limit N[/S]      at most N requests per S seconds (default 60) per client IP on /v1/*
                          (default: $SPOTREC_RATE_LIMIT, else off)
  --max-url-length N      longest request target accepted, else 414 (default 8192)
  --public-url URL        base of the links in responses (default: the request's host)
  --shutdown-timeout S    seconds to finish in-flight requests on SIGTERM (default 10)
  --log-level LEVEL       fatal, error, warn, info, debug, trace or silent (default info)
  --version               print the version
  --help                  print this help

Environment: SPOTREC_TOKEN requires "Authorization: Bearer <token>" on /v1/*.
Signals: SIGHUP reloads the catalog source; SIGTERM/SIGINT finish in-flight requests and stop.
`;

/** Where the program writes and what it reads from its environment. */
export interface Io {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
}

class UsageError extends Error {}

function integer(value: string, option: string, min: number, max: number): number {
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= min && number <= max))
    throw new UsageError(`${option} expects an integer from ${min} to ${max}, got "${value}"`);
  return number;
}

function parseRateLimit(value: string): { max: number; windowMs: number } {
  const [max = '', seconds = '60'] = value.split('/');
  return {
    max: integer(max, '--rate-limit', 1, 1_000_000_000),
    windowMs: integer(seconds, '--rate-limit window', 1, 86_400) * 1000,
  };
}

/**
 * Runs the server until SIGTERM or SIGINT.
 *
 * @returns The exit code: 0 after a clean stop (or `--version`, `--help`), 1 when the catalog
 * cannot be loaded or the port taken, 2 for bad arguments.
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let options;
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        bundle: { type: 'string' },
        data: { type: 'string' },
        store: { type: 'string' },
        'store-search': { type: 'string' },
        'ef-search': { type: 'string' },
        'rate-limit': { type: 'string' },
        'max-url-length': { type: 'string' },
        'public-url': { type: 'string' },
        'shutdown-timeout': { type: 'string' },
        'log-level': { type: 'string' },
        version: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
    if (values.bundle !== undefined && values.data !== undefined)
      throw new UsageError('give --bundle or --data, not both');
    const mode = values['store-search'] ?? 'hnsw';
    if (mode !== 'hnsw' && mode !== 'exact')
      throw new UsageError(`--store-search expects hnsw or exact, got "${mode}"`);
    if (values.store === undefined && (values['store-search'] ?? values['ef-search']) !== undefined)
      throw new UsageError('--store-search and --ef-search need --store');
    const rate = values['rate-limit'] ?? io.env.SPOTREC_RATE_LIMIT;
    const level = values['log-level'] ?? io.env.LOG_LEVEL ?? 'info';
    if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(level))
      throw new UsageError(`--log-level expects fatal, error, warn, info, debug, trace or silent`);
    options = {
      version: values.version === true,
      help: values.help === true,
      port: integer(values.port ?? io.env.PORT ?? '8080', '--port', 0, 65_535),
      host: values.host ?? '127.0.0.1',
      source: (values.bundle !== undefined
        ? { kind: 'bundle', dir: values.bundle }
        : values.data !== undefined
          ? { kind: 'data', file: values.data }
          : DEFAULT_SOURCE) satisfies CatalogSource as CatalogSource,
      rateLimit: rate === undefined || rate === '' ? undefined : parseRateLimit(rate),
      maxUrlLength: integer(values['max-url-length'] ?? '8192', '--max-url-length', 64, 65_536),
      publicUrl: values['public-url']?.replace(/\/+$/, ''),
      shutdownMs: integer(values['shutdown-timeout'] ?? '10', '--shutdown-timeout', 0, 3600) * 1000,
      level,
      store: values.store === undefined ? undefined : parseStoreLocation(values.store),
      search: {
        mode,
        efSearch: integer(values['ef-search'] ?? '100', '--ef-search', 1, 1000),
      } as const,
    };
  } catch (error) {
    io.stderr.write(`spotrec-server: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (options.version) {
    io.stdout.write(`spotrec-server ${version} (bundle format ${BUNDLE_FORMAT_VERSION})\n`);
    return 0;
  }

  const log = pino({ level: options.level, base: { service: 'spotrec-server' } }, io.stdout);
  const metrics = new ServerMetrics();
  log.info({ source: describeSource(options.source) }, 'loading the catalog');
  let store: OpenedStore | undefined;
  if (options.store !== undefined) {
    try {
      store = await openStore(options.store, options.search);
    } catch (error) {
      io.stderr.write(
        `spotrec-server: cannot open the store ${describeStore(options.store)}: ${(error as Error).message.split('\n')[0]}\n`,
      );
      return 1;
    }
  }
  let holder: BundleHolder;
  try {
    holder = await BundleHolder.open(
      options.source,
      log,
      (served) => metrics.setBundle(served),
      store,
    );
  } catch (error) {
    await store?.close().catch(() => undefined);
    const what =
      options.source.kind === 'synthetic'
        ? 'build the synthetic catalog'
        : `load ${describeSource(options.source)}`;
    const into = store === undefined ? '' : ` into ${store.description}`;
    io.stderr.write(
      `spotrec-server: cannot ${what}${into}: ${(error as Error).message.split('\n')[0]}\n`,
    );
    return 1;
  }
  const server = await buildServer({
    holder,
    metrics,
    token: io.env.SPOTREC_TOKEN === '' ? undefined : io.env.SPOTREC_TOKEN,
    rateLimit: options.rateLimit,
    maxUrlLength: options.maxUrlLength,
    publicUrl: options.publicUrl,
    loggerInstance: log,
  });
  const { app } = server;
  try {
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    io.stderr.write(
      `spotrec-server: cannot listen on ${options.host}:${options.port}: ${(error as Error).message}\n`,
    );
    await app.close();
    await store?.close().catch(() => undefined);
    return 1;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const { bundle } = holder.current;
  log.info(
    {
      url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
      port,
      tracks: bundle.tracks.length,
      fingerprint: bundle.fingerprint,
      model: bundle.manifest.model.kind,
      store: store === undefined ? 'memory' : store.description,
      auth: io.env.SPOTREC_TOKEN !== undefined && io.env.SPOTREC_TOKEN !== '',
      rateLimit: options.rateLimit ?? false,
    },
    'ready',
  );

  const reload = (): void => {
    log.info({ source: describeSource(options.source) }, 'SIGHUP: reloading the catalog');
    void holder.reload().then((result) => metrics.reloaded(result.ok));
  };
  process.on('SIGHUP', reload);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'shutting down: refusing new requests, finishing in-flight ones');
      const timer = setTimeout(() => {
        log.error({ ms: options.shutdownMs }, 'in-flight requests did not finish in time');
        resolve(1);
      }, options.shutdownMs);
      timer.unref();
      app
        .close()
        .then(() => store?.close())
        .then(
          () => {
            clearTimeout(timer);
            process.off('SIGHUP', reload);
            log.info('stopped');
            resolve(0);
          },
          (error: unknown) => {
            clearTimeout(timer);
            log.error({ err: error }, 'error while stopping');
            resolve(1);
          },
        );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
