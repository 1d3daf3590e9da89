/**
 * @internal A 64-bit non-cryptographic hash (two multiply-xorshift lanes, as in cyrb53) of a
 * row's text and vector, as 16 hex digits: sync compares it with the stored `row_hash` to
 * write only the rows that changed. A collision (about 2⁻⁶⁴ per changed row) would leave that
 * row stale until its next change.
 */
export function rowHash(text: string, vector: Float32Array): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  const words = new Uint32Array(vector.buffer, vector.byteOffset, vector.length);
  for (const word of words) {
    h1 = Math.imul(h1 ^ word, 2654435761);
    h2 = Math.imul(h2 ^ word, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}
