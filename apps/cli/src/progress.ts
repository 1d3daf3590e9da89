import { SingleBar } from 'cli-progress';
import { ansiAllowed, type CliIO } from './io';

/**
 * A progress bar on stderr, or nothing when stderr is not a terminal, `NO_COLOR` is set (the
 * bar redraws itself with escape sequences) or `enabled` is false (with --json).
 */
export function progressBar(io: CliIO, format: string, enabled = true): SingleBar | undefined {
  if (!enabled || !ansiAllowed(io, 'stderr')) return undefined;
  return new SingleBar({ stream: io.stderr, format, hideCursor: true, clearOnComplete: false });
}
