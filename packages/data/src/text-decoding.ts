import { isValidUtf8, latin1Text } from './platform';

/** The text encoding of a CSV's bytes. */
export type TextEncoding = 'utf-8' | 'latin1';

/** @internal The encodings the loaders accept. */
export const TEXT_ENCODINGS: readonly TextEncoding[] = ['utf-8', 'latin1'];

/** U+FFFD REPLACEMENT CHARACTER in UTF-8. */
const REPLACEMENT = Uint8Array.of(0xef, 0xbf, 0xbd);
const EMPTY = new Uint8Array(0);

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(
    ' ',
  );
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** How many U+FFFD (EF BF BD) the UTF-8 bytes hold. */
function countReplacements(bytes: Uint8Array): number {
  let count = 0;
  for (
    let at = bytes.indexOf(0xef);
    at >= 0 && at + 2 < bytes.length;
    at = bytes.indexOf(0xef, at + 1)
  ) {
    if (bytes[at + 1] === 0xbf && bytes[at + 2] === 0xbd) {
      count += 1;
      at += 2;
    }
  }
  return count;
}

/**
 * Length of the UTF-8 sequence starting at `at`: positive for a valid sequence, negative for
 * the maximal invalid subpart there (the WHATWG decoder's rule, which replaces each such
 * subpart with one U+FFFD). A sequence cut off by the end of `bytes` counts as invalid.
 */
function sequenceLength(bytes: Uint8Array, at: number): number {
  const lead = bytes[at] ?? 0;
  if (lead < 0x80) return 1;
  let need: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) need = 1;
  else if (lead >= 0xe0 && lead <= 0xef) {
    need = 2;
    if (lead === 0xe0) low = 0xa0;
    else if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    need = 3;
    if (lead === 0xf0) low = 0x90;
    else if (lead === 0xf4) high = 0x8f;
  } else return -1;
  for (let offset = 1; offset <= need; offset += 1) {
    const byte = bytes[at + offset];
    if (byte === undefined || byte < low || byte > high) return -offset;
    low = 0x80;
    high = 0xbf;
  }
  return need + 1;
}

/**
 * How many bytes at the end of `bytes` begin a multi-byte sequence that the next chunk may
 * complete (0 when the chunk ends on a sequence boundary).
 */
function incompleteTail(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let back = 1; back <= Math.min(3, end); back += 1) {
    const byte = bytes[end - back] ?? 0;
    if (byte < 0x80) return 0;
    if (byte >= 0xc0) {
      const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return length > back ? back : 0;
    }
  }
  return 0;
}

/**
 * @internal Turns the chunks of a CSV into UTF-8 bytes or text for `csv-parse`, checking or
 * converting them. It holds no stream machinery: the same code runs in Node and in browsers.
 *
 * With `'utf-8'` the bytes pass through unchanged when they are valid UTF-8 (checked per chunk,
 * the equivalent of a fatal `TextDecoder`; a multi-byte character split between chunks is held
 * back until the next chunk completes it). Each maximal invalid subpart is replaced with
 * U+FFFD, exactly as a decoder would, and remembered: every U+FFFD of the output gets an
 * ordinal in text order, and {@link undecodable} maps the ordinals of replacements to the
 * bytes they stand for, so that a reader can tell them from genuine U+FFFD characters of the
 * file and report the cell that held them.
 *
 * With `'latin1'` every byte is decoded as ISO-8859-1 (one character per byte; nothing is
 * invalid). String chunks are text already: they are passed on as they are in both modes.
 */
export class TextChunkDecoder {
  /** U+FFFD characters in the output so far, replacements and genuine ones alike. */
  replacementCount = 0;
  /** Ordinal of a U+FFFD that replaced undecodable bytes → those bytes, as `0xE9 0x20`. */
  readonly undecodable = new Map<number, string>();
  private pending: Uint8Array = EMPTY;

  constructor(private readonly encoding: TextEncoding) {}

