import { describe, expect, it } from 'vitest';
import reference from './__fixtures__/als-reference.json';
import { toBase64 } from './encoding';
import { trainFactors } from './implicit-als';
import { ImplicitALS, InteractionMatrix, InvalidFormatError, type ALSIteration } from './index';

/** |actual − expected| ≤ 1e-5 · max(1, |expected|), entry by entry. */
function expectClose(actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, at) =>
    expect(Math.abs((actual[at] as number) - value)).toBeLessThanOrEqual(
      1e-5 * Math.max(1, Math.abs(value)),
    ),
  );
}

// Reference values: an independent numpy implementation of one Hu–Koren–Volinsky iteration
// (dense normal equations with C = diag(1 + α·r), np.linalg.solve), of a fold-in and of the
// dense loss, on 7 users × 9 items with an empty user and an empty item
// (scripts/make-als-fixture.py; see the fixture's note).
describe('ImplicitALS against the numpy reference', () => {
  const matrix = InteractionMatrix.from(reference);
  const settings = {
    factors: reference.factors,
    regularization: reference.regularization,
    alpha: reference.alpha,
    iterations: 1,
  };
  const userFactors = Float32Array.from(reference.initialUserFactors);
  const itemFactors = Float32Array.from(reference.initialItemFactors);
  const progress: ALSIteration[] = [];
  trainFactors(matrix, settings, userFactors, itemFactors, (step) => progress.push(step));

  it('solves every user against fixed item factors with confidence 1 + α·r and λ', () => {
    expectClose(userFactors, reference.userFactors);
  });

  it('then solves every item against the new user factors', () => {
    expectClose(itemFactors, reference.itemFactors);
  });

  it('reports the loss Σ c·(p − xᵀy)² + λ(‖X‖² + ‖Y‖²) over every cell', () => {
    expect(progress).toHaveLength(1);
    expectClose([progress[0]?.loss ?? NaN], [reference.loss]);
  });

  it('folds in a new user against the trained item factors (unknown and repeated ids ignored)', () => {
    const model = ImplicitALS.fromJSON({
      kind: 'spotrec.implicit-als',
      formatVersion: 1,
      options: { ...settings, seed: 0 },
      users: reference.users,
      items: reference.items,
      userFactors: toBase64(userFactors),
      itemFactors: toBase64(itemFactors),
    });
    expectClose(model.foldIn(reference.foldIn.items), reference.foldIn.factors);
    expectClose(model.scores(reference.foldIn.items), reference.foldIn.scores);
  });
});

