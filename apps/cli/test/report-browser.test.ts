import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, describeWithChromium } from '@spotrec/test-utils';
import { expect, it } from 'vitest';
import { run } from '../src/program';

describeWithChromium('the HTML report in headless Chromium', () => {
  it('renders every chart with no console errors and no network', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'spotrec-report-'));
    try {
      const out = join(folder, 'report.html');
      const sink = new PassThrough();
      sink.resume();
      const code = await run(
        ['--tracks', '1140', 'report', '--out', out, '--queries', '50', '--model', 'autoencoder'],
        { stdout: sink, stderr: sink },
      );
      expect(code).toBe(0);
      const browser = await chromium.launch({
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
      try {
        const page = await browser.newPage();
        const problems: string[] = [];
        const requests: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error' || message.type() === 'warning')
            problems.push(message.text());
        });
        page.on('pageerror', (error) => problems.push(error.message));
        page.on('request', (request) => requests.push(request.url()));
        await page.goto(pathToFileURL(out).href);
        const charts = await page.$$eval('section.chart', (sections) =>
          sections.map((section) => {
            const svg = section.querySelector('svg');
            const box = svg?.getBoundingClientRect();
            return {
              id: section.id,
              marks: svg?.querySelectorAll('path, rect, line, circle').length ?? 0,
              width: box?.width ?? 0,
              height: box?.height ?? 0,
            };
          }),
        );
        expect(charts.map((chart) => chart.id)).toEqual([
          'feature-distributions',
          'correlation-heatmap',
          'genre-counts',
          'loss-curves',
          'metric-comparison',
          'embedding-map',
        ]);
        for (const chart of charts) {
          expect(chart.marks, chart.id).toBeGreaterThan(10);
          expect(chart.width * chart.height, chart.id).toBeGreaterThan(10_000);
        }
        expect(problems).toEqual([]);
        expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]);
      } finally {
        await browser.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
