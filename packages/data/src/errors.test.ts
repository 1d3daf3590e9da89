import { describe, expect, it } from 'vitest';
import {
  CsvFormatError,
  DataError,
  DownloadError,
  InputReadError,
  InvalidArgumentError,
  InvalidRowError,
  MissingColumnsError,
} from './index';

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
