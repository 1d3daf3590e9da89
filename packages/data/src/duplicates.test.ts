import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duplicateKey, duplicatesOf, isDuplicateTrack } from './duplicates';

describe('the duplicate-track rule', () => {
  it('duplicateKey(track) ignores case, surrounding space, artist order and repeats, and Unicode composition', () => {
    const key = duplicateKey({ name: 'Café', artists: ['Zoë', 'Ann'] });
    expect(duplicateKey({ name: '  CAFÉ ', artists: ['ann', 'ZOË', 'Ann'] })).toBe(key);
    // é as e + combining acute (NFD) and the ﬁ ligature fold under NFKC.
    expect(duplicateKey({ name: 'Cafe\u0301', artists: ['Zoe\u0308', 'Ann'] })).toBe(key);
    expect(duplicateKey({ name: '\uFB01ne', artists: [] })).toBe(
      duplicateKey({ name: 'fine', artists: [] }),
    );
  });

  it('duplicateKey(track) tells apart other titles and other artist sets', () => {
    const key = duplicateKey({ name: 'Song', artists: ['A', 'B'] });
    expect(duplicateKey({ name: 'Song', artists: ['A'] })).not.toBe(key);
    expect(duplicateKey({ name: 'Song 2', artists: ['A', 'B'] })).not.toBe(key);
    // The separators cannot be forged by a title or artist that contains the other field.
    expect(duplicateKey({ name: 'a', artists: ['b c'] })).not.toBe(
      duplicateKey({ name: 'a b', artists: ['c'] }),
    );
  });

  it('isDuplicateTrack(a, b) holds for the same id or the same key, and is symmetric', () => {
    fc.assert(
      fc.property(
        fc.record({
          id: fc.string(),
          name: fc.string(),
          artists: fc.array(fc.string(), { maxLength: 3 }),
        }),
        fc.record({
          id: fc.string(),
          name: fc.string(),
          artists: fc.array(fc.string(), { maxLength: 3 }),
        }),
        (a, b) => {
          expect(isDuplicateTrack(a, b)).toBe(isDuplicateTrack(b, a));
          expect(isDuplicateTrack(a, b)).toBe(a.id === b.id || duplicateKey(a) === duplicateKey(b));
          expect(isDuplicateTrack(a, a)).toBe(true);
        },
      ),
    );
  });

  it('duplicatesOf(tracks) lists every id of the same song, and the id alone when unknown', () => {
    const same = duplicatesOf([
      { id: '1', name: 'Song', artists: ['X', 'Y'] },
      { id: '2', name: 'song', artists: ['y', 'x'] },
      { id: '3', name: 'Song', artists: ['X'] },
    ]);
    expect(same('2')).toEqual(['1', '2']);
    expect(same('3')).toEqual(['3']);
    expect(same('zzz')).toEqual(['zzz']);
  });
});
