import { createReadStream } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { Parser } from 'csv-parse';
import { CsvFormatError, DataError, InputReadError, InvalidArgumentError } from './errors';
import {
  TextDecodingStream,
  UndecodableTracker,
  type TextEncoding,
  type UndecodableCell,
} from './text-decoding';

/**
 * Where CSV text comes from: a file path or `file:` URL (`.csv`, or gzip-compressed such as
 * `.csv.gz`: compression is recognised by its magic bytes, not the name), a Node readable
 * stream or any async iterable of chunks, or `{ text }` holding the CSV itself.
 */
export type CsvSource =
  | string
  | URL
  | NodeJS.ReadableStream
  | AsyncIterable<string | Uint8Array>
  | {
      /** The CSV itself. */
      text: string;
    };

/** One record of the CSV with the 1-based line it starts on. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
  /** Cells holding bytes that are not valid in the declared encoding (absent when none). */
  readonly undecodable?: readonly UndecodableCell[] | undefined;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/** @internal A readable name for messages: the path, `<stream>` or `<text>`. */
export function describeSource(source: CsvSource): string {
  if (typeof source === 'string') return source;
  if (source instanceof URL)
    return source.protocol === 'file:' ? fileURLToPath(source) : source.href;
  if (isTextSource(source)) return '<text>';
  return '<stream>';
}

function isTextSource(source: CsvSource): source is { text: string } {
  return (
    typeof source === 'object' &&
    source !== null &&
    'text' in source &&
    !(Symbol.asyncIterator in source)
  );
}

function openBytes(source: CsvSource, name: string): AsyncIterable<string | Uint8Array> {
  if (typeof source === 'string' || source instanceof URL) {
    if (source instanceof URL && source.protocol !== 'file:') {
      throw new InvalidArgumentError('source', 'a file path or a file: URL', source.href);
    }
    return createReadStream(source, { highWaterMark: 1 << 16 });
  }
  if (isTextSource(source)) {
    if (typeof source.text !== 'string') {
      throw new InvalidArgumentError('source.text', 'a string', source.text);
    }
    return Readable.from([source.text], { objectMode: true });
  }
  if (typeof source === 'object' && source !== null && Symbol.asyncIterator in source) {
    return source as AsyncIterable<string | Uint8Array>;
  }
  throw new InvalidArgumentError('source', 'a path, a URL, a readable stream or { text }', name);
}

/**
 * Sniffs the first chunk for the gzip magic bytes and inflates when present, so that a
 * `.csv.gz` path, a gzip stream and plain text all read the same way.
 */
async function decompressed(bytes: AsyncIterable<string | Uint8Array>): Promise<Readable> {
  const iterator = bytes[Symbol.asyncIterator]();
  const first = await iterator.next();
  async function* replay(): AsyncGenerator<string | Uint8Array> {
    if (first.done === true) return;
    yield first.value;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield next.value;
    }
  }
  const head = first.done === true ? undefined : first.value;
  const gzipped =
    head instanceof Uint8Array &&
    head.length >= 2 &&
    head[0] === GZIP_MAGIC_0 &&
    head[1] === GZIP_MAGIC_1;
  // Object mode keeps string chunks as text: they are not bytes in the declared encoding.
  const raw = Readable.from(replay(), { objectMode: true });
  if (!gzipped) return raw;
  const gunzip = createGunzip();
  pipeline(raw, gunzip, () => {
    // errors reach the consumer through the gunzip stream, which pipeline destroys with them
  });
  return gunzip;
}

interface CsvParseError extends Error {
  readonly code: string;
  /** With no `columns` option: the position in its record of the field being read. */
  readonly column?: unknown;
}

function isCsvParseError(error: unknown): error is CsvParseError {
  return (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    error.code.startsWith('CSV_')
  );
}

/** The fields of the record `csv-parse` was in the middle of when it failed, if it says. */
function partialRecord(parser: object): readonly unknown[] {
  // `state` is the parser's public "backward compatibility" view of its state.
  const state: unknown = Reflect.get(parser, 'state');
  if (typeof state !== 'object' || state === null || !('record' in state)) return [];
  return Array.isArray(state.record) ? state.record : [];
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}

/** A readable reason for a `csv-parse` error, said where the faulty field starts. */
function formatReason(error: CsvParseError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'the quote opened here is never closed (the file ends inside the quoted field)';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return (
        'the quoted field starting here has text after its closing quote, or its quote is ' +
        `not closed where it should be (csv-parse: ${error.message})`
      );
    default:
      return error.message;
  }
}

