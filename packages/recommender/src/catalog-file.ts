import { NUMERIC_TRACK_FIELDS, TRACK_FIELD_RANGES, type Track } from '@spotrec/data';
import { InvalidFormatError } from './errors';

/**
 * The text half of a bundle's compact catalog (`catalog.json`): the strings, with artists and
 * genres as dictionaries. The numbers, and the artist and genre lists as offsets into the
 * dictionaries, live in `catalog.bin` (little-endian, 8-byte aligned sections).
 */
export interface CatalogJSON {
  /** Marks the file. */
  readonly kind: 'spotrec.catalog';
  /** The format version. */
  readonly formatVersion: 2;
  /** Number of tracks. */
  readonly rows: number;
  /** Track ids, in row order. */
  readonly id: readonly string[];
  /** Track titles, in row order. */
  readonly name: readonly string[];
  /** Album titles, in row order. */
  readonly album: readonly string[];
  /** Every artist name once; rows refer to them by position. */
  readonly artistNames: readonly string[];
  /** Every genre once; rows refer to them by position. */
  readonly genreNames: readonly string[];
  /** The numeric columns of `catalog.bin`, in order. */
  readonly numeric: readonly string[];
}

const NULLABLE = new Set(['popularity', 'durationMs', 'timeSignature']);

/** Byte layout of `catalog.bin`: each section 8-byte aligned. */
function layout(rows: number, artistRefs: number, genreRefs: number) {
  const align = (bytes: number) => Math.ceil(bytes / 8) * 8;
  const sections = [
    ['artistOffsets', 4 * (rows + 1)],
    ['artistRefs', 4 * artistRefs],
    ['genreOffsets', 4 * (rows + 1)],
    ['genreRefs', 4 * genreRefs],
    ['explicit', rows],
    ['group', 4 * rows],
    ['numeric', 8 * rows * NUMERIC_TRACK_FIELDS.length],
  ] as const;
  const at: Record<string, number> = {};
  let offset = 0;
  for (const [name, bytes] of sections) {
    at[name] = offset;
    offset += align(bytes);
  }
  return { at, total: offset };
}

/** @internal The tracks as `catalog.json` (strings) and `catalog.bin` (offsets and numbers). */
export function writeCatalog(
  tracks: readonly Track[],
  groups: Int32Array,
): { json: CatalogJSON; bin: Uint8Array } {
  const dictionary = () => {
    const position = new Map<string, number>();
    return {
      position,
      of: (name: string) => {
        let at = position.get(name);
        if (at === undefined) position.set(name, (at = position.size));
        return at;
      },
    };
  };
  const artists = dictionary();
  const genres = dictionary();
  const artistRefs = tracks.flatMap((track) => track.artists.map(artists.of));
  const genreRefs = tracks.flatMap((track) => track.genres.map(genres.of));
  const rows = tracks.length;
  const { at, total } = layout(rows, artistRefs.length, genreRefs.length);
  const buffer = new ArrayBuffer(total);
  const offsets = (name: string, lists: (track: Track) => readonly string[]) => {
    const view = new Uint32Array(buffer, at[name], rows + 1);
    tracks.forEach((track, row) => {
      view[row + 1] = (view[row] as number) + lists(track).length;
    });
  };
  offsets('artistOffsets', (track) => track.artists);
  new Uint32Array(buffer, at.artistRefs, artistRefs.length).set(artistRefs);
  offsets('genreOffsets', (track) => track.genres);
  new Uint32Array(buffer, at.genreRefs, genreRefs.length).set(genreRefs);
  const explicit = new Int8Array(buffer, at.explicit, rows);
  tracks.forEach((track, row) => {
    explicit[row] = track.explicit === null ? -1 : track.explicit ? 1 : 0;
  });
  new Int32Array(buffer, at.group, rows).set(groups);
  const numeric = new Float64Array(buffer, at.numeric, rows * NUMERIC_TRACK_FIELDS.length);
  NUMERIC_TRACK_FIELDS.forEach((field, column) => {
    tracks.forEach((track, row) => {
      numeric[column * rows + row] = track[field] ?? Number.NaN;
    });
  });
  return {
    json: {
      kind: 'spotrec.catalog',
      formatVersion: 2,
      rows,
      id: tracks.map((track) => track.id),
      name: tracks.map((track) => track.name),
      album: tracks.map((track) => track.album),
      artistNames: [...artists.position.keys()],
      genreNames: [...genres.position.keys()],
      numeric: [...NUMERIC_TRACK_FIELDS],
    },
    bin: new Uint8Array(buffer),
  };
}

