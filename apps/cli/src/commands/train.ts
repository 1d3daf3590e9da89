import type { Catalog } from '../catalog';
import { writeLine, type CliIO } from '../io';
import { fitBundle, type FitSettings } from '../models';
import { progressBar } from '../progress';
import { bundleSystem } from '../systems';
import { duplicatesOf } from '@spotrec/data';
import { protocolA, randomRecommender } from '@spotrec/metrics';

export interface TrainOptions extends FitSettings {
  readonly out: string;
  /** Protocol A queries to measure and record in the manifest (0: none). */
  readonly evaluateQueries: number;
  readonly json: boolean;
}

/** `spotrec train`: fits a model on the catalog and writes it as a bundle. */
export async function trainCommand(
  catalog: Catalog,
  options: TrainOptions,
  io: CliIO,
): Promise<void> {
  let bundle = await fitBundle(catalog, options, io);
  if (options.evaluateQueries > 0) {
    const bar = progressBar(io, 'evaluating [{bar}] {value}/{total} queries', options.progress);
    let started = false;
    const ids = catalog.tracks.map((track) => track.id);
    const duplicates = duplicatesOf(catalog.tracks);
    const result = await protocolA({
      items: catalog.tracks,
      systems: [
        bundleSystem(bundle.manifest.model.name, bundle),
        {
          name: 'random baseline',
          recommend: randomRecommender(ids, { seed: options.seed, size: 30 }),
        },
      ],
      exclude: (id) => duplicates(String(id)),
      queries: { size: Math.min(options.evaluateQueries, ids.length), seed: options.seed },
      onProgress: (done, total) => {
        if (!started) bar?.start(total, 0);
        started = true;
        bar?.update(done);
      },
    });
    bar?.stop();
    bundle = bundle.withEvaluation({
      protocol: 'A',
      k: result.k,
      queries: result.queries.length,
      systems: result.systems.map((system) => ({
        name: system.name,
        metrics: Object.fromEntries(
          Object.entries(system.metrics).map(([metric, summary]) => [
            metric,
            { mean: summary.mean, ci95: summary.ci95 },
          ]),
        ),
      })),
    });
  }
  const manifest = await bundle.save(options.out);
  const bytes = Object.values(manifest.files).reduce((sum, file) => sum + file.bytes, 0);
  if (options.json) {
    writeLine(
      io.stdout,
      JSON.stringify({
        source: catalog.description,
        synthetic: catalog.synthetic,
        saved: options.out,
        manifest,
      }),
    );
    return;
  }
  writeLine(io.stdout, catalog.description);
  const training = manifest.model.training as
    readonly { loss?: number; validationLoss?: number }[] | undefined;
  const last = training?.at(-1);
  writeLine(
    io.stdout,
    `Bundle ${options.out}: ${manifest.model.name} (${manifest.model.kind}, seed ${manifest.model.seed}), ${manifest.catalog.rows.toLocaleString('en-US')} tracks, ${Object.keys(manifest.files).length} files, ${(bytes / 1048576).toFixed(1)} MiB`,
  );
  writeLine(io.stdout, `Catalog fingerprint ${manifest.catalog.fingerprint}`);
  if (last !== undefined)
    writeLine(
      io.stdout,
      `Trained ${training?.length} epochs: train MSE ${last.loss?.toFixed(5)}, validation MSE ${last.validationLoss?.toFixed(5)}`,
    );
  const evaluation = manifest.evaluation as
    | { queries: number; systems: { name: string; metrics: { precision?: { mean: number } } }[] }
    | undefined;
  if (evaluation !== undefined)
    writeLine(
      io.stdout,
      `Protocol A on ${evaluation.queries} queries: ${evaluation.systems.map((system) => `${system.name} P@10 ${system.metrics.precision?.mean.toFixed(4)}`).join('; ')}`,
    );
  writeLine(io.stdout, `Use it: spotrec recommend --bundle ${options.out} <track>`);
}
