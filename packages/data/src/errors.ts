/**
 * Error classes of `@spotrec/data`.
 *
 * Every error carries the shared `Symbol.for('spotrec.error')` marker and one of its own,
 * so `SomeError.isInstance(e)` works across duplicated copies of the package, where
 * `instanceof` does not.
 */

import { describeValue, isMarked, markError } from '@spotrec/errors-internal';

const SCOPE = 'data';

/**
 * The base class of every error thrown by `@spotrec/data`.
 *
 * @example
 * ```ts
 * try {
 *   await loadTracks({ text: 'track_id\n1' });
 * } catch (error) {
 *   if (DataError.isInstance(error)) console.error(error.message);
 * }
 * ```
 */
export class DataError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DataError';
    markError(this, SCOPE, 'DataError');
  }

  /** True for any error thrown by `@spotrec/data`, whichever copy of the package threw it. */
  static isInstance(error: unknown): error is DataError {
    return isMarked(error, SCOPE, 'DataError');
  }
}

/**
 * A function was called with an argument that breaks its documented rule.
 *
 * @example
 * ```ts
 * syntheticCatalog({ tracks: -3 });
 * // InvalidArgumentError: Invalid argument "tracks": expected a non-negative integer, got -3
 * ```
 */
export class InvalidArgumentError extends DataError {
  /** The parameter (or option path such as `options.seed`) that was wrong. */
  readonly parameter: string;
  /** The value that was passed. */
  readonly value: unknown;

  constructor(parameter: string, expected: string, value: unknown, options?: { cause?: unknown }) {
    super(
      `Invalid argument "${parameter}": expected ${expected}, got ${describeValue(value)}`,
      options,
    );
    this.name = 'InvalidArgumentError';
    markError(this, SCOPE, 'InvalidArgumentError');
    this.parameter = parameter;
    this.value = value;
  }

  /** True for an {@link InvalidArgumentError} from any copy of the package. */
  static override isInstance(error: unknown): error is InvalidArgumentError {
    return isMarked(error, SCOPE, 'InvalidArgumentError');
  }
}

/**
 * The input could not be read: a missing file, a truncated or corrupt gzip stream, a stream
 * that failed. The original error is kept as `cause`.
 */
export class InputReadError extends DataError {
  /** The file path, or `'<stream>'` / `'<text>'` for in-memory sources. */
  readonly source: string;

  constructor(source: string, reason: string, options?: { cause?: unknown }) {
    super(`Cannot read ${source}: ${reason}`, options);
    this.name = 'InputReadError';
    markError(this, SCOPE, 'InputReadError');
    this.source = source;
  }

  /** True for an {@link InputReadError} from any copy of the package. */
  static override isInstance(error: unknown): error is InputReadError {
    return isMarked(error, SCOPE, 'InputReadError');
  }
}

/**
 * The text is not CSV that can be read: no header line, an unclosed or misplaced quote, a
 * duplicated header name, a header that is not valid text in the declared encoding.
 *
 * For a quoting problem, `line` and `column` are where the faulty quoted field starts (the
 * line of its opening quote), not the line where parsing gave up, which for an unclosed quote
 * is usually the end of the file. The `csv-parse` error is kept as `cause`.
 *
 * @example
 * ```ts
 * try {
 *   await loadTracks('tracks.csv');
 * } catch (error) {
 *   if (CsvFormatError.isInstance(error)) console.error(error.line, error.column, error.message);
 *   // 3 'track_name' 'tracks.csv, line 3, column "track_name": the quote opened here is never closed ...'
 * }
 * ```
 */
export class CsvFormatError extends DataError {
  /** The file path, `<stream>` or `<text>`. */
  readonly source: string;
  /** 1-based line of the file where the problem starts (for quotes: the opening quote's line). */
  readonly line: number;
  /**
   * The CSV column (header name) where the problem starts, or `null` when it concerns the
   * header itself or the whole input.
   */
  readonly column: string | null;