function readFailure(name: string, error: unknown): InputReadError {
  const code = (error as { code?: unknown } | null)?.code;
  let reason = error instanceof Error ? error.message : String(error);
  if (code === 'ENOENT') reason = 'no such file';
  else if (code === 'EISDIR') reason = 'it is a directory, not a file';
  else if (code === 'Z_BUF_ERROR') reason = 'the gzip data ends early (truncated file?)';
  else if (code === 'Z_DATA_ERROR') reason = `the gzip data is corrupt (${reason})`;
  return new InputReadError(name, reason, { cause: error });
}

/**
 * The `csv-parse` stream, counting the line each record starts on as the record is parsed.
 *
 * Line numbers are counted here rather than with csv-parse's `info` or `on_record` (which
 * build an object per record and cost a sixth of the parse or more): a record spans one line
 * plus the line breaks inside its quoted fields. They are counted when csv-parse pushes each
 * record, not when the reading loop takes it, so that on a parse error {@link nextLine} is
 * where the unfinished record starts even while earlier records are still buffered (a failed
 * stream drops them).
 */
class LineCountingParser extends Parser {
  /** The line the next record starts on. */
  nextLine = 1;
  /** The first non-blank record, once parsed. */
  header: readonly string[] | undefined;
  /** Start lines of the records pushed and not yet taken by the reader. */
  private readonly starts: number[] = [];
  private taken = 0;

  constructor() {
    super({ bom: true, relax_column_count: true, skip_empty_lines: false });
  }

  override push(record: unknown, encoding?: BufferEncoding): boolean {
    if (Array.isArray(record)) {
      this.starts.push(this.nextLine);
      this.nextLine += 1;
      for (const field of record) {
        if (typeof field === 'string' && field.includes('\n')) {
          this.nextLine += countLineBreaks(field);
        }
      }
      if (this.header === undefined && !(record.length === 1 && record[0] === '')) {
        this.header = record.filter((field): field is string => typeof field === 'string');
      }
    }
    return super.push(record, encoding);
  }

  /** The start line of the next record the reader takes, in push order. */
  takeStartLine(): number {
    const line = this.starts[this.taken] ?? this.nextLine;
    this.taken += 1;
    if (this.taken === this.starts.length) {
      this.starts.length = 0;
      this.taken = 0;
    }
    return line;
  }
}

/**
 * @internal Streams the records of a CSV source to `visit`, header first, each with the line
 * it starts on and the cells whose bytes are not valid in `encoding`. Blank lines are skipped.
 * Memory holds one record at a time. An error thrown by `visit` stops the read and propagates
 * as it is.
 */
export async function forEachCsvRecord(
  source: CsvSource,
  name: string,
  encoding: TextEncoding,
  visit: (record: CsvRecord) => void,
): Promise<void> {
  let input: Readable;
  try {
    input = await decompressed(openBytes(source, name));
  } catch (error) {
    if (InvalidArgumentError.isInstance(error)) throw error;
    throw readFailure(name, error);
  }
  const decoding = new TextDecodingStream(encoding);
  const undecodable = new UndecodableTracker(decoding);
  const parser = new LineCountingParser();
  pipeline(input, decoding, parser, () => {
    // errors reach the consumer through the parser stream
  });
  try {
    for await (const fields of parser as AsyncIterable<string[]>) {
      const start = parser.takeStartLine();
      if (fields.length === 1 && fields[0] === '') continue;
      const cells = undecodable.check(fields);
      visit({ line: start, fields, undecodable: cells });
    }
  } catch (error) {
    if (DataError.isInstance(error)) throw error;
    if (isCsvParseError(error)) {
      // The faulty field starts on the line of its record plus the line breaks of the fields
      // of that record that csv-parse had completed.
      const done = partialRecord(parser);
      let at = parser.nextLine;
      for (const field of done) if (typeof field === 'string') at += countLineBreaks(field);
      const position = typeof error.column === 'number' ? error.column : done.length;
      const { header } = parser;
      const column = header === undefined ? null : (header[position] ?? null);
      throw new CsvFormatError(name, at, formatReason(error), { cause: error, column });
    }
    throw readFailure(name, error);
  } finally {
    parser.destroy();
    decoding.destroy();
    input.destroy();
  }
}
