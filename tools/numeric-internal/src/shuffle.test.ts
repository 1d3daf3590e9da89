import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from './random';
import { partialShuffle, shuffle } from './shuffle';

const sorted = (values: Iterable<number>) => [...values].sort((a, b) => a - b);

describe('shuffle(items, random)', () => {
  it('repeats the recorded order of @spotrec/autoencoder for 10 rows and seed 42', () => {
    // Recorded from `shuffled(10, seededRandom(42))` before it moved here.
    const order = shuffle(
      Int32Array.from({ length: 10 }, (_, at) => at),
      createRandom(42),
    );
    expect([...order]).toEqual([9, 4, 1, 6, 3, 7, 5, 0, 8, 2]);
  });

  it('permutes in place and returns the same array', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer(), (values, seed) => {
        const items = [...values];
        expect(shuffle(items, createRandom(seed))).toBe(items);
        expect(sorted(items)).toEqual(sorted(values));
      }),
    );
  });

  it('draws length − 1 uniforms', () => {
    let draws = 0;
    const random = createRandom(1);
    shuffle([1, 2, 3, 4, 5], () => ((draws += 1), random()));
    expect(draws).toBe(4);
  });
});

describe('partialShuffle(items, count, random)', () => {
  it('puts count distinct items first and keeps the multiset', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer(), { minLength: 1 }),
        fc.nat(),
        fc.integer(),
        (values, count, seed) => {
          const take = count % (values.length + 1);
          const items = [...values];
          partialShuffle(items, take, createRandom(seed));
          expect(new Set(items.slice(0, take)).size).toBe(take);
          expect(sorted(items)).toEqual(sorted(values));
        },
      ),
    );
  });

  it('is the classic front-to-back partial Fisher–Yates', () => {
    const random = createRandom(5);
    const expected = [0, 1, 2, 3, 4, 5];
    const reference = createRandom(5);
    for (let at = 0; at < 3; at += 1) {
      const swap = at + Math.floor(reference() * (expected.length - at));
      [expected[at], expected[swap]] = [expected[swap]!, expected[at]!];
    }
    expect(partialShuffle([0, 1, 2, 3, 4, 5], 3, random)).toEqual(expected);
  });
});
