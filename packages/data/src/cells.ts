import { CsvFormatError, InvalidRowError, type RowIssue } from './errors';
import type { UndecodableCell } from './text-decoding';
import type { FieldRange } from './track';

const NUMBER_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const BOOLEAN_VALUES: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['false', false],
  ['1', true],
  ['0', false],
]);

/** @internal Collects the issues of one row while its cells are parsed. */
export class RowChecker {
  readonly issues: RowIssue[] = [];

  constructor(readonly line: number) {}

  fail(column: string | null, rule: RowIssue['rule'], value: string, message: string): void {
    const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
    this.issues.push({ line: this.line, column, rule, value: shown, message });
  }

  /** Parses a number strictly: no blanks, no `NaN`, no thousands separators, within range. */
  number(column: string, text: string, range: FieldRange): number {
    if (text === '') {
      this.fail(column, 'missing', text, `column "${column}" is empty (a number is required)`);
      return Number.NaN;
    }
    if (!NUMBER_PATTERN.test(text)) {
      this.fail(
        column,
        'not-a-number',
        text,
        `column "${column}": expected a number, got ${JSON.stringify(shorten(text))}`,
      );
      return Number.NaN;
    }
    const value = Number(text);
    if (!Number.isFinite(value)) {
      this.fail(column, 'out-of-range', text, `column "${column}": ${text} is not a finite number`);
      return Number.NaN;
    }
    if (range.integer && !Number.isInteger(value)) {
      this.fail(
        column,
        'not-an-integer',
        text,
        `column "${column}": expected an integer, got ${text}`,
      );
      return Number.NaN;
    }
    if (value < range.min || value > range.max) {
      this.fail(
        column,
        'out-of-range',
        text,
        `column "${column}": ${text} is outside the range [${range.min}, ${range.max === Number.MAX_SAFE_INTEGER ? '∞' : range.max}]`,
      );
      return Number.NaN;
    }
    return value;
  }

  /** Parses `true`/`false`/`1`/`0`, any letter case. */
  boolean(column: string, text: string): boolean {
    const value = BOOLEAN_VALUES.get(text.toLowerCase());
    if (value === undefined) {
      this.fail(
        column,
        text === '' ? 'missing' : 'not-a-boolean',
        text,
        `column "${column}": expected True or False, got ${JSON.stringify(shorten(text))}`,
      );
      return false;
    }
    return value;
  }
}

function undecodableMessage(column: string, cell: UndecodableCell): string {
  const bytes = cell.bytes.includes(' ') ? `bytes ${cell.bytes}` : `byte ${cell.bytes}`;
  const more = cell.count > 1 ? `, ${cell.count} invalid sequences in the cell` : '';
  return (
    `column "${column}" is not valid UTF-8: ${bytes} at character ${cell.offset + 1}${more}` +
    ` (if the file is Latin-1, load it with encoding: 'latin1')`
  );
}

/** @internal Adds an `encoding` issue for each cell holding bytes that are not valid UTF-8. */
export function checkUndecodable(
  checker: RowChecker,
  fields: readonly string[],
  header: readonly string[],
  cells: readonly UndecodableCell[] | undefined,
): void {
  if (cells === undefined) return;
  for (const cell of cells) {
    const column = header[cell.field] ?? `#${cell.field + 1}`;
    checker.fail(column, 'encoding', fields[cell.field] ?? '', undecodableMessage(column, cell));
  }
}

/** @internal Rejects a header holding bytes that are not valid UTF-8: no row can be read. */
export function assertDecodableHeader(
  header: readonly string[],
  cells: readonly UndecodableCell[] | undefined,
  source: string,
): void {
  const cell = cells?.[0];
  if (cell === undefined) return;
  throw new CsvFormatError(
    source,
    1,
    `the header is not valid UTF-8: bytes ${cell.bytes} at character ${cell.offset + 1} of ` +
      `its field ${cell.field + 1} (${JSON.stringify(header[cell.field] ?? '')}); ` +
      `if the file is Latin-1, load it with encoding: 'latin1'`,
  );
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** @internal Splits a list cell, trimming items and dropping empty ones. */
export function splitList(text: string, separator: string | null | undefined): string[] {
  if (separator === null || separator === undefined) {
    const item = text.trim();
    return item === '' ? [] : [item];
  }
  const items: string[] = [];
  for (const part of text.split(separator)) {
    const item = part.trim();
    if (item !== '') items.push(item);
  }
  return items;
}

/** @internal Applies the `onInvalid` policy to rejected rows and keeps the tallies. */
export class RejectionLog {
  rowsRejected = 0;
  readonly issueCounts: Partial<Record<RowIssue['rule'], number>> = {};
  readonly issues: RowIssue[] = [];

  constructor(
    private readonly onInvalid: 'throw' | 'skip' | 'collect',
    private readonly source: string,
  ) {}

  /** Throws with `'throw'`; otherwise counts the row and (with `'collect'`) keeps its issues. */
  reject(issues: readonly RowIssue[]): void {
    if (this.onInvalid === 'throw') throw new InvalidRowError(this.source, issues);
    this.rowsRejected += 1;
    for (const issue of issues) {
      this.issueCounts[issue.rule] = (this.issueCounts[issue.rule] ?? 0) + 1;
      if (this.onInvalid === 'collect') this.issues.push(issue);
    }
  }
}
