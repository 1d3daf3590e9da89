import { describe, expect, it } from 'vitest';
import {
  InvalidArgumentError,
  compareSystems,
  evaluate,
  heldOutRelevance,
  popularityRecommender,
  randomRecommender,
  sharedGenreRelevance,
  type EvaluationResult,
} from './index';
import { studentTCdf, studentTQuantile, summarise } from './statistics';

const items = [
  { id: 'a', genres: ['jazz'] },
  { id: 'b', genres: ['jazz', 'soul'] },
  { id: 'c', genres: ['soul'] },
  { id: 'd', genres: ['metal'] },
  { id: 'e', genres: ['metal'] },
  { id: 'a-dup', genres: ['jazz'] },
];

describe('Student t distribution', () => {
  it('matches scipy.stats.t', () => {
    // scipy 1.10 (Debian python3-scipy): t.ppf(0.975, 9), t.ppf(0.975, 7), t.cdf(1.3, 4)
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.2621571627409915, 8);
    expect(studentTQuantile(0.975, 7)).toBeCloseTo(2.3646242510102993, 8);
    expect(studentTCdf(1.3, 4)).toBeCloseTo(0.868274201764388, 10);
  });
});

describe('evaluate(options)', () => {
  it('excludes the query and its duplicates from the ranking and the relevant set, then cuts at k', async () => {
    const result = await evaluate({
      queries: ['a'],
      recommend: () => ['a', 'a-dup', 'd', 'b', 'c', 'e'],
      relevant: sharedGenreRelevance(items),
      exclude: (query) => [query, `${query}-dup`],
      k: 2,
      metrics: ['precision', 'recall', 'mrr'],
    });
    expect(result.lists).toEqual([['d', 'b']]);
    // relevant to 'a' besides itself and its duplicate: only 'b'
    expect(result.metrics.precision?.mean).toBe(0.5);
    expect(result.metrics.recall?.mean).toBe(1);
    expect(result.metrics.mrr?.mean).toBe(0.5);
    expect(result.metrics.ndcg).toBeUndefined();
  });

  it('summarises per-query values with mean, std and a t-based 95% interval', async () => {
    const values = new Map([
      ['q1', ['x', 'r']],
      ['q2', ['r', 'x']],
      ['q3', ['x', 'y']],
    ]);
    const result = await evaluate({
      queries: ['q1', 'q2', 'q3'],
      recommend: (query) => values.get(query) ?? [],
      relevant: () => new Set(['r']),
      k: 2,
      metrics: ['mrr'],
    });
    expect(Array.from(result.perQuery.mrr ?? [])).toEqual([0.5, 1, 0]);
    const summary = result.metrics.mrr;
    expect(summary?.mean).toBeCloseTo(0.5, 12);
    expect(summary?.std).toBeCloseTo(0.5, 12);
    const half = 4.302652729749464 * (0.5 / Math.sqrt(3)); // scipy t.ppf(0.975, 2)
    expect(summary?.ci95[0]).toBeCloseTo(0.5 - half, 8);
    expect(summary?.ci95[1]).toBeCloseTo(0.5 + half, 8);
  });

  it('evaluates a seeded sample of the queries, the same for the same seed', async () => {
    const queries = Array.from({ length: 100 }, (_, index) => index);
    const run = (seed: number) =>
      evaluate({
        queries,
        recommend: () => [1],
        relevant: () => new Set([1]),
        sample: { size: 10, seed },
        metrics: ['hit'],
      });
    const [a, b, c] = await Promise.all([run(3), run(3), run(4)]);
    expect(a.queries).toHaveLength(10);
    expect(a.queries).toEqual(b.queries);
    expect(a.queries).not.toEqual(c.queries);
    expect([...a.queries]).toEqual([...a.queries].sort((x, y) => x - y));
  });

  it('reports progress and accepts async recommenders', async () => {
    const progress: number[] = [];
    await evaluate({
      queries: ['a', 'b'],
      recommend: async () => Promise.resolve(['c']),
      relevant: heldOutRelevance(new Map([['a', ['c']]])),
      onProgress: (done) => progress.push(done),
      metrics: ['hit'],
    });
    expect(progress).toEqual([1, 2]);
  });

  it('rejects bad options naming them', async () => {
    await expect(
      evaluate({ queries: [], recommend: () => [], relevant: () => new Set() }),
    ).rejects.toThrow('Invalid argument "queries"');
    await expect(
      evaluate({ queries: ['a'], recommend: () => [], relevant: () => new Set(), k: 0 }),
    ).rejects.toThrow('Invalid argument "k"');
    await expect(
      evaluate({
        queries: ['a'],
        recommend: () => [],
        relevant: () => new Set(),
        metrics: ['map' as never],
      }),
    ).rejects.toThrow('Invalid argument "metrics[0]"');
  });
});

