import { SingleBar } from 'cli-progress';
import type { CliIO } from './io';

/** A progress bar on stderr, or nothing when stderr is not a terminal (or with --json). */
export function progressBar(io: CliIO, format: string, enabled = true): SingleBar | undefined {
  if (!enabled || io.stderr.isTTY !== true) return undefined;
  return new SingleBar({ stream: io.stderr, format, hideCursor: true, clearOnComplete: false });
}
