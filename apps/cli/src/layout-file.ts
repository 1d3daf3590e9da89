import { readFileSync } from 'node:fs';
import { InvalidArgumentError, parseTrackLayout, type TrackLayout } from '@spotrec/data';
import { CliDataError } from './errors';

/**
 * Reads `--layout FILE.json`: a declared layout, checked field by field by `parseTrackLayout`
 * of `@spotrec/data`. Any problem becomes one line naming the file and the field.
 */
export function readLayoutFile(path: string): TrackLayout {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliDataError(
      `cannot read layout ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}`,
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliDataError(`layout ${path}: not valid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  try {
    return parseTrackLayout(json);
  } catch (error) {
    if (InvalidArgumentError.isInstance(error))
      throw new CliDataError(`layout ${path}: ${error.message}`, { cause: error });
    throw error;
  }
}
