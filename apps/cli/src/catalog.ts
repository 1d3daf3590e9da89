import {
  loadInteractions,
  loadTracks,
  syntheticCatalog,
  type Interactions,
  type LoadReport,
  type OnInvalid,
  type RowIssue,
  type RowRule,
  type Track,
  type TrackLayout,
} from '@spotrec/data';
import { CliDataError } from './errors';
import { writeLine, type CliIO } from './io';

/** The catalog a command works on and a sentence saying what it is. */
export interface Catalog {
  readonly tracks: Track[];
  readonly synthetic: boolean;
  /** One line for people: where the tracks came from. */
  readonly description: string;
  readonly report: LoadReport | undefined;
}

export interface CatalogOptions {
  readonly data?: string;
  readonly seed: number;
  readonly tracks: number;
  /** `--on-invalid`, passed to `loadTracks`. */
  readonly onInvalid: OnInvalid;
  /** `--layout`, read and checked by `readLayoutFile`. */
  readonly layout?: TrackLayout;
}

/** `--interactions` settings, passed to `loadInteractions`. */
export interface InteractionsSettings {
  readonly onInvalid: OnInvalid;
  readonly userColumn?: string;
  readonly itemColumn?: string;
}

/** How many rejected lines, conflicts or same-named tracks a notice lists before "and N more". */
export const LISTED = 5;

function count(value: number): string {
  return value.toLocaleString('en-US');
}

function more(total: number): string {
  return total > LISTED ? `; and ${count(total - LISTED)} more` : '';
}

/** One stderr line about rows left out by `--on-invalid skip|collect`, or nothing. */
function rejectionNotice(
  source: string,
  report: {
    readonly rowsRead: number;
    readonly rowsRejected: number;
    readonly issueCounts: Readonly<Partial<Record<RowRule, number>>>;
    readonly issues: readonly RowIssue[];
  },
  onInvalid: OnInvalid,
): string | undefined {
  if (report.rowsRejected === 0) return undefined;
  const rules = Object.entries(report.issueCounts)
    .map(([rule, times]) => `${rule} ${count(times)}`)
    .join(', ');
  const head = `spotrec: ${source}: ${onInvalid === 'collect' ? 'collected' : 'skipped'} ${count(report.rowsRejected)} invalid row${report.rowsRejected === 1 ? '' : 's'} of ${count(report.rowsRead)} (${rules})`;
  if (onInvalid !== 'collect') return `${head}; --on-invalid collect lists their lines`;
  const lines = report.issues
    .slice(0, LISTED)
    .map(
      (issue) =>
        `line ${issue.line}${issue.column === null ? '' : ` column ${issue.column}`}: ${issue.rule}`,
    );
  return `${head}: ${lines.join('; ')}${more(report.issues.length)}`;
}

/**
 * Loads `--data`, or draws the embedded synthetic catalog when no file is given. Rows left
 * out by `--on-invalid` are summarised on stderr; the description counts merged duplicate
 * rows and those whose values differ from the row kept.
 */
export async function openCatalog(options: CatalogOptions, io: CliIO): Promise<Catalog> {
  if (options.data === undefined) {
    const tracks = syntheticCatalog({ tracks: options.tracks, seed: options.seed });
    return {
      tracks,
      synthetic: true,
      report: undefined,
      description:
        `SYNTHETIC catalog: ${count(tracks.length)} made-up tracks (seed ${options.seed}) drawn from ` +
        'per-genre statistics of the Spotify Tracks Dataset; no track in it is real. Use --data <csv> for real data.',
    };
  }
  const { tracks, report } = await loadTracks(options.data, {
    onInvalid: options.onInvalid,
    ...(options.layout === undefined ? {} : { layout: options.layout }),
  });
  if (tracks.length === 0) {
    throw new CliDataError(
      report.rowsRead === 0
        ? `the catalog is empty (${options.data} has a header and no rows)`
        : `the catalog is empty (${options.data}: all ${count(report.rowsRead)} rows are invalid)`,
    );
  }
  const rejected = rejectionNotice(options.data, report, options.onInvalid);
  if (rejected !== undefined) writeLine(io.stderr, rejected);
  const conflicts = report.duplicateConflicts.length;
  const merged =
    report.duplicatesMerged > 0
      ? `, ${count(report.duplicatesMerged)} duplicate rows merged${conflicts > 0 ? `, ${count(conflicts)} of them differing from the row kept` : ''}`
      : '';
  const skipped =
    report.rowsRejected > 0 ? `, ${count(report.rowsRejected)} invalid rows left out` : '';
  return {
    tracks,
    synthetic: false,
    report,
    description: `${options.data}: ${count(report.rowsRead)} rows, ${count(tracks.length)} tracks (${report.layout} layout${merged}${skipped})`,
  };
}

/** Loads `--interactions` with the `--on-invalid` policy and columns; rows left out go to stderr. */
export async function openInteractions(
  path: string,
  settings: InteractionsSettings,
  io: CliIO,
): Promise<Interactions> {
  const { interactions, report } = await loadInteractions(path, settings);
  const rejected = rejectionNotice(path, report, settings.onInvalid);
  if (rejected !== undefined) writeLine(io.stderr, rejected);
  return interactions;
}