  /**
   * The output for one chunk, in order (empty when the chunk only starts a character).
   * @throws TypeError for a chunk that is neither a string nor bytes.
   */
  write(chunk: unknown): (string | Uint8Array)[] {
    if (typeof chunk === 'string') {
      const out = this.flushPending();
      this.replacementCount += countText(chunk);
      out.push(chunk);
      return out;
    }
    if (chunk instanceof Uint8Array) {
      if (this.encoding === 'latin1') return chunk.length === 0 ? [] : [latin1Text(chunk)];
      return this.decodeUtf8(chunk);
    }
    throw new TypeError(`expected a string or bytes, got ${typeof chunk}`);
  }

  /** The output held back at the end of the input: an incomplete sequence, replaced. */
  end(): (string | Uint8Array)[] {
    return this.flushPending();
  }

  private decodeUtf8(chunk: Uint8Array): Uint8Array[] {
    const data = this.pending.length === 0 ? chunk : concat([this.pending, chunk]);
    const cut = data.length - incompleteTail(data);
    this.pending = cut === data.length ? EMPTY : data.slice(cut);
    const body = data.subarray(0, cut);
    if (body.length === 0) return [];
    if (isValidUtf8(body)) {
      this.countGenuine(body);
      return [body];
    }
    return [this.repair(body)];
  }

  /** Replaces each invalid subpart with U+FFFD, recording it; counts genuine U+FFFDs. */
  private repair(bytes: Uint8Array): Uint8Array {
    const pieces: Uint8Array[] = [];
    let validFrom = 0;
    let at = 0;
    while (at < bytes.length) {
      const length = sequenceLength(bytes, at);
      if (length > 0) {
        at += length;
        continue;
      }
      const valid = bytes.subarray(validFrom, at);
      this.countGenuine(valid);
      pieces.push(valid, REPLACEMENT);
      this.undecodable.set(this.replacementCount, hex(bytes.subarray(at, at - length)));
      this.replacementCount += 1;
      at -= length;
      validFrom = at;
    }
    const rest = bytes.subarray(validFrom);
    this.countGenuine(rest);
    pieces.push(rest);
    return concat(pieces);
  }

  /** A sequence still incomplete when the input ends (or text follows) is invalid. */
  private flushPending(): (string | Uint8Array)[] {
    if (this.pending.length === 0) return [];
    const pending = this.pending;
    this.pending = EMPTY;
    return [this.repair(pending)];
  }

  private countGenuine(bytes: Uint8Array): void {
    this.replacementCount += countReplacements(bytes);
  }
}

/** How many U+FFFD a string holds. */
function countText(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\uFFFD'); at >= 0; at = text.indexOf('\uFFFD', at + 1)) count += 1;
  return count;
}

/** Bytes of one cell that are not valid in the declared encoding. */
export interface UndecodableCell {
  /** Position of the cell in its record. */
  readonly field: number;
  /** Position (in UTF-16 code units) of the first replaced character in the cell as read. */
  readonly offset: number;
  /** The first undecodable bytes, in hex (`0xE9`). */
  readonly bytes: string;
  /** How many undecodable sequences the cell holds. */
  readonly count: number;
}

/**
 * @internal Follows the U+FFFD ordinals of a {@link TextChunkDecoder} through the records
 * read from it, in order, and names the cells whose U+FFFDs stand for undecodable bytes.
 */
export class UndecodableTracker {
  private consumed = 0;

  constructor(private readonly decoding: TextChunkDecoder) {}

  /** The cells of `fields` holding undecodable bytes, or `undefined` when there are none. */
  check(fields: readonly string[]): UndecodableCell[] | undefined {
    // Fast path: no U+FFFD was produced that an earlier record did not account for.
    if (this.decoding.replacementCount === this.consumed) return undefined;
    let cells: UndecodableCell[] | undefined;
    for (let field = 0; field < fields.length; field += 1) {
      const text = fields[field] ?? '';
      let first: { offset: number; bytes: string } | undefined;
      let count = 0;
      for (let at = text.indexOf('\uFFFD'); at >= 0; at = text.indexOf('\uFFFD', at + 1)) {
        const bytes = this.decoding.undecodable.get(this.consumed);
        if (bytes !== undefined) {
          this.decoding.undecodable.delete(this.consumed);
          first ??= { offset: at, bytes };
          count += 1;
        }
        this.consumed += 1;
      }
      if (first !== undefined) (cells ??= []).push({ field, ...first, count });
    }
    return cells;
  }
}
