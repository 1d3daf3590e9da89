import { assertBoolean, assertOneOf, assertOptionsObject, assertPositiveInteger } from './assert';
import {
  RejectionLog,
  RowChecker,
  assertDecodableHeader,
  checkUndecodable,
  splitList,
} from './cells';
import { forEachCsvRecord, describeSource, type CsvSource } from './csv-input';
import {
  CsvFormatError,
  InvalidArgumentError,
  NoRowsError,
  type RowIssue,
  type RowRule,
} from './errors';
import { TEXT_ENCODINGS, type TextEncoding } from './text-decoding';
import { resolveHeader, type ResolvedHeader } from './header';
import type { TrackField, TrackLayout } from './layout';
import { TRACK_FIELD_RANGES, type FieldRange, type NumericTrackField, type Track } from './track';

/** What to do with a row that breaks a validation rule. */
export type OnInvalid = 'throw' | 'skip' | 'collect';

/** Options of {@link loadTracks}. */
export interface LoadTracksOptions {
  /**
   * The column layout, or `'auto'` to recognise the Spotify Tracks Dataset or the
   * TidyTuesday `spotify_songs` header.
   * @defaultValue `'auto'`
   */
  layout?: 'auto' | TrackLayout;
  /**
   * `'throw'` stops at the first invalid row with an {@link InvalidRowError}; `'skip'` leaves
   * invalid rows out and counts them by rule; `'collect'` also lists every issue in the report.
   * @defaultValue `'throw'`
   */
  onInvalid?: OnInvalid;
  /**
   * Merge rows that repeat a track id into one track whose `genres` lists every genre.
   * With `false`, every valid row becomes its own track.
   * @defaultValue `true`
   */
  mergeDuplicates?: boolean;
  /**
   * The longest cell accepted, in characters; a longer cell breaks the rule `too-long`.
   * @defaultValue `65536`
   */
  maxFieldLength?: number;
  /**
   * The text encoding of the file's bytes. With `'utf-8'`, bytes that are not valid UTF-8 are
   * never replaced silently: the row holding them breaks the rule `encoding` (and is thrown,
   * skipped or collected like any invalid row; in the header they fail the load with a
   * {@link CsvFormatError}). `'latin1'` reads ISO-8859-1, one character per byte (as Node's
   * `latin1` and Python's `latin-1`). A `{ text }` source or string chunks are text already
   * and are not affected.
   * @defaultValue `'utf-8'`
   */
  encoding?: TextEncoding;
  /**
   * Whether a load that ends with no track is a result (`true`: `tracks` is `[]` and the
   * report says why: `rowsRead: 0` for a header-only file, `rowsAccepted: 0` when every row was
   * rejected) or an error (`false`: a {@link NoRowsError} naming the source and the reason).
   * @defaultValue `true`
   */
  allowEmpty?: boolean;
}

/** A track id that repeated with different values in fields other than its genre. */
export interface DuplicateConflict {
  /** The repeated track id. */
  readonly id: string;
  /** The line whose values were kept. */
  readonly firstLine: number;
  /** The later line whose values differ. */
  readonly line: number;
  /** The fields that differ between the two rows. */
  readonly fields: readonly TrackField[];
}

/** What a load read, accepted, rejected and merged. */
export interface LoadReport {
  /** The file path, `<stream>` or `<text>`. */
  readonly source: string;
  /** The name of the layout used. */
  readonly layout: string;
  /** The header as read. */
  readonly columns: readonly string[];
  /** Data rows read (blank lines not counted). */
  readonly rowsRead: number;
  /** Rows that passed validation. */
  readonly rowsAccepted: number;
  /** Rows left out for breaking a rule (`onInvalid: 'skip' | 'collect'`). */
  readonly rowsRejected: number;
  /** Distinct tracks returned. */
  readonly tracks: number;
  /** Accepted rows folded into an earlier row of the same id. */
  readonly duplicatesMerged: number;
  /**
   * Merged rows whose non-genre fields differ from the kept row. The first row's values are
   * kept; each difference is listed here so that nothing changes silently.
   */
  readonly duplicateConflicts: readonly DuplicateConflict[];
  /** Issues by rule, over all rejected rows. */
  readonly issueCounts: Readonly<Partial<Record<RowRule, number>>>;
  /** Every issue of every rejected row (only with `onInvalid: 'collect'`; empty otherwise). */
  readonly issues: readonly RowIssue[];
}

/** The tracks of a CSV and the report of how they were read. */
export interface LoadTracksResult {
  /** The distinct tracks, in order of first appearance. */
  readonly tracks: Track[];
  /** What was read, rejected and merged. */
  readonly report: LoadReport;
}

const NUMERIC_FIELDS = Object.keys(TRACK_FIELD_RANGES) as NumericTrackField[];
const COMPARED_FIELDS: readonly TrackField[] = [
  'name',
  'artists',
  'album',
  'explicit',
  ...NUMERIC_FIELDS,
];

