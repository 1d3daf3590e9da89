import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ContentScorer,
  HybridRecommender,
  InteractionMatrix,
  InvalidArgumentError,
  TagScorer,
  UnknownIdError,
} from './index';

/** Dense tf-idf cosine, written out the long way: the reference for {@link TagScorer}. */
function naiveTagScores(
  items: readonly string[],
  tags: readonly (readonly string[])[],
  held: readonly string[],
  idf: boolean,
): number[] {
  const vocabulary = [...new Set(tags.flat())];
  const weight = (tag: string) =>
    idf ? Math.log(items.length / tags.filter((own) => own.includes(tag)).length) : 1;
  const vectorOf = (own: readonly string[]) =>
    vocabulary.map((tag) => (own.includes(tag) ? weight(tag) : 0));
  const profile = vocabulary.map(() => 0);
  for (const id of new Set(held)) {
    const at = items.indexOf(id);
    if (at < 0) continue;
    vectorOf(tags[at] as string[]).forEach((value, j) => {
      profile[j] = (profile[j] as number) + value;
    });
  }
  const norm = (vector: number[]) => Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0));
  return tags.map((own) => {
    const vector = vectorOf(own);
    const denominator = norm(vector) * norm(profile);
    if (denominator === 0) return 0;
    return vector.reduce((sum, v, j) => sum + v * (profile[j] as number), 0) / denominator;
  });
}

