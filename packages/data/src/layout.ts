import { InvalidLayoutError } from './errors';
import { AUDIO_FEATURES, type AudioFeature } from './track';

/** A field of {@link Track} that a layout maps to a CSV column. */
export type TrackField =
  | 'id'
  | 'name'
  | 'artists'
  | 'album'
  | 'popularity'
  | 'durationMs'
  | 'explicit'
  | AudioFeature
  | 'timeSignature'
  | 'genres';

/** Every field a layout may map, in {@link Track} order. */
const TRACK_FIELDS: readonly TrackField[] = [
  'id',
  'name',
  'artists',
  'album',
  'popularity',
  'durationMs',
  'explicit',
  ...AUDIO_FEATURES,
  'timeSignature',
  'genres',
];

const LAYOUT_KEYS = ['name', 'columns', 'artistSeparator', 'genreSeparator'] as const;

/** Fields every layout must map: the id, names and the eleven audio features. */
export const REQUIRED_TRACK_FIELDS: readonly TrackField[] = [
  'id',
  'name',
  'artists',
  ...AUDIO_FEATURES,
];

/**
 * How the columns of a CSV map to {@link Track} fields.
 *
 * Fields in {@link REQUIRED_TRACK_FIELDS} must be mapped and present in the header. Other
 * mapped columns are optional: when the header lacks one, the field is `null` (or `''`, `[]`).
 */
export interface TrackLayout {
  /** A name for messages and load reports. */
  readonly name: string;
  /** CSV column name per track field. */
  readonly columns: Readonly<Partial<Record<TrackField, string>>>;
  /**
   * Separator between several artists in the artists column, or `null` for one artist per cell.
   * @defaultValue `null`
   */
  readonly artistSeparator?: string | null;
  /**
   * Separator between several genres in the genres column, or `null` for one genre per cell.
   * @defaultValue `null`
   */
  readonly genreSeparator?: string | null;
}

/**
 * The Spotify Tracks Dataset (Kaggle / Hugging Face `maharshipandya/spotify-tracks-dataset`),
 * with or without its unnamed index column.
 */
export const SPOTIFY_TRACKS_LAYOUT: TrackLayout = {
  name: 'spotify-tracks',
  columns: {
    id: 'track_id',
    name: 'track_name',
    artists: 'artists',
    album: 'album_name',
    popularity: 'popularity',
    durationMs: 'duration_ms',
    explicit: 'explicit',
    danceability: 'danceability',
    energy: 'energy',
    key: 'key',
    loudness: 'loudness',
    mode: 'mode',
    speechiness: 'speechiness',
    acousticness: 'acousticness',
    instrumentalness: 'instrumentalness',
    liveness: 'liveness',
    valence: 'valence',
    tempo: 'tempo',
    timeSignature: 'time_signature',
    genres: 'track_genre',
  },
  artistSeparator: ';',
  genreSeparator: null,
};

/**
 * The TidyTuesday 2020-01-21 `spotify_songs` table: one row per track per playlist, the
 * playlist's genre as the track's genre.
 */
export const TIDYTUESDAY_LAYOUT: TrackLayout = {
  name: 'tidytuesday',
  columns: {
    id: 'track_id',
    name: 'track_name',
    artists: 'track_artist',
    album: 'track_album_name',
    popularity: 'track_popularity',
    durationMs: 'duration_ms',
    danceability: 'danceability',
    energy: 'energy',
    key: 'key',
    loudness: 'loudness',
    mode: 'mode',
    speechiness: 'speechiness',
    acousticness: 'acousticness',
    instrumentalness: 'instrumentalness',
    liveness: 'liveness',
    valence: 'valence',
    tempo: 'tempo',
    genres: 'playlist_genre',
  },
  artistSeparator: null,
  genreSeparator: null,
};

/** The layouts `layout: 'auto'` chooses from, in order. */
export const BUILT_IN_LAYOUTS: readonly TrackLayout[] = [SPOTIFY_TRACKS_LAYOUT, TIDYTUESDAY_LAYOUT];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTrackField(key: string): key is TrackField {
  return (TRACK_FIELDS as readonly string[]).includes(key);
}

function separator(layout: Record<string, unknown>, key: string): string | null {
  const value = layout[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value === '') {
    throw new InvalidLayoutError(key, 'a non-empty string or null', value);
  }
  return value;
}