interface NumericColumn {
  /** Position in the row, or -1 when the header lacks the column. */
  readonly at: number;
  readonly column: string;
  readonly range: FieldRange;
}

/** @internal Turns rows of one header into tracks; the column lookups are resolved once. */
function compileRowParser(header: ResolvedHeader, columns: readonly string[]) {
  const { index, layout } = header;
  const at = (field: TrackField): number => index[field] ?? -1;
  const numericColumn = (field: NumericTrackField): NumericColumn => ({
    at: at(field),
    column: columns[at(field)] ?? field,
    range: TRACK_FIELD_RANGES[field],
  });
  const [popularity, durationMs, danceability, energy, key, loudness, mode, speechiness] = (
    [
      'popularity',
      'durationMs',
      'danceability',
      'energy',
      'key',
      'loudness',
      'mode',
      'speechiness',
    ] as const
  ).map(numericColumn) as [
    NumericColumn,
    NumericColumn,
    NumericColumn,
    NumericColumn,
    NumericColumn,
    NumericColumn,
    NumericColumn,
    NumericColumn,
  ];
  const [acousticness, instrumentalness, liveness, valence, tempo, timeSignature] = (
    ['acousticness', 'instrumentalness', 'liveness', 'valence', 'tempo', 'timeSignature'] as const
  ).map(numericColumn) as [
    NumericColumn,
    NumericColumn,
    NumericColumn,
    NumericColumn,
    NumericColumn,
    NumericColumn,
  ];
  const idAt = at('id');
  const nameAt = at('name');
  const artistsAt = at('artists');
  const albumAt = at('album');
  const explicitAt = at('explicit');
  const genresAt = at('genres');
  const idColumn = columns[idAt] ?? 'id';
  const explicitColumn = columns[explicitAt] ?? 'explicit';

  return (fields: readonly string[], checker: RowChecker): Track => {
    const optional = (spec: NumericColumn): number | null =>
      spec.at < 0 ? null : checker.number(spec.column, fields[spec.at] ?? '', spec.range);
    const required = (spec: NumericColumn): number =>
      checker.number(spec.column, fields[spec.at] ?? '', spec.range);
    const id = fields[idAt] ?? '';
    if (id.trim() === '')
      checker.fail(idColumn, 'empty-id', id, `column "${idColumn}" (the track id) is empty`);
    return {
      id,
      name: nameAt < 0 ? '' : (fields[nameAt] ?? ''),
      artists: splitList(fields[artistsAt] ?? '', layout.artistSeparator),
      album: albumAt < 0 ? '' : (fields[albumAt] ?? ''),
      popularity: optional(popularity),
      durationMs: optional(durationMs),
      explicit: explicitAt < 0 ? null : checker.boolean(explicitColumn, fields[explicitAt] ?? ''),
      danceability: required(danceability),
      energy: required(energy),
      key: required(key),
      loudness: required(loudness),
      mode: required(mode),
      speechiness: required(speechiness),
      acousticness: required(acousticness),
      instrumentalness: required(instrumentalness),
      liveness: required(liveness),
      valence: required(valence),
      tempo: required(tempo),
      timeSignature: optional(timeSignature),
      genres: genresAt < 0 ? [] : splitList(fields[genresAt] ?? '', layout.genreSeparator),
    };
  };
}

function differingFields(kept: Track, next: Track): TrackField[] {
  const differing: TrackField[] = [];
  for (const field of COMPARED_FIELDS) {
    const a = kept[field as keyof Track];
    const b = next[field as keyof Track];
    const same =
      Array.isArray(a) && Array.isArray(b) ? a.join('\u0000') === b.join('\u0000') : a === b;
    if (!same) differing.push(field);
  }
  return differing;
}

/**
 * Loads, validates and de-duplicates tracks from a CSV, streaming it with `csv-parse`.
 *
 * The source may be a path (plain or gzip-compressed), a `file:` URL, a readable stream or
 * `{ text }`. The header picks the layout (see {@link LoadTracksOptions.layout}); a missing
 * required column fails there, once, naming every missing column. Each data row is checked
 * cell by cell (numbers strictly parsed, ranges from {@link TRACK_FIELD_RANGES}, non-empty id,
 * as many fields as the header); nothing is coerced. Rows repeating a track id merge into one
 * track carrying all their genres.
 *
 * Bytes that are not valid UTF-8 break the rule `encoding` (pass `encoding: 'latin1'` for a
 * Latin-1 file). A header-only file gives `tracks: []` with `report.rowsRead === 0`, or a
 * {@link NoRowsError} with `allowEmpty: false`.
 *
 * @param source - Where the CSV comes from.
 * @param options - Layout, invalid-row policy, merging, encoding, empty result.
 * @returns The tracks in file order (of first appearance) and a {@link LoadReport}.
 * @throws {@link InvalidRowError} for the first invalid row with `onInvalid: 'throw'`.
 * @throws {@link MissingColumnsError} when the header lacks required columns.
 * @throws {@link CsvFormatError} for an empty input, a repeated header name, a header that is
 * not valid text, or broken quoting (at the line and column where the faulty quote opened).
 * @throws {@link NoRowsError} with `allowEmpty: false` when no track is left.
 * @throws {@link InputReadError} when the file cannot be read or its gzip data is truncated.
 * @throws {@link InvalidArgumentError} for a bad option or an unsupported source.
 *
 * @example
 * ```ts
 * const { tracks, report } = await loadTracks('spotify_tracks_subset.csv.gz', { onInvalid: 'collect' });
 * console.log(report.rowsRead, report.tracks, report.duplicatesMerged);
 * // 49132 44475 4657
 * console.log(tracks[0].artists, tracks[0].genres);
 * // [ 'Gen Hoshino' ] [ 'acoustic' ]
 * ```
 */
