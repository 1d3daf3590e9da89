import { CsvFormatError, MissingColumnsError } from './errors';
import {
  BUILT_IN_LAYOUTS,
  REQUIRED_TRACK_FIELDS,
  defineTrackLayout,
  type TrackField,
  type TrackLayout,
} from './layout';

/** @internal The layout chosen for a header and the index of each mapped column in it. */
export interface ResolvedHeader {
  readonly layout: TrackLayout;
  readonly index: Readonly<Partial<Record<TrackField, number>>>;
}

/** @internal Rejects headers with a repeated (non-empty) column name. */
export function assertUniqueHeader(header: readonly string[], source: string): void {
  const seen = new Set<string>();
  for (const column of header) {
    if (column === '') continue;
    if (seen.has(column)) {
      throw new CsvFormatError(source, 1, `the header names column "${column}" twice`);
    }
    seen.add(column);
  }
}

function missingRequired(layout: TrackLayout, header: readonly string[]): string[] {
  const present = new Set(header);
  const missing: string[] = [];
  for (const field of REQUIRED_TRACK_FIELDS) {
    const column = layout.columns[field];
    if (column !== undefined && !present.has(column)) missing.push(column);
  }
  return missing;
}

/**
 * @internal Picks the layout for a header: the given one, or with `'auto'` the first
 * built-in layout whose required columns are all present. Throws one error naming every
 * missing column otherwise.
 */
export function resolveHeader(
  header: readonly string[],
  layout: 'auto' | TrackLayout,
  source: string,
): ResolvedHeader {
  assertUniqueHeader(header, source);
  let chosen: TrackLayout;
  if (layout === 'auto') {
    const candidates = BUILT_IN_LAYOUTS.map((candidate) => ({
      candidate,
      missing: missingRequired(candidate, header),
    }));
    const match = candidates.find(({ missing }) => missing.length === 0);
    if (match === undefined) {
      const closest = candidates.reduce((best, next) =>
        next.missing.length < best.missing.length ? next : best,
      );
      throw new MissingColumnsError(source, closest.candidate.name, closest.missing, header);
    }
    chosen = match.candidate;
  } else {
    chosen = defineTrackLayout(layout);
    const missing = missingRequired(chosen, header);
    if (missing.length > 0) throw new MissingColumnsError(source, chosen.name, missing, header);
  }
  const position = new Map(header.map((column, index) => [column, index]));
  const index: Partial<Record<TrackField, number>> = {};
  for (const [field, column] of Object.entries(chosen.columns) as [TrackField, string][]) {
    const at = position.get(column);
    if (at !== undefined) index[field] = at;
  }
  return { layout: chosen, index };
}
