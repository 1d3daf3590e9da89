import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { MissingColumnsError, loadTracks, syntheticCatalog, type Track } from '@spotrec/data';
import { createRecommender, type RecommendRequest } from '@spotrec/recommender';
import { CHROMIUM_PATH, describeWithChromium } from '@spotrec/test-utils';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serveStatic } from '../scripts/serve.mjs';
import { DEFAULT_K, DEMO_CATALOG, RECOMMENDER_SEED } from '../src/settings';

const APP = fileURLToPath(new URL('..', import.meta.url));

/** The builds of the workspace packages the page bundles. */
const BUILT_PACKAGES = [
  'data/dist/index.browser.js',
  'features/dist/index.js',
  'cosine/dist/index.browser.js',
  'recommender/dist/index.browser.js',
];

/** The Spotify Tracks Dataset header, in its own column order. */
const HEADER = [
  'track_id',
  'artists',
  'album_name',
  'track_name',
  'popularity',
  'duration_ms',
  'explicit',
  'danceability',
  'energy',
  'key',
  'loudness',
  'mode',
  'speechiness',
  'acousticness',
  'instrumentalness',
  'liveness',
  'valence',
  'tempo',
  'time_signature',
  'track_genre',
] as const;

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvRow(track: Track, override: Partial<Record<(typeof HEADER)[number], string>> = {}) {
  const cells: Record<(typeof HEADER)[number], unknown> = {
    track_id: track.id,
    artists: track.artists.join(';'),
    album_name: track.album,
    track_name: track.name,
    popularity: track.popularity,
    duration_ms: track.durationMs,
    explicit: track.explicit === null ? '' : track.explicit ? 'True' : 'False',
    danceability: track.danceability,
    energy: track.energy,
    key: track.key,
    loudness: track.loudness,
    mode: track.mode,
    speechiness: track.speechiness,
    acousticness: track.acousticness,
    instrumentalness: track.instrumentalness,
    liveness: track.liveness,
    valence: track.valence,
    tempo: track.tempo,
    time_signature: track.timeSignature,
    track_genre: track.genres[0] ?? '',
    ...override,
  };
  return HEADER.map((column) => csvCell(cells[column])).join(',');
}

/** The ids of the recommendations the page shows, in order. */
function shownIds(page: Page): Promise<string[]> {
  return page.$$eval('#results > li', (items) =>
    items.map((item) => (item as HTMLElement).dataset['trackId'] ?? ''),
  );
}

/** Runs `action` and waits for the page to render the results again. */
async function andRender(page: Page, action: () => Promise<unknown>): Promise<void> {
  const before = await page.$eval('#results', (list) =>
    Number((list as HTMLElement).dataset['version'] ?? 0),
  );
  await action();
  await page.waitForFunction(
    (version) => Number(document.getElementById('results')?.dataset['version'] ?? 0) > version,
    before,
  );
}

/** Types `track`'s name in the search box and picks its suggestion. */
async function pickSeed(page: Page, track: Track): Promise<void> {
  await page.fill('#seed-search', '');
  await page.locator('#seed-search').pressSequentially(track.name, { delay: 5 });
  const option = page.locator(`#seed-suggestions [role=option][data-track-id="${track.id}"]`);
  await option.waitFor();
  await andRender(page, () => option.click());
}

/** Types `track`'s name and picks it with the keyboard: arrow keys to its suggestion, Enter. */
async function pickSeedWithKeyboard(page: Page, track: Track): Promise<void> {
  const search = page.locator('#seed-search');
  await search.fill('');
  await search.pressSequentially(track.name, { delay: 5 });
  await page.locator(`#seed-suggestions [data-track-id="${track.id}"]`).waitFor();
  for (let step = 0; step < 8; step += 1) {
    const active = await page.$eval(
      '#seed-suggestions [aria-selected=true]',
      (option) => (option as HTMLElement).dataset['trackId'] ?? '',
    );
    const described = await search.getAttribute('aria-activedescendant');
    expect(described).not.toBeNull();
    if (active === track.id) {
      await andRender(page, () => search.press('Enter'));
      return;
    }
    await search.press('ArrowDown');
  }
  throw new Error(`the arrow keys never reached ${track.name}`);
}

/** The first track of `tracks` (from `from` on) whose name no other track has. */
function uniquelyNamed(tracks: readonly Track[], from: number): Track {
  const counts = new Map<string, number>();
  for (const track of tracks) counts.set(track.name, (counts.get(track.name) ?? 0) + 1);
  const found = tracks.slice(from).find((track) => counts.get(track.name) === 1);
  if (found === undefined) throw new Error('no uniquely named track');
  return found;
}

