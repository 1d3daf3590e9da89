import { loadTracks } from '@spotrec/data';
import { PROTOCOL_A_METRICS, type ProtocolResult } from '@spotrec/metrics';
import type { RecommenderBundle } from '@spotrec/recommender';
import { openInteractions, type Catalog, type InteractionsSettings } from '../catalog';
import { formatPValue, renderTable } from '../format';
import { CliUsageError } from '../errors';
import { writeLine, type CliIO } from '../io';
import { progressBar } from '../progress';
import { runHeldOutArtists, runProtocolA, runProtocolB } from '../systems';

export interface EvaluateOptions {
  /**
   * `a`: protocol A over the bundle's model (and protocol B with `interactions`);
   * `held-out-artists`: protocol A′; `playlists`: protocol B alone (needs `interactions`).
   */
  readonly protocol: 'a' | 'held-out-artists' | 'playlists';
  readonly queries: number;
  readonly epochs: number;
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

/** One system's row, as `--json` prints it: the name, whether circular, and each metric's summary. */
function rowsOf(result: ProtocolResult<unknown>) {
  return result.systems.map((system) => ({
    system: system.name,
    circular: system.circular,
    metrics: system.metrics,
  }));
}

function table(
  result: ProtocolResult<unknown>,
  metrics: readonly string[],
  titles: Record<string, string>,
): string {
  return renderTable(
    ['system', ...metrics.map((metric) => titles[metric] ?? metric), `p vs ${result.reference}`],
    result.systems.map((system) => [
      system.circular ? `${system.name} (circular: genre is an input)` : system.name,
      ...metrics.map((metric) => {
        const summary = system.metrics[metric as keyof typeof system.metrics];
        return summary === undefined
          ? '-'
          : `${summary.mean.toFixed(4)} ±${((summary.ci95[1] - summary.ci95[0]) / 2).toFixed(4)}`;
      }),
      system.name === result.reference
        ? 'reference'
        : (() => {
            const comparison = result.comparisons.find(
              (entry) => entry.system === system.name && entry.metric === metrics[0],
            );
            return comparison === undefined ? '-' : formatPValue(comparison.pValue);
          })(),
    ]),
  );
}

/**
 * `spotrec evaluate`: the bundle's model (or an autoencoder fitted in memory) beside cosine on
 * the raw features, the circular genre system and the baselines under protocol A; protocol B
 * with --interactions; `--protocol held-out-artists` runs A′ and `--protocol playlists` B alone.
 */
export async function evaluateCommand(
  open: () => Promise<{ readonly bundle: RecommenderBundle; readonly catalog: Catalog }>,
  loadCatalog: () => Promise<Catalog>,
  options: EvaluateOptions,
  io: CliIO,
): Promise<void> {
  if (options.protocol === 'held-out-artists') {
    await heldOutArtists(await loadCatalog(), options, io);
    return;
  }
  if (options.protocol === 'playlists') {
    if (options.interactions === undefined)
      throw new CliUsageError('--protocol playlists needs --interactions <file>');
    const result = await playlistProtocol(options.interactions, options, io);
    if (options.json) writeLine(io.stdout, JSON.stringify({ protocolB: protocolBJson(result) }));
    else writePlaylistTable(result, options, io);
    return;
  }
  const { bundle, catalog } = await open();
  const bar = progressBar(
    io,
    'evaluating [{bar}] {percentage}% | {value}/{total} queries',
    !options.json,
  );
  let started = false;
  const models =
    bundle.manifest.model.kind === 'features' ? [] : [{ name: bundle.manifest.model.name, bundle }];
  const resultA = await runProtocolA(catalog.tracks, models, {
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
  const resultB =
    options.interactions === undefined
      ? undefined
      : await playlistProtocol(options.interactions, options, io);
  if (options.json) {
    writeLine(
      io.stdout,
      JSON.stringify({
        source: catalog.description,
        synthetic: catalog.synthetic,
        model: {
          kind: bundle.manifest.model.kind,
          name: bundle.manifest.model.name,
          fingerprint: bundle.fingerprint,
        },
        protocolA: {
          k: resultA.k,
          queries: resultA.queries.length,
          reference: resultA.reference,
          rows: rowsOf(resultA),
          comparisons: resultA.comparisons,
        },
        protocolB: resultB === undefined ? null : protocolBJson(resultB),
      }),
    );
    return;
  }
  writeLine(io.stdout, catalog.description);
  writeLine(
    io.stdout,
    `Protocol A: relevant = shares a genre, k = 10, ${resultA.queries.length.toLocaleString('en-US')} seeded query tracks (the query and its duplicates excluded); ± = 95% interval half-width; p = paired t-test on P@10`,
  );
  writeLine(io.stdout, table(resultA, PROTOCOL_A_METRICS, TITLES));
  if (resultB !== undefined) {
    writeLine(io.stdout);
    writePlaylistTable(resultB, options, io);
  }
}

/** Protocol B on the playlists of `path`, with the stages on stderr unless `--json`. */
async function playlistProtocol(
  path: string,
  options: EvaluateOptions,
  io: CliIO,
): Promise<ProtocolResult<string>> {
  const { tracks } = await loadTracks(path, {
    onInvalid: options.interactionsSettings.onInvalid,
  });
  const interactions = await openInteractions(path, options.interactionsSettings, io);
  return runProtocolB(tracks, interactions, {
    seed: options.seed,
    epochs: options.epochs,
    onStage: (stage) => {
      if (!options.json) writeLine(io.stderr, `spotrec: ${stage}`);
    },
  });
}

/** Protocol B's table, under a line saying what was measured. */
function writePlaylistTable(result: ProtocolResult<string>, options: EvaluateOptions, io: CliIO) {
  writeLine(
    io.stdout,
    `Protocol B (${options.interactions ?? ''}): a seeded 20% of each playlist hidden (seed ${options.seed}), every model fitted on the visible 80%; k = 50, ${result.queries.length} playlists; p = paired t-test on recall@50`,
  );
  writeLine(io.stdout, table(result, ['recall', 'ndcg'], { recall: 'recall@50', ndcg: 'NDCG@50' }));
}

/** The JSON of a protocol B result, as `--json` prints it under `protocolB`. */
function protocolBJson(result: ProtocolResult<string>) {
  return {
    k: result.k,
    queries: result.queries.length,
    reference: result.reference,
    rows: rowsOf(result),
    comparisons: result.comparisons,
  };
}

/** `evaluate --protocol held-out-artists`: protocol A′, every learned part fitted per split. */
async function heldOutArtists(
  catalog: Catalog,
  options: EvaluateOptions,
  io: CliIO,
): Promise<void> {
  const bar = progressBar(
    io,
    'evaluating [{bar}] {percentage}% | {value}/{total} queries',
    !options.json,
  );
  let started = false;
  const result = await runHeldOutArtists(catalog.tracks, {
    queries: options.queries,
    seed: options.seed,
    epochs: options.epochs,
    onStage: (stage) => {
      if (!options.json) writeLine(io.stderr, `spotrec: ${stage}`);
    },
    onProgress: (done, total) => {
      if (bar === undefined) return;
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
  });
  bar?.stop();
  if (options.json) {
    writeLine(
      io.stdout,
      JSON.stringify({
        source: catalog.description,
        synthetic: catalog.synthetic,
        protocolHeldOutArtists: {
          k: result.k,
          queries: result.queries.length,
          reference: result.reference,
          rows: rowsOf(result),
          comparisons: result.comparisons,
        },
      }),
    );
    return;
  }
  writeLine(io.stdout, catalog.description);
  writeLine(
    io.stdout,
    `Protocol A′ (held-out artists): 20% of first artists held out (seed ${options.seed}); scalers, the autoencoder and the genre encoders (genres as training targets only) fitted on the other artists' tracks; ${result.queries.length.toLocaleString('en-US')} query tracks of held-out artists; relevant = shares a genre; k = 10; p = paired t-test on P@10`,
  );
  writeLine(io.stdout, table(result, PROTOCOL_A_METRICS, TITLES));
}