export async function loadTracks(
  source: CsvSource,
  options: LoadTracksOptions = {},
): Promise<LoadTracksResult> {
  assertOptionsObject(options);
  const {
    layout = 'auto',
    onInvalid = 'throw',
    mergeDuplicates = true,
    maxFieldLength = 65_536,
    encoding = 'utf-8',
    allowEmpty = true,
  } = options;
  assertOneOf(onInvalid, ['throw', 'skip', 'collect'], 'options.onInvalid');
  assertPositiveInteger(maxFieldLength, 'options.maxFieldLength');
  assertBoolean(mergeDuplicates, 'options.mergeDuplicates');
  assertOneOf(encoding, TEXT_ENCODINGS, 'options.encoding');
  assertBoolean(allowEmpty, 'options.allowEmpty');
  if (layout !== 'auto' && (typeof layout !== 'object' || layout === null)) {
    throw new InvalidArgumentError('options.layout', "'auto' or a TrackLayout", layout);
  }
  const name = describeSource(source);

  let header: ResolvedHeader | undefined;
  let parseRow: ReturnType<typeof compileRowParser> | undefined;
  let columns: string[] = [];
  const tracks: Track[] = [];
  const firstById = new Map<string, { track: Track; line: number }>();
  const duplicateConflicts: DuplicateConflict[] = [];
  const rejections = new RejectionLog(onInvalid, name);
  let rowsRead = 0;
  let duplicatesMerged = 0;

  await forEachCsvRecord(source, name, encoding, ({ line, fields, undecodable }) => {
    if (header === undefined) {
      assertDecodableHeader(fields, undecodable, name);
      columns = fields;
      header = resolveHeader(fields, layout, name);
      parseRow = compileRowParser(header, columns);
      return;
    }
    rowsRead += 1;
    const checker = new RowChecker(line);
    checkUndecodable(checker, fields, columns, undecodable);
    let track: Track | undefined;
    if (fields.length !== columns.length) {
      checker.fail(
        null,
        'ragged-row',
        String(fields.length),
        `the row has ${fields.length} field${fields.length === 1 ? '' : 's'}, the header ${columns.length}`,
      );
    } else {
      for (let at = 0; at < fields.length; at += 1) {
        const cell = fields[at] as string;
        if (cell.length > maxFieldLength) {
          checker.fail(
            columns[at] ?? null,
            'too-long',
            cell,
            `column "${columns[at]}" holds ${cell.length} characters, more than maxFieldLength ${maxFieldLength}`,
          );
        }
      }
      if (checker.issues.length === 0 && parseRow !== undefined) track = parseRow(fields, checker);
    }
    if (checker.issues.length > 0 || track === undefined) {
      rejections.reject(checker.issues);
      return;
    }
    const earlier = mergeDuplicates ? firstById.get(track.id) : undefined;
    if (earlier === undefined) {
      tracks.push(track);
      if (mergeDuplicates) firstById.set(track.id, { track, line });
      return;
    }
    duplicatesMerged += 1;
    for (const genre of track.genres) {
      if (!earlier.track.genres.includes(genre)) earlier.track.genres.push(genre);
    }
    const differing = differingFields(earlier.track, track);
    if (differing.length > 0) {
      duplicateConflicts.push({ id: track.id, firstLine: earlier.line, line, fields: differing });
    }
  });
  if (header === undefined) {
    throw new CsvFormatError(name, 1, 'the input is empty: expected a header line');
  }
  if (tracks.length === 0 && !allowEmpty) throw new NoRowsError(name, rowsRead);
  return {
    tracks,
    report: {
      source: name,
      layout: header.layout.name,
      columns,
      rowsRead,
      rowsAccepted: rowsRead - rejections.rowsRejected,
      rowsRejected: rejections.rowsRejected,
      tracks: tracks.length,
      duplicatesMerged,
      duplicateConflicts,
      issueCounts: rejections.issueCounts,
      issues: rejections.issues,
    },
  };
}
