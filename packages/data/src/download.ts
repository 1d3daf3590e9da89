import { assertNonNegativeInteger } from './assert';
import { DataError, DownloadError, InvalidArgumentError } from './errors';
import { loadTracks, type LoadReport } from './load-tracks';
import { downloadFiles } from './platform';

/** The public CSV of the full Spotify Tracks Dataset (114,000 rows, about 20 MB). */
export const SPOTIFY_TRACKS_DATASET_URL =
  'https://huggingface.co/datasets/maharshipandya/spotify-tracks-dataset/resolve/main/dataset.csv';

/** Progress of a download, reported as bytes arrive. */
export interface DownloadProgress {
  /** Bytes received so far. */
  readonly receivedBytes: number;
  /** From the `Content-Length` header, `undefined` when the server does not send one. */
  readonly totalBytes: number | undefined;
}

/** Options of {@link downloadDataset}. */
export interface DownloadDatasetOptions {
  /** Where to write the CSV. Parent folders are created; an existing file is replaced only on success. */
  to: string;
  /**
   * The address to fetch.
   * @defaultValue {@link SPOTIFY_TRACKS_DATASET_URL}
   */
  url?: string;
  /**
   * Rows the file must hold, checked after the download; `null` to skip the check.
   * @defaultValue `114000`
   */
  expectedRows?: number | null;
  /** Called as bytes arrive (at most once per received chunk). */
  onProgress?: (progress: DownloadProgress) => void;
  /** Cancels the download. */
  signal?: AbortSignal;
  /**
   * The `fetch` to use (for proxies or tests).
   * @defaultValue `globalThis.fetch`
   */
  fetch?: typeof globalThis.fetch;
}

/** What {@link downloadDataset} wrote. */
export interface DownloadResult {
  /** The file written (`options.to`). */
  readonly path: string;
  /** Its size in bytes. */
  readonly bytes: number;
  /** The load report of the check: rows, distinct tracks, merged duplicates. */
  readonly report: LoadReport;
}

/**
 * Downloads the full Spotify Tracks Dataset CSV (or another CSV in a supported layout) to a
 * local file, reporting progress, then checks it by loading it: the header must be a
 * supported layout, every row valid, and the row count as expected. The file is written
 * beside the target as `<to>.part` and moved into place only when every check passes.
 *
 * It writes a file, so it runs in Node only: in a browser it fails with a
 * {@link DownloadError} (fetch the CSV and pass `response.body` to {@link loadTracks}).
 *
 * @param options - Target path, source address, checks and progress callback.
 * @returns The path, the size and the load report of the check.
 * @throws {@link DownloadError} on an HTTP error, a network failure, an unexpected header
 * or row count (the partial file is removed).
 *
 * @example
 * ```ts
 * const result = await downloadDataset({
 *   to: 'data/spotify-tracks.csv',
 *   onProgress: ({ receivedBytes, totalBytes }) => console.log(receivedBytes, totalBytes),
 * });
 * result.report.rowsRead; // 114000
 * ```
 */
export async function downloadDataset(options: DownloadDatasetOptions): Promise<DownloadResult> {
  if (typeof options !== 'object' || options === null)
    throw new InvalidArgumentError('options', 'an options object', options);
  const {
    to,
    url = SPOTIFY_TRACKS_DATASET_URL,
    expectedRows = 114_000,
    onProgress,
    signal,
  } = options;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof to !== 'string' || to === '')
    throw new InvalidArgumentError('options.to', 'a file path', to);
  if (typeof url !== 'string' || !/^https?:\/\//.test(url))
    throw new InvalidArgumentError('options.url', 'an http(s) URL', url);
  if (expectedRows !== null) assertNonNegativeInteger(expectedRows, 'options.expectedRows');
  if (typeof fetchImpl !== 'function')
    throw new InvalidArgumentError('options.fetch', 'a fetch function', fetchImpl);

  const files = await downloadFiles(url);
  const partial = `${to}.part`;
  await files.prepare(to);
  try {
    let response: Response;
    try {
      response = await fetchImpl(url, signal === undefined ? {} : { signal });
    } catch (error) {
      throw new DownloadError(
        url,
        `the request failed (${error instanceof Error ? error.message : String(error)})`,
        { cause: error },
      );
    }
    if (!response.ok || response.body === null) {
      throw new DownloadError(
        url,
        `the server answered ${response.status} ${response.statusText}`.trim(),
        { status: response.status },
      );
    }
    const length = Number(response.headers.get('content-length'));
    const totalBytes = Number.isFinite(length) && length > 0 ? length : undefined;
    let receivedBytes = 0;
    const body = response.body;
    async function* counted(): AsyncGenerator<Uint8Array> {
      const reader = body.getReader();
      try {
        for (;;) {
          const next = await reader.read();
          if (next.done) return;
          receivedBytes += next.value.length;
          onProgress?.({ receivedBytes, totalBytes });
          yield next.value;
        }
      } finally {
        reader.releaseLock();
      }
    }
    try {
      await files.write(partial, counted());
    } catch (error) {
      throw new DownloadError(
        url,
        `the transfer broke off after ${receivedBytes} bytes (${error instanceof Error ? error.message : String(error)})`,
        { cause: error },
      );
    }
    if (totalBytes !== undefined && receivedBytes !== totalBytes) {
      throw new DownloadError(
        url,
        `received ${receivedBytes} bytes of the ${totalBytes} announced`,
      );
    }
    let report: LoadReport;
    try {
      ({ report } = await loadTracks(partial, { onInvalid: 'throw' }));
    } catch (error) {
      const reason = DataError.isInstance(error) ? error.message : String(error);
      throw new DownloadError(url, `the file is not a dataset this package reads: ${reason}`, {
        cause: error,
      });
    }
    if (expectedRows !== null && report.rowsRead !== expectedRows) {
      throw new DownloadError(
        url,
        `expected ${expectedRows} rows, the file has ${report.rowsRead}`,
      );
    }
    await files.rename(partial, to);
    const size = await files.size(to);
    return { path: to, bytes: size, report: { ...report, source: to } };
  } catch (error) {
    await files.remove(partial);
    throw error;
  }
}
