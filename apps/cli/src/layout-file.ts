import { readFileSync } from 'node:fs';
import {
  DataError,
  REQUIRED_TRACK_FIELDS,
  SPOTIFY_TRACKS_LAYOUT,
  defineTrackLayout,
  type TrackField,
  type TrackLayout,
} from '@spotrec/data';
import { CliDataError } from './errors';

/** Every field a layout may map (the Spotify Tracks layout maps them all). */
const TRACK_FIELDS = Object.keys(SPOTIFY_TRACKS_LAYOUT.columns) as TrackField[];
const LAYOUT_KEYS = ['name', 'columns', 'artistSeparator', 'genreSeparator'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTrackField(name: string): name is TrackField {
  return (TRACK_FIELDS as readonly string[]).includes(name);
}

/**
 * Reads a declared track layout (`--layout FILE.json`) and checks every field, naming the
 * field and the file in the message. (To be replaced by `parseTrackLayout` from
 * `@spotrec/data` once it exists.)
 *
 * @throws {@link CliDataError} when the file cannot be read, is not JSON or breaks a rule.
 */
export function readLayoutFile(path: string): TrackLayout {
  const fail = (message: string): never => {
    throw new CliDataError(`layout ${path}: ${message}`);
  };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliDataError(
      `cannot read layout ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(`not valid JSON (${(error as Error).message})`);
  }
  if (!isRecord(json)) return fail('expected a JSON object with "name" and "columns"');
  for (const key of Object.keys(json)) {
    if (!LAYOUT_KEYS.includes(key))
      fail(`unknown field "${key}" (the fields are ${LAYOUT_KEYS.join(', ')})`);
  }
  const { name, columns, artistSeparator, genreSeparator } = json;
  if (typeof name !== 'string' || name.trim() === '')
    return fail(`"name" must be a non-empty string, got ${JSON.stringify(name) ?? 'nothing'}`);
  if (!isRecord(columns))
    return fail('"columns" must be an object mapping track fields to CSV column names');
  const mapped: Partial<Record<TrackField, string>> = {};
  for (const [field, column] of Object.entries(columns)) {
    if (!isTrackField(field))
      return fail(`"columns.${field}" is not a track field (one of ${TRACK_FIELDS.join(', ')})`);
    if (typeof column !== 'string' || column === '')
      return fail(`"columns.${field}" must be a CSV column name, got ${JSON.stringify(column)}`);
    mapped[field] = column;
  }
  const missing = REQUIRED_TRACK_FIELDS.filter((field) => mapped[field] === undefined);
  if (missing.length > 0)
    fail(
      `"columns" lacks the required field${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`,
    );
  const separators: { artistSeparator?: string | null; genreSeparator?: string | null } = {};
  for (const [key, value] of [
    ['artistSeparator', artistSeparator],
    ['genreSeparator', genreSeparator],
  ] as const) {
    if (value === undefined) continue;
    if (value === null || (typeof value === 'string' && value !== '')) separators[key] = value;
    else fail(`"${key}" must be a non-empty string or null, got ${JSON.stringify(value)}`);
  }
  try {
    return defineTrackLayout({ name, columns: mapped, ...separators });
  } catch (error) {
    if (DataError.isInstance(error)) return fail(error.message);
    throw error;
  }
}
