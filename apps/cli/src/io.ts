/** Where the CLI writes: stdout for results (and only results with --json), stderr for the rest. */
export interface CliIO {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** The environment read for `NO_COLOR` and `TERM` (default: `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export function writeLine(stream: NodeJS.WritableStream, line = ''): void {
  stream.write(`${line}\n`);
}

/**
 * Whether escape sequences (colours, cursor moves) may be written to `stream`: only on a
 * terminal, and never when `NO_COLOR` is set to a non-empty value or `TERM` is `dumb`.
 */
export function ansiAllowed(io: CliIO, stream: 'stdout' | 'stderr'): boolean {
  const env = io.env ?? process.env;
  return io[stream].isTTY === true && (env.NO_COLOR ?? '') === '' && env.TERM !== 'dumb';
}

/**
 * Ends the process quietly (exit code 0) when the reader of `stream` goes away, as
 * `spotrec describe | head -1` does, instead of dying on an unhandled `EPIPE`.
 */
export function exitQuietlyWhenClosed(
  stream: NodeJS.WritableStream,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') exit(0);
    else throw error;
  });
}
