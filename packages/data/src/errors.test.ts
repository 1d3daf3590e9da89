import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { spotifyCsv, spotifyRow } from './__fixtures__/csv';
import {
  CsvFormatError,
  DataError,
  DownloadError,
  InputReadError,
  InvalidArgumentError,
  InvalidLayoutError,
  InvalidRowError,
  MissingColumnsError,
  NoRowsError,
  loadTracks,
} from './index';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('error classes', () => {
  it('recognise their instances by marker, also from another copy of the package', () => {
    const error = new InvalidArgumentError('k', 'a positive integer', -3);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(DataError.isInstance(error)).toBe(true);
    expect(CsvFormatError.isInstance(error)).toBe(false);
    // A structurally identical error from a duplicated copy carries the same global symbols.
    const foreign = Object.assign(new Error('copy'), {
      [Symbol.for('spotrec.error.data.InvalidArgumentError')]: true,
    });
    expect(InvalidArgumentError.isInstance(foreign)).toBe(true);
    expect(InvalidArgumentError.isInstance(new Error('plain'))).toBe(false);
    expect(DataError.isInstance(null)).toBe(false);
  });

  it('carry stable names and structured fields', () => {
    expect(new InvalidArgumentError('k', 'a positive integer', -3).message).toBe(
      'Invalid argument "k": expected a positive integer, got -3',
    );
    expect(new MissingColumnsError('f.csv', 'spotify-tracks', ['tempo'], ['a'])).toMatchObject({
      name: 'MissingColumnsError',
      missing: ['tempo'],
    });
    expect(new CsvFormatError('f.csv', 4, 'bad quote')).toMatchObject({
      name: 'CsvFormatError',
      line: 4,
      message: 'f.csv, line 4: bad quote',
    });
    expect(new InputReadError('f.csv', 'no such file').name).toBe('InputReadError');
    expect(new DownloadError('http://x', 'gone', { status: 404 })).toMatchObject({
      name: 'DownloadError',
      status: 404,
    });
    const row = new InvalidRowError('f.csv', [
      { line: 3, column: 'key', rule: 'out-of-range', value: '14', message: 'key 14' },
    ]);
    expect(row).toMatchObject({ name: 'InvalidRowError', line: 3 });
  });
});

describe('error causes', () => {
  it('every error class passes an ES2022 { cause } through', () => {
    const cause = new Error('root');
    const errors = [
      new DataError('x', { cause }),
      new InvalidArgumentError('k', 'a positive integer', -3, { cause }),
      new InputReadError('f.csv', 'no such file', { cause }),
      new CsvFormatError('f.csv', 4, 'bad quote', { cause, column: 'name' }),
      new MissingColumnsError('f.csv', 'spotify-tracks', ['tempo'], ['a'], { cause }),
      new InvalidRowError('f.csv', [], { cause }),
      new NoRowsError('f.csv', 0, { cause }),
      new InvalidLayoutError('columns.tempo', 'a column name', 1, { cause }),
      new DownloadError('http://x', 'gone', { cause }),
    ];
    for (const error of errors) expect(error.cause).toBe(cause);
    expect(new DataError('x')).not.toHaveProperty('cause');
    expect(new CsvFormatError('f.csv', 4, 'bad quote')).not.toHaveProperty('cause');
  });

  it('loadTracks keeps the file-system error as the cause of an InputReadError', async () => {
    const error = await rejection(loadTracks(join(tmpdir(), 'spotrec-no-such-file.csv')));
    expect(InputReadError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toMatchObject({ code: 'ENOENT' });
  });

  it('loadTracks keeps the zlib error as the cause of a truncated-gzip InputReadError', async () => {
    const rows = Array.from({ length: 200 }, (_, index) => spotifyRow({ id: `id${index}` }));
    const gz = gzipSync(spotifyCsv(...rows));
    const path = join(mkdtempSync(join(tmpdir(), 'spotrec-cause-')), 'cut.csv.gz');
    writeFileSync(path, gz.subarray(0, gz.length >> 1));
    const error = await rejection(loadTracks(path));
    expect((error as Error).cause).toMatchObject({ code: 'Z_BUF_ERROR' });
  });

  it('loadTracks keeps the csv-parse error as the cause of a CsvFormatError', async () => {
    const error = await rejection(
      loadTracks({ text: spotifyCsv(spotifyRow({ name: '"broken"x' })) }),
    );
    expect(CsvFormatError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toMatchObject({ code: 'CSV_INVALID_CLOSING_QUOTE' });
  });
});
