export { InteractionMatrix } from './interaction-matrix';
export type { InteractionsLike } from './interaction-matrix';
export { ItemKNN } from './item-knn';
export type { ItemKNNOptions, ItemKNNJSON } from './item-knn';
export { ImplicitALS } from './implicit-als';
export type {
  ImplicitALSOptions,
  ImplicitALSJSON,
  ImplicitALSSettings,
  ALSIteration,
} from './implicit-als';
export { ContentScorer } from './content-scorer';
export type { DenseMatrixLike, ContentScorerOptions } from './content-scorer';
export { TagScorer } from './tag-scorer';
export type { TagScorerOptions } from './tag-scorer';
export { HybridRecommender } from './hybrid';
export type { HybridOptions, HybridMethod } from './hybrid';
export type { ItemScorer, RecommendOptions } from './scorer';
export type { ScoredItem } from './top-k';
export {
  CollaborativeError,
  InvalidArgumentError,
  UnknownIdError,
  InvalidFormatError,
} from './errors';
