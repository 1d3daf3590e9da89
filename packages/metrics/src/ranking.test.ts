import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import reference from './__fixtures__/numpy-reference.json';
import {
  InvalidArgumentError,
  averagePrecisionAtK,
  averagePrecisionAtKCapped,
  hitAtK,
  ndcgAtK,
  precisionAtK,
  rPrecision,
  recallAtK,
  reciprocalRankAtK,
  type Relevance,
} from './index';

// Reference values: an independent numpy implementation of each definition over 204 seeded
// random cases and edge cases (scripts/make-numpy-fixture.py; see the fixture's note).
describe('ranking metrics against the numpy reference', () => {
  it.each(reference.cases.map((entry, index) => [index, entry] as const))('case %i', (_, entry) => {
    const relevance: Relevance = entry.graded
      ? new Map(entry.gains as [number, number][])
      : new Set(entry.gains.map(([id]) => id as number));
    const { ranked, k, expected } = entry;
    const close = (actual: number, value: number) =>
      expect(Math.abs(actual - value)).toBeLessThan(1e-9);
    close(precisionAtK(ranked, relevance, k), expected.precision);
    close(recallAtK(ranked, relevance, k), expected.recall);
    close(hitAtK(ranked, relevance, k), expected.hit);
    close(reciprocalRankAtK(ranked, relevance, k), expected.mrr);
    close(
      ndcgAtK(ranked, relevance, k, { gain: entry.exponential ? 'exponential' : 'linear' }),
      expected.ndcg,
    );
    close(averagePrecisionAtK(ranked, relevance, k), expected.ap);
    close(averagePrecisionAtKCapped(ranked, relevance, k), expected.apCapped);
    close(rPrecision(ranked, relevance), expected.rPrecision);
  });
});

describe('ranking metric edge cases, as documented', () => {
  it('return 0 for an empty list or when nothing is relevant', () => {
    for (const metric of [
      precisionAtK,
      recallAtK,
      hitAtK,
      reciprocalRankAtK,
      ndcgAtK,
      averagePrecisionAtK,
      averagePrecisionAtKCapped,
    ]) {
      expect(metric([], new Set(['a']), 5)).toBe(0);
      expect(metric(['a', 'b'], new Set(), 5)).toBe(0);
    }
  });

  it('precisionAtK divides by k even when the list is shorter', () => {
    expect(precisionAtK(['a'], new Set(['a']), 4)).toBe(0.25);
  });

  it('the two AP normalisers differ exactly when |R| > k', () => {
    const relevant = new Set(['a', 'b', 'c', 'd']);
    expect(averagePrecisionAtK(['a', 'x', 'b'], relevant, 3)).toBeCloseTo((1 + 2 / 3) / 4, 12);
    expect(averagePrecisionAtKCapped(['a', 'x', 'b'], relevant, 3)).toBeCloseTo(
      (1 + 2 / 3) / 3,
      12,
    );
    expect(averagePrecisionAtKCapped(['a', 'b'], new Set(['a', 'b']), 5)).toBe(
      averagePrecisionAtK(['a', 'b'], new Set(['a', 'b']), 5),
    );
  });

  it('graded NDCG follows the gain scheme', () => {
    const gains = new Map([
      ['a', 1],
      ['b', 3],
    ]);
    expect(ndcgAtK(['a', 'b'], gains, 2)).toBeCloseTo(
      (1 + 3 / Math.log2(3)) / (3 + 1 / Math.log2(3)),
      12,
    );
    expect(ndcgAtK(['a', 'b'], gains, 2, { gain: 'exponential' })).toBeCloseTo(
      (1 + 7 / Math.log2(3)) / (7 + 1 / Math.log2(3)),
      12,
    );
  });

  it('reject a bad k, a repeated id and a negative gain', () => {
    expect(() => precisionAtK(['a'], new Set(['a']), 0)).toThrow(
      'Invalid argument "k": expected a positive integer, got 0',
    );
    expect(() => recallAtK(['a', 'b', 'a'], new Set(['a']), 3)).toThrow(
      'Invalid argument "ranked[2]"',
    );
    expect(() => ndcgAtK(['a'], new Map([['a', -1]]), 1)).toThrow(InvalidArgumentError);
  });
});

const rankingArbitrary = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 30 }),
    fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 20 }),
    fc.integer({ min: 1, max: 35 }),
  )
  .map(([ranked, relevant, k]) => ({ ranked, relevant: new Set(relevant), k }));

describe('ranking metric properties', () => {
  it('every metric lies in [0, 1]', () => {
    fc.assert(
      fc.property(rankingArbitrary, ({ ranked, relevant, k }) =>
        [
          precisionAtK,
          recallAtK,
          hitAtK,
          reciprocalRankAtK,
          ndcgAtK,
          averagePrecisionAtK,
          averagePrecisionAtKCapped,
        ]
          .map((metric) => metric(ranked, relevant, k))
          .concat(rPrecision(ranked, relevant))
          .every((value) => value >= 0 && value <= 1 + 1e-12),
      ),
    );
  });

  it('precision@k · k equals the number of hits in the top k', () => {
    fc.assert(
      fc.property(rankingArbitrary, ({ ranked, relevant, k }) => {
        const hits = ranked.slice(0, k).filter((id) => relevant.has(id)).length;
        return Math.abs(precisionAtK(ranked, relevant, k) * k - hits) < 1e-9;
      }),
    );
  });

  it('an ideal ranking has NDCG 1 and capped AP 1', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer(), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 40 }),
        (relevant, k) => {
          const set = new Set(relevant);
          return (
            Math.abs(ndcgAtK(relevant, set, k) - 1) < 1e-12 &&
            Math.abs(averagePrecisionAtKCapped(relevant, set, k) - 1) < 1e-12
          );
        },
      ),
    );
  });

  it('precision, recall and hit do not depend on the order within the top k', () => {
    fc.assert(
      fc.property(rankingArbitrary, ({ ranked, relevant, k }) => {
        const shuffled = [...ranked.slice(0, k)].reverse().concat(ranked.slice(k));
        return (
          precisionAtK(ranked, relevant, k) === precisionAtK(shuffled, relevant, k) &&
          recallAtK(ranked, relevant, k) === recallAtK(shuffled, relevant, k) &&
          hitAtK(ranked, relevant, k) === hitAtK(shuffled, relevant, k)
        );
      }),
    );
  });
});