describeWithChromium('the demo page (apps/web) in headless Chromium under a strict CSP', () => {
  let folder: string;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let browser: Browser;

  beforeAll(async () => {
    // The page bundles the packages' browser builds, as an app installing them from npm would.
    const missing = BUILT_PACKAGES.filter((file) => !existsSync(join(APP, '../../packages', file)));
    if (missing.length > 0)
      throw new Error(
        `the demo bundles the built packages (missing: ${missing.join(', ')}): run ` +
          '`npx --yes pnpm@10.34.9 turbo run build --filter=@spotrec/web^...` first',
      );
    folder = mkdtempSync(join(tmpdir(), 'spotrec-web-'));
    const outDir = join(folder, 'dist');
    mkdirSync(outDir);
    await build({
      configFile: join(APP, 'vite.config.ts'),
      logLevel: 'error',
      build: { outDir, emptyOutDir: true },
    });
    server = await serveStatic(outDir);
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  });

  it('recommends what @spotrec/recommender computes in Node, with filters, genres and a CSV', async () => {
    const tracks = syntheticCatalog({ tracks: DEMO_CATALOG.tracks, seed: DEMO_CATALOG.seed });
    const byId = new Map(tracks.map((track) => [track.id, track]));
    const reference = await createRecommender({
      tracks,
      model: 'features',
      seed: RECOMMENDER_SEED,
    });
    const expected = (request: RecommendRequest) =>
      reference.recommend(request).tracks.map((hit) => hit.track.id);

    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('request', (request) => requests.push(request.url()));
    const response = await page.goto(server.url);
    expect(response?.headers()['content-security-policy']).toContain(
      "script-src 'self' 'wasm-unsafe-eval'",
    );
    await page.waitForSelector('body[data-state=ready]', { timeout: 60_000 });
    const loadRequests = requests.length;
    // Everything the page loaded is its own files.
    expect(
      requests.every((url) => url.startsWith(server.url)),
      requests.join('\n'),
    ).toBe(true);
    expect(await page.textContent('#catalog-status')).toContain('5,000 tracks');
    // The cosine kernel is the WebAssembly one, instantiated under 'wasm-unsafe-eval'.
    expect(await page.getAttribute('#engine', 'data-kernel')).toBe('wasm');

    // Type a name, pick the track: the k recommendations and their scores are Node's.
    const seed = uniquelyNamed(tracks, 100);
    await pickSeed(page, seed);
    const plain: RecommendRequest = { seedTracks: [seed.id], k: DEFAULT_K };
    const first = await shownIds(page);
    expect(first).toHaveLength(DEFAULT_K);
    expect(first).toEqual(expected(plain));
    const scores = await page.$$eval('#results .score', (nodes) =>
      nodes.map((node) => node.lastChild?.textContent ?? ''),
    );
    expect(scores).toEqual(reference.recommend(plain).tracks.map((hit) => hit.score.toFixed(3)));

    // Min energy: the list changes, every shown track passes, and it is Node's list.
    await andRender(page, () => page.fill('#min-energy', '0.6'));
    const energetic = await shownIds(page);
    expect(energetic).not.toEqual(first);
    expect(energetic).toEqual(expected({ ...plain, min: { energy: 0.6 } }));
    expect(energetic).toHaveLength(DEFAULT_K);
    for (const id of energetic) expect(byId.get(id)!.energy).toBeGreaterThanOrEqual(0.6);

    // Max tempo and a valence target on top.
    await andRender(page, () => page.fill('#max-tempo', '125'));
    await andRender(page, () => page.check('#target-on-valence'));
    await andRender(page, () => page.fill('#target-valence', '0.8'));
    const shaped: RecommendRequest = {
      ...plain,
      min: { energy: 0.6 },
      max: { tempo: 125 },
      target: { valence: 0.8 },
    };
    const shapedIds = await shownIds(page);
    expect(shapedIds).toEqual(expected(shaped));
    expect(shapedIds).toHaveLength(DEFAULT_K);
    for (const id of shapedIds) {
      expect(byId.get(id)!.energy).toBeGreaterThanOrEqual(0.6);
      expect(byId.get(id)!.tempo).toBeLessThanOrEqual(125);
    }

    // A genre filter: the most frequent genre that still fills the list.
    const counts = new Map<string, number>();
    for (const track of tracks)
      for (const genre of track.genres) counts.set(genre, (counts.get(genre) ?? 0) + 1);
    const genre = [...counts]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([name]) => name)
      .find((name) => expected({ ...shaped, includeGenres: [name] }).length === DEFAULT_K);
    expect(genre).toBeDefined();
    await andRender(page, () => page.selectOption('#genre', genre!));
    const inGenre = await shownIds(page);
    expect(inGenre).toEqual(expected({ ...shaped, includeGenres: [genre!] }));
    for (const id of inGenre) {
      const track = byId.get(id)!;
      expect(track.genres).toContain(genre);
      expect(track.energy).toBeGreaterThanOrEqual(0.6);
      expect(track.tempo).toBeLessThanOrEqual(125);
    }

    // Readable at 400 px: one column, nothing wider than the viewport.
    await page.setViewportSize({ width: 400, height: 900 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    const narrow = await page.evaluate(() => {
      const controls = document.getElementById('controls')!.getBoundingClientRect();
      const results = document.querySelector('.results')!.getBoundingClientRect();
      return { controlsBottom: controls.bottom, resultsTop: results.top };
    });
    expect(narrow.resultsTop).toBeGreaterThan(narrow.controlsBottom);
    await page.setViewportSize({ width: 1400, height: 1000 });

    // A CSV of 40 other tracks, one row of them invalid, picked with the file input.
    const others = syntheticCatalog({ tracks: 40, seed: 7 });
    const lines = [HEADER.join(','), ...others.map((track) => csvRow(track))];
    lines.splice(6, 0, csvRow(others[0]!, { track_id: 'broken-row', energy: '1.7' }));
    const csv = `${lines.join('\n')}\n`;
    await page.setInputFiles('#csv-file', {
      name: 'my-tracks.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.waitForFunction(() =>
      document.getElementById('catalog-status')?.textContent?.startsWith('my-tracks.csv'),
    );
    const loaded = await loadTracks({ text: csv }, { onInvalid: 'collect' });
    expect(loaded.report.rowsRejected).toBe(1);
    const status = await page.textContent('#catalog-status');
    expect(status).toContain(`${loaded.tracks.length} tracks`);
    expect(status).toContain('41 rows read, 1 left out');
    const alert = await page.textContent('#catalog-error');
    expect(alert).toContain(loaded.report.issues[0]!.message);
    expect(alert).toContain('line 7');
    // The seeds and filters were reset with the catalog.
    expect(await shownIds(page)).toEqual([]);
    const own = await createRecommender({
      tracks: loaded.tracks,
      model: 'features',
      seed: RECOMMENDER_SEED,
    });
    const ownSeed = uniquelyNamed(loaded.tracks, 3);
    await pickSeed(page, ownSeed);
    const ownIds = await shownIds(page);
    expect(ownIds).toEqual(
      own.recommend({ seedTracks: [ownSeed.id], k: DEFAULT_K }).tracks.map((hit) => hit.track.id),
    );
    const csvIds = new Set(loaded.tracks.map((track) => track.id));
    for (const id of ownIds) expect(csvIds.has(id)).toBe(true);

    // A gzip-compressed CSV without the energy column, dropped on the box: refused, readably,
    // and the CSV above stays in use.
    const missing = gzipSync(
      [HEADER.filter((column) => column !== 'energy').join(','), 'x,a,b,c'].join('\n'),
    );
    await page.evaluate(
      ({ bytes }) => {
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(bytes)], 'no-energy.csv.gz'));
        document
          .getElementById('dropzone')!
          .dispatchEvent(
            new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }),
          );
      },
      { bytes: [...missing] },
    );
    await page.waitForFunction(() =>
      document.getElementById('catalog-error')?.textContent?.includes('no-energy.csv.gz'),
    );
    const refusal = await page.textContent('#catalog-error');
    // The same error as @spotrec/data gives in Node for the same file.
    const refused: unknown = await loadTracks(new File([missing], 'no-energy.csv.gz')).catch(
      (error: unknown) => error,
    );
    expect(MissingColumnsError.isInstance(refused)).toBe(true);
    expect(refusal).toContain((refused as MissingColumnsError).message);
    expect(refusal).toContain('"energy"');
    expect(await page.textContent('#catalog-status')).toContain('my-tracks.csv');
    expect(await shownIds(page)).toEqual(ownIds);

    // Back to the synthetic catalog.
    await page.click('#restore-demo');
    await page.waitForFunction(() =>
      document.getElementById('catalog-status')?.textContent?.startsWith('Synthetic catalog'),
    );
    expect(await page.textContent('#catalog-status')).toContain('5,000 tracks');
    expect(await page.isHidden('#catalog-error')).toBe(true);
    await pickSeedWithKeyboard(page, seed);
    expect(await shownIds(page)).toEqual(first);
    expect(await page.$$eval('#seeds > li', (chips) => chips.length)).toBe(1);

    expect(problems).toEqual([]);
    expect(requests.slice(loadRequests)).toEqual([]);
    await page.close();
  }, 120_000);
});
