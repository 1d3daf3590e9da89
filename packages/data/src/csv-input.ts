import { CsvFormatError, DataError, InputReadError, InvalidArgumentError } from './errors';
import type { Parser } from 'csv-parse';
import {
  READS_PATHS,
  gunzip,
  loadParser,
  parserChunk,
  readFileChunks,
  urlToPath,
} from './platform';
import {
  TextChunkDecoder,
  UndecodableTracker,
  type TextEncoding,
  type UndecodableCell,
} from './text-decoding';

/**
 * Where CSV text comes from:
 * - `{ text }` holding the CSV itself;
 * - a `Blob` or `File` (a `File` is reported by its name);
 * - a Web `ReadableStream` of bytes (such as `response.body` of a `fetch`);
 * - a Node readable stream or any async iterable of chunks (bytes or strings);
 * - in Node, a file path or `file:` URL.
 *
 * Bytes may be gzip-compressed (such as `.csv.gz`): compression is recognised by its magic
 * bytes, not a name, and inflated with zlib in Node and `DecompressionStream` elsewhere.
 */
export type CsvSource =
  | string
  | URL
  | Blob
  | ReadableStream<Uint8Array>
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

function isBlob(source: unknown): source is Blob {
  return typeof Blob === 'function' && source instanceof Blob;
}

function isWebStream(source: unknown): source is ReadableStream<Uint8Array> {
  return (
    typeof source === 'object' &&
    source !== null &&
    typeof (source as { getReader?: unknown }).getReader === 'function'
  );
}

/** @internal A readable name for messages: the path, a file's name, `<stream>` or `<text>`. */
export function describeSource(source: CsvSource): string {
  if (typeof source === 'string') return source;
  if (source instanceof URL) return source.protocol === 'file:' ? urlToPath(source) : source.href;
  if (isBlob(source)) {
    const name = (source as { name?: unknown }).name;
    return typeof name === 'string' && name !== '' ? name : '<blob>';
  }
  if (isTextSource(source)) return '<text>';
  return '<stream>';
}

function isTextSource(source: CsvSource): source is { text: string } {
  return (
    typeof source === 'object' &&
    source !== null &&
    'text' in source &&
    !(Symbol.asyncIterator in source) &&
    !isBlob(source)
  );
}

/** The chunks of a Web stream (read with a reader: not every browser iterates streams). */
async function* webStreamChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      yield next.value;
    }
    done = true;
  } finally {
    if (done) reader.releaseLock();
    else await reader.cancel().catch(() => undefined);
  }
}

function openBytes(source: CsvSource, name: string): AsyncIterable<string | Uint8Array> {
  if (typeof source === 'string' || source instanceof URL) {
    if (source instanceof URL && source.protocol !== 'file:') {
      throw new InvalidArgumentError('source', 'a file path or a file: URL', source.href);
    }
    if (!READS_PATHS) {
      throw new InvalidArgumentError(
        'source',
        '{ text }, a Blob, a ReadableStream or an async iterable (this runtime has no file ' +
          'system: paths and file: URLs are read in Node only)',
        name,
      );
    }
    return readFileChunks(source);
  }
  if (isBlob(source)) return webStreamChunks(source.stream() as ReadableStream<Uint8Array>);
  if (isTextSource(source)) {
    if (typeof source.text !== 'string') {
      throw new InvalidArgumentError('source.text', 'a string', source.text);
    }
    const { text } = source;
    return (async function* () {
      yield text;
    })();
  }
  if (typeof source === 'object' && source !== null && Symbol.asyncIterator in source) {
    return source as AsyncIterable<string | Uint8Array>;
  }
  if (isWebStream(source)) return webStreamChunks(source);
  throw new InvalidArgumentError(
    'source',
    'a path, a URL, a Blob, a ReadableStream, an async iterable or { text }',
    name,
  );
}

/**
 * Sniffs the first chunk for the gzip magic bytes and inflates when present, so that a
 * `.csv.gz` path, a gzip stream or Blob and plain text all read the same way.
 */
async function* decompressed(
  source: AsyncIterable<string | Uint8Array>,
): AsyncGenerator<string | Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done === true) return;
  const head = first.value;
  async function* rest(): AsyncGenerator<Uint8Array> {
    yield head as Uint8Array;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield next.value as Uint8Array;
    }
  }
  const gzipped =
    head instanceof Uint8Array &&
    head.length >= 2 &&
    head[0] === GZIP_MAGIC_0 &&
    head[1] === GZIP_MAGIC_1;
  if (gzipped) {
    yield* gunzip(rest());
    return;
  }
  yield head;
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) return;
    yield next.value;
  }
}

interface CsvParseError extends Error {
  readonly code: string;
  /** With no `columns` option: the position in its record of the field being read. */
  readonly column?: unknown;
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
 * The `csv-parse` parser, fed chunk by chunk and counting the line each record starts on as
 * the record is parsed.
 *
 * The parser is `csv-parse`'s `Parser` (Node's stream entry in Node, the browser entry
 * elsewhere), used without its stream plumbing: chunks go in through `write` (which turns
 * bytes and strings into the parser's own buffers in either build), records come out through
 * the overridden `push` into {@link records}, and a parse error is kept in {@link failure}
 * instead of being emitted, so that the same code reads records in every runtime.
 *
 * Line numbers are counted here rather than with csv-parse's `info` or `on_record` (which
 * build an object per record and cost a sixth of the parse or more): a record spans one line
 * plus the line breaks inside its quoted fields. On a parse error {@link nextLine} is where
 * the unfinished record starts.
 */
