/**
 * @internal What the loaders need from the runtime, in browsers and edge runtimes: the same
 * exports as `platform.ts` with no Node built-in. The package's browser build (the `browser`
 * and `default` export conditions) is bundled with this file in place of `platform.ts`.
 */
import type { Parser } from 'csv-parse';
import { DownloadError } from './errors';

/**
 * csv-parse's `Parser` from its browser entry (which carries its own stream and buffer shims),
 * loaded on the first parse: a bundle that never parses CSV (one that only uses the track
 * constants, say) can leave it out, or in a chunk of its own.
 */
export async function loadParser(): Promise<typeof Parser> {
  return (await import('csv-parse/browser/esm')).Parser as unknown as typeof Parser;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const text = new TextDecoder('utf-8');

/**
 * A chunk as csv-parse's browser entry takes it: text (its stream shim accepts strings and its
 * own buffers only). The bytes given are valid UTF-8 cut at character boundaries.
 */
export function parserChunk(chunk: string | Uint8Array): string | Uint8Array {
  return typeof chunk === 'string' ? chunk : text.decode(chunk);
}

/** Whether the bytes are valid UTF-8 (a fatal `TextDecoder`). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  // ASCII is valid UTF-8: most CSV chunks are, and need no decoder.
  let at = 0;
  while (at < bytes.length && (bytes[at] as number) < 0x80) at += 1;
  if (at === bytes.length) return true;
  try {
    utf8.decode(bytes.subarray(at));
    return true;
  } catch {
    return false;
  }
}

/**
 * ISO-8859-1: one character per byte. (Not `TextDecoder('latin1')`: the Encoding Standard maps
 * that label to windows-1252, which reads 0x80–0x9F differently.)
 */
export function latin1Text(bytes: Uint8Array): string {
  let text = '';
  for (let at = 0; at < bytes.length; at += 8192) {
    text += String.fromCharCode(...bytes.subarray(at, at + 8192));
  }
  return text;
}

/** A `file:` URL's path, for messages only (the browser build reads no path). */
export function urlToPath(url: URL): string {
  return decodeURIComponent(url.pathname);
}

/** Paths and `file:` URLs are rejected: there is no file system to read them from. */
export const READS_PATHS = false;

/** Never called: {@link READS_PATHS} is false. */
export function readFileChunks(path: string | URL): AsyncGenerator<Uint8Array> {
  throw new Error(`reading ${String(path)} needs Node`);
}

/** Inflates gzip bytes with the platform's `DecompressionStream`. */
export async function* gunzip(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  if (typeof DecompressionStream !== 'function') {
    throw new Error('the input is gzip-compressed and this runtime has no DecompressionStream');
  }
  const inflate = new DecompressionStream('gzip');
  const writer = inflate.writable.getWriter();
  const pump = (async () => {
    try {
      for await (const chunk of bytes) await writer.write(chunk as Uint8Array<ArrayBuffer>);
      await writer.close();
    } catch (error) {
      // A read error of the source fails the output; a write error is the output's own.
      await writer.abort(error).catch(() => undefined);
    }
  })();
  const reader = inflate.readable.getReader();
  let done = false;
  try {
    for (;;) {
      let next: Awaited<ReturnType<typeof reader.read>>;
      try {
        next = await reader.read();
      } catch (error) {
        // Browsers say little (`TypeError: Failed to fetch`-style messages): say what it was.
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`the gzip data is corrupt or truncated (${reason})`, { cause: error });
      }
      if (next.done) break;
      yield next.value;
    }
    done = true;
  } finally {
    // Stopped early (an error downstream): cancelling fails the pending writes, ending the pump.
    if (!done) await reader.cancel().catch(() => undefined);
    await pump;
  }
}

/** File-system writes of `downloadDataset` (Node only). */
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

/** There is no file system to download into: a {@link DownloadError} saying what to do instead. */
export function downloadFiles(url: string): Promise<DownloadFiles> {
  return Promise.reject(
    new DownloadError(
      url,
      'downloadDataset writes a file and needs Node; in a browser, fetch the CSV and pass ' +
        '`response.body` (or a Blob) to loadTracks',
    ),
  );
}
