import { InvalidFormatError } from './errors';

/** The JSON form of a {@link CosineIndex}: tagged, versioned and checksummed. */
export interface CosineIndexJSON {
  /** The format tag. */
  readonly kind: 'spotrec.cosine-index';
  /** The format version (2 since the checksum was added; format 1 is no longer read). */
  readonly formatVersion: 2;
  /** Length of every vector. */
  readonly dimension: number;
  /** Number of vectors (and of ids). */
  readonly size: number;
  /** The ids, in row order. */
  readonly ids: readonly string[];
  /** The normalised vectors, row after row, as little-endian float32 bytes in base64. */
  readonly vectors: string;
  /**
   * 32-bit FNV-1a of the UTF-8 bytes of
   * `JSON.stringify([kind, formatVersion, dimension, size, ids, vectors])`: every other field.
   */
  readonly checksum: number;
}

/** @internal What a reader returns. */
export interface IndexContents {
  readonly dimension: number;
  readonly ids: string[];
  readonly vectors: Float32Array;
}

const KIND = 'spotrec.cosine-index';
/** The format version this package writes and reads (JSON and binary alike). */
const FORMAT_VERSION = 2;
const MAGIC = 0x49435053; // "SPCI" read as a little-endian u32
/** @internal Bytes of the binary header (format 2). */
export const HEADER_BYTES = 28;
/** How far a stored row's L2 norm may be from 1 (float32 rounding is about 1e-7). */
const NORM_TOLERANCE = 1e-4;

/** @internal 32-bit FNV-1a over byte ranges, in order. Every single-byte change changes it. */
export function fnv1a(...parts: Uint8Array[]): number {
  let hash = 0x811c9dc5;
  for (const bytes of parts) {
    // An indexed loop: several times faster than for-of over a typed array in V8.
    // eslint-disable-next-line @typescript-eslint/prefer-for-of
    for (let at = 0; at < bytes.length; at += 1) {
      hash ^= bytes[at] as number;
      hash = Math.imul(hash, 0x01000193);
    }
  }
  return hash >>> 0;
}

// Base64 (RFC 4648, with padding), strict: no whitespace, no URL alphabet, zero pad bits, so
// every change to the text is a change to the bytes or an error. Portable (no `Buffer`).
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let at = 0; at < ALPHABET.length; at += 1) DECODE[ALPHABET.charCodeAt(at)] = at;