describe('TagScorer', () => {
  it('scores the tf-idf cosine of a naive dense computation, on random catalogs', () => {
    const catalog = fc.integer({ min: 1, max: 12 }).chain((size) =>
      fc.tuple(
        fc.constant(Array.from({ length: size }, (_, at) => `t${at}`)),
        fc.array(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 4 }), {
          minLength: size,
          maxLength: size,
        }),
        fc.array(fc.integer({ min: 0, max: size + 2 }), { maxLength: 5 }),
        fc.boolean(),
      ),
    );
    fc.assert(
      fc.property(catalog, ([items, tags, heldAt, idf]) => {
        const held = heldAt.map((at) => `t${at}`); // some beyond the catalog: ignored
        const scorer = new TagScorer(items, tags, { idf });
        const expected = naiveTagScores(items, tags, held, idf);
        const actual = scorer.scores(held);
        expect(actual).toHaveLength(items.length);
        expected.forEach((value, at) => expect(actual[at]).toBeCloseTo(value, 12));
        expect(scorer.reachable(held)).toEqual(expected.map((value) => value > 1e-12));
      }),
      { numRuns: 300 },
    );
  });

  it('weighs a rare shared tag above a common one and gives ubiquitous tags no weight', () => {
    const scorer = new TagScorer(
      ['seed', 'rare', 'common', 'other1', 'other2'],
      [['niche', 'big'], ['niche'], ['big'], ['big', 'everywhere'], ['big']],
    );
    expect(scorer.tagWeights.get('niche')).toBeCloseTo(Math.log(5 / 2), 12);
    expect(scorer.tagWeights.get('big')).toBeCloseTo(Math.log(5 / 4), 12);
    expect(scorer.recommend(['seed'], 2).map((hit) => hit.id)).toEqual(['rare', 'common']);
    const flat = new TagScorer(['a', 'b'], [['x'], ['x']]);
    expect(flat.tagWeights.get('x')).toBe(0);
    expect(Array.from(flat.scores(['a']))).toEqual([0, 0]);
    expect(flat.reachable(['a'])).toEqual([false, false]);
  });

  it('counts a tag repeated within an item once and a held item repeated once', () => {
    const once = new TagScorer(['a', 'b', 'c'], [['x'], ['x', 'y'], ['y']], { idf: false });
    const twice = new TagScorer(['a', 'b', 'c'], [['x', 'x'], ['x', 'y', 'y'], ['y']], {
      idf: false,
    });
    expect(Array.from(twice.scores(['a', 'a']))).toEqual(Array.from(once.scores(['a'])));
    expect(once.scores(['a'])[1]).toBeCloseTo(1 / Math.SQRT2, 12);
  });

  it('reaches cold items a collaborative model cannot, as the content side of a hybrid', () => {
    const matrix = InteractionMatrix.fromPairs([
      ['p1', 'a1'],
      ['p1', 'b1'],
      ['p2', 'a1'],
    ]);
    const artists = new TagScorer(['a1', 'b1', 'a2-cold', 'c1-cold'], [['A'], ['B'], ['A'], ['C']]);
    const hybrid = new HybridRecommender({
      collaborative: {
        items: matrix.items,
        scores: (held) => matrix.items.map((id) => (held.includes(id) ? 0 : 1)),
      },
      content: artists,
      weight: 1,
    });
    // p2 holds a1: b1 is the collaborative pick, a2 (same artist, never in a playlist) the content one.
    const ranked = hybrid.recommend(['a1'], 3).map((hit) => hit.id);
    expect(ranked.slice(0, 2).sort()).toEqual(['a2-cold', 'b1']);
    expect(ranked[2]).toBe('c1-cold');
  });

  it('rejects bad ids, tags and options with the parameter named', () => {
    const bad = (build: () => unknown, parameter: string) => {
      const error = (() => {
        try {
          build();
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect((error as InvalidArgumentError).parameter).toBe(parameter);
    };
    bad(() => new TagScorer(['a', 'b'], [['x']]), 'tags');
    bad(() => new TagScorer(['a', 'a'], [['x'], ['y']]), 'items[1]');
    bad(() => new TagScorer(['a', ''], [['x'], ['y']]), 'items[1]');
    bad(() => new TagScorer(['a'], ['x' as unknown as string[]]), 'tags[0]');
    bad(() => new TagScorer(['a'], [['x', 3 as unknown as string]]), 'tags[0][1]');
    bad(() => new TagScorer(['a'], [['']]), 'tags[0][0]');
    bad(() => new TagScorer(['a'], [['x']], { idf: 'yes' as unknown as boolean }), 'options.idf');
    bad(() => new TagScorer(['a'], [['x']]).recommend(['a'], 0), 'k');
    expect(() => new TagScorer(['a', 'b'], [['x']])).toThrow(/1 arrays \(one per item\)|2 arrays/);
  });
});

describe('ContentScorer centring', () => {
  const items = ['a', 'b', 'c', 'd', 'none'];
  const data = new Float32Array([0.9, 0.8, 0.85, 0.9, 0.2, 0.3, 0.25, 0.2, 0, 0]);
  const matrix = { data, rows: 5, cols: 2 };

  it('scores the cosine to the profile of the mean-centred vectors (naive recomputation)', () => {
    const scorer = new ContentScorer(items, matrix, { center: true });
    const rows = [0, 1, 2, 3].map((row) => [data[row * 2] as number, data[row * 2 + 1] as number]);
    const mean = [0, 1].map((j) => rows.reduce((sum, row) => sum + (row[j] as number), 0) / 4);
    const unit = (v: number[]) => {
      const n = Math.hypot(...v);
      return v.map((x) => x / n);
    };
    const centred = rows.map((row) => unit(row.map((x, j) => x - (mean[j] as number))));
    const profile = unit(
      [centred[0], centred[1]].reduce((sum, v) =>
        (sum as number[]).map((x, j) => x + (v as number[])[j]!),
      ) as number[],
    );
    const scores = scorer.scores(['a', 'b']);
    centred.forEach((v, at) =>
      expect(scores[at]).toBeCloseTo(v[0]! * profile[0]! + v[1]! * profile[1]!, 6),
    );
    expect(scores[4]).toBe(0); // the all-zero row has no features, centred or not
    expect(scorer.reachable(['a'])).toEqual([true, true, true, true, false]);
  });

  it('separates what the uncentred cosine lumps together', () => {
    // In the positive orthant a (0.9, 0.8) and d (0.25, 0.2) point almost the same way.
    const plain = new ContentScorer(items, matrix).scores(['a']);
    const centred = new ContentScorer(items, matrix, { center: true }).scores(['a']);
    expect(plain[3]).toBeGreaterThan(0.99);
    expect(centred[3]).toBeLessThan(-0.9);
    expect(centred[1]).toBeGreaterThan(0.9);
  });

  it('keeps the uncentred scores bit for bit without the option', () => {
    const scores = new ContentScorer(items, matrix, { center: false }).scores(['a', 'c']);
    expect(Array.from(scores)).toEqual(
      Array.from(new ContentScorer(items, matrix).scores(['a', 'c'])),
    );
  });

  it('rejects non-finite values and a bad option, naming the row and column', () => {
    const nan = new Float32Array(data);
    nan[7] = Number.NaN;
    expect(() => new ContentScorer(items, { data: nan, rows: 5, cols: 2 })).toThrow(
      /matrix row 3 \(d\), column 1.*a finite number/,
    );
    expect(() => new ContentScorer(items, matrix, { center: 1 as unknown as boolean })).toThrow(
      InvalidArgumentError,
    );
  });
});

describe('InteractionMatrix.usersOf', () => {
  it('lists the users of every item, the transpose of itemsOf', () => {
    const pairs: [string, string][] = [
      ['p1', 't1'],
      ['p2', 't1'],
      ['p2', 't2'],
      ['p3', 't3'],
      ['p1', 't1'],
    ];
    const matrix = InteractionMatrix.fromPairs(pairs);
    for (const item of matrix.items) {
      const naive = [...new Set(pairs.filter(([, i]) => i === item).map(([u]) => u))].sort();
      expect([...matrix.usersOf(item)].sort()).toEqual(naive);
    }
    expect(() => matrix.usersOf('nope')).toThrow(UnknownIdError);
  });
});
