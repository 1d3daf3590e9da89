import { describe, expect, it } from 'vitest';
import {
  InvalidArgumentError,
  InvalidRowError,
  MissingColumnsError,
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

  it('reads other column names when given', async () => {
    const { interactions } = await loadInteractions(
      { text: 'user,song\nu1,s1\n' },
      { userColumn: 'user', itemColumn: 'song' },
    );
    expect(interactions.users).toEqual(['u1']);
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
