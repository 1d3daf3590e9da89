import { describe, expect, it } from 'vitest';
import { createOpenRandom, createRandom, standardNormal } from './random';

const take = (random: () => number, count = 5) => Array.from({ length: count }, random);

// Recorded from the copies this module replaced (packages/data/src/random.ts `createRandom`,
// packages/metrics/src/statistics.ts `createRandom`, packages/autoencoder/src/random.ts
// `seededRandom`, which agreed to the bit, and the uniform inside the `seededNormal` of
// packages/collaborative/src/implicit-als.ts), before they were removed.
const RECORDED: Record<number, number[]> = {
  0: [
    0.5733975800685585, 0.23765396769158542, 0.10578142385929823, 0.2969988433178514,
    0.2831040422897786,
  ],
  42: [
    0.21884025167673826, 0.9193855235353112, 0.07482402282766998, 0.772373452084139,
    0.12279324210248888,
  ],
  2024: [
    0.4474436279851943, 0.6547853178344667, 0.730939514702186, 0.8103015117812902,
    0.5836308195721358,
  ],
  [-1]: [
    0.21433574031107128, 0.9851032323203981, 0.16242609662003815, 0.41416747588664293,
    0.0653078684117645,
  ],
};

describe('createRandom(seed)', () => {
  it.each(Object.entries(RECORDED))('repeats the recorded sequence for seed %s', (seed, values) => {
    expect(take(createRandom(Number(seed)))).toEqual(values);
  });

  it('takes the seed modulo 2³²', () => {
    expect(take(createRandom(2 ** 32 + 42))).toEqual(RECORDED[42]);
    expect(take(createRandom(2 ** 32 - 1))).toEqual(RECORDED[-1]);
  });

  it('stays in [0, 1)', () => {
    const random = createRandom(7);
    for (let draw = 0; draw < 10_000; draw += 1) {
      const value = random();
      expect(value >= 0 && value < 1).toBe(true);
    }
  });
});

describe('createOpenRandom(seed)', () => {
  it('repeats the recorded open-interval sequence of implicit ALS for seed 42', () => {
    expect(take(createOpenRandom(42))).toEqual([
      0.21884025179315358, 0.9193855236517265, 0.0748240229440853, 0.7723734522005543,
      0.1227932422189042,
    ]);
  });

  it('is createRandom shifted by half a step of 2⁻³²', () => {
    const open = createOpenRandom(2024);
    const closed = createRandom(2024);
    for (let draw = 0; draw < 1000; draw += 1) expect(open()).toBe(closed() + 0.5 / 4294967296);
  });
});

describe('standardNormal(random)', () => {
  it('repeats the recorded draws of @spotrec/data for seed 42', () => {
    const random = createRandom(42);
    expect(take(() => standardNormal(random))).toEqual([
      1.524344231386653, 0.3190550617395445, -1.4103975633165589, -2.0125463441097127,
      0.33325336464761507,
    ]);
  });

  it('repeats the recorded draws of implicit ALS with the open generator for seed 42', () => {
    const random = createOpenRandom(42);
    expect(take(() => standardNormal(random))).toEqual([
      1.5243442317383993, 0.31905506329299366, -1.4103975619115434, -2.0125463437393982,
      0.3332533635946608,
    ]);
  });

  it('redraws a first uniform of 0', () => {
    const values = [0, 0, 0.5, 0.25];
    let at = 0;
    const random = () => values[at++] as number;
    expect(standardNormal(random)).toBeCloseTo(
      Math.sqrt(-2 * Math.log(0.5)) * Math.cos(Math.PI / 2),
      12,
    );
    expect(at).toBe(4);
  });

  it('has mean 0 and variance 1 over many draws', () => {
    const random = createRandom(3);
    let sum = 0;
    let squares = 0;
    const count = 50_000;
    for (let draw = 0; draw < count; draw += 1) {
      const value = standardNormal(random);
      sum += value;
      squares += value * value;
    }
    expect(Math.abs(sum / count)).toBeLessThan(0.02);
    expect(Math.abs(squares / count - 1)).toBeLessThan(0.03);
  });
});