describe('compareSystems(a, b, metric)', () => {
  const fake = (values: number[]): EvaluationResult<number> => ({
    k: 10,
    queries: values.map((_, index) => index),
    metrics: { ndcg: summarise(values) },
    perQuery: { ndcg: Float64Array.from(values) },
    lists: [],
  });
  const a = fake([0.2, 0.5, 0.1, 0.9, 0.4, 0.6, 0.3, 0.8]);
  const b = fake([0.1, 0.4, 0.2, 0.6, 0.3, 0.5, 0.1, 0.7]);

  it('paired t-test matches scipy.stats.ttest_rel', () => {
    // scipy: ttest_rel(a, b) -> statistic 2.8259362153024163, pvalue 0.02555469608593332
    const comparison = compareSystems(a, b, 'ndcg');
    expect(comparison.difference).toBeCloseTo(0.1125, 12);
    expect(comparison.pValue).toBeCloseTo(0.02555469608593332, 8);
    expect(comparison.significant).toBe(true);
    const half = 2.3646242510102993 * (0.11259916264596036 / Math.sqrt(8));
    expect(comparison.ci95[0]).toBeCloseTo(0.1125 - half, 8);
  });

  it('paired bootstrap agrees in direction and is reproducible', () => {
    const first = compareSystems(a, b, 'ndcg', { method: 'bootstrap', seed: 1, samples: 4000 });
    const second = compareSystems(a, b, 'ndcg', { method: 'bootstrap', seed: 1, samples: 4000 });
    expect(first).toEqual(second);
    expect(first.ci95[0]).toBeGreaterThan(0);
    expect(first.pValue).toBeLessThan(0.05);
    expect(compareSystems(a, a, 'ndcg', { method: 'bootstrap' }).pValue).toBe(1);
  });

  it('finds no difference between identical systems and rejects mismatched ones', () => {
    expect(compareSystems(a, a, 'ndcg')).toMatchObject({
      difference: 0,
      pValue: 1,
      significant: false,
    });
    expect(() => compareSystems(a, fake([0.1]), 'ndcg')).toThrow(InvalidArgumentError);
    expect(() => compareSystems(a, b, 'mrr')).toThrow('Invalid argument "metric"');
  });
});

describe('baselines', () => {
  it('randomRecommender draws distinct ids reproducibly', () => {
    const catalog = Array.from({ length: 50 }, (_, index) => `t${index}`);
    const first = randomRecommender(catalog, { seed: 5, size: 10 });
    const second = randomRecommender(catalog, { seed: 5, size: 10 });
    const lists = [first(), first()];
    expect([second(), second()]).toEqual(lists);
    expect(new Set(lists[0]).size).toBe(10);
    expect(lists[0]).not.toEqual(lists[1]);
  });

  it('popularityRecommender ranks by popularity, ties in catalog order', () => {
    const popularity: Record<string, number> = { a: 5, b: 9, c: 5, d: 1 };
    expect(
      popularityRecommender(['a', 'b', 'c', 'd'], (id) => popularity[id as string], { size: 3 })(),
    ).toEqual(['b', 'a', 'c']);
    expect(() => randomRecommender([])).toThrow(InvalidArgumentError);
  });
});
