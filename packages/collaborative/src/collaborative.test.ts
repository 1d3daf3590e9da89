import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ContentScorer,
  HybridRecommender,
  ImplicitALS,
  InteractionMatrix,
  InvalidArgumentError,
  InvalidFormatError,
  ItemKNN,
  UnknownIdError,
  type ALSIteration,
} from './index';

// Two taste clusters: rock fans and jazz fans, with one crossover user (rank 2: ALS uses 2 factors).
const pairs: [string, string][] = [
  ['u1', 'rock1'],
  ['u1', 'rock2'],
  ['u1', 'rock3'],
  ['u2', 'rock1'],
  ['u2', 'rock2'],
  ['u2', 'rock4'],
  ['u3', 'rock2'],
  ['u3', 'rock3'],
  ['u3', 'rock4'],
  ['u4', 'jazz1'],
  ['u4', 'jazz2'],
  ['u4', 'jazz3'],
  ['u5', 'jazz1'],
  ['u5', 'jazz2'],
  ['u5', 'jazz4'],
  ['u6', 'jazz2'],
  ['u6', 'jazz3'],
  ['u6', 'jazz4'],
  ['u7', 'rock1'],
  ['u7', 'jazz1'],
  ['u7', 'rock1'], // repeated pair, counted once
];
const matrix = InteractionMatrix.fromPairs(pairs);

describe('InteractionMatrix', () => {
  it('stores each pair once in CSR and CSC form', () => {
    expect(matrix.size).toBe(20);
    expect(matrix.itemsOf('u7')).toEqual(['rock1', 'jazz1']);
    expect(matrix.itemCount(matrix.columnOf('rock1') as number)).toBe(3);
    expect(Array.from(matrix.userPointers)).toEqual([0, 3, 6, 9, 12, 15, 18, 20]);
  });

  it('builds the same matrix from structural interactions', () => {
    const same = InteractionMatrix.from({
      users: ['a', 'b'],
      items: ['x', 'y'],
      userIndex: [0, 0, 1],
      itemIndex: [1, 0, 0],
    });
    expect(same.itemsOf('a')).toEqual(['x', 'y']);
    expect(() =>
      InteractionMatrix.from({ users: ['a'], items: ['x'], userIndex: [0], itemIndex: [3] }),
    ).toThrow('interactions.itemIndex[0]');
    expect(() => matrix.itemsOf('nobody')).toThrow(UnknownIdError);
  });
});

describe('ItemKNN', () => {
  const model = ItemKNN.fit(matrix);

  it('computes the cosine of item columns', () => {
    // rock1: users u1 u2 u7; rock2: u1 u2 u3 -> 2 shared / (√3·√3)
    const rock2 = model.similarItems('rock1', 10).find((hit) => hit.id === 'rock2');
    expect(rock2?.score).toBeCloseTo(2 / 3, 6);
    const jazz1 = model.similarItems('rock1', 10).find((hit) => hit.id === 'jazz1');
    expect(jazz1?.score).toBeCloseTo(1 / 3, 6);
    expect(model.similarItems('rock1', 10).map((hit) => hit.id)).not.toContain('rock1');
  });

  it('shrinks similarities built on few co-occurrences', () => {
    const shrunk = ItemKNN.fit(matrix, { shrinkage: 10 }).similarItems('rock1', 1)[0];
    expect(shrunk?.score).toBeCloseTo(2 / (3 + 10), 6);
  });

  it('recommends within the taste cluster and excludes held items by default', () => {
    const picks = model.recommend(['rock1', 'rock2'], 2).map((hit) => hit.id);
    expect(picks).toEqual(['rock3', 'rock4']);
    // with excludeHeld: false a held item can come back through another held item's neighbours
    expect(
      model.recommend(['rock1', 'rock2'], 4, { excludeHeld: false }).map((hit) => hit.id),
    ).toContain('rock2');
    expect(
      model.recommend(['rock1', 'rock2'], 2, { exclude: ['rock3'] }).map((hit) => hit.id)[0],
    ).toBe('rock4');
  });

  it('keeps only the requested number of neighbours', () => {
    expect(ItemKNN.fit(matrix, { neighbours: 1 }).similarItems('rock1', 10)).toHaveLength(1);
  });

  it('round-trips through JSON to identical recommendations', () => {
    const restored = ItemKNN.fromJSON(JSON.stringify(model));
    expect(restored.recommend(['jazz1'], 5)).toEqual(model.recommend(['jazz1'], 5));
    expect(() => ItemKNN.fromJSON({ ...model.toJSON(), pointers: 'AAAA' })).toThrow(
      InvalidFormatError,
    );
    expect(() => ItemKNN.fromJSON({ ...model.toJSON(), kind: 'spotrec.implicit-als' })).toThrow(
      'at kind',
    );
  });
});

