import { describe, expect, it } from 'vitest';
import { TextChunkDecoder, UndecodableTracker } from './text-decoding';

/** Decodes the chunks in order, then the end; the output pieces joined as text. */
function decode(
  chunks: readonly (string | Uint8Array)[],
  encoding: 'utf-8' | 'latin1' = 'utf-8',
): Promise<{ text: string; stream: TextChunkDecoder }> {
  const stream = new TextChunkDecoder(encoding);
  const parts: Buffer[] = [];
  const take = (pieces: (string | Uint8Array)[]) => {
    for (const piece of pieces) parts.push(Buffer.from(piece));
  };
  for (const chunk of chunks) take(stream.write(chunk));
  take(stream.end());
  return Promise.resolve({ text: Buffer.concat(parts).toString('utf8'), stream });
}

/** Every way of cutting `bytes` in two. */
function splits(bytes: Buffer): Buffer[][] {
  return Array.from({ length: bytes.length + 1 }, (_, at) => [
    bytes.subarray(0, at),
    bytes.subarray(at),
  ]);
}

describe('TextChunkDecoder (utf-8)', () => {
  const text = 'é ü € 𝄞 Beyoncé\n';
  const bytes = Buffer.from(text, 'utf8');

  it('passes valid UTF-8 through whole, however the chunks split its multi-byte characters', async () => {
    for (const chunks of splits(bytes)) {
      const { text: out, stream } = await decode(chunks);
      expect(out).toBe(text);
      expect(stream.undecodable.size).toBe(0);
    }
    // One byte per chunk: every 2-, 3- and 4-byte character arrives split.
    const { text: out } = await decode(Array.from(bytes, (byte) => Buffer.from([byte])));
    expect(out).toBe(text);
  });

  it('replaces each invalid sequence with U+FFFD as a decoder does, and records its bytes', async () => {
    const latin1 = Buffer.from('Beyoncé Müller', 'latin1');
    const { text: out, stream } = await decode([latin1]);
    expect(out).toBe(new TextDecoder().decode(latin1));
    expect(out).toBe('Beyonc\uFFFD M\uFFFDller');
    expect([...stream.undecodable]).toEqual([
      [0, '0xE9'],
      [1, '0xFC'],
    ]);
  });

  it('tells a genuine U+FFFD of the file from a replacement', async () => {
    const mixed = Buffer.concat([Buffer.from('a\uFFFDb', 'utf8'), Buffer.from([0xff, 0x63])]);
    const { text: out, stream } = await decode([mixed]);
    expect(out).toBe('a\uFFFDb\uFFFDc');
    expect(stream.replacementCount).toBe(2);
    expect([...stream.undecodable]).toEqual([[1, '0xFF']]);
  });

  it('reports a multi-byte sequence cut off by the end of the input', async () => {
    const { text: out, stream } = await decode([Buffer.from([0x61, 0xe2, 0x82])]);
    expect(out).toBe('a\uFFFD');
    expect([...stream.undecodable]).toEqual([[0, '0xE2 0x82']]);
  });

  it('reports an invalid sequence whose bytes arrive in two chunks', async () => {
    // 0xE2 0x82 starts "€" but 0x41 cannot continue it.
    const { text: out, stream } = await decode([Buffer.from([0xe2]), Buffer.from([0x82, 0x41])]);
    expect(out).toBe('\uFFFDA');
    expect([...stream.undecodable]).toEqual([[0, '0xE2 0x82']]);
  });

  it('reads string chunks as text', async () => {
    const { text: out, stream } = await decode(['Beyoncé', Buffer.from(' ok')]);
    expect(out).toBe('Beyoncé ok');
    expect(stream.undecodable.size).toBe(0);
  });
});

describe('TextChunkDecoder (latin1)', () => {
  it('decodes one character per byte', async () => {
    const { text } = await decode([Buffer.from('Beyoncé Müller', 'latin1')], 'latin1');
    expect(text).toBe('Beyoncé Müller');
  });
});

describe('UndecodableTracker', () => {
  it('names the cells whose U+FFFDs stand for undecodable bytes, record after record', async () => {
    const bytes = Buffer.concat([
      Buffer.from('ok\uFFFD,fine\n', 'utf8'),
      Buffer.from('x,Beyonc\xe9 M\xfcller\n', 'latin1'),
    ]);
    const { stream } = await decode([bytes]);
    const tracker = new UndecodableTracker(stream);
    expect(tracker.check(['ok\uFFFD', 'fine'])).toBeUndefined();
    expect(tracker.check(['x', 'Beyonc\uFFFD M\uFFFDller'])).toEqual([
      { field: 1, offset: 6, bytes: '0xE9', count: 2 },
    ]);
  });
});
