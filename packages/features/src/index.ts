export { FeaturePipeline } from './pipeline';
export type {
  ColumnAccessor,
  FeaturePipelineOptions,
  FeaturePipelineJSON,
  FittedColumn,
  FittedNumericColumn,
  FittedCategoricalColumn,
} from './pipeline';
export type {
  FeatureSpec,
  ColumnSpec,
  NumericColumnSpec,
  CategoricalColumnSpec,
  MultiHotColumnSpec,
  PcaSpec,
  Scaler,
  MissingPolicy,
  UnknownPolicy,
} from './spec';
export type { FittedPca } from './pca';
export type { DenseMatrix, FeatureMatrix } from './matrix';
export { spotifyFeatureSpec } from './spotify-spec';
export type { SpotifyFeatureSpecOptions } from './spotify-spec';
export {
  FeaturesError,
  InvalidArgumentError,
  InvalidValueError,
  NotFittedError,
  InvalidFormatError,
} from './errors';
