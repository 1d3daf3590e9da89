import { InvalidFormatError } from './errors';

/** @internal Little-endian typed-array bytes as base64 (Node's Buffer). */
export function toBase64(array: Float32Array | Uint32Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

/** @internal Reads base64 back into a typed array of the expected length. */
export function fromBase64<T extends Float32Array | Uint32Array>(
  text: unknown,
  Type: new (length: number) => T,
  length: number,
  path: string,
): T {
  if (typeof text !== 'string') throw new InvalidFormatError(path, 'expected a base64 string');
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== length * 4)
    throw new InvalidFormatError(
      path,
      `expected ${length} values (${length * 4} bytes), found ${bytes.length} bytes`,
    );
  const array = new Type(length);
  new Uint8Array(array.buffer).set(bytes);
  if (array instanceof Float32Array && array.some((value) => !Number.isFinite(value)))
    throw new InvalidFormatError(path, 'expected finite numbers');
  return array;
}

/** @internal Parses and checks the common header of a model JSON. */
export function readModelJSON(input: unknown, kind: string): Record<string, unknown> {
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
  if (json.kind !== kind)
    throw new InvalidFormatError('kind', `expected "${kind}", got ${JSON.stringify(json.kind)}`);
  if (json.formatVersion !== 1)
    throw new InvalidFormatError(
      'formatVersion',
      `this version reads format 1, got ${JSON.stringify(json.formatVersion)}`,
    );
  return json;
}

/** @internal Checks an id list. */
export function readIds(value: unknown, path: string): string[] {
  if (!Array.isArray(value)) throw new InvalidFormatError(path, 'expected an array of ids');
  const seen = new Set<string>();
  value.forEach((id: unknown, position) => {
    if (typeof id !== 'string' || id === '' || seen.has(id))
      throw new InvalidFormatError(`${path}[${position}]`, 'expected a distinct non-empty string');
    seen.add(id);
  });
  return value as string[];
}
