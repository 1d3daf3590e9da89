import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { syntheticCatalog, type Track } from '@spotrec/data';
import { CHROMIUM_PATH, describeWithChromium } from '@spotrec/test-utils';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput, ScenarioResult } from '../src/scenario';

// The scenario is bundled from the packages' built `dist` (run the build first: `verify` does),
// resolved through their export conditions as a user's bundler would: `browser` for Chromium,
// `node` for Node.
const here = fileURLToPath(new URL('..', import.meta.url));
/** The strict policy of issue 16: scripts from the page's origin, WebAssembly compiled from bytes. */
const CSP = "script-src 'self' 'wasm-unsafe-eval'";

/**
 * The folder of @spotrec/autoencoder's installed `@tensorflow/tfjs-backend-wasm` binaries
 * (`tfjs-backend-wasm{,-simd,-threaded-simd}.wasm`): the page gets them from the test server
 * under `/wasm/` (as a bundler user serves them, see the package README), the Node run reads
 * them from here.
 */
const wasmFolder = dirname(
  createRequire(join(here, 'node_modules/@spotrec/autoencoder/package.json')).resolve(
    '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm',
  ),
);

function csvCell(value: unknown): string {
  const text = Array.isArray(value) ? value.join(';') : String(value ?? '');
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function spotifyCsv(tracks: readonly Track[]): string {
  const header =
    'track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre';
  const rows = tracks.flatMap((track) =>
    track.genres.map((genre) =>
      [
        track.id,
        track.artists,
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
        genre,
      ]
        .map(csvCell)
        .join(','),
    ),
  );
  return `${[header, ...rows].join('\n')}\n`;
}

function scenarioInput(wasmPaths: string): ScenarioInput {
  const tracks = syntheticCatalog({ tracks: 400, seed: 5 }).map((track, at) =>
    // A quoted field with a comma, a quote and non-ASCII text, and a repeated id (merged).
    at === 1 ? { ...track, name: 'Café "Noir", live', genres: [...track.genres, 'jazz'] } : track,
  );
  const csv = spotifyCsv(tracks);
  const interactionsCsv = [
    'playlist_id,track_id',
    ...tracks.map((track, at) => `p${at % 37},${track.id}`),
    ...tracks.map((track, at) => `q${track.genres[0] ?? ''}${at % 3},${track.id}`),
  ].join('\n');
  return { csv, gzipBase64: gzipSync(csv).toString('base64'), interactionsCsv, wasmPaths };
}

async function bundle(entry: string, platform: 'browser' | 'node'): Promise<string> {
  const result = await build({
    absWorkingDir: here,
    entryPoints: [join(here, 'src', entry)],
    bundle: true,
    platform,
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    // The Node builds of TensorFlow.js are CommonJS calling `require('util')` and (the WASM
    // backend's Emscripten loader) `__dirname`: an ESM bundle for Node must define both.
    banner:
      platform === 'node'
        ? {
            js: [
              "import { createRequire as __createRequire } from 'node:module';",
              "import { fileURLToPath as __fileURLToPath } from 'node:url';",
              'const require = __createRequire(import.meta.url);',
              'const __filename = __fileURLToPath(import.meta.url);',
              "const __dirname = __fileURLToPath(new URL('.', import.meta.url));",
            ].join('\n'),
          }
        : {},
  });
  return result.outputFiles[0]?.text ?? '';
}

describe('the scenario bundled for Node, run with --disallow-code-generation-from-strings', () => {
  let folder: string;
  let nodeResult: ScenarioResult;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'spotrec-browser-test-'));
    writeFileSync(join(folder, 'input.json'), JSON.stringify(scenarioInput(`${wasmFolder}/`)));
    writeFileSync(join(folder, 'node.mjs'), await bundle('node-entry.ts', 'node'));
  }, 60_000);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  // @spotrec/autoencoder's part runs here too, under the flag: TensorFlow.js (tfjs-core, layers,
  // the WASM backend's Emscripten loader) generates no code from strings.
  it('runs every package with no eval and no new Function (an edge runtime stand-in)', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--disallow-code-generation-from-strings',
        join(folder, 'node.mjs'),
        join(folder, 'input.json'),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    nodeResult = JSON.parse(run.stdout) as ScenarioResult;
    checkResult(nodeResult);
  }, 120_000);

  describeWithChromium(
    'and bundled for the browser, in headless Chromium under a strict CSP',
    () => {
      let server: Server;
      let origin: string;
      let browserResult: ScenarioResult;
      /** The WASM binaries the page asked the server for. */
      const wasmRequests: string[] = [];
      beforeAll(async () => {
        const app = await bundle('browser-entry.ts', 'browser');
        // The browser bundle holds no Node built-in (esbuild would have failed to resolve one).
        expect(app).not.toMatch(
          /\bfrom\s*["'](?:node:)?(?:fs|path|os|zlib|stream|worker_threads|buffer|url)["']/,
        );
        const input = JSON.stringify(scenarioInput('/wasm/'));
        const page =
          '<!doctype html><html><head><meta charset="utf-8"><title>spotrec</title>' +
          '<script type="module" src="/app.js"></script></head><body></body></html>';
        server = createServer((request, response) => {
          const wasm = /^\/wasm\/(tfjs-backend-wasm(?:-simd|-threaded-simd)?\.wasm)$/.exec(
            request.url ?? '',
          );
          if (wasm !== null) wasmRequests.push(wasm[1] as string);
          const [type, body] =
            wasm !== null
              ? ['application/wasm', readFileSync(join(wasmFolder, wasm[1] as string))]
              : request.url === '/app.js'
                ? ['text/javascript', app]
                : request.url === '/input.json'
                  ? ['application/json', input]
                  : ['text/html', page];
          response.writeHead(200, { 'content-type': type, 'content-security-policy': CSP });
          response.end(body);
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      }, 60_000);
      afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

      it('gives the same results as Node, with no CSP violation and no console error', async () => {
        const browser = await chromium.launch({
          executablePath: CHROMIUM_PATH,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
        });
        try {
          const page = await browser.newPage();
          const problems: string[] = [];
          page.on('console', (message) => {
            if (message.type() === 'error') problems.push(message.text());
          });
          page.on('pageerror', (error) => problems.push(error.message));
          const response = await page.goto(`${origin}/`);
          expect(response?.headers()['content-security-policy']).toBe(CSP);
          await page.waitForFunction(
            () => (globalThis as { __spotrec?: unknown }).__spotrec !== undefined,
            null,
            { timeout: 90_000 },
          );
          const outcome = (await page.evaluate(
            () => (globalThis as { __spotrec?: unknown }).__spotrec,
          )) as { result?: ScenarioResult; error?: string; violations: string[] };
          expect(outcome.error).toBeUndefined();
          expect(outcome.violations).toEqual([]);
          expect(problems).toEqual([]);
          const result = outcome.result as ScenarioResult;
          checkResult(result);
          browserResult = result;
          // Everything but the autoencoder is the same to the bit (the autoencoder: below).
          expect({ ...result, autoencoder: undefined }).toEqual({
            ...nodeResult,
            autoencoder: undefined,
          });
        } finally {
          await browser.close();
        }
      }, 120_000);

      it('fits the autoencoders on WASM in the page and keeps them through IndexedDB', () => {
        const { autoencoder } = browserResult;
        expect(autoencoder.backend).toBe('wasm');
        expect(autoencoder.store).toBe('indexeddb');
        expect(autoencoder.folderPath).toBe('InvalidArgumentError');
        // One binary, fetched from the test server (no CDN): SIMD without cross-origin isolation.
        expect(wasmRequests).toEqual(['tfjs-backend-wasm-simd.wasm']);
        expect(nodeResult.autoencoder.store).toBe('memory');
        // Chromium's encodings and losses are Node's to the bit (measured with Node 20 and
        // /usr/bin/chromium): both run the same seeded training (seeded initialisers, split,
        // batch order) on the same tfjs-backend-wasm-simd.wasm kernels. Should another engine
        // round a JavaScript `Math` call on the path differently and a last bit drift, compare
        // with a tolerance instead; each runtime's own save/load round trip stays exact
        // (`sameAfterLoad`, checked for both in checkResult).
        expect(autoencoder.losses).toEqual(nodeResult.autoencoder.losses);
        expect(autoencoder.encoded).toEqual(nodeResult.autoencoder.encoded);
        expect(autoencoder.genre.encoded).toEqual(nodeResult.autoencoder.genre.encoded);
      });
    },
  );
});

/** What must hold in either runtime, whatever the other gives. */
function checkResult(result: ScenarioResult): void {
  const { data, cosine, recommender, collaborative, metrics, features } = result;
  expect(data.sameTracks).toBe(true);
  expect(data.textReport).toEqual(data.blobReport);
  expect(data.textReport.duplicatesMerged).toBe(1);
  expect(data.firstTracks[1]?.name).toBe('Café "Noir", live');
  expect(features.shape[0]).toBe(1500);
  expect(features.roundTrip.length).toBe(features.shape[1]);
  // The query is row 0's own vector: row 0 first, at cosine 1.
  expect(cosine.query[0]?.[0]).toBe(data.catalog[0]?.[0]);
  expect(Number(cosine.query[0]?.[1])).toBeCloseTo(1, 5);
  // Node 20 and Chromium both have WebAssembly SIMD: the fast kernel, not the fallback.
  expect(cosine.kernel).toBe('wasm');
  expect(cosine.filtered).toHaveLength(10);
  expect(cosine.batchRows).toBe(130);
  expect(cosine.batch[0]).toHaveLength(5);
  expect(metrics.precision).toBeGreaterThan(0);
  expect(collaborative.als).toEqual(collaborative.alsRoundTrip);
  expect(recommender.tracks).toHaveLength(8);
  const { autoencoder } = result;
  expect(autoencoder.backend).toBe('wasm');
  for (const part of [autoencoder, autoencoder.genre]) {
    expect(part.shape).toEqual([300, 4]);
    expect(part.encoded).toHaveLength(1200);
    expect(part.encoded.every(Number.isFinite)).toBe(true);
    // Not a constant output: the rows are told apart.
    expect(new Set(part.encoded).size).toBeGreaterThan(100);
    // Encodings after the save and load are bit-for-bit those before.
    expect(part.sameAfterLoad).toBe(true);
  }
  expect(autoencoder.sameConfig).toBe(true);
  expect(autoencoder.sameHistory).toBe(true);
  expect(autoencoder.genre.sameGenres).toBe(true);
  expect(autoencoder.genre.genres).toBeGreaterThan(1);
  // Training lowered the loss.
  expect(autoencoder.losses.at(-1)).toBeLessThan(autoencoder.losses[0] as number);
}
