import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import {
  CHROMIUM_PATH,
  REAL_DATA,
  describeRealData,
  describeWithChromium,
} from '@spotrec/test-utils';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './run-cli';

/** Where the screenshots go (kept after the run so that a person can look at them). */
const SHOTS = join(tmpdir(), 'spotrec-report-screenshots');

interface BlockSeen {
  readonly id: string;
  readonly kind: string | null;
  readonly title: string;
  readonly caption: string;
  readonly svgs: number;
  readonly marks: number;
  readonly area: number;
  readonly rows: number;
}

async function launch(): Promise<Browser> {
  return chromium.launch({
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
}

/**
 * Opens `file` at `width` px, screenshots it to SHOTS, and returns what the page shows, the
 * console problems, the requests made and whether anything overflows horizontally.
 */
async function inspect(browser: Browser, file: string, width: number, name: string) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(pathToFileURL(file).href);
  const blocks: BlockSeen[] = await page.$$eval('section.block', (sections) =>
    sections.map((section) => {
      const svgs = [...section.querySelectorAll('svg')];
      return {
        id: section.id,
        kind: section.getAttribute('data-kind'),
        title: section.querySelector('h3')?.textContent ?? '',
        caption: section.querySelector('p.caption')?.textContent ?? '',
        svgs: svgs.length,
        marks: svgs.reduce(
          (sum, svg) => sum + svg.querySelectorAll('path, rect, line, circle').length,
          0,
        ),
        area: svgs.reduce((sum, svg) => {
          const box = svg.getBoundingClientRect();
          return sum + box.width * box.height;
        }, 0),
        rows: section.querySelectorAll('tbody tr').length,
      };
    }),
  );
  // A string, evaluated in the page: this package's TypeScript has no DOM library.
  const overflow = await page.evaluate<{
    scrollWidth: number;
    innerWidth: number;
    wider: string[];
  }>(`({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    wider: [...document.querySelectorAll('section.block svg, section.block h3, section.block p, h1, p.source')]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
      .map((element) => element.closest('section')?.id ?? element.tagName),
  })`);
  mkdirSync(SHOTS, { recursive: true });
  const shot = join(SHOTS, `${name}-${width}.png`);
  await page.screenshot({ path: shot, fullPage: true });
  await page.close();
  return { blocks, problems, requests, overflow, shot };
}

describeWithChromium('the HTML report in headless Chromium', () => {
  const folder = mkdtempSync(join(tmpdir(), 'spotrec-report-'));
  const out = join(folder, 'report.html');
  let browser: Browser;
  let ids: string[];
  let captions: Record<string, string>;

  beforeAll(async () => {
    const result = await runCli([
      '--tracks',
      '1140',
      '--json',
      'report',
      '--out',
      out,
      '--queries',
      '60',
      '--model',
      'autoencoder',
      '--epochs',
      '3',
      '--held-out-artists',
    ]);
    expect(result.code).toBe(0);
    ({ charts: ids, captions } = JSON.parse(result.stdout) as {
      charts: string[];
      captions: Record<string, string>;
    });
    browser = await launch();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('lists the A′ chart and both training curves with --held-out-artists', () => {
    expect(ids).toContain('metric-held-out-artists');
    expect(captions['metric-held-out-artists']).toMatch(/^As A, with every learned part fitted/);
    expect(captions['loss-curves']).toMatch(
      /the model shown\): lowest validation MSE .*protocol A′ autoencoder: lowest validation MSE/,
    );
  });

  for (const width of [1400, 400]) {
    it(`shows every block with its caption at ${width} px: no overflow, no console error, no request`, async () => {
      const { blocks, problems, requests, overflow, shot } = await inspect(
        browser,
        out,
        width,
        'synthetic',
      );
      expect(blocks.map((block) => block.id)).toEqual(ids);
      for (const block of blocks) {
        expect(block.title.length, block.id).toBeGreaterThan(5);
        expect(block.caption, block.id).toBe(captions[block.id]);
        if (block.kind === 'chart') {
          expect(block.svgs, block.id).toBeGreaterThan(0);
          expect(block.marks, block.id).toBeGreaterThan(10);
          expect(block.area, block.id).toBeGreaterThan(width === 400 ? 5_000 : 10_000);
        } else {
          expect(block.rows, block.id).toBeGreaterThan(0);
        }
      }
      expect(problems).toEqual([]);
      expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]);
      expect(overflow.wider).toEqual([]);
      expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.innerWidth);
      expect(statSync(shot).size).toBeGreaterThan(50_000);
    }, 120_000);
  }

  it('prints to PDF, and the page has no script, stylesheet link or remote address', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(out).href);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    await page.close();
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(100_000);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|url\((?!#)|https?:\/\/(?!www\.w3\.org)/);
  }, 120_000);
});

describeRealData('the report of the real subset, with protocol B', () => {
  it('renders protocol B from --interactions and stays within the page at 400 px', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'spotrec-report-real-'));
    const out = join(folder, 'report.html');
    try {
      const result = await runCli([
        '--data',
        REAL_DATA.spotifySubset,
        '--interactions',
        REAL_DATA.tidyTuesday,
        '--json',
        'report',
        '--out',
        out,
        '--queries',
        '100',
        '--model',
        'features',
      ]);
      expect(result.code).toBe(0);
      const { charts, captions } = JSON.parse(result.stdout) as {
        charts: string[];
        captions: Record<string, string>;
      };
      expect(charts).toContain('metric-playlists');
      expect(captions['metric-playlists']).toMatch(/k = 50\. .* leads recall@50 with [\d.]+ \[/);
      expect(captions['data-quality']).toMatch(
        /^49,132 rows read, 0 rejected, 4,657 duplicate rows merged \(130 with values differing/,
      );
      const browser = await launch();
      try {
        const { overflow, problems } = await inspect(browser, out, 400, 'real');
        expect(problems).toEqual([]);
        expect(overflow.wider).toEqual([]);
        expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.innerWidth);
      } finally {
        await browser.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 600_000);
});
