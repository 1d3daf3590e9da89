import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, duplicateKey, duplicatesOf, isDuplicateTrack } from './index';

describe('duplicateKey(track)', () => {
  it('is equal for titles and artists differing only in letter case and outer spaces', () => {
    expect(duplicateKey({ name: ' Comedy ', artists: ['Gen Hoshino'] })).toBe(
      duplicateKey({ name: 'COMEDY', artists: [' gen hoshino'] }),
    );
  });

  it('compares the artists as a set: order and repetitions do not matter', () => {
    expect(duplicateKey({ name: 'Song', artists: ['Ava Hart', 'Leo Costa'] })).toBe(
      duplicateKey({ name: 'song', artists: ['leo costa', 'AVA HART', 'Ava Hart'] }),
    );
  });

  it('folds compatibility characters with Unicode NFKC, and composed and decomposed accents', () => {
    expect(duplicateKey({ name: 'Ｌｏｖｅ', artists: ['ﬁona'] })).toBe(
      duplicateKey({ name: 'love', artists: ['fiona'] }),
    );
    expect(duplicateKey({ name: 'Cafe\u0301', artists: ['Beyonce\u0301'] })).toBe(
      duplicateKey({ name: 'Café', artists: ['Beyoncé'] }),
    );
    // A full-width space (U+3000) becomes a space under NFKC and is then trimmed.
    expect(duplicateKey({ name: '\u3000Song', artists: [] })).toBe(
      duplicateKey({ name: 'Song', artists: [] }),
    );
  });

  it('differs for another title, another artist set, or a subset of the artists', () => {
    const key = duplicateKey({ name: 'Song', artists: ['A', 'B'] });
    expect(duplicateKey({ name: 'Song 2', artists: ['A', 'B'] })).not.toBe(key);
    expect(duplicateKey({ name: 'Song', artists: ['A'] })).not.toBe(key);
    expect(duplicateKey({ name: 'Song', artists: ['A', 'C'] })).not.toBe(key);
  });

  it('cannot be fooled by separators inside names', () => {
    expect(duplicateKey({ name: 'a', artists: ['b,c'] })).not.toBe(
      duplicateKey({ name: 'a', artists: ['b', 'c'] }),
    );
    expect(duplicateKey({ name: 'a\u0000b', artists: [] })).not.toBe(
      duplicateKey({ name: 'a', artists: ['b'] }),
    );
  });

  it('rejects a track without a string name or an artists array of strings', () => {
    expect(() => duplicateKey({ name: 3, artists: [] } as never)).toThrow(InvalidArgumentError);
    expect(() => duplicateKey({ name: 'a', artists: 'A;B' } as never)).toThrow(/track\.artists/);
    expect(() => duplicateKey({ name: 'a', artists: ['A', null] } as never)).toThrow(
      /track\.artists\[1\]/,
    );
  });
});

describe('isDuplicateTrack(a, b)', () => {
  const single = { id: '1a', name: 'Comedy', artists: ['Gen Hoshino'] };

  it('is true for the same id, whatever the names', () => {
    expect(isDuplicateTrack(single, { id: '1a', name: 'Other', artists: [] })).toBe(true);
    expect(isDuplicateTrack(single, single)).toBe(true);
  });

  it('is true for another id with the same duplicate key', () => {
    expect(isDuplicateTrack(single, { id: '2b', name: 'comedy ', artists: ['GEN HOSHINO'] })).toBe(
      true,
    );
  });

  it('is false for another id and another key', () => {
    expect(isDuplicateTrack(single, { id: '3c', name: 'Comedy', artists: ['Someone'] })).toBe(
      false,
    );
  });

  it('rejects a track without a string id', () => {
    expect(() => isDuplicateTrack(single, { name: 'x', artists: [] } as never)).toThrow(
      'Invalid argument "b"',
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
