import { assertBoolean, assertOneOf, assertOptionsObject } from './assert';
import { forEachCsvRecord, describeSource, type CsvSource } from './csv-input';
import {
  InvalidArgumentError,
  CsvFormatError,
  MissingColumnsError,
  NoRowsError,
  type RowIssue,
  type RowRule,
} from './errors';
import { assertUniqueHeader } from './header';
import type { OnInvalid } from './load-tracks';
import { RejectionLog, RowChecker, assertDecodableHeader, checkUndecodable } from './cells';
import { TEXT_ENCODINGS, type TextEncoding } from './text-decoding';

/**
 * Implicit feedback: which users (or playlists) hold which items (tracks), each pair once.
 *
 * Pairs are stored as two parallel typed arrays of indices into `users` and `items`, the
 * structural shape `@spotrec/collaborative` consumes.
 */
export interface Interactions {
  /** Distinct user (playlist) ids, in order of first appearance. */
  readonly users: readonly string[];
  /** Distinct item (track) ids, in order of first appearance. */
  readonly items: readonly string[];
  /** For pair `p`, the index into `users`. */
  readonly userIndex: Uint32Array;
  /** For pair `p`, the index into `items`. */
  readonly itemIndex: Uint32Array;
}

/** Options of {@link loadInteractions}. */
export interface LoadInteractionsOptions {
  /**
   * The column holding the user or playlist id.
   * @defaultValue `'playlist_id'` (the TidyTuesday layout)
   */
  userColumn?: string;
  /**
   * The column holding the track id.
   * @defaultValue `'track_id'`
   */
  itemColumn?: string;
  /**
   * What to do with a row whose user or item id is empty, whose field count is wrong, or that
   * holds bytes that are not valid in `encoding`.
   * @defaultValue `'throw'`
   */
  onInvalid?: OnInvalid;
  /**
   * The text encoding of the file's bytes, as in {@link LoadTracksOptions.encoding}: invalid
   * UTF-8 in any cell breaks the rule `encoding`; `'latin1'` reads ISO-8859-1.
   * @defaultValue `'utf-8'`
   */
  encoding?: TextEncoding;
  /**
   * Whether a load that ends with no pair is a result (`true`: empty interactions, and the
   * report says `rowsRead: 0` for a header-only file) or a {@link NoRowsError} (`false`).
   * @defaultValue `true`
   */
  allowEmpty?: boolean;
}

/** What {@link loadInteractions} read. */
export interface InteractionsReport {
  /** The file path, `<stream>` or `<text>`. */
  readonly source: string;
  /** Data rows read. */
  readonly rowsRead: number;
  /** Rows left out for an empty id or a wrong field count. */
  readonly rowsRejected: number;
  /** Rows repeating a (user, item) pair already read; each pair is kept once. */
  readonly duplicatePairs: number;
  /** Issues by rule, over all rejected rows. */
  readonly issueCounts: Readonly<Partial<Record<RowRule, number>>>;
  /** Every issue (only with `onInvalid: 'collect'`). */
  readonly issues: readonly RowIssue[];
}

/** The result of {@link interactionsFromPairs}. */
export interface InteractionsFromPairsResult {
  /** Each distinct pair once. */
  readonly interactions: Interactions;
  /** Pairs dropped for repeating an earlier one. */
  readonly duplicatePairs: number;
}

/** The result of {@link loadInteractions}. */
export interface LoadInteractionsResult {
  /** Each distinct (user, item) pair once. */
  readonly interactions: Interactions;
  /** What was read and rejected. */
  readonly report: InteractionsReport;
}

class IdTable {
  readonly ids: string[] = [];
  private readonly positions = new Map<string, number>();

  indexOf(id: string): number {
    let position = this.positions.get(id);
    if (position === undefined) {
      position = this.ids.length;
      this.ids.push(id);
      this.positions.set(id, position);
    }
    return position;
  }
}

/**
 * Builds {@link Interactions} from plain `[user, item]` pairs, keeping each pair once.
 *
 * @param pairs - User id and item id per interaction.
 * @returns The interactions and how many repeated pairs were dropped.
 * @throws {@link InvalidArgumentError} when a pair is not two non-empty strings.
 *
 * @example
 * ```ts
 * const { interactions } = interactionsFromPairs([['alice', 't1'], ['alice', 't2'], ['bob', 't1']]);
 * interactions.users; // ['alice', 'bob']
 * interactions.items; // ['t1', 't2']
 * Array.from(interactions.itemIndex); // [0, 1, 0]
 * ```
 */
export function interactionsFromPairs(
  pairs: Iterable<readonly [string, string]>,
): InteractionsFromPairsResult {
  const builder = new InteractionsBuilder();
  let position = 0;
  for (const pair of pairs) {
    const [user, item] = pair;
    if (typeof user !== 'string' || user === '' || typeof item !== 'string' || item === '') {
      throw new InvalidArgumentError(
        `pairs[${position}]`,
        'a [user, item] pair of non-empty strings',
        pair,
      );
    }
    builder.add(user, item);
    position += 1;
  }
  return { interactions: builder.build(), duplicatePairs: builder.duplicatePairs };
}

class InteractionsBuilder {
  private readonly users = new IdTable();
  private readonly items = new IdTable();
  private readonly seen = new Set<string>();
  private userIndex: number[] = [];
  private itemIndex: number[] = [];
  duplicatePairs = 0;

