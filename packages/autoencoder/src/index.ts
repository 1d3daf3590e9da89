export { Autoencoder } from './autoencoder';
export type {
  DenseMatrix,
  Activation,
  EpochProgress,
  AutoencoderOptions,
  FitOptions,
  AutoencoderConfig,
  AutoencoderFileJSON,
} from './autoencoder';
export { initBackend, setWasmPaths } from './backend';
export type { ModelIOHandler, ModelStore } from './saved-model';
export { AutoencoderError, InvalidArgumentError, InvalidFormatError } from './errors';
export { GenreEncoder } from './genre-encoder';
export type {
  GenreEncoderOptions,
  GenreEncoderFitOptions,
  GenreEncoderConfig,
  GenreEncoderFileJSON,
} from './genre-encoder';
