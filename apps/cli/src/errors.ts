/** A problem with the user's data or request, reported as one line and exit code 1. */
export class CliDataError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliDataError';
  }
}

/**
 * A bad option value or combination found after parsing (such as `--min` above `--max`),
 * reported as one `error:` line, like commander's own usage errors, and exit code 2.
 */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}
