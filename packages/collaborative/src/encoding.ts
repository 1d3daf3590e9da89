import { describeValue } from '@spotrec/errors-internal';
import { parseJSONInput } from '@spotrec/numeric-internal';
import { InvalidFormatError } from './errors';

/** The one format version the readers of this package understand. */
const FORMAT_VERSION = 1;

/** Whether `code` is a base64 alphabet character (A–Z, a–z, 0–9, +, /). */
function isBase64Code(code: number): boolean {
  return (
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    (code >= 48 && code <= 57) ||
    code === 43 ||
    code === 47
  );
}

/**
 * Canonical padded base64: whole 4-character groups, padding only at the end. A loop, not a
 * regular expression: V8's regex engine overflows its stack on multi-megabyte model text.
 */
function isCanonicalBase64(text: string): boolean {
  if (text.length % 4 !== 0) return false;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  for (let at = 0; at < text.length - padding; at += 1)
    if (!isBase64Code(text.charCodeAt(at))) return false;
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Character code → its 6-bit value (255 for a character outside the alphabet). */
const VALUES = (() => {
  const values = new Uint8Array(128).fill(255);
  for (let at = 0; at < ALPHABET.length; at += 1) values[ALPHABET.charCodeAt(at)] = at;
  return values;
})();

/** @internal Bytes as standard padded base64 (portable: no `Buffer`, no `btoa`). */
export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let at = 0; at < bytes.length; at += 3) {
    const a = bytes[at] as number;
    const b = bytes[at + 1];
    const c = bytes[at + 2];
    const triple = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    chunk +=
      ALPHABET.charAt(triple >> 18) +
      ALPHABET.charAt((triple >> 12) & 63) +
      (b === undefined ? '=' : ALPHABET.charAt((triple >> 6) & 63)) +
      (c === undefined ? '=' : ALPHABET.charAt(triple & 63));
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

/** @internal Canonical base64 (checked by the caller) as bytes. */
export function base64ToBytes(text: string): Uint8Array {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let out = 0;
  for (let at = 0; at < text.length; at += 4) {
    const quad =
      ((VALUES[text.charCodeAt(at)] as number) << 18) |
      ((VALUES[text.charCodeAt(at + 1)] as number) << 12) |
      (((VALUES[text.charCodeAt(at + 2)] ?? 0) & 63) << 6) |
      ((VALUES[text.charCodeAt(at + 3)] ?? 0) & 63);
    bytes[out++] = quad >> 16;
    if (out < bytes.length) bytes[out++] = (quad >> 8) & 255;
    if (out < bytes.length) bytes[out++] = quad & 255;
  }
  return bytes;
}

/** @internal Little-endian typed-array bytes as base64. */
export function toBase64(array: Float32Array | Uint32Array): string {
  return bytesToBase64(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
}

/**
 * @internal Reads base64 back into a typed array of the expected length; float32 values must
 * be finite. Text that is not canonical base64 is rejected, not skipped over.
 */
export function fromBase64<T extends Float32Array | Uint32Array>(
  text: unknown,
  Type: new (length: number) => T,
  length: number,
  path: string,
): T {
  if (typeof text !== 'string')
    throw new InvalidFormatError(path, `expected a base64 string, got ${describeValue(text)}`);
  if (!isCanonicalBase64(text))
    throw new InvalidFormatError(path, 'expected canonical base64 text');
  const bytes = base64ToBytes(text);
  if (bytes.length !== length * 4)
    throw new InvalidFormatError(
      path,
      `expected ${length} values (${length * 4} bytes), found ${bytes.length} bytes`,
    );
  const array = new Type(length);
  new Uint8Array(array.buffer).set(bytes);
  if (array instanceof Float32Array) {
    const at = array.findIndex((value) => !Number.isFinite(value));
    if (at >= 0)
      throw new InvalidFormatError(`${path}[${at}]`, `expected a finite number, got ${array[at]}`);
  }
  return array;
}

/**
 * @internal Parses and checks the common header of a model JSON: an object (or its JSON text)
 * whose `kind` is `kind` and whose `formatVersion` is one this version reads.
 */
export function readModelJSON(input: unknown, kind: string): Record<string, unknown> {
  const value = parseJSONInput(input, (reason, cause) => {
    throw new InvalidFormatError('(root)', reason, { cause });
  });
  if (!isRecord(value))
    throw new InvalidFormatError('(root)', `expected an object, got ${describeValue(value)}`);
  if (value.kind !== kind)
    throw new InvalidFormatError('kind', `expected "${kind}", got ${describeValue(value.kind)}`);
  const version = value.formatVersion;
  if (typeof version === 'number' && Number.isSafeInteger(version) && version > FORMAT_VERSION)
    throw new InvalidFormatError(
      'formatVersion',
      `format ${version} was written by a newer @spotrec/collaborative; this version reads format ${FORMAT_VERSION} (upgrade the package)`,
    );
  if (version !== FORMAT_VERSION)
    throw new InvalidFormatError(
      'formatVersion',
      `expected ${FORMAT_VERSION}, got ${describeValue(version)}`,
    );
  return value;
}

/** @internal Checks that a field holds a plain object. */
export function readObject(value: unknown, path: string): Record<string, unknown> {
  if (!isRecord(value))
    throw new InvalidFormatError(path, `expected an object, got ${describeValue(value)}`);
  return value;
}

/**
 * @internal Checks that a field holds an integer ≥ `min` (a count: a safe integer) or, with no
 * `min`, any integer (a seed, as `fit` accepts).
 */
export function readInteger(value: unknown, path: string, min?: number): number {
  if (min === undefined) {
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw new InvalidFormatError(path, `expected an integer, got ${describeValue(value)}`);
    return value;
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    const rule = min === 1 ? 'a positive integer' : `an integer ≥ ${min}`;
    throw new InvalidFormatError(path, `expected ${rule}, got ${describeValue(value)}`);
  }
  return value;
}

/** @internal Checks that a field holds a finite number ≥ 0 (or > 0 when `positive`). */
export function readNonNegative(value: unknown, path: string, positive = false): number {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 0 ||
    (positive && value === 0)
  ) {
    const rule = positive ? 'a finite number > 0' : 'a finite number ≥ 0';
    throw new InvalidFormatError(path, `expected ${rule}, got ${describeValue(value)}`);
  }
  return value;
}

/** @internal Checks an id list: distinct non-empty strings. */
export function readIds(value: unknown, path: string): string[] {
  if (!Array.isArray(value))
    throw new InvalidFormatError(path, `expected an array of ids, got ${describeValue(value)}`);
  const ids: string[] = [];
  const seen = new Set<string>();
  value.forEach((id: unknown, position) => {
    if (typeof id !== 'string' || id === '' || seen.has(id))
      throw new InvalidFormatError(
        `${path}[${position}]`,
        `expected a distinct non-empty string, got ${describeValue(id)}`,
      );
    seen.add(id);
    ids.push(id);
  });
  return ids;
}
