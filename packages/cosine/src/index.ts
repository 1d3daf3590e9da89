export { CosineIndex } from './cosine-index';
export type {
  SearchHit,
  QueryOptions,
  QueryBatchOptions,
  CosineIndexOptions,
} from './cosine-index';
export type { CosineKernel } from './row-store';
export type { CosineIndexJSON } from './serialise';
export type { DenseMatrix } from './matrix';
export {
  CosineError,
  InvalidArgumentError,
  InvalidFormatError,
  UnknownIdError,
  DimensionMismatchError,
  EmptyIndexError,
} from './errors';
