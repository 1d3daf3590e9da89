export { Recommender } from './recommender';
export { selectRecommendations } from './select';
export type { SelectionOptions } from './select';
export type { RecommenderOptions, RequestSettings } from './recommender';
export type {
  RecommendRequest,
  RecommendResponse,
  Recommendation,
  SeedPool,
  PoolTotals,
} from './request';
export type { RecommendableTrack, FeatureRange } from './catalog';
export { VectorScorer, itemScorer, hybridScorer } from './scorer';
export type {
  Scorer,
  SeedQuery,
  ResolvedSeed,
  ScoredRow,
  FeatureContribution,
  ItemScorerLike,
  HybridScorerOptions,
  UnitVectors,
} from './scorer';
export { RecommenderBundle, createRecommender, BUNDLE_FORMAT_VERSION } from './bundle';
export type {
  BundleManifest,
  CreateRecommenderOptions,
  LoadBundleOptions,
  ModelKind,
  Embedder,
  SavableItemScorer,
  HybridSettings,
  ManifestModel,
  ManifestCatalog,
  ManifestFile,
} from './bundle';
export { catalogFingerprint } from './fingerprint';
export type { CatalogJSON } from './catalog-file';
export {
  RecommenderError,
  InvalidArgumentError,
  NotInCatalogError,
  InvalidFormatError,
  CatalogMismatchError,
} from './errors';
