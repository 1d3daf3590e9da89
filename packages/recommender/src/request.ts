import type { FeatureContribution } from './scorer';

/** A request modelled on Spotify's closed `GET /v1/recommendations`. */
export interface RecommendRequest {
  /** Track ids to start from. */
  readonly seedTracks?: readonly string[];
  /** Artists to start from, by name (exact, else case-insensitive); each stands for its tracks. */
  readonly seedArtists?: readonly string[];
  /** Genres to start from; each stands for its tracks. */
  readonly seedGenres?: readonly string[];
  /**
   * How many tracks to return.
   * @defaultValue `20`
   */
  readonly k?: number;
  /** Hard lower bounds on raw features, inclusive (`{ tempo: 100 }`). */
  readonly min?: Readonly<Record<string, number>>;
  /** Hard upper bounds on raw features, inclusive. */
  readonly max?: Readonly<Record<string, number>>;
  /** Soft target values of raw features, weighed equally. */
  readonly target?: Readonly<Record<string, number>>;
  /**
   * Share of the score given to closeness to `target` (the rest is the scorer's similarity).
   * @defaultValue `0.5` when `target` is given
   */
  readonly targetWeight?: number;
  /** Only tracks with at least one of these genres. */
  readonly includeGenres?: readonly string[];
  /** No track with any of these genres. */
  readonly excludeGenres?: readonly string[];
  /** Only tracks by at least one of these artists. */
  readonly includeArtists?: readonly string[];
  /** No track by any of these artists. */
  readonly excludeArtists?: readonly string[];
  /** At most this many tracks per first-listed artist. */
  readonly maxPerArtist?: number;
  /**
   * Maximal marginal relevance: 0 ranks by relevance alone, 1 by novelty against the tracks
   * already picked alone (MMR with λ = 1 − diversity). MMR re-ranks the best max(4k, 64)
   * candidates (more when the artist cap or duplicates leave fewer than k).
   * @defaultValue `0`
   */
  readonly diversity?: number;
}

/** A recommended track with its scores and why it was chosen. */
export interface Recommendation<T> {
  /** The catalog entry. */
  readonly track: T;
  /** The ranking score: the similarity, blended with target closeness when targets were given. */
  readonly score: number;
  /**
   * The scorer's score: cosine similarity for vector scorers; for other scorers their score
   * (`NaN` for a track the scorer cannot score, ranked after every scored track).
   */
  readonly similarity: number;
  /** Closeness to the targets in [0, 1] (1 − mean normalised distance), or `null` without targets. */
  readonly targetCloseness: number | null;
  /**
   * The per-feature terms of the similarity, largest magnitude first; empty when the scorer's
   * score is not a sum over features (item-kNN, ALS).
   */
  readonly contributions: readonly FeatureContribution[];
  /** The seed whose own score for this track is highest: `track:…`, `artist:…` or `genre:…`. */
  readonly closestSeed: string;
}

/** A seed's pool sizes, as Spotify's `seeds` objects report them. */
export interface SeedPool {
  /** `'track'`, `'artist'` or `'genre'`. */
  readonly type: 'track' | 'artist' | 'genre';
  /** The track id, artist name or genre, as the catalog spells it. */
  readonly id: string;
  /** The candidates this seed reaches on its own (the catalog minus the seeds and their duplicates, for cosine). */
  readonly initialPoolSize: number;
  /** Those that pass every filter. */
  readonly afterFilteringSize: number;
}

/** Pool sizes over all seeds. */
export interface PoolTotals {
  /** Candidates before filtering: the catalog minus the seeds and their duplicates. */
  readonly initialPoolSize: number;
  /** Those that pass every filter. */
  readonly afterFilteringSize: number;
}

/** The answer: tracks best first, and how large the pools were. */
export interface RecommendResponse<T> {
  /** Best first; `k` of them whenever `k` candidates pass the filters. */
  readonly tracks: readonly Recommendation<T>[];
  /** Per seed, in request order (tracks, then artists, then genres). */
  readonly seeds: readonly SeedPool[];
  /** Over all seeds: candidates before filtering (the catalog minus the seeds and their duplicates) and after. */
  readonly pool: PoolTotals;
}
