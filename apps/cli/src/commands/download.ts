import { downloadDataset } from '@spotrec/data';
import { writeLine, type CliIO } from '../io';
import { progressBar } from '../progress';

export interface DownloadOptions {
  readonly to: string;
  readonly url?: string;
  readonly json: boolean;
}

/** `spotrec download`: fetch the full Spotify Tracks Dataset with a progress bar on stderr. */
export async function downloadCommand(options: DownloadOptions, io: CliIO): Promise<void> {
  const bar = progressBar(
    io,
    'downloading [{bar}] {percentage}% {value}/{total} bytes',
    !options.json,
  );
  let started = false;
  const result = await downloadDataset({
    to: options.to,
    ...(options.url === undefined ? {} : { url: options.url }),
    onProgress: ({ receivedBytes, totalBytes }) => {
      if (bar === undefined) return;
      if (!started) {
        bar.start(totalBytes ?? 0, 0);
        started = true;
      }
      bar.update(receivedBytes);
    },
  });
  bar?.stop();
  if (options.json) {
    writeLine(
      io.stdout,
      JSON.stringify({
        path: result.path,
        bytes: result.bytes,
        rows: result.report.rowsRead,
        tracks: result.report.tracks,
      }),
    );
    return;
  }
  writeLine(
    io.stdout,
    `Saved ${result.path}: ${result.bytes.toLocaleString('en-US')} bytes, ${result.report.rowsRead.toLocaleString('en-US')} rows, ` +
      `${result.report.tracks.toLocaleString('en-US')} distinct tracks. Load it with --data ${result.path}`,
  );
}