describe('ImplicitALS', () => {
  const losses: ALSIteration[] = [];
  const model = ImplicitALS.fit(matrix, {
    factors: 2,
    iterations: 12,
    seed: 3,
    regularization: 0.05,
    onIteration: (step) => losses.push(step),
  });

  it('reports a loss per iteration that never increases', () => {
    expect(losses.map((step) => step.iteration)).toEqual(
      Array.from({ length: 12 }, (_, at) => at + 1),
    );
    losses.forEach(
      (step, at) =>
        at > 0 &&
        expect(step.loss).toBeLessThanOrEqual((losses[at - 1]?.loss as number) * (1 + 1e-9)),
    );
    expect(losses.every((step) => step.seconds >= 0)).toBe(true);
  });

  it('is reproducible for a seed', () => {
    const again = ImplicitALS.fit(matrix, {
      factors: 2,
      iterations: 12,
      seed: 3,
      regularization: 0.05,
    });
    expect(again.toJSON()).toEqual(model.toJSON());
    expect(
      ImplicitALS.fit(matrix, {
        factors: 2,
        iterations: 12,
        seed: 4,
        regularization: 0.05,
      }).toJSON().userFactors,
    ).not.toBe(model.toJSON().userFactors);
  });

  it('recommends within the taste cluster, for a known user and for a new one by fold-in', () => {
    expect(model.recommendForUser('u1', 1, matrix.itemsOf('u1'))[0]?.id).toBe('rock4');
    expect(
      model
        .recommend(['jazz1', 'jazz2'], 2)
        .map((hit) => hit.id)
        .sort(),
    ).toEqual(['jazz3', 'jazz4']);
    expect(model.similarItems('jazz3', 2).every((hit) => hit.id.startsWith('jazz'))).toBe(true);
    expect(Array.from(model.foldIn(['unknown-track']))).toEqual([0, 0]);
  });

  it('round-trips through JSON and rejects damaged models', () => {
    const restored = ImplicitALS.fromJSON(JSON.stringify(model));
    expect(restored.recommend(['rock1'], 3)).toEqual(model.recommend(['rock1'], 3));
    expect(() => ImplicitALS.fromJSON({ ...model.toJSON(), itemFactors: 'AAAA' })).toThrow(
      'at itemFactors',
    );
    expect(() => ImplicitALS.fromJSON({ ...model.toJSON(), formatVersion: 3 })).toThrow(
      'at formatVersion',
    );
  });

  it('rejects bad options and unknown ids', () => {
    expect(() => ImplicitALS.fit(matrix, { factors: 0 })).toThrow(
      'Invalid argument "options.factors"',
    );
    expect(() => ImplicitALS.fit(matrix, { regularization: 0 })).toThrow(InvalidArgumentError);
    expect(() => model.recommendForUser('nobody', 3)).toThrow(UnknownIdError);
    expect(() => model.similarItems('nothing', 3)).toThrow('Unknown item in "id"');
    expect(() => model.recommend(['rock1'], 0)).toThrow('Invalid argument "k"');
  });
});

