import type { DenseMatrix } from '@spotrec/cosine';

const encoder = new TextEncoder();

/** @internal SHA-256 of bytes, as lowercase hex (Web Crypto: Node 20+, browsers, edge runtimes). */
export async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The fingerprint of a catalog as a bundle sees it: SHA-256 over the ids (in row order) and
 * the fitted feature values (float32, row-major), as `sha256:<hex>`. Two catalogs with the
 * same ids and the same fitted features have the same fingerprint; any changed id, order or
 * feature value changes it.
 *
 * @param ids - The catalog's ids in row order.
 * @param matrix - The fitted features of those rows (`pipeline.transform(tracks)`).
 * @returns `sha256:` and 64 hex digits.
 *
 * @example
 * ```ts
 * import { catalogFingerprint } from '@spotrec/recommender';
 *
 * const fingerprint = await catalogFingerprint(['a', 'b'], { data: Float32Array.of(0, 1, 1, 0), rows: 2, cols: 2 });
 * console.log(fingerprint.startsWith('sha256:')); // true
 * ```
 */
export async function catalogFingerprint(
  ids: readonly string[],
  matrix: DenseMatrix,
): Promise<string> {
  const text = encoder.encode(`${ids.length}\u0000${matrix.cols}\u0000${ids.join('\u0000')}\u0000`);
  const values = new Uint8Array(
    matrix.data.buffer,
    matrix.data.byteOffset,
    matrix.rows * matrix.cols * 4,
  );
  const bytes = new Uint8Array(text.length + values.length);
  bytes.set(text);
  bytes.set(values, text.length);
  return `sha256:${await sha256(bytes)}`;
}
