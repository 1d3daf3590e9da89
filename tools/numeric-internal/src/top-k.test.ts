import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topIndices } from './top-k';

/** The reference: every included index, sorted by score (NaN last), then index. */
function naiveTop(scores: readonly number[], k: number, include: (index: number) => boolean) {
  const rank = (value: number) => (Number.isNaN(value) ? Number.NEGATIVE_INFINITY : value);
  return scores
    .map((score, index) => ({ score, index }))
    .filter(({ index }) => include(index))
    .sort((a, b) => {
      const aNaN = Number.isNaN(a.score);
      const bNaN = Number.isNaN(b.score);
      if (aNaN !== bNaN) return aNaN ? 1 : -1;
      return rank(b.score) - rank(a.score) || a.index - b.index;
    })
    .slice(0, Math.max(0, k))
    .map(({ index }) => index);
}

// Few distinct values, so that ties are common; NaN and infinities included.
const score = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.double({ noNaN: false }),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0),
);

describe('topIndices(scores, k, include)', () => {
  it('returns the largest scores, best first, ties to the lower index', () => {
    expect(topIndices([0.2, 0.9, 0.5, 0.9], 3)).toEqual([1, 3, 2]);
    expect(topIndices([1, 1, 1, 1], 2)).toEqual([0, 1]);
  });

  it('skips the indices include rejects', () => {
    expect(topIndices([0.2, 0.9, 0.5, 0.9], 3, (index) => index !== 1)).toEqual([3, 2, 0]);
  });

  it('ranks NaN below every number', () => {
    expect(topIndices([Number.NaN, -Infinity, Number.NaN, 0], 4)).toEqual([3, 1, 0, 2]);
  });

  it('returns nothing for k ≤ 0 and everything for k ≥ n', () => {
    expect(topIndices([1, 2], 0)).toEqual([]);
    expect(topIndices([1, 2], -1)).toEqual([]);
    expect(topIndices([1, 2], 5)).toEqual([1, 0]);
    expect(topIndices(new Float32Array(0), 3)).toEqual([]);
  });

  it('equals a naive sort of the included scores (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(score, { maxLength: 80 }),
        fc.integer({ min: -1, max: 90 }),
        fc.array(fc.boolean(), { maxLength: 80 }),
        (scores, k, mask) => {
          const include = (index: number) => mask[index] ?? true;
          expect(topIndices(scores, k, include)).toEqual(naiveTop(scores, k, include));
          expect(topIndices(Float64Array.from(scores), k)).toEqual(naiveTop(scores, k, () => true));
        },
      ),
      { numRuns: 500 },
    );
  });
});
