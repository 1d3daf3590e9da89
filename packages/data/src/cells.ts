import { InvalidRowError, type RowIssue } from './errors';
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
