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
export { splitByGroup } from './split-by-group';
export type { SplitByGroupOptions, GroupSplit } from './split-by-group';
export { holdOutPlaylists } from './hold-out-playlists';
export type { HoldOutPlaylistsOptions, PlaylistSplit, PlaylistsLike } from './hold-out-playlists';
export { PROTOCOL_A_METRICS, PROTOCOL_B_METRICS } from './protocol';
export type {
  ProtocolSystem,
  ProtocolSystemResult,
  ProtocolComparison,
  ProtocolResult,
  ProtocolCommonOptions,
} from './protocol';
export { protocolA } from './protocol-a';
export type { ProtocolAOptions, ProtocolABaseOptions } from './protocol-a';
export { protocolHeldOutArtists } from './protocol-held-out-artists';
export type {
  ArtistItem,
  ProtocolHeldOutArtistsOptions,
  ProtocolHeldOutArtistsResult,
} from './protocol-held-out-artists';
export { protocolB } from './protocol-b';
export type { ProtocolBOptions, ProtocolBResult } from './protocol-b';