describe('ContentScorer and HybridRecommender', () => {
  // Audio-like vectors: rock tracks loud, jazz tracks acoustic; "rock5" has no interactions yet.
  const catalog = ['rock1', 'rock2', 'rock3', 'rock4', 'rock5', 'jazz1', 'jazz2', 'jazz3', 'jazz4'];
  const vectors = catalog.flatMap((id) =>
    id.startsWith('rock') ? [1, 0.1 * Number(id.at(-1))] : [0.1, 1],
  );
  const content = new ContentScorer(catalog, {
    data: Float32Array.from(vectors),
    rows: catalog.length,
    cols: 2,
  });

  it('scores by cosine to the mean profile of the held items', () => {
    const picks = content.recommend(['rock1', 'rock2'], 3).map((hit) => hit.id);
    expect(picks.every((id) => id.startsWith('rock'))).toBe(true);
    expect(Array.from(content.scores([])).every((score) => score === 0)).toBe(true);
  });

  it('reaches items nobody has interacted with through content (cold start)', () => {
    const knn = ItemKNN.fit(matrix);
    expect(knn.items).not.toContain('rock5');
    for (const method of ['blend', 'rank-fusion'] as const) {
      const hybrid = new HybridRecommender({ collaborative: knn, content, weight: 0.3, method });
      // rock3 and rock4 (co-listened) and jazz1 (via the crossover user) have collaborative
      // scores; rock5 has none and still ranks next, through its sound alone.
      const picks = hybrid.recommend(['rock1', 'rock2'], 4).map((hit) => hit.id);
      expect(picks).toContain('rock5');
      expect(knn.recommend(['rock1', 'rock2'], 4).map((hit) => hit.id)).not.toContain('rock5');
    }
  });

  it('blends max-normalised scores with the weight', () => {
    const knn = ItemKNN.fit(matrix);
    const hybrid = new HybridRecommender({ collaborative: knn, content, weight: 0.5 });
    const scores = hybrid.scores(['rock1']);
    const cf = knn.scores(['rock1']);
    const cs = content.scores(['rock1']);
    const maxCf = Math.max(...cf);
    const maxCs = Math.max(...Array.from(cs, Math.abs));
    const at = catalog.indexOf('rock2');
    expect(scores[at]).toBeCloseTo(
      (cf[knn.items.indexOf('rock2')] as number) / maxCf + (0.5 * (cs[at] as number)) / maxCs,
      12,
    );
    expect(
      () => new HybridRecommender({ collaborative: knn, content, method: 'mix' as never }),
    ).toThrow(InvalidArgumentError);
  });
});

