import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Autoencoder, type EpochProgress } from '@spotrec/autoencoder';
import { CosineIndex, Recommender } from '@spotrec/cosine';
import { AUDIO_FEATURES, type Track } from '@spotrec/data';
import { FeaturePipeline, spotifyFeatureSpec, type FeatureMatrix } from '@spotrec/features';

/** Raw features the recommend command's --min/--max/--target may name. */
export const FILTER_FEATURES: readonly string[] = [...AUDIO_FEATURES, 'popularity', 'durationMs'];

/** The default model folder of `train`, relative to the working directory. */
export const DEFAULT_MODEL_DIR = join('.spotrec', 'autoencoder');

/** The 12 default features, min-max scaled. */
export function featureMatrix(tracks: readonly Track[]): FeatureMatrix {
  return new FeaturePipeline<Track>(spotifyFeatureSpec()).fitTransform(tracks);
}

/** Training settings of the CLI's autoencoder. */
export interface TrainSettings {
  readonly epochs: number;
  readonly seed: number;
  readonly onEpochEnd?: (progress: EpochProgress) => void;
}

/** Loads the autoencoder saved in `dir` when it fits the matrix, else trains a new one. */
export async function autoencoderFor(
  matrix: FeatureMatrix,
  dir: string,
  settings: TrainSettings,
): Promise<{ model: Autoencoder; trained: boolean }> {
  if (existsSync(join(dir, 'autoencoder.json'))) {
    const model = await Autoencoder.load(dir);
    if (model.config.inputSize === matrix.cols) return { model, trained: false };
    model.dispose();
  }
  const model = await Autoencoder.fit(matrix, {
    epochs: settings.epochs,
    seed: settings.seed,
    ...(settings.onEpochEnd === undefined ? {} : { onEpochEnd: settings.onEpochEnd }),
  });
  return { model, trained: true };
}

/** A recommender over `vectors` (raw features or embeddings) with explanations by `columns`. */
export function recommenderOver(
  tracks: Track[],
  vectors: { data: Float32Array; rows: number; cols: number },
  columns: readonly string[],
) {
  const index = CosineIndex.build(
    vectors,
    tracks.map((track) => track.id),
  );
  return {
    index,
    recommender: Recommender.build({ index, tracks, features: FILTER_FEATURES, columns }),
  };
}
