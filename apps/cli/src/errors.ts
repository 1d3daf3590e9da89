/** A problem with the user's data or request, reported as one line and exit code 1. */
export class CliDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliDataError';
  }
}