function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let at = 0; at < bytes.length; at += 3) {
    const a = bytes[at] as number;
    const b = at + 1 < bytes.length ? (bytes[at + 1] as number) : 0;
    const c = at + 2 < bytes.length ? (bytes[at + 2] as number) : 0;
    const triple = (a << 16) | (b << 8) | c;
    chunk +=
      ALPHABET.charAt(triple >>> 18) +
      ALPHABET.charAt((triple >>> 12) & 63) +
      (at + 1 < bytes.length ? ALPHABET.charAt((triple >>> 6) & 63) : '=') +
      (at + 2 < bytes.length ? ALPHABET.charAt(triple & 63) : '=');
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

function decodeBase64(text: string, path: string): Uint8Array {
  if (text.length % 4 !== 0)
    throw new InvalidFormatError(path, `base64 length ${text.length} is not a multiple of 4`);
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  const sextet = (at: number): number => {
    const code = text.charCodeAt(at);
    const value = code < 128 ? (DECODE[code] as number) : -1;
    if (value < 0)
      throw new InvalidFormatError(
        path,
        `not base64: character ${JSON.stringify(text[at])} at ${at}`,
      );
    return value;
  };
  let written = 0;
  for (let at = 0; at < text.length; at += 4) {
    const last = at + 4 === text.length;
    const a = sextet(at);
    const b = sextet(at + 1);
    const c = last && padding === 2 ? 0 : sextet(at + 2);
    const d = last && padding >= 1 ? 0 : sextet(at + 3);
    const triple = (a << 18) | (b << 12) | (c << 6) | d;
    out[written++] = triple >>> 16;
    if (written < out.length) out[written++] = (triple >>> 8) & 255;
    if (written < out.length) out[written++] = triple & 255;
    if (last && (padding === 2 ? (triple & 0xffff) !== 0 : padding === 1 && (triple & 0xff) !== 0))
      throw new InvalidFormatError(path, 'not canonical base64: the pad bits are not zero');
  }
  return out;
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function checkVersion(version: unknown, path: string): void {
  if (version === FORMAT_VERSION) return;
  if (version === 1) {
    throw new InvalidFormatError(
      path,
      'format 1 is no longer read (its checksum did not cover every field): build the index again and save it with this version',
    );
  }
  throw new InvalidFormatError(
    path,
    isNonNegativeInteger(version) && version > FORMAT_VERSION
      ? `format ${version} was written by a newer @spotrec/cosine; this version reads format ${FORMAT_VERSION}`
      : `expected format ${FORMAT_VERSION}, got ${JSON.stringify(version)}`,
  );
}

function checkIds(ids: unknown, size: number, path: string): string[] {
  if (!Array.isArray(ids)) throw new InvalidFormatError(path, 'expected an array of ids');
  if (ids.length !== size)
    throw new InvalidFormatError(path, `expected ${size} ids (size), found ${ids.length}`);
  const seen = new Set<string>();
  const checked: string[] = [];
  ids.forEach((id: unknown, position) => {
    if (typeof id !== 'string' || id === '')
      throw new InvalidFormatError(`${path}[${position}]`, 'expected a non-empty string');
    if (seen.has(id))
      throw new InvalidFormatError(
        `${path}[${position}]`,
        `the id ${JSON.stringify(id)} appears twice`,
      );
    seen.add(id);
    checked.push(id);
  });
  return checked;
}

/** Every value finite, every row of L2 norm 1 (or all zeros, for a zero vector). */
function checkVectors(vectors: Float32Array, dimension: number, path: string): void {
  for (let row = 0; row * dimension < vectors.length; row += 1) {
    let norm = 0;
    for (let at = row * dimension; at < (row + 1) * dimension; at += 1) {
      const value = vectors[at] as number;
      if (!Number.isFinite(value))
        throw new InvalidFormatError(`${path}[${at}]`, `expected a finite number, got ${value}`);
      norm += value * value;
    }
    if (norm !== 0 && Math.abs(Math.sqrt(norm) - 1) > NORM_TOLERANCE) {
      throw new InvalidFormatError(
        path,
        `row ${row} (values ${row * dimension} to ${(row + 1) * dimension - 1}) has L2 norm ${Math.sqrt(norm)}; stored rows are normalised (norm 1, or 0 for a zero vector)`,
      );
    }
  }
}

function jsonChecksum(
  dimension: number,
  size: number,
  ids: readonly string[],
  vectors: string,
): number {
  return fnv1a(
    new TextEncoder().encode(JSON.stringify([KIND, FORMAT_VERSION, dimension, size, ids, vectors])),
  );
}

/** @internal Writes {@link CosineIndexJSON} (the vectors are written as given). */
export function writeIndexJSON(
  dimension: number,
  ids: readonly string[],
  vectors: Float32Array,
): CosineIndexJSON {
  const text = encodeBase64(new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.length * 4));
  return {
    kind: KIND,
    formatVersion: FORMAT_VERSION,
    dimension,
    size: ids.length,
    ids: [...ids],
    vectors: text,
    checksum: jsonChecksum(dimension, ids.length, ids, text),
  };
}

/** @internal Reads and checks {@link CosineIndexJSON} (object or text), field by field. */
export function readIndexJSON(input: unknown): IndexContents {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch (error) {
      throw new InvalidFormatError(
        '(root)',
        `not JSON (${error instanceof Error ? error.message : String(error)})`,
        { cause: error },
      );
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidFormatError('(root)', 'expected an object');
  const json: Partial<Record<keyof CosineIndexJSON, unknown>> = value;
  if (json.kind !== KIND)
    throw new InvalidFormatError('kind', `expected "${KIND}", got ${JSON.stringify(json.kind)}`);
  checkVersion(json.formatVersion, 'formatVersion');
  const { dimension, size, vectors: text, checksum } = json;
  if (!isNonNegativeInteger(dimension) || dimension === 0 || dimension > 0xffffffff)
    throw new InvalidFormatError('dimension', 'expected a positive integer (at most 2³² − 1)');
  if (!isNonNegativeInteger(size) || size > 0xffffffff)
    throw new InvalidFormatError('size', 'expected a non-negative integer (at most 2³² − 1)');
  const ids = checkIds(json.ids, size, 'ids');
  if (typeof text !== 'string') throw new InvalidFormatError('vectors', 'expected a base64 string');
  const bytes = decodeBase64(text, 'vectors');
  if (bytes.length !== size * dimension * 4) {
    throw new InvalidFormatError(
      'vectors',
      `expected size × dimension = ${size} × ${dimension} float32 values (${size * dimension * 4} bytes), found ${bytes.length} bytes`,
    );
  }
  if (!isNonNegativeInteger(checksum) || checksum > 0xffffffff)
    throw new InvalidFormatError('checksum', 'expected an unsigned 32-bit integer');
  const actual = jsonChecksum(dimension, size, ids, text);
  if (actual !== checksum) {
    throw new InvalidFormatError(
      'checksum',
      `the checksum does not match (stored ${checksum}, computed ${actual}): the data is corrupted`,
    );
  }
  const vectors = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  checkVectors(vectors, dimension, 'vectors');
  return { dimension, ids, vectors };
}

/**
 * @internal Writes both checksums of a binary index whose other bytes are in place: the
 * header checksum over bytes [0, 20), the checksum over every other byte (header included).
 */
export function sealIndexBuffer(out: Uint8Array): void {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(20, fnv1a(out.subarray(0, 20)), true);
  view.setUint32(24, fnv1a(out.subarray(0, 24), out.subarray(HEADER_BYTES)), true);
}

/**
 * @internal Binary layout (format 2), little-endian: magic "SPCI" (u32), format version (u16),
 * reserved, zero (u16), dimension (u32), size (u32), id bytes (u32), header checksum (u32,
 * FNV-1a of bytes 0–19), checksum (u32, FNV-1a of every byte but its own four, the header
 * included); then the ids as UTF-8 JSON, zero padding to a multiple of 4, the float32 vectors.
 */
export function writeIndexBuffer(
  dimension: number,
  ids: readonly string[],
  vectors: Float32Array,
): Uint8Array {
  const idBytes = new TextEncoder().encode(JSON.stringify(ids));
  const padded = Math.ceil(idBytes.length / 4) * 4;
  const out = new Uint8Array(HEADER_BYTES + padded + vectors.length * 4);
  out.set(idBytes, HEADER_BYTES);
  out.set(
    new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.length * 4),
    HEADER_BYTES + padded,
  );
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint16(4, FORMAT_VERSION, true);
  view.setUint16(6, 0, true);
  view.setUint32(8, dimension, true);
  view.setUint32(12, ids.length, true);
  view.setUint32(16, idBytes.length, true);
  sealIndexBuffer(out);
  return out;
}

function truncatedHeader(length: number): InvalidFormatError {
  return new InvalidFormatError(
    'header',
    `truncated: ${length} bytes, the header alone is ${HEADER_BYTES}`,
  );
}

/**
 * @internal Reads {@link writeIndexBuffer}'s output, rejecting foreign, truncated or corrupted
 * data and other format versions with an {@link InvalidFormatError} naming the field.
 */
export function readIndexBuffer(buffer: unknown): IndexContents {
  if (!(buffer instanceof Uint8Array))
    throw new InvalidFormatError('(buffer)', 'expected a Uint8Array or Buffer');
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (buffer.length < 4) throw truncatedHeader(buffer.length);
  if (view.getUint32(0, true) !== MAGIC)
    throw new InvalidFormatError(
      'header.magic',
      'not a spotrec cosine index (magic "SPCI" missing)',
    );
  if (buffer.length < 6) throw truncatedHeader(buffer.length);
  checkVersion(view.getUint16(4, true), 'header.formatVersion');
  if (buffer.length < HEADER_BYTES) throw truncatedHeader(buffer.length);
  if (fnv1a(buffer.subarray(0, 20)) !== view.getUint32(20, true)) {
    throw new InvalidFormatError(
      'header.headerChecksum',
      'the header checksum does not match: the header (dimension, size or id bytes) is corrupted',
    );
  }
  if (view.getUint16(6, true) !== 0) throw new InvalidFormatError('header.reserved', 'expected 0');
  const dimension = view.getUint32(8, true);
  const size = view.getUint32(12, true);
  const idLength = view.getUint32(16, true);
  if (dimension === 0)
    throw new InvalidFormatError('header.dimension', 'expected a positive integer');
  const padded = Math.ceil(idLength / 4) * 4;
  const expected = HEADER_BYTES + padded + size * dimension * 4;
  if (buffer.length !== expected) {
    throw new InvalidFormatError(
      '(buffer)',
      `${buffer.length < expected ? 'truncated' : 'trailing bytes'}: the header declares ${expected} bytes, got ${buffer.length}`,
    );
  }
  const stored = view.getUint32(24, true);
  const actual = fnv1a(buffer.subarray(0, 24), buffer.subarray(HEADER_BYTES));
  if (actual !== stored) {
    throw new InvalidFormatError(
      'header.checksum',
      `the checksum does not match (stored ${stored}, computed ${actual}): the data is corrupted`,
    );
  }
  if (buffer.subarray(HEADER_BYTES + idLength, HEADER_BYTES + padded).some((byte) => byte !== 0))
    throw new InvalidFormatError('ids', 'the padding after the id block is not zero');
  let parsed: unknown;
  try {
    parsed = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(
        buffer.subarray(HEADER_BYTES, HEADER_BYTES + idLength),
      ),
    );
  } catch (error) {
    throw new InvalidFormatError(
      'ids',
      `the id block is not UTF-8 JSON (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  const ids = checkIds(parsed, size, 'ids');
  // A copy: the caller's buffer may be reused, and the start of the vectors need not be aligned.
  const vectors = new Float32Array(size * dimension);
  new Uint8Array(vectors.buffer).set(buffer.subarray(HEADER_BYTES + padded));
  checkVectors(vectors, dimension, 'vectors');
  return { dimension, ids, vectors };
}
