/**
 * @internal What the loaders need from the runtime, in Node. The browser build of the package
 * (the `browser` export condition) swaps this file for `platform.browser.ts`, which has the
 * same exports and no Node built-in. Node built-ins are imported inside the functions that use
 * them, so that nothing Node-specific runs until a path is read or a file is written.
 */
// The two built-ins imported at the top are part of every Node process (no I/O, nothing to
// load); everything that does I/O is imported where it is used.
import { isUtf8 } from 'node:buffer';
import { fileURLToPath } from 'node:url';
import type { Parser } from 'csv-parse';

/** csv-parse's `Parser` (its Node stream entry), loaded on the first parse. */
export async function loadParser(): Promise<typeof Parser> {
  return (await import('csv-parse')).Parser;
}

/** A chunk as csv-parse takes it: Node's stream entry takes bytes (no decoding) and text. */
export function parserChunk(chunk: string | Uint8Array): string | Uint8Array {
  return chunk;
}

/** Whether the bytes are valid UTF-8 (Node's native check). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  return isUtf8(bytes);
}

/** ISO-8859-1: one character per byte (Node's native `latin1`). */
export function latin1Text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
}

/** A `file:` URL as a path. */
export function urlToPath(url: URL): string {
  return fileURLToPath(url);
}

/** Paths and `file:` URLs are read (in the browser build they are rejected). */
export const READS_PATHS = true;

/** The bytes of a file, read in 64 KiB chunks. */
export async function* readFileChunks(path: string | URL): AsyncGenerator<Uint8Array> {
  const { createReadStream } = await import('node:fs');
  yield* createReadStream(path, { highWaterMark: 1 << 16 }) as AsyncIterable<Uint8Array>;
}

/** Inflates gzip bytes with zlib; errors carry zlib's codes (`Z_BUF_ERROR`, `Z_DATA_ERROR`). */
export async function* gunzip(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const [{ createGunzip }, { Readable, pipeline }] = await Promise.all([
    import('node:zlib'),
    import('node:stream'),
  ]);
  const inflate = createGunzip();
  pipeline(Readable.from(bytes), inflate, () => {
    // errors reach the consumer through the gunzip stream, which pipeline destroys with them
  });
  yield* inflate as AsyncIterable<Uint8Array>;
}

/** File-system writes of `downloadDataset`. */
export interface DownloadFiles {
  /** Creates the parent folders of `path`. */
  prepare(path: string): Promise<void>;
  /** Writes the chunks to `path`. */
  write(path: string, chunks: AsyncIterable<Uint8Array>): Promise<void>;
  /** Moves `from` to `to`, replacing it. */
  rename(from: string, to: string): Promise<void>;
  /** Removes `path` if it exists. */
  remove(path: string): Promise<void>;
  /** The size of `path` in bytes. */
  size(path: string): Promise<number>;
}

/** The file system, loaded when a download starts. */
export async function downloadFiles(_url: string): Promise<DownloadFiles> {
  const [fs, fsPromises, path, streamPromises, stream] = await Promise.all([
    import('node:fs'),
    import('node:fs/promises'),
    import('node:path'),
    import('node:stream/promises'),
    import('node:stream'),
  ]);
  return {
    prepare: async (target) => {
      await fsPromises.mkdir(path.dirname(target), { recursive: true });
    },
    write: (target, chunks) =>
      streamPromises.pipeline(stream.Readable.from(chunks), fs.createWriteStream(target)),
    rename: (from, to) => fsPromises.rename(from, to),
    remove: (target) => fsPromises.rm(target, { force: true }),
    size: async (target) => (await fsPromises.stat(target)).size,
  };
}
