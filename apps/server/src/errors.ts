/** Errors of the HTTP layer and Spotify's error shape. */

/** Spotify's error object: `{ error: { status, message } }`. */
export interface SpotifyError {
  readonly error: { readonly status: number; readonly message: string };
}

/** The error body Spotify's Web API sends, for any status. */
export function spotifyError(status: number, message: string): SpotifyError {
  return { error: { status, message } };
}

/** A request the server refuses with a 4xx status, naming the parameter at fault. */
export class HttpError extends Error {
  /** The HTTP status. */
  readonly statusCode: number;
  /** The query parameter at fault, when there is one. */
  readonly parameter: string | undefined;

  constructor(statusCode: number, message: string, parameter?: string) {
    super(message);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.parameter = parameter;
  }
}

/** A 400 naming the query parameter at fault. */
export class BadRequestError extends HttpError {
  constructor(parameter: string, message: string) {
    super(400, message, parameter);
    this.name = 'BadRequestError';
  }
}

/** The JSON schema of Spotify's error body, for the OpenAPI document. */
export const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['status', 'message'],
      properties: {
        status: { type: 'integer', description: 'The HTTP status code.' },
        message: { type: 'string', description: 'What went wrong, naming the parameter.' },
      },
    },
  },
} as const;
