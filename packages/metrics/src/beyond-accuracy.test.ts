import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidArgumentError,
  catalogCoverage,
  giniOfExposure,
  intraListDiversity,
  novelty,
} from './index';

describe('beyond-accuracy metrics', () => {
  it('catalogCoverage counts distinct recommended items over the catalog', () => {
    expect(
      catalogCoverage(
        [
          ['a', 'b'],
          ['b', 'c'],
        ],
        10,
      ),
    ).toBeCloseTo(0.3, 12);
    expect(catalogCoverage([], 10)).toBe(0);
    expect(() => catalogCoverage([], 0)).toThrow(InvalidArgumentError);
  });

  it('intraListDiversity is the mean pairwise cosine distance', () => {
    const vectors = new Map([
      ['a', [1, 0]],
      ['b', [0, 1]],
      ['c', [1, 0]],
      ['z', [0, 0]],
    ]);
    expect(intraListDiversity(['a', 'b', 'c'], (id) => vectors.get(id as string))).toBeCloseTo(
      2 / 3,
      12,
    );
    expect(intraListDiversity(['a', 'z'], (id) => vectors.get(id as string))).toBe(1);
    expect(intraListDiversity(['a'], (id) => vectors.get(id as string))).toBe(0);
    expect(() => intraListDiversity(['a', 'q'], (id) => vectors.get(id as string))).toThrow(
      'Invalid argument "list[1]"',
    );
  });

  it('novelty is the mean self-information of the items', () => {
    const popularity = new Map([
      ['hit', 50],
      ['niche', 1],
    ]);
    expect(novelty(['niche'], popularity)).toBeCloseTo(-Math.log2(1 / 51), 12);
    expect(novelty(['hit', 'niche'], popularity)).toBeCloseTo(
      (-Math.log2(50 / 51) - Math.log2(1 / 51)) / 2,
      12,
    );
    expect(novelty([], popularity)).toBe(0);
    expect(() => novelty(['a'], new Map([['a', -1]]))).toThrow(InvalidArgumentError);
  });

  it('giniOfExposure is 0 for equal exposure and 1 − 1/n for all on one item', () => {
    expect(giniOfExposure([['a'], ['b'], ['c']], ['a', 'b', 'c'])).toBeCloseTo(0, 12);
    expect(giniOfExposure([['a'], ['a'], ['a']], ['a', 'b', 'c'])).toBeCloseTo(2 / 3, 12);
    expect(giniOfExposure([], ['a'])).toBe(0);
    expect(() => giniOfExposure([['x']], ['a'])).toThrow(InvalidArgumentError);
  });

  it('giniOfExposure lies in [0, 1) and does not depend on list order (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 5 }), { maxLength: 20 }),
        (lists) => {
          const catalog = Array.from({ length: 10 }, (_, id) => id);
          const value = giniOfExposure(lists, catalog);
          return (
            value >= -1e-12 &&
            value < 1 &&
            Math.abs(value - giniOfExposure([...lists].reverse(), catalog)) < 1e-12
          );
        },
      ),
    );
  });
});
