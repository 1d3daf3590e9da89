import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from './encoding';

// Node's Buffer is the independent reference; the package itself uses no Buffer (browsers).
describe('bytesToBase64 / base64ToBytes', () => {
  it('encode as Buffer does and decode back, for every length and byte', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = bytesToBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(Array.from(base64ToBytes(text))).toEqual(Array.from(bytes));
      }),
    );
  });

  it('handle a multi-megabyte array', () => {
    const bytes = Uint8Array.from({ length: 3_000_001 }, (_, at) => (at * 2654435761) >>> 24);
    const text = bytesToBase64(bytes);
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    expect(Buffer.from(base64ToBytes(text)).equals(Buffer.from(bytes))).toBe(true);
  });
});
