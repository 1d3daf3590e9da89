import { createReadStream } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { CsvFormatError, DataError, InputReadError, InvalidArgumentError } from './errors';

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
    return Readable.from([source.text], { objectMode: false });
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
  const raw = Readable.from(replay(), { objectMode: false });
  if (!gzipped) return raw;
  const gunzip = createGunzip();
  pipeline(raw, gunzip, () => {
    // errors reach the consumer through the gunzip stream, which pipeline destroys with them
  });
  return gunzip;
}

function isCsvParseError(error: unknown): error is Error & { code: string; lines?: number } {
  if (!(error instanceof Error)) return false;
  const { code } = error as Error & { code?: unknown };
  return typeof code === 'string' && code.startsWith('CSV_');
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
 * @internal Streams the records of a CSV source to `visit`, header first, each with the line
 * it starts on. Blank lines are skipped. Memory holds one record at a time. An error thrown by
 * `visit` stops the read and propagates as it is.
 */
export async function forEachCsvRecord(
  source: CsvSource,
  name: string,
  visit: (record: CsvRecord) => void,
): Promise<void> {
  let input: Readable;
  try {
    input = await decompressed(openBytes(source, name));
  } catch (error) {
    if (InvalidArgumentError.isInstance(error)) throw error;
    throw readFailure(name, error);
  }
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
  });
  pipeline(input, parser, () => {
    // errors reach the consumer through the parser stream
  });
  // Line numbers are counted here rather than with csv-parse's `info` (which costs about a
  // sixth of the parse): a record spans one line plus the line breaks inside its quoted fields.
  let line = 1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const start = line;
      line += 1;
      for (const field of record) {
        if (field.includes('\n')) line += field.split('\n').length - 1;
      }
      if (record.length === 1 && record[0] === '') continue;
      visit({ line: start, fields: record });
    }
  } catch (error) {
    if (DataError.isInstance(error)) throw error;
    if (isCsvParseError(error)) {
      const at = typeof error.lines === 'number' ? error.lines : line;
      throw new CsvFormatError(name, at, error.message, { cause: error });
    }
    throw readFailure(name, error);
  } finally {
    parser.destroy();
    input.destroy();
  }
}
