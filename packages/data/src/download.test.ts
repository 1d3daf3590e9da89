import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spotifyCsv, spotifyRow } from './__fixtures__/csv';
import {
  DownloadError,
  InvalidArgumentError,
  MissingColumnsError,
  downloadDataset,
  type DownloadProgress,
} from './index';

const csv = spotifyCsv(
  ...Array.from({ length: 300 }, (_, index) =>
    spotifyRow({ index: String(index), id: `fakeTrack${index}` }),
  ),
);
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    switch (request.url) {
      case '/dataset.csv':
        response.writeHead(200, {
          'content-type': 'text/csv',
          'content-length': Buffer.byteLength(csv),
        });
        // Send in pieces so that progress is reported more than once.
        response.write(csv.slice(0, 5000));
        setTimeout(() => response.end(csv.slice(5000)), 5);
        return;
      case '/not-csv':
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<html><body>Sign in to continue</body></html>\n');
        return;
      case '/cut':
        response.writeHead(200, { 'content-length': Buffer.byteLength(csv) });
        response.end(csv.slice(0, 1000));
        return;
      default:
        response.writeHead(404, 'Not Found');
        response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('downloadDataset(options) against a local server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spotrec-download-'));

  it('writes the file, reports progress and checks the rows', async () => {
    const to = join(dir, 'nested', 'dataset.csv');
    const progress: DownloadProgress[] = [];
    const result = await downloadDataset({
      to,
      url: `${base}/dataset.csv`,
      expectedRows: 300,
      onProgress: (p) => progress.push(p),
    });
    expect(readFileSync(to, 'utf8')).toBe(csv);
    expect(result).toMatchObject({ path: to, bytes: Buffer.byteLength(csv) });
    expect(result.report).toMatchObject({ rowsRead: 300, tracks: 300, layout: 'spotify-tracks' });
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual({
      receivedBytes: Buffer.byteLength(csv),
      totalBytes: Buffer.byteLength(csv),
    });
    expect(existsSync(`${to}.part`)).toBe(false);
  });

  it('fails on a row count other than expected and leaves an existing file alone', async () => {
    const to = join(dir, 'kept.csv');
    writeFileSync(to, 'previous');
    await expect(downloadDataset({ to, url: `${base}/dataset.csv` })).rejects.toThrow(
      'expected 114000 rows, the file has 300',
    );
    expect(readFileSync(to, 'utf8')).toBe('previous');
    expect(existsSync(`${to}.part`)).toBe(false);
  });

  it('fails with the HTTP status', async () => {
    const error = await downloadDataset({ to: join(dir, 'x.csv'), url: `${base}/missing` }).catch(
      (e: unknown) => e,
    );
    expect(DownloadError.isInstance(error)).toBe(true);
    expect((error as DownloadError).status).toBe(404);
    expect((error as Error).message).toContain('404');
  });

  it('fails when what arrives is not a dataset, keeping the load error as cause', async () => {
    const error = await downloadDataset({ to: join(dir, 'y.csv'), url: `${base}/not-csv` }).catch(
      (e: unknown) => e,
    );
    expect(DownloadError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /not a dataset this package reads: .*lacks required columns/,
    );
    expect(MissingColumnsError.isInstance((error as Error).cause)).toBe(true);
  });

  it('keeps the fetch error as cause when the request fails', async () => {
    const failure = new TypeError('fetch failed');
    const fetch: typeof globalThis.fetch = () => Promise.reject(failure);
    const error = await downloadDataset({ to: join(dir, 'v.csv'), fetch }).catch((e: unknown) => e);
    expect(DownloadError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toBe(failure);
  });

  it('fails when the transfer is cut short', async () => {
    await expect(downloadDataset({ to: join(dir, 'z.csv'), url: `${base}/cut` })).rejects.toSatisfy(
      (error) => DownloadError.isInstance(error),
    );
    expect(existsSync(join(dir, 'z.csv.part'))).toBe(false);
  });

  it('fails with the reason when the server cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(
      downloadDataset({ to: join(dir, 'w.csv'), url: `http://127.0.0.1:${port}/a.csv` }),
    ).rejects.toThrow(/the request failed/);
  });

  it('rejects bad options before any request', async () => {
    const calls: unknown[] = [];
    const fetch = ((...args: unknown[]) => {
      calls.push(args);
      throw new Error('no');
    }) as typeof globalThis.fetch;
    await expect(downloadDataset({ to: '', fetch })).rejects.toThrow(InvalidArgumentError);
    await expect(downloadDataset({ to: 'a.csv', url: 'ftp://x', fetch })).rejects.toThrow(
      'Invalid argument "options.url"',
    );
    await expect(downloadDataset({ to: 'a.csv', expectedRows: -1, fetch })).rejects.toThrow(
      'options.expectedRows',
    );
    expect(calls).toEqual([]);
  });
});
