/** The eleven audio features of the Spotify audio-features object, in the API's order. */
export const AUDIO_FEATURES = [
  'danceability',
  'energy',
  'key',
  'loudness',
  'mode',
  'speechiness',
  'acousticness',
  'instrumentalness',
  'liveness',
  'valence',
  'tempo',
] as const;

/** One of {@link AUDIO_FEATURES}. */
export type AudioFeature = (typeof AUDIO_FEATURES)[number];

/** Every numeric field of a {@link Track}: the audio features plus the track facts. */
export const NUMERIC_TRACK_FIELDS = [
  'popularity',
  'durationMs',
  ...AUDIO_FEATURES,
  'timeSignature',
] as const;

/** One of {@link NUMERIC_TRACK_FIELDS}. */
export type NumericTrackField = (typeof NUMERIC_TRACK_FIELDS)[number];

/**
 * A track with its audio features, as loaded and validated from a CSV.
 *
 * Numeric fields that a layout may lack (`popularity`, `durationMs`, `timeSignature`) and
 * `explicit` are `null` when the source has no column for them.
 */
export interface Track {
  /** The track id (`track_id`), never empty. */
  id: string;
  /** The track title (`''` where the source has none). */
  name: string;
  /** The artists, split on the layout's separator (`;` in the Spotify Tracks Dataset). */
  artists: string[];
  /** The album title (`''` where the source has none). */
  album: string;
  /** 0 to 100. */
  popularity: number | null;
  /** Length in milliseconds. */
  durationMs: number | null;
  /** Whether the track has explicit lyrics. */
  explicit: boolean | null;
  /** 0 to 1. */
  danceability: number;
  /** 0 to 1. */
  energy: number;
  /** Pitch class 0 to 11, or -1 when no key was detected. */
  key: number;
  /** Decibels, -100 to 10. */
  loudness: number;
  /** 1 major, 0 minor. */
  mode: number;
  /** 0 to 1. */
  speechiness: number;
  /** 0 to 1. */
  acousticness: number;
  /** 0 to 1. */
  instrumentalness: number;
  /** 0 to 1. */
  liveness: number;
  /** 0 to 1. */
  valence: number;
  /** Beats per minute, 0 to 400 (0 where the source could not estimate it). */
  tempo: number;
  /** Beats per bar, 0 to 7 (0 where the source could not estimate it). */
  timeSignature: number | null;
  /** Every genre the track was listed under; duplicated rows of one id merge here. */
  genres: string[];
}

/** The accepted range of a numeric field, inclusive at both ends. */
export interface FieldRange {
  /** Smallest accepted value. */
  readonly min: number;
  /** Largest accepted value. */
  readonly max: number;
  /** Whether only whole numbers are accepted. */
  readonly integer: boolean;
}

/**
 * The validation range of every numeric track field. Values outside are rejected with the
 * rule `out-of-range`; a non-integer in an integer field with `not-an-integer`.
 *
 * @example
 * ```ts
 * TRACK_FIELD_RANGES.key; // { min: -1, max: 11, integer: true }
 * ```
 */
export const TRACK_FIELD_RANGES: Readonly<Record<NumericTrackField, FieldRange>> = {
  popularity: { min: 0, max: 100, integer: true },
  durationMs: { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true },
  danceability: { min: 0, max: 1, integer: false },
  energy: { min: 0, max: 1, integer: false },
  key: { min: -1, max: 11, integer: true },
  loudness: { min: -100, max: 10, integer: false },
  mode: { min: 0, max: 1, integer: true },
  speechiness: { min: 0, max: 1, integer: false },
  acousticness: { min: 0, max: 1, integer: false },
  instrumentalness: { min: 0, max: 1, integer: false },
  liveness: { min: 0, max: 1, integer: false },
  valence: { min: 0, max: 1, integer: false },
  tempo: { min: 0, max: 400, integer: false },
  timeSignature: { min: 0, max: 7, integer: true },
};
