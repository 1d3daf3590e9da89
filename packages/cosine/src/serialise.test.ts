import { describe, expect, it } from 'vitest';
import { randomMatrix } from './__fixtures__/naive';
import { CosineIndex, InvalidFormatError, type CosineIndexJSON } from './index';
import { HEADER_BYTES, sealIndexBuffer, writeIndexBuffer, writeIndexJSON } from './serialise';

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

/** Everything an index holds, for exact comparison. */
function contents(restored: CosineIndex) {
  return {
    size: restored.size,
    dimension: restored.dimension,
    ids: [...restored.ids],
    vectors: restored.ids.map((id) => Array.from(restored.vector(id))),
  };
}

/** One unit vector per row, 3 dimensions: a small index for byte-by-byte tests. */
const small = CosineIndex.build(
  { data: Float32Array.from([1, 0, 0, 0.6, 0.8, 0, 0, 0, 1, 0, 0, 0]), rows: 4, cols: 3 },
  ['a', 'bb', 'ccc', 'zero'],
);

describe('CosineIndex serialisation', () => {
  it('toJSON / fromJSON round-trips every id, vector bit and search result exactly', () => {
    const restored = CosineIndex.fromJSON(JSON.stringify(index));
    expect(contents(restored)).toEqual(contents(index));
    expect(restored.query(query, 15)).toEqual(index.query(query, 15));
    expect(restored.toJSON()).toEqual(index.toJSON());
    expect(index.toJSON()).toMatchObject({
      kind: 'spotrec.cosine-index',
      formatVersion: 2,
      dimension: 9,
      size: 120,
    });
  });

  it('toBuffer / fromBuffer round-trips every id, vector bit and search result exactly, and is compact', () => {
    const buffer = index.toBuffer();
    const restored = CosineIndex.fromBuffer(buffer);
    expect(contents(restored)).toEqual(contents(index));
    expect(restored.query(query, 15)).toEqual(index.query(query, 15));
    expect(restored.similarTo('t3', 7)).toEqual(index.similarTo('t3', 7));
    expect(restored.toBuffer()).toEqual(buffer);
    expect(buffer.length).toBeLessThan(120 * 9 * 4 + 1200);
    // A Node Buffer at an unaligned offset reads the same.
    const shifted = Buffer.alloc(buffer.length + 1);
    shifted.set(buffer, 1);
    expect(contents(CosineIndex.fromBuffer(shifted.subarray(1)))).toEqual(contents(index));
  });

  it('round-trips an empty index, keeping its dimension', () => {
    const empty = CosineIndex.build({ data: new Float32Array(0), rows: 0, cols: 5 }, []);
    expect(contents(CosineIndex.fromBuffer(empty.toBuffer()))).toEqual(contents(empty));
    expect(contents(CosineIndex.fromJSON(JSON.stringify(empty)))).toEqual(contents(empty));
  });
});