  constructor(
    source: string,
    line: number,
    reason: string,
    options?: { cause?: unknown; column?: string | null },
  ) {
    const column = options?.column ?? null;
    super(
      `${source}, line ${line}${column === null ? '' : `, column "${column}"`}: ${reason}`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'CsvFormatError';
    markError(this, SCOPE, 'CsvFormatError');
    this.source = source;
    this.line = line;
    this.column = column;
  }

  /** True for a {@link CsvFormatError} from any copy of the package. */
  static override isInstance(error: unknown): error is CsvFormatError {
    return isMarked(error, SCOPE, 'CsvFormatError');
  }
}

/**
 * The header lacks columns the schema requires. Raised once, at the header, naming every
 * missing column and the columns that were found.
 */
export class MissingColumnsError extends DataError {
  /** The file path, `<stream>` or `<text>`. */
  readonly source: string;
  /** The schema's name for the layout that was expected. */
  readonly layout: string;
  /** Required CSV columns that the header does not have. */
  readonly missing: readonly string[];
  /** The header as read. */
  readonly found: readonly string[];

  constructor(
    source: string,
    layout: string,
    missing: readonly string[],
    found: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(
      `${source}: the header lacks required column${missing.length === 1 ? '' : 's'} ` +
        `${missing.map((column) => `"${column}"`).join(', ')} of the ${layout} layout ` +
        `(found: ${found.map((column) => `"${column}"`).join(', ') || 'nothing'})`,
      options,
    );
    this.name = 'MissingColumnsError';
    markError(this, SCOPE, 'MissingColumnsError');
    this.source = source;
    this.layout = layout;
    this.missing = missing;
    this.found = found;
  }

  /** True for a {@link MissingColumnsError} from any copy of the package. */
  static override isInstance(error: unknown): error is MissingColumnsError {
    return isMarked(error, SCOPE, 'MissingColumnsError');
  }
}

/**
 * The rule a cell or a row broke. `encoding`: the cell holds bytes that are not valid UTF-8
 * (the file is in another encoding; see the `encoding` option of the loaders).
 */
export type RowRule =
  | 'missing'
  | 'not-a-number'
  | 'not-an-integer'
  | 'not-a-boolean'
  | 'out-of-range'
  | 'empty-id'
  | 'ragged-row'
  | 'too-long'
  | 'encoding';

/** One problem found in one row: where it is, what rule it broke and the raw value. */
export interface RowIssue {
  /** 1-based line of the file where the row starts (the header is line 1). */
  readonly line: number;
  /** The CSV column, or `null` when the problem concerns the whole row (a ragged row). */
  readonly column: string | null;
  /** The rule broken. */
  readonly rule: RowRule;
  /** The raw cell text (cut to 80 characters), or the field count for a ragged row. */
  readonly value: string;
  /** A sentence a person can read. */
  readonly message: string;
}

/**
 * A row broke a validation rule while loading with `onInvalid: 'throw'` (the default).
 * `issues` lists every problem of that row.
 */
export class InvalidRowError extends DataError {
  /** The file path, `<stream>` or `<text>`. */
  readonly source: string;
  /** 1-based line where the row starts. */
  readonly line: number;
  /** Every problem of the row, in column order. */
  readonly issues: readonly RowIssue[];

  constructor(source: string, issues: readonly RowIssue[], options?: { cause?: unknown }) {
    const first = issues[0];
    const line = first?.line ?? 0;
    super(
      `${source}, line ${line}: ${issues.map((issue) => issue.message).join('; ')}` +
        ` (pass onInvalid: 'skip' or 'collect' to load the other rows)`,
      options,
    );
    this.name = 'InvalidRowError';
    markError(this, SCOPE, 'InvalidRowError');
    this.source = source;
    this.line = line;
    this.issues = issues;
  }