/** @internal Reads and validates every field of `catalog.json` and `catalog.bin`. */
export function readCatalog(
  input: unknown,
  bytes: Uint8Array,
  file: string,
  binFile: string,
): { tracks: Track[]; groups: Int32Array } {
  const fail = (field: string, expected: string, value: unknown, where = file): never => {
    throw new InvalidFormatError(where, field, expected, value);
  };
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return fail('', 'a catalog object', input);
  const json = input as Record<string, unknown>;
  if (json.kind !== 'spotrec.catalog') fail('kind', '"spotrec.catalog"', json.kind);
  if (json.formatVersion !== 2) fail('formatVersion', 'format version 2', json.formatVersion);
  const rows = json.rows;
  if (typeof rows !== 'number' || !Number.isSafeInteger(rows) || rows < 0)
    return fail('rows', 'a non-negative integer', rows);
  const strings = (name: string, length?: number): string[] => {
    const values = json[name];
    if (!Array.isArray(values) || (length !== undefined && values.length !== length))
      return fail(name, `an array of ${length ?? 'any number of'} strings`, values);
    for (let at = 0; at < values.length; at += 1)
      if (typeof values[at] !== 'string') fail(`${name}[${at}]`, 'a string', values[at]);
    return values as string[];
  };
  const ids = strings('id', rows);
  const seen = new Set<string>();
  ids.forEach((id, row) => {
    if (id === '' || seen.has(id)) fail(`id[${row}]`, 'a non-empty id no other row has', id);
    seen.add(id);
  });
  const names = strings('name', rows);
  const albums = strings('album', rows);
  const artistNames = strings('artistNames');
  const genreNames = strings('genreNames');
  const numericNames = strings('numeric');
  if (numericNames.join() !== NUMERIC_TRACK_FIELDS.join())
    fail('numeric', `the columns ${NUMERIC_TRACK_FIELDS.join(', ')}`, numericNames.join(', '));

  // The binary half: copied to an aligned buffer, then read by section.
  const buffer = bytes.slice().buffer;
  const u32 = (offset: number, count: number, field: string) => {
    if (offset + 4 * count > buffer.byteLength)
      fail(field, `${4 * count} bytes at ${offset}`, `${buffer.byteLength} bytes in all`, binFile);
    return new Uint32Array(buffer, offset, count);
  };
  const probe = layout(rows, 0, 0);
  const artistOffsets = u32(probe.at.artistOffsets as number, rows + 1, 'artistOffsets');
  const artistCount = artistOffsets[rows] as number;
  const sized = layout(rows, artistCount, 0);
  const genreOffsets = u32(sized.at.genreOffsets as number, rows + 1, 'genreOffsets');
  const genreCount = genreOffsets[rows] as number;
  const { at, total } = layout(rows, artistCount, genreCount);
  if (buffer.byteLength !== total)
    fail('', `${total} bytes for ${rows} rows`, `${buffer.byteLength} bytes`, binFile);
  const artistRefs = u32(at.artistRefs as number, artistCount, 'artistRefs');
  const genreRefs = u32(at.genreRefs as number, genreCount, 'genreRefs');
  const lists = (
    offsets: Uint32Array,
    refs: Uint32Array,
    dictionary: readonly string[],
    field: string,
  ): string[][] => {
    if (offsets[0] !== 0) fail(`${field}Offsets[0]`, '0', offsets[0], binFile);
    const out: string[][] = new Array<string[]>(rows);
    for (let row = 0; row < rows; row += 1) {
      const from = offsets[row] as number;
      const to = offsets[row + 1] as number;
      if (to < from) fail(`${field}Offsets[${row + 1}]`, `a value ≥ ${from}`, to, binFile);
      const list: string[] = [];
      for (let ref = from; ref < to; ref += 1) {
        const name = dictionary[refs[ref] as number];
        if (name === undefined)
          fail(`${field}Refs[${ref}]`, `a position below ${dictionary.length}`, refs[ref], binFile);
        list.push(name as string);
      }
      out[row] = list;
    }
    return out;
  };
  const artists = lists(artistOffsets, artistRefs, artistNames, 'artist');
  const genres = lists(genreOffsets, genreRefs, genreNames, 'genre');
  const explicit = new Int8Array(buffer, at.explicit, rows);
  const numeric = new Float64Array(buffer, at.numeric, rows * NUMERIC_TRACK_FIELDS.length);
  NUMERIC_TRACK_FIELDS.forEach((field, column) => {
    const range = TRACK_FIELD_RANGES[field];
    for (let row = 0; row < rows; row += 1) {
      const value = numeric[column * rows + row] as number;
      if (Number.isNaN(value) && NULLABLE.has(field)) continue;
      if (
        !(value >= range.min && value <= range.max) ||
        (range.integer && !Number.isInteger(value))
      )
        fail(
          `${field}[${row}]`,
          `${range.integer ? 'an integer' : 'a number'} in [${range.min}, ${range.max}]${NULLABLE.has(field) ? ' or NaN for none' : ''}`,
          value,
          binFile,
        );
    }
  });
  const value = (field: number, row: number) => numeric[field * rows + row] as number;
  const nullable = (field: number, row: number) => {
    const number = value(field, row);
    return Number.isNaN(number) ? null : number;
  };
  const column = (field: (typeof NUMERIC_TRACK_FIELDS)[number]) =>
    NUMERIC_TRACK_FIELDS.indexOf(field);
  const c = Object.fromEntries(
    NUMERIC_TRACK_FIELDS.map((field) => [field, column(field)]),
  ) as Record<(typeof NUMERIC_TRACK_FIELDS)[number], number>;
  const tracks: Track[] = new Array<Track>(rows);
  for (let row = 0; row < rows; row += 1) {
    const flag = explicit[row] as number;
    if (flag !== -1 && flag !== 0 && flag !== 1)
      fail(`explicit[${row}]`, '-1, 0 or 1', flag, binFile);
    tracks[row] = {
      id: ids[row] as string,
      name: names[row] as string,
      artists: artists[row] as string[],
      album: albums[row] as string,
      popularity: nullable(c.popularity, row),
      durationMs: nullable(c.durationMs, row),
      explicit: flag === -1 ? null : flag === 1,
      danceability: value(c.danceability, row),
      energy: value(c.energy, row),
      key: value(c.key, row),
      loudness: value(c.loudness, row),
      mode: value(c.mode, row),
      speechiness: value(c.speechiness, row),
      acousticness: value(c.acousticness, row),
      instrumentalness: value(c.instrumentalness, row),
      liveness: value(c.liveness, row),
      valence: value(c.valence, row),
      tempo: value(c.tempo, row),
      timeSignature: nullable(c.timeSignature, row),
      genres: genres[row] as string[],
    };
  }
  // Duplicate groups, numbered in row order (checked again when the recommender is built).
  const groups = new Int32Array(buffer, at.group, rows).slice();
  return { tracks, groups };
}
