import { describe, expect, it } from 'vitest';
import { toBase64 } from './encoding';
import { InteractionMatrix, InvalidFormatError, ItemKNN } from './index';

// i1 and i2 share two users, i3 one of them: every item has neighbours, lists of one or two.
const model = ItemKNN.fit(
  InteractionMatrix.fromPairs([
    ['u1', 'i1'],
    ['u1', 'i2'],
    ['u2', 'i1'],
    ['u2', 'i2'],
    ['u2', 'i3'],
    ['u3', 'i3'],
  ]),
  { neighbours: 2 },
);

type Json = Record<string, unknown> & { options: Record<string, unknown> };
const valid = (): Json => JSON.parse(JSON.stringify(model));
const bytes = (text: unknown) => Uint8Array.from(Buffer.from(String(text), 'base64')).buffer;
/** Re-encodes a uint32 field after `change` edits its values. */
const editU32 = (
  json: Json,
  field: string,
  change: (values: Uint32Array) => Uint32Array | undefined,
) => {
  const values = new Uint32Array(bytes(json[field]));
  json[field] = toBase64(change(values) ?? values);
};
const editF32 = (json: Json, field: string, change: (values: Float32Array) => void) => {
  const values = new Float32Array(bytes(json[field]));
  change(values);
  json[field] = toBase64(values);
};

describe('ItemKNN.fromJSON', () => {
  it('reads back what toJSON wrote', () => {
    // pointers [0, 2, 4, 6]: i1 → i2, i3; i2 → i1, i3; i3 → i1, i2 (similarities descending)
    expect(Array.from(new Uint32Array(bytes(model.toJSON().pointers)))).toEqual([0, 2, 4, 6]);
    const restored = ItemKNN.fromJSON(JSON.stringify(model));
    expect(restored.toJSON()).toEqual(model.toJSON());
    expect(restored.recommend(['i1'], 2)).toEqual(model.recommend(['i1'], 2));
  });

  it.each<[string, (json: Json) => void, string, RegExp]>([
    [
      'a wrong kind',
      (json) => (json.kind = 'spotrec.implicit-als'),
      'kind',
      /expected "spotrec.item-knn"/,
    ],
    [
      'a newer formatVersion',
      (json) => (json.formatVersion = 7),
      'formatVersion',
      /format 7 was written by a newer/,
    ],
    ['formatVersion 0', (json) => (json.formatVersion = 0), 'formatVersion', /expected 1, got 0/],
    [
      'options not an object',
      (json) => (json.options = [2, 0] as never),
      'options',
      /expected an object/,
    ],
    [
      'a negative neighbour count',
      (json) => (json.options.neighbours = -1),
      'options.neighbours',
      /positive integer, got -1/,
    ],
    [
      'a negative shrinkage',
      (json) => (json.options.shrinkage = -0.5),
      'options.shrinkage',
      /≥ 0, got -0.5/,
    ],
    ['a NaN shrinkage', (json) => (json.options.shrinkage = NaN), 'options.shrinkage', /got NaN/],
    ['a repeated item', (json) => (json.items = ['i1', 'i2', 'i1']), 'items[2]', /distinct/],
    [
      'pointers of the wrong length',
      (json) => editU32(json, 'pointers', (p) => p.subarray(0, 3)),
      'pointers',
      /expected 4 values/,
    ],
    [
      'pointers not starting at 0',
      (json) => editU32(json, 'pointers', (p) => void (p[0] = 1)),
      'pointers[0]',
      /expected 0, got 1/,
    ],
    [
      'decreasing pointers',
      (json) => editU32(json, 'pointers', (p) => void (p[2] = 1)),
      'pointers[2]',
      /must not decrease/,
    ],
    [
      'more neighbours than options.neighbours',
      (json) => (json.options.neighbours = 1),
      'pointers[1]',
      /2 neighbours, more than options.neighbours \(1\)/,
    ],
    [
      'neighbours of the wrong length',
      (json) => editU32(json, 'neighbours', (n) => n.subarray(0, 5)),
      'neighbours',
      /expected 6 values/,
    ],
    [
      'a neighbour column out of range',
      (json) => editU32(json, 'neighbours', (n) => void (n[3] = 3)),
      'neighbours[3]',
      /below 3, got 3/,
    ],
    [
      'an item listing itself',
      (json) => editU32(json, 'neighbours', (n) => void (n[0] = 0)),
      'neighbours[0]',
      /lists itself/,
    ],
    [
      'a neighbour listed twice',
      (json) => editU32(json, 'neighbours', (n) => void (n[1] = n[0] as number)),
      'neighbours[1]',
      /twice/,
    ],
    [
      'a NaN similarity',
      (json) => editF32(json, 'similarities', (s) => void (s[2] = NaN)),
      'similarities[2]',
      /finite/,
    ],
    [
      'a similarity above 1',
      (json) => editF32(json, 'similarities', (s) => void (s[0] = 1.5)),
      'similarities[0]',
      /\(0, 1\], got 1.5/,
    ],
    [
      'a zero similarity',
      (json) => editF32(json, 'similarities', (s) => void (s[1] = 0)),
      'similarities[1]',
      /\(0, 1\], got 0/,
    ],
    [
      'similarities rising within a list',
      (json) => editF32(json, 'similarities', (s) => void (s[0] = 0.01)),
      'similarities[1]',
      /must not increase/,
    ],
    [
      'similarities not a string',
      (json) => (json.similarities = [0.5]),
      'similarities',
      /base64 string/,
    ],
  ])('rejects %s, naming the field', (_, corrupt, path, rule) => {
    const json = valid();
    corrupt(json);
    const error: unknown = (() => {
      try {
        ItemKNN.fromJSON(json);
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
        ItemKNN.fromJSON('not json');
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toMatchObject({ name: 'InvalidFormatError', path: '(root)' });
    expect(error).toHaveProperty('cause');
    expect(error instanceof Error && error.cause).toBeInstanceOf(SyntaxError);
  });
});
