import type { Catalog } from '../catalog';
import { writeLine, type CliIO } from '../io';
import { featureMatrix } from '../models';
import { progressBar } from '../progress';
import { Autoencoder } from '@spotrec/autoencoder';

export interface TrainOptions {
  readonly out: string;
  readonly epochs: number;
  readonly seed: number;
  readonly json: boolean;
}

/** `spotrec train`: trains the autoencoder on the catalog's 12 features and saves it. */
export async function trainCommand(
  catalog: Catalog,
  options: TrainOptions,
  io: CliIO,
): Promise<void> {
  const matrix = featureMatrix(catalog.tracks);
  const bar = progressBar(
    io,
    'training [{bar}] epoch {value}/{total} | loss {loss} | validation {validation}',
    !options.json,
  );
  bar?.start(options.epochs, 0, { loss: '-', validation: '-' });
  const model = await Autoencoder.fit(matrix, {
    epochs: options.epochs,
    seed: options.seed,
    onEpochEnd: ({ epoch, loss, validationLoss }) =>
      bar?.update(epoch, { loss: loss.toFixed(5), validation: validationLoss.toFixed(5) }),
  });
  bar?.stop();
  await model.save(options.out);
  const last = model.history.at(-1);
  const perEpoch =
    model.history.reduce((sum, step) => sum + step.seconds, 0) / model.history.length;
  if (options.json) {
    writeLine(
      io.stdout,
      JSON.stringify({
        source: catalog.description,
        synthetic: catalog.synthetic,
        saved: options.out,
        config: model.config,
        history: model.history,
      }),
    );
  } else {
    writeLine(io.stdout, catalog.description);
    writeLine(
      io.stdout,
      `Trained ${model.history.length} epochs (${perEpoch.toFixed(2)} s each): train MSE ${last?.loss.toFixed(5)}, validation MSE ${last?.validationLoss.toFixed(5)}. Saved to ${options.out}`,
    );
  }
  model.dispose();
}
