import { InvalidFormatError } from './errors';

/** The JSON form of a {@link CosineIndex}. */
export interface CosineIndexJSON {
  /** The format tag. */
  readonly kind: 'spotrec.cosine-index';
  /** The format version. */
  readonly formatVersion: 1;
  /** Length of every vector. */
  readonly dimension: number;
  /** The ids, in row order. */
  readonly ids: readonly string[];
  /** The normalised vectors, row after row, as little-endian float32 bytes in base64. */
  readonly vectors: string;
}

/** @internal What a reader returns. */
export interface IndexContents {
  readonly dimension: number;
  readonly ids: string[];
  readonly vectors: Float32Array;
}

const MAGIC = 0x49435053; // "SPCI" read as a little-endian u32
const HEADER_BYTES = 24;

function checkIds(ids: unknown, path: string): string[] {
  if (!Array.isArray(ids)) throw new InvalidFormatError(path, 'expected an array of ids');
  const seen = new Set<string>();
  ids.forEach((id: unknown, position) => {
    if (typeof id !== 'string' || id === '')
      throw new InvalidFormatError(`${path}[${position}]`, 'expected a non-empty string');
    if (seen.has(id))
      throw new InvalidFormatError(
        `${path}[${position}]`,
        `the id ${JSON.stringify(id)} appears twice`,
      );
    seen.add(id);
  });
  return ids as string[];
}

function checkVectors(vectors: Float32Array, dimension: number, rows: number, path: string): void {
  if (vectors.length !== dimension * rows) {
    throw new InvalidFormatError(
      path,
      `expected ${rows} × ${dimension} = ${rows * dimension} floats, found ${vectors.length}`,
    );
  }
  for (let at = 0; at < vectors.length; at += 1) {
    if (!Number.isFinite(vectors[at]))
      throw new InvalidFormatError(`${path}[${at}]`, 'expected a finite number');
  }
}

/** @internal Reads and checks {@link CosineIndexJSON} (object or text). */
export function readIndexJSON(input: unknown): IndexContents {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch (error) {
      throw new InvalidFormatError(
        '(root)',
        `not JSON (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidFormatError('(root)', 'expected an object');
  const json = value as Record<string, unknown>;
  if (json.kind !== 'spotrec.cosine-index')
    throw new InvalidFormatError(
      'kind',
      `expected "spotrec.cosine-index", got ${JSON.stringify(json.kind)}`,
    );
  if (json.formatVersion !== 1)
    throw new InvalidFormatError(
      'formatVersion',
      `this version reads format 1, got ${JSON.stringify(json.formatVersion)}`,
    );
  const dimension = json.dimension;
  if (typeof dimension !== 'number' || !Number.isSafeInteger(dimension) || dimension <= 0) {
    throw new InvalidFormatError('dimension', 'expected a positive integer');
  }
  const ids = checkIds(json.ids, 'ids');
  if (typeof json.vectors !== 'string')
    throw new InvalidFormatError('vectors', 'expected a base64 string');
  const bytes = Buffer.from(json.vectors, 'base64');
  if (bytes.length % 4 !== 0)
    throw new InvalidFormatError('vectors', 'the byte count is not a multiple of 4');
  const vectors = new Float32Array(bytes.length / 4);
  new Uint8Array(vectors.buffer).set(bytes);
  checkVectors(vectors, dimension, ids.length, 'vectors');
  return { dimension, ids: [...ids], vectors };
}

/** 32-bit FNV-1a over bytes. */
function checksum(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * @internal Binary layout, little-endian: magic "SPCI" (u32), format version (u16), reserved
 * (u16), dimension (u32), rows (u32), id bytes (u32), FNV-1a checksum of everything after the
 * header (u32); then the ids as UTF-8 JSON, zero padding to a multiple of 4, the vectors.
 */
export function writeIndexBuffer(
  dimension: number,
  ids: readonly string[],
  vectors: Float32Array,
): Uint8Array {
  const idBytes = Buffer.from(JSON.stringify(ids), 'utf8');
  const padded = Math.ceil(idBytes.length / 4) * 4;
  const out = new Uint8Array(HEADER_BYTES + padded + vectors.length * 4);
  out.set(idBytes, HEADER_BYTES);
  new Uint8Array(out.buffer, HEADER_BYTES + padded, vectors.length * 4).set(
    new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.length * 4),
  );
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint16(4, 1, true);
  view.setUint16(6, 0, true);
  view.setUint32(8, dimension, true);
  view.setUint32(12, ids.length, true);
  view.setUint32(16, idBytes.length, true);
  view.setUint32(20, checksum(out.subarray(HEADER_BYTES)), true);
  return out;
}

/** @internal Reads {@link writeIndexBuffer}'s output, rejecting truncated, corrupted or foreign data. */
export function readIndexBuffer(buffer: unknown): IndexContents {
  if (!(buffer instanceof Uint8Array))
    throw new InvalidFormatError('(buffer)', 'expected a Uint8Array or Buffer');
  if (buffer.length < HEADER_BYTES)
    throw new InvalidFormatError(
      'header',
      `truncated: ${buffer.length} bytes, the header alone is ${HEADER_BYTES}`,
    );
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (view.getUint32(0, true) !== MAGIC)
    throw new InvalidFormatError(
      'header.magic',
      'not a spotrec cosine index (magic "SPCI" missing)',
    );
  const version = view.getUint16(4, true);
  if (version !== 1)
    throw new InvalidFormatError(
      'header.formatVersion',
      `this version reads format 1, got ${version}`,
    );
  const dimension = view.getUint32(8, true);
  const rows = view.getUint32(12, true);
  const idLength = view.getUint32(16, true);
  if (dimension === 0)
    throw new InvalidFormatError('header.dimension', 'expected a positive dimension');
  const padded = Math.ceil(idLength / 4) * 4;
  const expected = HEADER_BYTES + padded + rows * dimension * 4;
  if (buffer.length !== expected) {
    throw new InvalidFormatError(
      '(buffer)',
      `${buffer.length < expected ? 'truncated' : 'trailing bytes'}: expected ${expected} bytes, got ${buffer.length}`,
    );
  }
  if (checksum(buffer.subarray(HEADER_BYTES)) !== view.getUint32(20, true)) {
    throw new InvalidFormatError(
      'header.checksum',
      'the checksum does not match: the data is corrupted',
    );
  }
  let ids: string[];
  try {
    ids = checkIds(
      JSON.parse(
        Buffer.from(buffer.buffer, buffer.byteOffset + HEADER_BYTES, idLength).toString('utf8'),
      ) as unknown,
      'ids',
    );
  } catch (error) {
    if (InvalidFormatError.isInstance(error)) throw error;
    throw new InvalidFormatError('ids', 'the id block is not JSON');
  }
  if (ids.length !== rows)
    throw new InvalidFormatError('ids', `expected ${rows} ids, found ${ids.length}`);
  const vectors = new Float32Array(rows * dimension);
  new Uint8Array(vectors.buffer).set(buffer.subarray(HEADER_BYTES + padded));
  checkVectors(vectors, dimension, rows, 'vectors');
  return { dimension, ids: [...ids], vectors };
}
