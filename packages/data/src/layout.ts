import { InvalidArgumentError } from './errors';
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

/**
 * Declares a layout for a CSV that carries the track facts under other column names,
 * checking that every required field is mapped.
 *
 * @param layout - The column mapping.
 * @returns The same layout, checked.
 * @throws {@link InvalidArgumentError} when a required field is unmapped or a column is
 * mapped twice.
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
  if (typeof layout.name !== 'string' || layout.name === '') {
    throw new InvalidArgumentError('layout.name', 'a non-empty string', layout.name);
  }
  for (const field of REQUIRED_TRACK_FIELDS) {
    const column = layout.columns[field];
    if (typeof column !== 'string' || column === '') {
      throw new InvalidArgumentError(
        `layout.columns.${field}`,
        'a column name (the field is required)',
        column,
      );
    }
  }
  const seen = new Map<string, string>();
  for (const [field, column] of Object.entries(layout.columns)) {
    if (typeof column !== 'string' || column === '') {
      throw new InvalidArgumentError(`layout.columns.${field}`, 'a non-empty column name', column);
    }
    const other = seen.get(column);
    if (other !== undefined) {
      throw new InvalidArgumentError(
        `layout.columns.${field}`,
        `a column not already mapped (column "${column}" is mapped to ${other})`,
        column,
      );
    }
    seen.set(column, field);
  }
  for (const key of ['artistSeparator', 'genreSeparator'] as const) {
    const separator = layout[key];
    if (
      separator !== undefined &&
      separator !== null &&
      (typeof separator !== 'string' || separator === '')
    ) {
      throw new InvalidArgumentError(`layout.${key}`, 'a non-empty string or null', separator);
    }
  }
  return layout;
}
