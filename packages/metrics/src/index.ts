export {
  precisionAtK,
  recallAtK,
  hitAtK,
  reciprocalRankAtK,
  ndcgAtK,
  averagePrecisionAtK,
  averagePrecisionAtKCapped,
  rPrecision,
} from './ranking';
export type { Id, Relevance, GainScheme, NdcgOptions } from './ranking';
export { catalogCoverage, intraListDiversity, novelty, giniOfExposure } from './beyond-accuracy';
export { evaluate, compareSystems, METRIC_NAMES } from './evaluate';
export type {
  EvaluateOptions,
  EvaluationResult,
  MetricName,
  CompareOptions,
  Comparison,
  QuerySample,
} from './evaluate';
export type { MetricSummary } from './statistics';
export { sharedGenreRelevance, heldOutRelevance } from './relevance';
export type { GenreItem } from './relevance';
export { randomRecommender, popularityRecommender } from './baselines';
export type { BaselineOptions } from './baselines';
export { MetricsError, InvalidArgumentError } from './errors';