function lineCountingParser(Base: typeof Parser) {
  return class LineCountingParser extends Base {
    /** The line the next record starts on. */
    nextLine = 1;
    /** The first non-blank record, once parsed. */
    header: readonly string[] | undefined;
    /** Records parsed and not yet taken, with the lines they start on. */
    records: string[][] = [];
    starts: number[] = [];
    /** The parse error, once one happened (the parser stops there). */
    failure: unknown;
    /** Chunks handed to the parser so far. */
    private transformed = 0;
    /** csv-parse's push parser under the stream (public, untyped: `Parser#api`). */
    private readonly core = Reflect.get(this, 'api') as CsvParseCore;

    constructor() {
      super({ bom: true, relax_column_count: true, skip_empty_lines: false });
    }

    override push(record: unknown): boolean {
      if (!Array.isArray(record)) return true;
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
      this.records.push(record as string[]);
      return true;
    }

    override _transform(chunk: Uint8Array, _encoding: unknown, callback: () => void): void {
      this.transformed += 1;
      if (this.failure === undefined) {
        const error: unknown = this.core.parse(
          chunk,
          false,
          (record: unknown) => this.push(record),
          noop,
        );
        if (error !== undefined) this.failure = error;
      }
      callback();
    }

    /** Parses one chunk (bytes or text) now, before returning. */
    feed(chunk: string | Uint8Array): void {
      const before = this.transformed;
      this.write(parserChunk(chunk));
      // The parser consumes each write at once (its output never backs up: `push` keeps the
      // records here); anything else would lose the order of records and errors.
      if (this.transformed !== before + 1)
        throw new Error('csv-parse did not take the chunk at once');
    }

    /** Parses what the parser holds back at the end of the input. */
    finish(): void {
      if (this.failure !== undefined) return;
      const error: unknown = this.core.parse(
        undefined,
        true,
        (record: unknown) => this.push(record),
        noop,
      );
      if (error !== undefined) this.failure = error;
    }
  };
}

/** A parser of {@link lineCountingParser}'s class. */
type LineCountingParser = InstanceType<ReturnType<typeof lineCountingParser>>;

let parserClass: Promise<ReturnType<typeof lineCountingParser>> | undefined;

function noop(): void {
  // csv-parse's `close` callback: only called with its `to` option, which is not used here.
}

/** The part of csv-parse's push parser (`Parser#api`) used here. */
interface CsvParseCore {
  parse(
    chunk: Uint8Array | undefined,
    end: boolean,
    push: (record: unknown) => void,
    close: () => void,
  ): unknown;
}

/**
 * @internal Streams the records of a CSV source to `visit`, header first, each with the line
 * it starts on and the cells whose bytes are not valid in `encoding`. Blank lines are skipped.
 * Memory holds one chunk's records at a time. An error thrown by `visit` stops the read and
 * propagates as it is.
 */
export async function forEachCsvRecord(
  source: CsvSource,
  name: string,
  encoding: TextEncoding,
  visit: (record: CsvRecord) => void,
): Promise<void> {
  const input = decompressed(openBytes(source, name));
  const decoding = new TextChunkDecoder(encoding);
  const undecodable = new UndecodableTracker(decoding);
  parserClass ??= loadParser().then(lineCountingParser);
  const parser = new (await parserClass)();
  const drain = (): void => {
    const { records, starts } = parser;
    for (let at = 0; at < records.length; at += 1) {
      const fields = records[at] as string[];
      if (fields.length === 1 && fields[0] === '') continue;
      const cells = undecodable.check(fields);
      visit({ line: starts[at] as number, fields, undecodable: cells });
    }
    records.length = 0;
    starts.length = 0;
    if (parser.failure !== undefined) throw formatFailure(parser, name, parser.failure);
  };
  try {
    for await (const chunk of input) {
      for (const part of decoding.write(chunk)) {
        parser.feed(part);
        drain();
      }
    }
    for (const part of decoding.end()) {
      parser.feed(part);
      drain();
    }
    parser.finish();
    drain();
  } catch (error) {
    if (DataError.isInstance(error)) throw error;
    throw readFailure(name, error);
  } finally {
    // The parser holds no resource (its stream side is never used); the source may.
    await input.return(undefined);
  }
}

/**
 * A csv-parse error as a {@link CsvFormatError} at the line where the faulty field starts.
 * Every error the parser returns is one (csv-parse codes most of them `CSV_*`, but not all:
 * a quote inside an unquoted field is `INVALID_OPENING_QUOTE`).
 */
function formatFailure(parser: LineCountingParser, name: string, failure: unknown): Error {
  const error: CsvParseError =
    failure instanceof Error
      ? (failure as CsvParseError)
      : Object.assign(new Error(String(failure)), { code: 'CSV_UNKNOWN' });
  // The faulty field starts on the line of its record plus the line breaks of the fields of
  // that record that csv-parse had completed.
  const done = partialRecord(parser);
  let at = parser.nextLine;
  for (const field of done) if (typeof field === 'string') at += countLineBreaks(field);
  const position = typeof error.column === 'number' ? error.column : done.length;
  const { header } = parser;
  const column = header === undefined ? null : (header[position] ?? null);
  return new CsvFormatError(name, at, formatReason(error), { cause: error, column });
}