  /** True for an {@link InvalidRowError} from any copy of the package. */
  static override isInstance(error: unknown): error is InvalidRowError {
    return isMarked(error, SCOPE, 'InvalidRowError');
  }
}

/**
 * A loader was called with `allowEmpty: false` and the input has a header but no row to
 * return: either it has no data rows at all (`reason: 'header-only'`), or every row was
 * rejected under `onInvalid: 'skip' | 'collect'` (`reason: 'all-rejected'`).
 *
 * @example
 * ```ts
 * try {
 *   await loadTracks('tracks.csv', { allowEmpty: false });
 * } catch (error) {
 *   if (NoRowsError.isInstance(error) && error.reason === 'header-only') {
 *     console.error(`the catalog is empty (${error.source} has a header and no rows)`);
 *   }
 * }
 * ```
 */
export class NoRowsError extends DataError {
  /** The file path, `<stream>` or `<text>`. */
  readonly source: string;
  /** `'header-only'`: no data row at all; `'all-rejected'`: every data row broke a rule. */
  readonly reason: 'header-only' | 'all-rejected';
  /** Data rows read (0 for `'header-only'`). */
  readonly rowsRead: number;

  constructor(source: string, rowsRead: number, options?: { cause?: unknown }) {
    const reason = rowsRead === 0 ? 'header-only' : 'all-rejected';
    super(
      reason === 'header-only'
        ? `${source}: the input has a header and no rows`
        : `${source}: all ${rowsRead} row${rowsRead === 1 ? ' was' : 's were'} rejected, no row is left`,
      options,
    );
    this.name = 'NoRowsError';
    markError(this, SCOPE, 'NoRowsError');
    this.source = source;
    this.reason = reason;
    this.rowsRead = rowsRead;
  }

  /** True for a {@link NoRowsError} from any copy of the package. */
  static override isInstance(error: unknown): error is NoRowsError {
    return isMarked(error, SCOPE, 'NoRowsError');
  }
}

/**
 * A track layout (given to {@link defineTrackLayout} or read by {@link parseTrackLayout}, for
 * instance from a user's JSON file) breaks a rule. `field` is the path inside the layout
 * (`'columns.tempo'`, `'artistSeparator'`); it is also an {@link InvalidArgumentError} whose
 * `parameter` is `'layout.' + field`.
 *
 * @example
 * ```ts
 * try {
 *   parseTrackLayout(JSON.parse(readFileSync('layout.json', 'utf8')));
 * } catch (error) {
 *   if (InvalidLayoutError.isInstance(error)) console.error(`layout.json: ${error.field}: ${error.message}`);
 *   // layout.json: columns.tempo: Invalid argument "layout.columns.tempo": expected a column name (the field is required), got undefined
 * }
 * ```
 */
export class InvalidLayoutError extends InvalidArgumentError {
  /** The path of the faulty entry inside the layout, such as `'columns.tempo'` or `'name'`. */
  readonly field: string;

  constructor(field: string, expected: string, value: unknown, options?: { cause?: unknown }) {
    super(field === '' ? 'layout' : `layout.${field}`, expected, value, options);
    this.name = 'InvalidLayoutError';
    markError(this, SCOPE, 'InvalidLayoutError');
    this.field = field;
  }

  /** True for an {@link InvalidLayoutError} from any copy of the package. */
  static override isInstance(error: unknown): error is InvalidLayoutError {
    return isMarked(error, SCOPE, 'InvalidLayoutError');
  }
}

/** Downloading the dataset failed, or what arrived is not the dataset that was expected. */
export class DownloadError extends DataError {
  /** The address that was fetched. */
  readonly url: string;
  /** The HTTP status, when the server answered with an error. */
  readonly status: number | undefined;

  constructor(url: string, reason: string, options?: { cause?: unknown; status?: number }) {
    super(`Download of ${url} failed: ${reason}`, options);
    this.name = 'DownloadError';
    markError(this, SCOPE, 'DownloadError');
    this.url = url;
    this.status = options?.status;
  }

  /** True for a {@link DownloadError} from any copy of the package. */
  static override isInstance(error: unknown): error is DownloadError {
    return isMarked(error, SCOPE, 'DownloadError');
  }
}
