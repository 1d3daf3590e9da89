import { describe, expect, it } from 'vitest';
import { randomMatrix } from './__fixtures__/naive';
import { CosineIndex, InvalidFormatError } from './index';

const { matrix, ids } = randomMatrix(120, 9, 11);
const index = CosineIndex.build(matrix, ids);
const query = Float32Array.from({ length: 9 }, (_, j) => Math.cos(j));

function formatError(action: () => unknown): InvalidFormatError {
  try {
    action();
  } catch (error) {
    if (InvalidFormatError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an InvalidFormatError');
}

describe('CosineIndex serialisation', () => {
  it('toJSON / fromJSON round-trips to identical search results', () => {
    const restored = CosineIndex.fromJSON(JSON.stringify(index));
    expect(restored.ids).toEqual(index.ids);
    expect(restored.query(query, 15)).toEqual(index.query(query, 15));
    expect(restored.vector('t7')).toEqual(index.vector('t7'));
  });

  it('toBuffer / fromBuffer round-trips, and is compact', () => {
    const buffer = index.toBuffer();
    const restored = CosineIndex.fromBuffer(buffer);
    expect(restored.query(query, 15)).toEqual(index.query(query, 15));
    expect(buffer.length).toBeLessThan(120 * 9 * 4 + 1200);
  });

  it('rejects a truncated, corrupted or foreign buffer, naming what is wrong', () => {
    const buffer = index.toBuffer();
    expect(formatError(() => CosineIndex.fromBuffer(buffer.subarray(0, 10))).path).toBe('header');
    expect(
      formatError(() => CosineIndex.fromBuffer(buffer.subarray(0, buffer.length - 4))).message,
    ).toContain('truncated');
    const corrupted = buffer.slice();
    corrupted[corrupted.length - 3] = (corrupted[corrupted.length - 3] as number) ^ 0xff;
    expect(formatError(() => CosineIndex.fromBuffer(corrupted)).path).toBe('header.checksum');
    const foreign = new TextEncoder().encode('PK\u0003\u0004 this is a zip file, not an index');
    expect(formatError(() => CosineIndex.fromBuffer(foreign)).path).toBe('header.magic');
    const future = buffer.slice();
    new DataView(future.buffer).setUint16(4, 9, true);
    expect(formatError(() => CosineIndex.fromBuffer(future)).path).toBe('header.formatVersion');
  });

  it('rejects damaged JSON naming the field', () => {
    const json = index.toJSON();
    expect(formatError(() => CosineIndex.fromJSON('{')).path).toBe('(root)');
    expect(
      formatError(() => CosineIndex.fromJSON({ ...json, kind: 'spotrec.feature-pipeline' })).path,
    ).toBe('kind');
    expect(formatError(() => CosineIndex.fromJSON({ ...json, formatVersion: 2 })).path).toBe(
      'formatVersion',
    );
    expect(formatError(() => CosineIndex.fromJSON({ ...json, ids: json.ids.slice(1) })).path).toBe(
      'vectors',
    );
    expect(
      formatError(() => CosineIndex.fromJSON({ ...json, ids: ['a', 'a', ...json.ids.slice(2)] }))
        .path,
    ).toBe('ids[1]');
    expect(formatError(() => CosineIndex.fromJSON({ ...json, dimension: 0 })).path).toBe(
      'dimension',
    );
  });
});