describe('CosineIndex.fromBuffer refuses damaged bytes', () => {
  const buffer = small.toBuffer();
  const idBytes = new DataView(buffer.buffer).getUint32(16, true);
  const vectorsStart = HEADER_BYTES + Math.ceil(idBytes / 4) * 4;
  /** The field each byte belongs to, and the error path a changed byte there must give. */
  const regions: [name: string, from: number, to: number, path: string][] = [
    ['magic', 0, 4, 'header.magic'],
    ['version', 4, 6, 'header.formatVersion'],
    ['reserved', 6, 8, 'header.headerChecksum'],
    ['dimension', 8, 12, 'header.headerChecksum'],
    ['size', 12, 16, 'header.headerChecksum'],
    ['id bytes', 16, 20, 'header.headerChecksum'],
    ['header checksum', 20, 24, 'header.headerChecksum'],
    ['checksum', 24, 28, 'header.checksum'],
    ['ids and padding', 28, vectorsStart, 'header.checksum'],
    ['vectors', vectorsStart, buffer.length, 'header.checksum'],
  ];

  it.each(regions)('refuses any flipped bit or byte in the %s', (_name, from, to, path) => {
    for (let at = from; at < to; at += 1) {
      for (const mask of [0x01, 0x80, 0xff]) {
        const damaged = buffer.slice();
        damaged[at] = (damaged[at] as number) ^ mask;
        expect(formatError(() => CosineIndex.fromBuffer(damaged)).path, `byte ${at}`).toBe(path);
      }
    }
  });

  it('refuses the bytes cut at every point, or with bytes appended', () => {
    for (let length = 0; length < buffer.length; length += 1) {
      const error = formatError(() => CosineIndex.fromBuffer(buffer.subarray(0, length)));
      expect(error.path, `length ${length}`).toBe(length < HEADER_BYTES ? 'header' : '(buffer)');
      expect(error.message).toContain('truncated');
    }
    const extended = new Uint8Array(buffer.length + 4);
    extended.set(buffer);
    expect(formatError(() => CosineIndex.fromBuffer(extended)).message).toContain('trailing bytes');
  });

  it('refuses an empty index whose dimension was changed (the header is checksummed)', () => {
    const empty = CosineIndex.build({ data: new Float32Array(0), rows: 0, cols: 5 }, []).toBuffer();
    empty[8] = 6;
    expect(formatError(() => CosineIndex.fromBuffer(empty)).path).toBe('header.headerChecksum');
  });

  it('refuses foreign data, format 1 and newer formats, saying which', () => {
    const foreign = new TextEncoder().encode('PK\u0003\u0004 this is a zip file, not an index');
    expect(formatError(() => CosineIndex.fromBuffer(foreign)).path).toBe('header.magic');
    expect(formatError(() => CosineIndex.fromBuffer(new Uint8Array(0))).path).toBe('header');
    const future = buffer.slice();
    new DataView(future.buffer).setUint16(4, 3, true);
    const newer = formatError(() => CosineIndex.fromBuffer(future));
    expect(newer.path).toBe('header.formatVersion');
    expect(newer.message).toContain('format 3 was written by a newer @spotrec/cosine');
    const old = buffer.slice();
    new DataView(old.buffer).setUint16(4, 1, true);
    expect(formatError(() => CosineIndex.fromBuffer(old)).message).toContain(
      'format 1 is no longer read',
    );
    expect(formatError(() => CosineIndex.fromBuffer([1, 2, 3] as unknown as Uint8Array)).path).toBe(
      '(buffer)',
    );
  });

  it('checks the contents even when the checksums match (a faulty writer)', () => {
    const unnormalised = writeIndexBuffer(2, ['a'], Float32Array.from([3, 4]));
    expect(formatError(() => CosineIndex.fromBuffer(unnormalised)).message).toContain(
      'row 0 (values 0 to 1) has L2 norm 5',
    );
    const huge = writeIndexBuffer(2, ['a', 'b'], Float32Array.from([1, 0, 1.6e38, 0]));
    expect(formatError(() => CosineIndex.fromBuffer(huge)).path).toBe('vectors');
    const infinite = writeIndexBuffer(2, ['a'], Float32Array.from([Number.NaN, 0]));
    expect(formatError(() => CosineIndex.fromBuffer(infinite)).path).toBe('vectors[0]');
    const repeated = writeIndexBuffer(1, ['a', 'a'], Float32Array.from([1, 1]));
    expect(formatError(() => CosineIndex.fromBuffer(repeated)).path).toBe('ids[1]');
    const zeroDimension = writeIndexBuffer(0, [], new Float32Array(0));
    expect(formatError(() => CosineIndex.fromBuffer(zeroDimension)).path).toBe('header.dimension');
    const reserved = small.toBuffer();
    reserved[6] = 1;
    sealIndexBuffer(reserved);
    expect(formatError(() => CosineIndex.fromBuffer(reserved)).path).toBe('header.reserved');
  });

  it('keeps the parser error as cause when the id block is not UTF-8 JSON', () => {
    const notJson = small.toBuffer();
    notJson[HEADER_BYTES] = '{'.charCodeAt(0);
    sealIndexBuffer(notJson);
    const syntax = formatError(() => CosineIndex.fromBuffer(notJson));
    expect(syntax.path).toBe('ids');
    expect(syntax.cause).toBeInstanceOf(SyntaxError);
    const notUtf8 = small.toBuffer();
    notUtf8[HEADER_BYTES + 2] = 0xff; // inside the first id, "a"
    sealIndexBuffer(notUtf8);
    const encoding = formatError(() => CosineIndex.fromBuffer(notUtf8));
    expect(encoding.path).toBe('ids');
    expect(encoding.cause).toBeInstanceOf(TypeError);
  });
});

