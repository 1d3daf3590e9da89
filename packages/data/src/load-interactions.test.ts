import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  CsvFormatError,
  InvalidArgumentError,
  InvalidRowError,
  MissingColumnsError,
  NoRowsError,
  interactionsFromPairs,
  loadInteractions,
} from './index';

const HEADER = 'track_id,track_name,playlist_id,playlist_genre';

describe('loadInteractions(source)', () => {
  it('reads playlist × track pairs with ids in order of first appearance', async () => {
    const csv = `${HEADER}\nt1,A,p1,pop\nt2,B,p1,pop\nt1,A,p2,rock\n`;
    const { interactions, report } = await loadInteractions({ text: csv });
    expect(interactions.users).toEqual(['p1', 'p2']);
    expect(interactions.items).toEqual(['t1', 't2']);
    expect(Array.from(interactions.userIndex)).toEqual([0, 0, 1]);
    expect(Array.from(interactions.itemIndex)).toEqual([0, 1, 0]);
    expect(report).toMatchObject({ rowsRead: 3, rowsRejected: 0, duplicatePairs: 0 });
  });

  it('keeps a repeated (user, item) pair once and counts it', async () => {
    const { interactions, report } = await loadInteractions({
      text: `${HEADER}\nt1,A,p1,pop\nt1,A,p1,pop\n`,
    });
    expect(interactions.userIndex).toHaveLength(1);
    expect(report.duplicatePairs).toBe(1);
  });

  it('reads other column names given as userColumn and itemColumn', async () => {
    const { interactions } = await loadInteractions(
      { text: 'song,listener,plays\ns1,u1,3\ns2,u1,1\ns1,u2,7\n' },
      { userColumn: 'listener', itemColumn: 'song' },
    );
    expect(interactions.users).toEqual(['u1', 'u2']);
    expect(interactions.items).toEqual(['s1', 's2']);
    expect(Array.from(interactions.userIndex)).toEqual([0, 0, 1]);
    expect(Array.from(interactions.itemIndex)).toEqual([0, 1, 0]);
  });

  it('names the given user and item columns when the header lacks them', async () => {
    await expect(
      loadInteractions(
        { text: 'user,song\nu1,s1\n' },
        { userColumn: 'listener', itemColumn: 'track' },
      ),
    ).rejects.toSatisfy(
      (error) => MissingColumnsError.isInstance(error) && error.missing.join() === 'listener,track',
    );
  });

  it('rejects bad options naming the option, including one column for both users and items', async () => {
    const csv = { text: `${HEADER}\nt1,A,p1,pop\n` };
    const cases: [unknown, string][] = [
      [null, 'options'],
      [{ userColumn: '' }, 'options.userColumn'],
      [{ itemColumn: 3 }, 'options.itemColumn'],
      [{ userColumn: 'track_id' }, 'options.itemColumn'],
      [{ onInvalid: 'ignore' }, 'options.onInvalid'],
      [{ encoding: 'utf16le' }, 'options.encoding'],
      [{ allowEmpty: 1 }, 'options.allowEmpty'],
    ];
    for (const [options, parameter] of cases) {
      await expect(loadInteractions(csv, options as never)).rejects.toSatisfy(
        (error) => InvalidArgumentError.isInstance(error) && error.parameter === parameter,
      );
    }
  });

  it('fails at the header naming a missing column', async () => {
    await expect(loadInteractions({ text: 'track_id,name\n' })).rejects.toSatisfy(
      (error) => MissingColumnsError.isInstance(error) && error.missing.join() === 'playlist_id',
    );
  });

  it('rejects an empty id with its line, or skips it on request', async () => {
    const csv = `${HEADER}\nt1,A,p1,pop\n,B,p1,pop\n`;
    await expect(loadInteractions({ text: csv })).rejects.toSatisfy(
      (error) =>
        InvalidRowError.isInstance(error) &&
        error.line === 3 &&
        error.issues[0]?.column === 'track_id',
    );
    const { interactions, report } = await loadInteractions({ text: csv }, { onInvalid: 'skip' });
    expect(interactions.items).toEqual(['t1']);
    expect(report.issueCounts).toEqual({ 'empty-id': 1 });
  });
});

describe('loadInteractions(source) on empty and mis-encoded input', () => {
  it('returns empty interactions with rowsRead 0 for a header-only file, or NoRowsError with allowEmpty: false', async () => {
    const { interactions, report } = await loadInteractions({ text: `${HEADER}\n` });
    expect(interactions.users).toEqual([]);
    expect(interactions.userIndex).toHaveLength(0);
    expect(report).toMatchObject({ rowsRead: 0, rowsRejected: 0 });
    await expect(
      loadInteractions({ text: `${HEADER}\n` }, { allowEmpty: false }),
    ).rejects.toSatisfy(
      (error) =>
        NoRowsError.isInstance(error) &&
        error.reason === 'header-only' &&
        error.source === '<text>' &&
        error.message === '<text>: the input has a header and no rows',
    );
  });

  it('rejects an empty input with a CsvFormatError', async () => {
    await expect(loadInteractions({ text: '' })).rejects.toSatisfy(
      (error) => CsvFormatError.isInstance(error) && error.message.includes('empty'),
    );
  });

  it('reports invalid UTF-8 with rule encoding, or decodes it with encoding: latin1', async () => {
    const bytes = Buffer.from(`${HEADER}\nt1,Café,p1,pop\nt2,B,p1,pop\n`, 'latin1');
    await expect(loadInteractions(Readable.from([bytes]))).rejects.toSatisfy(
      (error) =>
        InvalidRowError.isInstance(error) &&
        error.issues[0]?.rule === 'encoding' &&
        error.issues[0]?.line === 2 &&
        error.issues[0]?.column === 'track_name',
    );
    const skipped = await loadInteractions(Readable.from([bytes]), { onInvalid: 'skip' });
    expect(skipped.interactions.items).toEqual(['t2']);
    expect(skipped.report.issueCounts).toEqual({ encoding: 1 });
    const decoded = await loadInteractions(Readable.from([bytes]), { encoding: 'latin1' });
    expect(decoded.interactions.items).toEqual(['t1', 't2']);
  });
});

describe('interactionsFromPairs(pairs)', () => {
  it('builds the same structure from plain pairs', () => {
    const { interactions, duplicatePairs } = interactionsFromPairs([
      ['alice', 't1'],
      ['alice', 't2'],
      ['bob', 't1'],
      ['bob', 't1'],
    ]);
    expect(interactions.users).toEqual(['alice', 'bob']);
    expect(Array.from(interactions.itemIndex)).toEqual([0, 1, 0]);
    expect(duplicatePairs).toBe(1);
  });

  it('names the position of a malformed pair', () => {
    expect(() =>
      interactionsFromPairs([
        ['a', 't'],
        ['', 't'],
      ]),
    ).toThrow(InvalidArgumentError);
    expect(() =>
      interactionsFromPairs([
        ['a', 't'],
        ['', 't'],
      ]),
    ).toThrow(/pairs\[1\]/);
  });
});