/**
 * Reads a track layout from untrusted data, such as the parsed JSON of a user's layout file,
 * checking every entry: an object with a non-empty `name`, `columns` mapping track fields
 * ({@link TrackField}) to non-empty column names, every field of
 * {@link REQUIRED_TRACK_FIELDS} mapped, no column mapped twice, and optional
 * `artistSeparator` / `genreSeparator` (a non-empty string or `null`). Unknown entries (a
 * misspelt `artistSeperator`, a column for a field that does not exist) are errors, not
 * silently ignored.
 *
 * @param json - The candidate layout.
 * @returns A new layout holding the checked entries (separators default to `null`).
 * @throws {@link InvalidLayoutError} naming the faulty entry (`error.field`, such as
 * `'columns.tempo'`) and what was expected.
 *
 * @example
 * ```ts
 * const layout = parseTrackLayout({
 *   name: 'my-export',
 *   columns: { ...SPOTIFY_TRACKS_LAYOUT.columns, id: 'spotify_id' },
 *   artistSeparator: ';',
 * });
 * layout.columns.id; // 'spotify_id'
 *
 * parseTrackLayout({ name: 'broken', columns: { id: 'track_id' } });
 * // InvalidLayoutError: Invalid argument "layout.columns.name": expected a column name (the field is required), got undefined
 * ```
 */
export function parseTrackLayout(json: unknown): TrackLayout {
  if (!isRecord(json)) {
    throw new InvalidLayoutError(
      '',
      'an object { name, columns, artistSeparator?, genreSeparator? }',
      json,
    );
  }
  for (const key of Object.keys(json)) {
    if (!(LAYOUT_KEYS as readonly string[]).includes(key)) {
      throw new InvalidLayoutError(
        key,
        `no such entry (a layout has ${LAYOUT_KEYS.join(', ')})`,
        json[key],
      );
    }
  }
  const { name, columns } = json;
  if (typeof name !== 'string' || name === '') {
    throw new InvalidLayoutError('name', 'a non-empty string', name);
  }
  if (!isRecord(columns)) {
    throw new InvalidLayoutError(
      'columns',
      'an object mapping track fields to column names',
      columns,
    );
  }
  const mapped: Partial<Record<TrackField, string>> = {};
  const fieldOfColumn = new Map<string, string>();
  for (const [field, column] of Object.entries(columns)) {
    if (!isTrackField(field)) {
      throw new InvalidLayoutError(
        `columns.${field}`,
        `an entry named after a track field (${TRACK_FIELDS.join(', ')})`,
        column,
      );
    }
    if (typeof column !== 'string' || column === '') {
      throw new InvalidLayoutError(`columns.${field}`, 'a non-empty column name', column);
    }
    const other = fieldOfColumn.get(column);
    if (other !== undefined) {
      throw new InvalidLayoutError(
        `columns.${field}`,
        `a column not already mapped (column "${column}" is mapped to ${other})`,
        column,
      );
    }
    fieldOfColumn.set(column, field);
    mapped[field] = column;
  }
  for (const field of REQUIRED_TRACK_FIELDS) {
    if (mapped[field] === undefined) {
      throw new InvalidLayoutError(
        `columns.${field}`,
        'a column name (the field is required)',
        columns[field],
      );
    }
  }
  return {
    name,
    columns: mapped,
    artistSeparator: separator(json, 'artistSeparator'),
    genreSeparator: separator(json, 'genreSeparator'),
  };
}

/**
 * Declares a layout for a CSV that carries the track facts under other column names,
 * checking it as {@link parseTrackLayout} does: every required field mapped, no column
 * mapped twice, no unknown entry, separators non-empty.
 *
 * @param layout - The column mapping.
 * @returns The same layout, checked.
 * @throws {@link InvalidLayoutError} (an {@link InvalidArgumentError}) naming the entry that
 * breaks a rule.
 *
 * @example
 * ```ts
 * const layout = defineTrackLayout({
 *   name: 'my-export',
 *   columns: { ...SPOTIFY_TRACKS_LAYOUT.columns, id: 'spotify_id', genres: 'genre' },
 * });
 * const { tracks } = await loadTracks('export.csv', { layout });
 * ```
 */
export function defineTrackLayout(layout: TrackLayout): TrackLayout {
  parseTrackLayout(layout);
  return layout;
}
