import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantileSorted } from './quantile';

describe('quantileSorted(sorted, p)', () => {
  // Reference values from NumPy: np.quantile([1, 2, 3, 4], [0, 0.25, 0.5, 0.75, 1]).
  it('interpolates linearly between order statistics (type 7)', () => {
    expect([0, 0.25, 0.5, 0.75, 1].map((p) => quantileSorted([1, 2, 3, 4], p))).toEqual([
      1, 1.75, 2.5, 3.25, 4,
    ]);
  });

  it('returns NaN for no values and the value for one', () => {
    expect(quantileSorted([], 0.5)).toBeNaN();
    expect(quantileSorted(new Float64Array([7]), 0.3)).toBe(7);
  });

  it('stays between the minimum and the maximum and grows with p', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, p, q) => {
          const sorted = Float64Array.from(values).sort();
          const [low, high] = p <= q ? [p, q] : [q, p];
          const a = quantileSorted(sorted, low);
          const b = quantileSorted(sorted, high);
          expect(a).toBeGreaterThanOrEqual(sorted[0]! - 1e-9);
          expect(b).toBeLessThanOrEqual(sorted[sorted.length - 1]! + 1e-9);
          expect(b - a).toBeGreaterThanOrEqual(-1e-9);
        },
      ),
    );
  });
});
