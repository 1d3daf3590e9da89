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

/** A long step of a command: its label, and a way to report how far it has come. */
export interface StepContext {
  /** Reports `done` of `total` units (queries, epochs); on a terminal it draws a bar. */
  readonly progress: (done: number, total: number) => void;
}

/**
 * Progress of a command made of steps (loading, fitting, evaluating, rendering), on stderr:
 * on a terminal `… label`, a bar while it counts, and `✓ label (3.2 s)` when done; elsewhere
 * plain lines, `spotrec: label…` when a step starts and `spotrec: label: done in 3.2 s` when
 * it ends. Nothing when `enabled` is false (with --json).
 */
export class StepProgress {
  readonly #io: CliIO;
  readonly #enabled: boolean;
  readonly #terminal: boolean;
  readonly #now: () => number;

  constructor(io: CliIO, enabled: boolean, now: () => number = () => performance.now()) {
    this.#io = io;
    this.#enabled = enabled;
    this.#terminal = ansiAllowed(io, 'stderr');
    this.#now = now;
  }

  /** Runs `work` as a step called `label` and returns what it returns. */
  async run<T>(label: string, work: (step: StepContext) => Promise<T> | T): Promise<T> {
    if (!this.#enabled) return work({ progress: () => undefined });
    const started = this.#now();
    const stderr = this.#io.stderr;
    let bar: SingleBar | undefined;
    if (this.#terminal) stderr.write(`… ${label}\n`);
    else stderr.write(`spotrec: ${label}…\n`);
    const progress = (done: number, total: number) => {
      if (!this.#terminal) return;
      if (bar === undefined) {
        bar = new SingleBar({
          stream: stderr,
          format: `${label} [{bar}] {value}/{total}`,
          hideCursor: true,
          clearOnComplete: true,
        });
        bar.start(total, 0);
      }
      bar.update(done);
    };
    try {
      return await work({ progress });
    } finally {
      bar?.stop();
      const seconds = ((this.#now() - started) / 1000).toFixed(1);
      if (this.#terminal) stderr.write(`✓ ${label} (${seconds} s)\n`);
      else stderr.write(`spotrec: ${label}: done in ${seconds} s\n`);
    }
  }
}
