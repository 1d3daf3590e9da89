import { describeTracks } from '@spotrec/data';
import { LISTED, type Catalog } from '../catalog';
import { formatCount, renderTable } from '../format';
import { writeLine, type CliIO } from '../io';

export interface DescribeOptions {
  readonly json: boolean;
  readonly genres: number;
}

/** `spotrec describe`: per-feature statistics, the largest genres and the strongest correlations. */
export function describeCommand(catalog: Catalog, options: DescribeOptions, io: CliIO): void {
  const description = describeTracks(catalog.tracks);
  if (options.json) {
    writeLine(
      io.stdout,
      JSON.stringify({
        source: catalog.description,
        synthetic: catalog.synthetic,
        report: catalog.report ?? null,
        ...description,
      }),
    );
    return;
  }
  const { features, values } = description.correlation;
  const pairs: [string, string, number][] = [];
  features.forEach((a, i) => {
    features.forEach((b, j) => {
      const r = values[i]?.[j] ?? Number.NaN;
      if (j < i && Number.isFinite(r)) pairs.push([a, b, r]);
    });
  });
  pairs.sort((x, y) => Math.abs(y[2]) - Math.abs(x[2]));
  const out = io.stdout;
  writeLine(out, catalog.description);
  writeLine(out);
  writeLine(
    out,
    renderTable(
      ['feature', 'count', 'mean', 'std', 'min', '25%', '50%', '75%', 'max'],
      description.features.map((s) => [
        s.feature,
        formatCount(s.count),
        s.mean,
        s.std,
        s.min,
        s.q1,
        s.median,
        s.q3,
        s.max,
      ]),
    ),
  );
  writeLine(out);
  writeLine(
    out,
    `Genres: ${description.genres.length} (the ${Math.min(options.genres, description.genres.length)} largest)`,
  );
  writeLine(
    out,
    renderTable(
      ['genre', 'tracks'],
      description.genres.slice(0, options.genres).map((g) => [g.genre, formatCount(g.count)]),
    ),
  );
  writeLine(out);
  writeLine(out, 'Strongest feature correlations (Pearson)');
  writeLine(out, renderTable(['feature', 'feature', 'r'], pairs.slice(0, 8)));
  const conflicts = catalog.report?.duplicateConflicts ?? [];
  if (conflicts.length > 0) {
    writeLine(out);
    writeLine(
      out,
      `Repeated track ids with differing values: ${formatCount(conflicts.length)} (the first row's values kept; ${conflicts.length > LISTED ? `the first ${LISTED} below, ` : ''}--json lists them all)`,
    );
    writeLine(
      out,
      renderTable(
        ['id', 'kept line', 'line', 'differing fields'],
        conflicts
          .slice(0, LISTED)
          .map((conflict) => [
            conflict.id,
            String(conflict.firstLine),
            String(conflict.line),
            conflict.fields.join(', '),
          ]),
      ),
    );
  }
}
