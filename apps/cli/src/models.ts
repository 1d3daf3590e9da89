import { join } from 'node:path';
import { Autoencoder, GenreEncoder, type EpochProgress } from '@spotrec/autoencoder';
import { ImplicitALS, InteractionMatrix, ItemKNN, type ItemScorer } from '@spotrec/collaborative';
import { AUDIO_FEATURES } from '@spotrec/data';
import { RecommenderBundle, createRecommender } from '@spotrec/recommender';
import { openInteractions, type Catalog, type InteractionsSettings } from './catalog';
import { CliDataError } from './errors';
import { writeLine, type CliIO } from './io';
import { progressBar } from './progress';

/** Raw features `--min`/`--max`/`--target` may name. */
export const FILTER_FEATURES: readonly string[] = [...AUDIO_FEATURES, 'popularity', 'durationMs'];

/** The default bundle folder of `train`, relative to the working directory. */
export const DEFAULT_BUNDLE_DIR = join('.spotrec', 'bundle');

/**
 * What `--model` may name: cosine over the features; over the embeddings of the autoencoder,
 * of the supervised autoencoder (reconstruction + genre head) or of the genre classifier
 * (penultimate layer), the last two trained on the catalog's genres but encoding audio
 * features alone; or item-kNN + content.
 */
export const CLI_MODELS = [
  'features',
  'autoencoder',
  'supervised-autoencoder',
  'genre-classifier',
  'hybrid',
] as const;
/** One of {@link CLI_MODELS}. */
export type CliModel = (typeof CLI_MODELS)[number];

/** What fitting a model needs besides the catalog. */
export interface FitSettings {
  readonly model: CliModel;
  readonly epochs: number;
  readonly seed: number;
  readonly interactions?: string;
  readonly interactionsSettings: InteractionsSettings;
  /** Progress bars on stderr (off under --json). */
  readonly progress: boolean;
}

/** Restores the collaborative model of a bundle from its JSON, by its `kind`. */
export function reviveCollaborative(json: unknown): ItemScorer {
  const kind = typeof json === 'object' && json !== null ? (json as { kind?: unknown }).kind : null;
  return kind === 'spotrec.implicit-als' ? ImplicitALS.fromJSON(json) : ItemKNN.fromJSON(json);
}

/** Fits a bundle of `settings.model` over the catalog, with a progress bar per autoencoder epoch. */
export async function fitBundle(
  catalog: Catalog,
  settings: FitSettings,
  io: CliIO,
): Promise<RecommenderBundle> {
  const { model, epochs, seed } = settings;
  if (model === 'hybrid') {
    if (settings.interactions === undefined)
      throw new CliDataError(
        '--model hybrid needs --interactions <csv> (playlists × tracks, TidyTuesday layout)',
      );
    const interactions = await openInteractions(
      settings.interactions,
      settings.interactionsSettings,
      io,
    );
    const collaborative = ItemKNN.fit(InteractionMatrix.from(interactions), { neighbours: 200 });
    return createRecommender({
      tracks: catalog.tracks,
      model: 'hybrid',
      collaborative,
      hybrid: { weight: 0.3 },
      seed,
      source: catalog.description,
      settings: { interactions: settings.interactions, neighbours: 200 },
    });
  }
  if (model === 'features')
    return createRecommender({ tracks: catalog.tracks, seed, source: catalog.description });
  const bar = progressBar(
    io,
    'training [{bar}] epoch {value}/{total} | loss {loss} | validation {validation}',
    settings.progress,
  );
  bar?.start(epochs, 0, { loss: '-', validation: '-' });
  try {
    return await createRecommender({
      tracks: catalog.tracks,
      model: 'embedding',
      seed,
      source: catalog.description,
      settings: { embedder: model, epochs },
      embed: (matrix, context) => {
        const onEpochEnd = ({ epoch, loss, validationLoss }: EpochProgress) =>
          bar?.update(epoch, { loss: loss.toFixed(5), validation: validationLoss.toFixed(5) });
        return model === 'autoencoder'
          ? Autoencoder.fit(matrix, { epochs, seed: context.seed, onEpochEnd })
          : GenreEncoder.fit(
              matrix,
              catalog.tracks.map((track) => track.genres),
              {
                decoder: model === 'supervised-autoencoder',
                epochs,
                seed: context.seed,
                onEpochEnd,
                ...(context.signal === undefined ? {} : { signal: context.signal }),
              },
            );
      },
    });
  } finally {
    bar?.stop();
  }
}

/** The bundle a command works with and the catalog it answers over. */
export interface OpenedModel {
  readonly bundle: RecommenderBundle;
  readonly catalog: Catalog;
}

/** One line naming a bundle: its model, catalog and fingerprint. */
export function bundleLine(bundle: RecommenderBundle, where: string): string {
  const { model, catalog } = bundle.manifest;
  return `${where}: ${model.name} (${model.kind}, seed ${model.seed}), fitted on ${(catalog.source ?? 'an unnamed catalog').replace(/\.$/, '')}; catalog ${catalog.fingerprint.slice(0, 19)}…`;
}

/**
 * `--bundle DIR`: loads the bundle (with `--data`, the catalog must be the one it was fitted
 * on); without it, fits `settings.model` in memory on the catalog and says so on stderr. A
 * model from another catalog is never picked up.
 */
export async function openModel(
  bundleDir: string | undefined,
  loadCatalog: () => Promise<Catalog>,
  hasData: boolean,
  settings: FitSettings,
  io: CliIO,
): Promise<OpenedModel> {
  if (bundleDir === undefined) {
    const catalog = await loadCatalog();
    writeLine(
      io.stderr,
      `spotrec: no --bundle: fitting the ${settings.model} model in memory on this catalog (spotrec train --out DIR saves a bundle to reuse)`,
    );
    return { bundle: await fitBundle(catalog, settings, io), catalog };
  }
  const given = hasData ? await loadCatalog() : undefined;
  const bundle = await RecommenderBundle.load(bundleDir, {
    collaborative: reviveCollaborative,
    ...(given === undefined ? {} : { tracks: given.tracks }),
  });
  const source = bundle.manifest.catalog.source ?? '';
  return {
    bundle,
    catalog: given ?? {
      tracks: [...bundle.tracks],
      synthetic: source.startsWith('SYNTHETIC'),
      report: undefined,
      description: `${source === '' ? 'the catalog' : source} (the catalog of bundle ${bundleDir})`,
    },
  };
}