describe('ImplicitALS.fromJSON', () => {
  const model = ImplicitALS.fit(
    InteractionMatrix.fromPairs([
      ['u1', 't1'],
      ['u1', 't2'],
      ['u2', 't2'],
      ['u2', 't3'],
    ]),
    { factors: 2, iterations: 2, seed: 1 },
  );
  const valid = (): Record<string, unknown> & { options: Record<string, unknown> } =>
    JSON.parse(JSON.stringify(model));
  const withNaN = (text: string, at: number) => {
    const values = new Float32Array(Uint8Array.from(Buffer.from(text, 'base64')).buffer);
    values[at] = NaN;
    return toBase64(values);
  };

  it('restores a model that gives identical recommendations', () => {
    const restored = ImplicitALS.fromJSON(JSON.stringify(model));
    expect(restored.recommend(['t1'], 3)).toEqual(model.recommend(['t1'], 3));
    expect(restored.toJSON()).toEqual(model.toJSON());
  });

  it.each<[string, (json: ReturnType<typeof valid>) => void, string, RegExp]>([
    [
      'a wrong kind',
      (json) => (json.kind = 'spotrec.item-knn'),
      'kind',
      /expected "spotrec.implicit-als"/,
    ],
    [
      'no formatVersion',
      (json) => delete json.formatVersion,
      'formatVersion',
      /expected 1, got undefined/,
    ],
    [
      'a formatVersion as text',
      (json) => (json.formatVersion = '1'),
      'formatVersion',
      /expected 1, got "1"/,
    ],
    [
      'a newer formatVersion',
      (json) => (json.formatVersion = 2),
      'formatVersion',
      /newer @spotrec\/collaborative/,
    ],
    [
      'no options',
      (json) => Reflect.deleteProperty(json, 'options'),
      'options',
      /expected an object/,
    ],
    [
      'zero factors',
      (json) => (json.options.factors = 0),
      'options.factors',
      /positive integer, got 0/,
    ],
    [
      'fractional factors',
      (json) => (json.options.factors = 1.5),
      'options.factors',
      /positive integer/,
    ],
    [
      'a negative iteration count',
      (json) => (json.options.iterations = -3),
      'options.iterations',
      /positive integer, got -3/,
    ],
    [
      'zero regularization',
      (json) => (json.options.regularization = 0),
      'options.regularization',
      /> 0, got 0/,
    ],
    [
      'NaN regularization',
      (json) => (json.options.regularization = NaN),
      'options.regularization',
      /got NaN/,
    ],
    ['a negative alpha', (json) => (json.options.alpha = -1), 'options.alpha', /≥ 0, got -1/],
    [
      'an infinite alpha',
      (json) => (json.options.alpha = Infinity),
      'options.alpha',
      /got Infinity/,
    ],
    ['a fractional seed', (json) => (json.options.seed = 0.5), 'options.seed', /an integer/],
    ['users not an array', (json) => (json.users = 'u1'), 'users', /array of ids/],
    ['a repeated user', (json) => (json.users = ['u1', 'u1']), 'users[1]', /distinct/],
    ['an empty item id', (json) => (json.items = ['t1', '', 't3']), 'items[1]', /non-empty/],
    [
      'an item too many',
      (json) => (json.items = ['t1', 't2', 't3', 't4']),
      'itemFactors',
      /expected 8 values/,
    ],
    [
      'more factors than stored',
      (json) => (json.options.factors = 3),
      'userFactors',
      /expected 6 values/,
    ],
    [
      'a NaN user factor',
      (json) => (json.userFactors = withNaN(String(json.userFactors), 3)),
      'userFactors[3]',
      /finite/,
    ],
    [
      'a NaN item factor',
      (json) => (json.itemFactors = withNaN(String(json.itemFactors), 0)),
      'itemFactors[0]',
      /finite/,
    ],
    [
      'item factors not base64',
      (json) => (json.itemFactors = '!!!!' + String(json.itemFactors).slice(4)),
      'itemFactors',
      /base64/,
    ],
    [
      'no user factors',
      (json) => delete json.userFactors,
      'userFactors',
      /base64 string, got undefined/,
    ],
  ])('rejects %s, naming the field', (_, corrupt, path, rule) => {
    const json = valid();
    corrupt(json);
    const error: unknown = (() => {
      try {
        ImplicitALS.fromJSON(json);
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(InvalidFormatError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ name: 'InvalidFormatError', path });
    expect(String(error)).toMatch(rule);
  });

  it('keeps the JSON parser error as the cause when the text is not JSON', () => {
    const error: unknown = (() => {
      try {
        ImplicitALS.fromJSON('{"kind": "spotrec.implicit-als",');
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidFormatError);
    expect(error).toMatchObject({ path: '(root)' });
    expect(error instanceof Error && error.cause).toBeInstanceOf(SyntaxError);
  });
});

describe('ImplicitALS JSON at catalog scale', () => {
  it('round-trips a model whose factor text is megabytes long (no regular-expression stack overflow)', () => {
    const pairs: [string, string][] = [];
    for (let user = 0; user < 400; user += 1)
      for (let at = 0; at < 8; at += 1)
        pairs.push([`u${user}`, `i${(user * 7 + at * 13) % 30000}`]);
    for (let item = 0; item < 30000; item += 1) pairs.push([`u${item % 400}`, `i${item}`]);
    const model = ImplicitALS.fit(InteractionMatrix.fromPairs(pairs), {
      factors: 32,
      iterations: 1,
      seed: 1,
    });
    const text = JSON.stringify(model);
    expect(text.length).toBeGreaterThan(4_000_000);
    const restored = ImplicitALS.fromJSON(text);
    expect(restored.recommend(['i1', 'i2'], 5)).toEqual(model.recommend(['i1', 'i2'], 5));
  });
});