describe('HybridRecommender rank fusion', () => {
  const catalog = ['rock1', 'rock2', 'rock3', 'rock4', 'rock5', 'jazz1', 'jazz2', 'jazz3', 'jazz4'];
  const content = new ContentScorer(catalog, {
    data: Float32Array.from(
      catalog.flatMap((id) => (id.startsWith('rock') ? [1, 0.1 * Number(id.at(-1))] : [0.1, 1])),
    ),
    rows: catalog.length,
    cols: 2,
  });

  /**
   * Reciprocal rank fusion written out independently: for each term, rank the items in
   * `reached` by score (descending, ties to catalog order), give the k-th one weight ÷ (offset + k),
   * and add the two terms.
   */
  function expectedFusion(
    collaborative: ReadonlyMap<string, number>,
    contentScores: ReadonlyMap<string, number>,
    weight: number,
    offset: number,
  ): number[] {
    const term = (scores: ReadonlyMap<string, number>, w: number) => {
      const ranked = catalog
        .filter((id) => scores.has(id))
        .sort((a, b) => scores.get(b)! - scores.get(a)! || catalog.indexOf(a) - catalog.indexOf(b));
      return (id: string) => (ranked.includes(id) ? w / (offset + ranked.indexOf(id) + 1) : 0);
    };
    const cf = term(collaborative, 1);
    const cs = term(contentScores, weight);
    return catalog.map((id) => cf(id) + cs(id));
  }

  const contentMap = (held: string[]) => {
    const scores = content.scores(held);
    return new Map(catalog.map((id, at) => [id, scores[at] as number]));
  };

  it('gives the ALS term to every item ALS has factors for, whatever the sign of its score', () => {
    const als = ImplicitALS.fit(matrix, {
      factors: 2,
      iterations: 12,
      seed: 3,
      regularization: 0.05,
    });
    const held = ['rock1', 'rock2'];
    const alsScores = als.scores(held);
    // The premise: some items ALS knows score ≤ 0 for this user (the old sign rule dropped them).
    expect(Array.from(alsScores).some((score) => score <= 0)).toBe(true);
    expect(als.reachable(held)).toEqual(als.items.map(() => true));
    expect(als.reachable(['no-such-track'])).toEqual(als.items.map(() => false));
    const hybrid = new HybridRecommender({
      collaborative: als,
      content,
      method: 'rank-fusion',
      weight: 0.4,
      rankOffset: 10,
    });
    const expected = expectedFusion(
      new Map(als.items.map((id, at) => [id, alsScores[at] as number])), // rock5: no factors
      contentMap(held),
      0.4,
      10,
    );
    Array.from(hybrid.scores(held)).forEach((score, at) =>
      expect(score).toBeCloseTo(expected[at] as number, 12),
    );
  });

  it('gives the item-kNN term only to items similar to a held item', () => {
    const knn = ItemKNN.fit(matrix);
    const reached = knn.reachable(['rock1']);
    expect(knn.items.filter((_, at) => reached[at]).sort()).toEqual(
      ['jazz1', 'rock2', 'rock3', 'rock4'], // jazz1 through the crossover user u7
    );
  });

  it('uses the weight and the rank offset of the options', () => {
    const knn = ItemKNN.fit(matrix);
    const held = ['rock1', 'jazz2'];
    const knnScores = knn.scores(held);
    const linked = new Map(
      knn.items.flatMap((id, at) =>
        (knnScores[at] as number) > 0 ? [[id, knnScores[at] as number]] : [],
      ),
    );
    for (const [weight, rankOffset] of [
      [0.7, 5],
      [2, 0],
      [0, 60],
    ] as const) {
      const hybrid = new HybridRecommender({
        collaborative: knn,
        content,
        method: 'rank-fusion',
        weight,
        rankOffset,
      });
      const expected = expectedFusion(linked, contentMap(held), weight, rankOffset);
      Array.from(hybrid.scores(held)).forEach((score, at) =>
        expect(score).toBeCloseTo(expected[at] as number, 12),
      );
    }
  });

  it('ranks every listed item of a scorer without reachable (plain reciprocal rank fusion)', () => {
    const popularity = { items: ['jazz4', 'rock5', 'rock1'], scores: () => [-1, -2, -3] };
    const hybrid = new HybridRecommender({
      collaborative: popularity,
      content,
      method: 'rank-fusion',
      weight: 1,
      rankOffset: 1,
    });
    const expected = expectedFusion(
      new Map([
        ['jazz4', -1],
        ['rock5', -2],
        ['rock1', -3],
      ]),
      contentMap(['rock2']),
      1,
      1,
    );
    Array.from(hybrid.scores(['rock2'])).forEach((score, at) =>
      expect(score).toBeCloseTo(expected[at] as number, 12),
    );
  });

  it('rejects scorers that are not ItemScorers or return the wrong number of scores', () => {
    const knn = ItemKNN.fit(matrix);
    expect(() => new HybridRecommender({ collaborative: {} as never, content })).toThrow(
      'Invalid argument "options.collaborative"',
    );
    expect(
      () => new HybridRecommender({ collaborative: knn, content, rankOffset: Infinity }),
    ).toThrow('Invalid argument "options.rankOffset"');
    const short = { items: ['rock1', 'rock2'], scores: () => [1] };
    expect(() =>
      new HybridRecommender({ collaborative: short, content }).scores(['rock1']),
    ).toThrow('Invalid argument "options.collaborative.scores"');
  });
});

describe('properties', () => {
  it('ItemKNN similarities are symmetric and within [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 12 })), {
          minLength: 1,
          maxLength: 60,
        }),
        (raw) => {
          const model = ItemKNN.fit(
            InteractionMatrix.fromPairs(raw.map(([u, i]) => [`u${u}`, `i${i}`])),
            { neighbours: 100 },
          );
          for (const a of model.items) {
            for (const hit of model.similarItems(a, 100)) {
              if (hit.score < 0 || hit.score > 1 + 1e-6) return false;
              const back = model.similarItems(hit.id, 100).find((other) => other.id === a);
              if (back === undefined || Math.abs(back.score - hit.score) > 1e-6) return false;
            }
          }
          return true;
        },
      ),
      { numRuns: 40 },
    );
  });
});
