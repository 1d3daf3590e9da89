/**
 * The first step of every `fromJSON(input)`: JSON text is parsed, anything else is returned
 * as it is. Invalid text goes to `fail` with the reason `not JSON (<parser message>)` and the
 * parser's error as the cause, so each package throws its own error class.
 *
 * @example
 * ```ts
 * const fail = (reason: string, cause: unknown): never => {
 *   throw new Error(reason, { cause });
 * };
 * parseJSONInput('{"kind":"x"}', fail); // { kind: 'x' }
 * parseJSONInput({ kind: 'x' }, fail); // the same object
 * ```
 */
export function parseJSONInput(
  input: unknown,
  fail: (reason: string, cause: unknown) => never,
): unknown {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input) as unknown;
  } catch (error) {
    return fail(`not JSON (${error instanceof Error ? error.message : String(error)})`, error);
  }
}
