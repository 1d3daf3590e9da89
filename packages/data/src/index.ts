export { loadTracks } from './load-tracks';
export type {
  LoadTracksOptions,
  LoadTracksResult,
  LoadReport,
  DuplicateConflict,
  OnInvalid,
} from './load-tracks';
export type { CsvSource } from './csv-input';
export type { TextEncoding } from './text-decoding';
export {
  SPOTIFY_TRACKS_LAYOUT,
  TIDYTUESDAY_LAYOUT,
  BUILT_IN_LAYOUTS,
  REQUIRED_TRACK_FIELDS,
  defineTrackLayout,
  parseTrackLayout,
} from './layout';
export type { TrackLayout, TrackField } from './layout';
export { AUDIO_FEATURES, NUMERIC_TRACK_FIELDS, TRACK_FIELD_RANGES } from './track';
export type { Track, AudioFeature, NumericTrackField, FieldRange } from './track';
export {
  DataError,
  InvalidArgumentError,
  InputReadError,
  CsvFormatError,
  MissingColumnsError,
  InvalidRowError,
  NoRowsError,
  InvalidLayoutError,
  DownloadError,
} from './errors';
export type { RowIssue, RowRule } from './errors';
export { duplicateKey, isDuplicateTrack, duplicatesOf } from './duplicate';
export type { DuplicateKeyInput, DuplicateTrackInput } from './duplicate';
export { loadInteractions, interactionsFromPairs } from './load-interactions';
export type {
  Interactions,
  LoadInteractionsOptions,
  InteractionsReport,
  LoadInteractionsResult,
  InteractionsFromPairsResult,
} from './load-interactions';
export { describeTracks } from './describe';
export type {
  DescribeTracksOptions,
  FeatureSummary,
  TracksDescription,
  GenreCount,
  CorrelationMatrix,
} from './describe';
export { describeGenreProfiles } from './describe-genres';
export type { DescribeGenreProfilesOptions, GenreProfile, GenreProfiles } from './describe-genres';
export { describeCategories, CATEGORICAL_TRACK_FIELDS } from './describe-categories';
export type {
  CategoricalSummary,
  CategoricalTrackField,
  CategoryCount,
} from './describe-categories';
export { describeDataQuality } from './describe-quality';
export type { DataQuality } from './describe-quality';
export {
  fitGenreStatistics,
  QUANTILE_LEVELS,
  CONTINUOUS_FEATURES,
  DISCRETE_FEATURES,
  COPULA_FEATURES,
} from './synthetic/genre-statistics';
export type {
  GenreStatistics,
  GenreStatisticsJSON,
  CategoryShares,
} from './synthetic/genre-statistics';
export { syntheticCatalog, DEFAULT_GENRE_STATISTICS } from './synthetic/synthetic-catalog';
export type { SyntheticCatalogOptions } from './synthetic/synthetic-catalog';
export { downloadDataset, SPOTIFY_TRACKS_DATASET_URL } from './download';
export type { DownloadDatasetOptions, DownloadProgress, DownloadResult } from './download';
