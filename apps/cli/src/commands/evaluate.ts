import { loadTracks } from '@spotrec/data';
import { openInteractions, type Catalog, type InteractionsSettings } from '../catalog';
import { PROTOCOL_A_METRICS, protocolA, protocolB, type SystemRow } from '../evaluation';
import { renderTable } from '../format';
import { writeLine, type CliIO } from '../io';
import { autoencoderFor, featureMatrix } from '../models';
import { progressBar } from '../progress';

export interface EvaluateOptions {
  readonly queries: number;
  readonly modelDir: string;
  readonly interactions?: string;
  readonly interactionsSettings: InteractionsSettings;
  readonly seed: number;
  readonly json: boolean;
}

const TITLES: Record<string, string> = {
  precision: 'P@10',
  recall: 'R@10',
  mrr: 'MRR@10',
  ndcg: 'NDCG@10',
  ap: 'AP@10 ÷|R|',
  apCapped: 'AP@10 ÷min(|R|,k)',
};

function table(
  rows: readonly SystemRow[],
  metrics: readonly string[],
  titles: Record<string, string>,
): string {
  return renderTable(
    ['system', ...metrics.map((metric) => titles[metric] ?? metric)],
    rows.map((row) => [
      row.system,
      ...metrics.map((metric) => {
        const summary = row.metrics[metric as keyof typeof row.metrics];
        return summary === undefined
          ? '-'
          : `${summary.mean.toFixed(4)} ±${((summary.ci95[1] - summary.ci95[0]) / 2).toFixed(4)}`;
      }),
    ]),
  );
}

/** `spotrec evaluate`: every model and baseline side by side (protocol A; protocol B with --interactions). */
export async function evaluateCommand(
  catalog: Catalog,
  options: EvaluateOptions,
  io: CliIO,
): Promise<void> {
  const matrix = featureMatrix(catalog.tracks);
  const { model } = await autoencoderFor(matrix, options.modelDir, {
    epochs: 30,
    seed: options.seed,
  });
  const embeddings = model.encode(matrix);
  model.dispose();
  const bar = progressBar(
    io,
    'evaluating [{bar}] {percentage}% | {value}/{total} queries',
    !options.json,
  );
  let started = false;
  const rowsA = await protocolA(catalog.tracks, matrix, embeddings, {
    queries: options.queries,
    seed: options.seed,
    onProgress: (done, total) => {
      if (bar === undefined) return;
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
  });
  bar?.stop();
  let rowsB: SystemRow[] | undefined;
  if (options.interactions !== undefined) {
    const { tracks } = await loadTracks(options.interactions, {
      onInvalid: options.interactionsSettings.onInvalid,
    });
    const interactions = await openInteractions(
      options.interactions,
      options.interactionsSettings,
      io,
    );
    rowsB = await protocolB(tracks, interactions, options.seed);
  }
  const queries = Math.min(options.queries, catalog.tracks.length);
  if (options.json) {
    writeLine(
      io.stdout,
      JSON.stringify({
        source: catalog.description,
        synthetic: catalog.synthetic,
        protocolA: { k: 10, queries, rows: rowsA },
        protocolB: rowsB === undefined ? null : { k: 50, rows: rowsB },
      }),
    );
    return;
  }
  writeLine(io.stdout, catalog.description);
  writeLine(
    io.stdout,
    `Protocol A: relevant = shares a genre, k = 10, ${queries.toLocaleString('en-US')} seeded query tracks (the query and its duplicates excluded); ± = 95% interval half-width`,
  );
  writeLine(io.stdout, table(rowsA, PROTOCOL_A_METRICS, TITLES));
  if (rowsB !== undefined) {
    writeLine(io.stdout);
    writeLine(
      io.stdout,
      `Protocol B (${options.interactions}): 20% of each playlist hidden, k = 50`,
    );
    writeLine(
      io.stdout,
      table(rowsB, ['recall', 'ndcg'], { recall: 'recall@50', ndcg: 'NDCG@50' }),
    );
  }
}
