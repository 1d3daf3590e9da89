import { NUMERIC_TRACK_FIELDS, TRACK_FIELD_RANGES, type Track } from '@spotrec/data';
import { InvalidFormatError } from './errors';

/** The compact catalog of a bundle: the fields the request model and a service read, by column. */
export interface CatalogJSON {
  /** Marks the file. */
  readonly kind: 'spotrec.catalog';
  /** The format version. */
  readonly formatVersion: 1;
  /** Number of tracks. */
  readonly rows: number;
  /** One array per field, each `rows` long. */
  readonly columns: {
    readonly id: readonly string[];
    readonly name: readonly string[];
    readonly album: readonly string[];
    readonly artists: readonly (readonly string[])[];
    readonly genres: readonly (readonly string[])[];
    readonly explicit: readonly (boolean | null)[];
  } & Readonly<Record<(typeof NUMERIC_TRACK_FIELDS)[number], readonly (number | null)[]>>;
}

const NULLABLE = new Set(['popularity', 'durationMs', 'timeSignature']);

/** @internal The tracks as a columnar catalog file. */
export function writeCatalog(tracks: readonly Track[]): CatalogJSON {
  const column = <K extends keyof Track>(key: K) => tracks.map((track) => track[key]);
  const numeric = {} as Record<(typeof NUMERIC_TRACK_FIELDS)[number], (number | null)[]>;
  for (const field of NUMERIC_TRACK_FIELDS) numeric[field] = column(field);
  return {
    kind: 'spotrec.catalog',
    formatVersion: 1,
    rows: tracks.length,
    columns: {
      id: column('id'),
      name: column('name'),
      album: column('album'),
      artists: column('artists'),
      genres: column('genres'),
      explicit: column('explicit'),
      ...numeric,
    },
  };
}

/** @internal Reads and validates every field of a catalog file. */
export function readCatalog(input: unknown, file: string): Track[] {
  const fail = (field: string, expected: string, value: unknown): never => {
    throw new InvalidFormatError(file, field, expected, value);
  };
  if (typeof input !== 'object' || input === null) return fail('', 'a catalog object', input);
  const json = input as Record<string, unknown>;
  if (json.kind !== 'spotrec.catalog') fail('kind', '"spotrec.catalog"', json.kind);
  if (json.formatVersion !== 1) fail('formatVersion', 'format version 1', json.formatVersion);
  const rows = json.rows;
  if (typeof rows !== 'number' || !Number.isSafeInteger(rows) || rows < 0)
    return fail('rows', 'a non-negative integer', rows);
  const columns = json.columns;
  if (typeof columns !== 'object' || columns === null)
    return fail('columns', 'an object of columns', columns);
  const get = (name: string): unknown[] => {
    const values = (columns as Record<string, unknown>)[name];
    if (!Array.isArray(values) || values.length !== rows)
      return fail(`columns.${name}`, `an array of ${rows} values`, values);
    return values;
  };
  const strings = (name: string): string[] => {
    const values = get(name);
    values.forEach((value, row) => {
      if (typeof value !== 'string') fail(`columns.${name}[${row}]`, 'a string', value);
    });
    return values as string[];
  };
  const lists = (name: string): string[][] => {
    const values = get(name);
    values.forEach((value, row) => {
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
        fail(`columns.${name}[${row}]`, 'an array of strings', value);
    });
    return values as string[][];
  };
  const ids = strings('id');
  const seen = new Set<string>();
  ids.forEach((id, row) => {
    if (id === '' || seen.has(id))
      fail(`columns.id[${row}]`, 'a non-empty id no other row has', id);
    seen.add(id);
  });
  const names = strings('name');
  const albums = strings('album');
  const artists = lists('artists');
  const genres = lists('genres');
  const explicit = get('explicit');
  explicit.forEach((value, row) => {
    if (typeof value !== 'boolean' && value !== null)
      fail(`columns.explicit[${row}]`, 'true, false or null', value);
  });
  const numeric = new Map<string, (number | null)[]>();
  for (const field of NUMERIC_TRACK_FIELDS) {
    const values = get(field);
    const range = TRACK_FIELD_RANGES[field];
    values.forEach((value, row) => {
      if (value === null && NULLABLE.has(field)) return;
      if (
        typeof value !== 'number' ||
        !Number.isFinite(value) ||
        value < range.min ||
        value > range.max ||
        (range.integer && !Number.isInteger(value))
      )
        fail(
          `columns.${field}[${row}]`,
          `${range.integer ? 'an integer' : 'a number'} in [${range.min}, ${range.max}]${NULLABLE.has(field) ? ' or null' : ''}`,
          value,
        );
    });
    numeric.set(field, values as (number | null)[]);
  }
  const value = (field: string, row: number) => (numeric.get(field) as (number | null)[])[row];
  return ids.map((id, row): Track => ({
    id,
    name: names[row] as string,
    artists: artists[row] as string[],
    album: albums[row] as string,
    popularity: value('popularity', row) ?? null,
    durationMs: value('durationMs', row) ?? null,
    explicit: explicit[row] as boolean | null,
    danceability: value('danceability', row) as number,
    energy: value('energy', row) as number,
    key: value('key', row) as number,
    loudness: value('loudness', row) as number,
    mode: value('mode', row) as number,
    speechiness: value('speechiness', row) as number,
    acousticness: value('acousticness', row) as number,
    instrumentalness: value('instrumentalness', row) as number,
    liveness: value('liveness', row) as number,
    valence: value('valence', row) as number,
    tempo: value('tempo', row) as number,
    timeSignature: value('timeSignature', row) ?? null,
    genres: genres[row] as string[],
  }));
}