  add(user: string, item: string): void {
    const u = this.users.indexOf(user);
    const i = this.items.indexOf(item);
    const key = `${u}:${i}`;
    if (this.seen.has(key)) {
      this.duplicatePairs += 1;
      return;
    }
    this.seen.add(key);
    this.userIndex.push(u);
    this.itemIndex.push(i);
  }

  build(): Interactions {
    return {
      users: this.users.ids,
      items: this.items.ids,
      userIndex: Uint32Array.from(this.userIndex),
      itemIndex: Uint32Array.from(this.itemIndex),
    };
  }
}

/**
 * Loads user (or playlist) × track memberships from a CSV, such as the TidyTuesday
 * `spotify_songs` table where playlists are the users.
 *
 * The user and item columns default to the TidyTuesday names (`playlist_id`, `track_id`);
 * `userColumn` and `itemColumn` read any other CSV. A header-only file gives empty
 * interactions with `report.rowsRead === 0`, or a {@link NoRowsError} with `allowEmpty: false`.
 *
 * @param source - A path (plain or gzip), a `file:` URL, a readable stream or `{ text }`.
 * @param options - Column names, invalid-row policy, encoding, empty result.
 * @returns The {@link Interactions} and an {@link InteractionsReport}.
 * @throws {@link MissingColumnsError} when the header lacks the user or item column.
 * @throws {@link InvalidRowError} for a row with an empty id, the wrong field count or bytes
 * that are not valid UTF-8, with `onInvalid: 'throw'`.
 * @throws {@link CsvFormatError} for an empty input, a repeated header name, a header that is
 * not valid text, or broken quoting.
 * @throws {@link NoRowsError} with `allowEmpty: false` when no pair is left.
 * @throws {@link InputReadError} when the file cannot be read.
 * @throws {@link InvalidArgumentError} for a bad option (the same column for users and items).
 *
 * @example
 * ```ts
 * const { interactions, report } = await loadInteractions('spotify_songs.csv.gz');
 * interactions.users.length; // 471 playlists
 * interactions.items.length; // 28356 tracks
 * report.duplicatePairs; // 582 (a track listed twice in one playlist)
 * ```
 */
export async function loadInteractions(
  source: CsvSource,
  options: LoadInteractionsOptions = {},
): Promise<LoadInteractionsResult> {
  assertOptionsObject(options);
  const {
    userColumn = 'playlist_id',
    itemColumn = 'track_id',
    onInvalid = 'throw',
    encoding = 'utf-8',
    allowEmpty = true,
  } = options;
  assertOneOf(onInvalid, ['throw', 'skip', 'collect'], 'options.onInvalid');
  assertOneOf(encoding, TEXT_ENCODINGS, 'options.encoding');
  assertBoolean(allowEmpty, 'options.allowEmpty');
  for (const [parameter, value] of [
    ['options.userColumn', userColumn],
    ['options.itemColumn', itemColumn],
  ] as const) {
    if (typeof value !== 'string' || value === '')
      throw new InvalidArgumentError(parameter, 'a non-empty column name', value);
  }
  if (userColumn === itemColumn) {
    throw new InvalidArgumentError(
      'options.itemColumn',
      `a column other than options.userColumn ("${userColumn}")`,
      itemColumn,
    );
  }
  const name = describeSource(source);
  const builder = new InteractionsBuilder();
  const rejections = new RejectionLog(onInvalid, name);
  let header: string[] | undefined;
  let userAt = -1;
  let itemAt = -1;
  let rowsRead = 0;
  await forEachCsvRecord(source, name, encoding, ({ line, fields, undecodable }) => {
    if (header === undefined) {
      assertDecodableHeader(fields, undecodable, name);
      header = fields;
      assertUniqueHeader(header, name);
      userAt = header.indexOf(userColumn);
      itemAt = header.indexOf(itemColumn);
      const missing = [userColumn, itemColumn].filter((column) => !fields.includes(column));
      if (missing.length > 0) throw new MissingColumnsError(name, 'interactions', missing, fields);
      return;
    }
    rowsRead += 1;
    const checker = new RowChecker(line);
    checkUndecodable(checker, fields, header, undecodable);
    const user = fields[userAt] ?? '';
    const item = fields[itemAt] ?? '';
    if (fields.length !== header.length) {
      checker.fail(
        null,
        'ragged-row',
        String(fields.length),
        `the row has ${fields.length} fields, the header ${header.length}`,
      );
    } else {
      if (user.trim() === '')
        checker.fail(userColumn, 'empty-id', user, `column "${userColumn}" is empty`);
      if (item.trim() === '')
        checker.fail(itemColumn, 'empty-id', item, `column "${itemColumn}" is empty`);
    }
    if (checker.issues.length > 0) {
      rejections.reject(checker.issues);
      return;
    }
    builder.add(user, item);
  });
  if (header === undefined)
    throw new CsvFormatError(name, 1, 'the input is empty: expected a header line');
  const interactions = builder.build();
  if (interactions.userIndex.length === 0 && !allowEmpty) throw new NoRowsError(name, rowsRead);
  return {
    interactions,
    report: {
      source: name,
      rowsRead,
      rowsRejected: rejections.rowsRejected,
      duplicatePairs: builder.duplicatePairs,
      issueCounts: rejections.issueCounts,
      issues: rejections.issues,
    },
  };
}