describe('CosineIndex.fromJSON refuses damaged JSON', () => {
  const json = small.toJSON();

  it('refuses every changed base64 character of the vectors', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    for (let at = 0; at < json.vectors.length; at += 1) {
      for (const replacement of ['A', 'g', '/', '!', ' ']) {
        if (json.vectors[at] === replacement) continue;
        const vectors = json.vectors.slice(0, at) + replacement + json.vectors.slice(at + 1);
        const error = formatError(() => CosineIndex.fromJSON({ ...json, vectors }));
        // A valid character changes the bytes (the checksum catches it); any other is not base64.
        expect(error.path, `${replacement} at ${at}`).toBe(
          alphabet.includes(replacement) ? 'checksum' : 'vectors',
        );
      }
    }
  });

  it('refuses a change to any other field, naming it', () => {
    const damaged: [Partial<Record<keyof CosineIndexJSON, unknown>>, string][] = [
      [{ kind: 'spotrec.feature-pipeline' }, 'kind'],
      [{ formatVersion: 3 }, 'formatVersion'],
      [{ formatVersion: '2' }, 'formatVersion'],
      [{ dimension: 0 }, 'dimension'],
      [{ dimension: 1.5 }, 'dimension'],
      [{ dimension: 4 }, 'vectors'],
      [{ dimension: 1, size: 12, ids: [...'abcdefghijkl'] }, 'checksum'],
      [{ size: -1 }, 'size'],
      [{ size: 5 }, 'ids'],
      [{ ids: ['a', 'bb', 'ccc', 'zerp'] }, 'checksum'],
      [{ ids: ['a', 'a', 'ccc', 'zero'] }, 'ids[1]'],
      [{ ids: ['a', '', 'ccc', 'zero'] }, 'ids[1]'],
      [{ ids: ['a', 2, 'ccc', 'zero'] }, 'ids[1]'],
      [{ ids: 'a,bb,ccc,zero' }, 'ids'],
      [{ vectors: 42 }, 'vectors'],
      [{ vectors: json.vectors.slice(4) }, 'vectors'],
      [{ vectors: json.vectors.slice(1) }, 'vectors'],
      [{ checksum: (json.checksum + 1) % 2 ** 32 }, 'checksum'],
      [{ checksum: -1 }, 'checksum'],
      [{ checksum: undefined }, 'checksum'],
    ];
    for (const [change, path] of damaged) {
      expect(formatError(() => CosineIndex.fromJSON({ ...json, ...change })).path).toBe(path);
    }
    expect(formatError(() => CosineIndex.fromJSON([])).path).toBe('(root)');
    expect(formatError(() => CosineIndex.fromJSON(null)).path).toBe('(root)');
  });

  it('refuses format 1 with a clear error, and a newer format as newer', () => {
    const { size: _size, checksum: _checksum, ...rest } = json;
    const old = formatError(() => CosineIndex.fromJSON({ ...rest, formatVersion: 1 }));
    expect(old.path).toBe('formatVersion');
    expect(old.message).toContain('format 1 is no longer read');
    expect(
      formatError(() => CosineIndex.fromJSON({ ...json, formatVersion: 9 })).message,
    ).toContain('format 9 was written by a newer @spotrec/cosine');
  });

  it('checks the values even when the checksum matches (a faulty writer)', () => {
    const huge = writeIndexJSON(2, ['a', 'b'], Float32Array.from([1, 0, 1.6e38, 0]));
    expect(formatError(() => CosineIndex.fromJSON(huge)).message).toContain('row 1');
    const infinite = writeIndexJSON(2, ['a'], Float32Array.from([0, Number.POSITIVE_INFINITY]));
    expect(formatError(() => CosineIndex.fromJSON(infinite)).path).toBe('vectors[1]');
  });

  it('keeps the parser error as cause for text that is not JSON', () => {
    const error = formatError(() => CosineIndex.fromJSON('{'));
    expect(error.path).toBe('(root)');
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });
});
