import { InvalidArgumentError } from './errors';
import { sampleQueries, type QuerySample } from './evaluate';
import { holdOutPlaylists, type PlaylistSplit, type PlaylistsLike } from './hold-out-playlists';
import {
  PROTOCOL_B_METRICS,
  checkCommon,
  checkSystems,
  runProtocol,
  type ProtocolCommonOptions,
  type ProtocolResult,
  type ProtocolSystem,
} from './protocol';
import type { Id } from './ranking';
import { checkSeed, checkShare } from './split-by-group';

/** Options of {@link protocolB}. */
export interface ProtocolBOptions<P> extends ProtocolCommonOptions {
  /** The playlists: a map from playlist id to track ids, or `[playlistId, trackId]` pairs. */
  readonly playlists: PlaylistsLike<P>;
  /**
   * Builds the systems from the visible part of every playlist (fit them on it only). Each
   * system's `recommend(playlistId)` ranks tracks for that playlist.
   */
  readonly systems: (
    visible: ReadonlyMap<P, readonly Id[]>,
  ) => readonly ProtocolSystem<P>[] | Promise<readonly ProtocolSystem<P>[]>;
  /**
   * The share of each playlist hidden (see {@link holdOutPlaylists}).
   * @defaultValue `0.2`
   */
  readonly holdOut?: number;
  /**
   * The seed of the hold-out.
   * @defaultValue `0`
   */
  readonly seed?: number;
  /**
   * A seeded sample of the split playlists as queries.
   * @defaultValue every playlist that was split
   */
  readonly queries?: QuerySample;
  /**
   * The cut-off.
   * @defaultValue `50`
   */
  readonly k?: number;
}

/** The table of {@link protocolB}, with the split it used. */
export interface ProtocolBResult<P> extends ProtocolResult<P> {
  /** The visible and hidden tracks of every playlist. */
  readonly split: PlaylistSplit<P>;
}

/**
 * Protocol B, playlist continuation: a seeded 20% of each playlist is hidden
 * ({@link holdOutPlaylists}: at least one track; a playlist with fewer than two distinct
 * tracks stays whole and visible and is no query); `systems(visible)` builds the systems from
 * the visible part only; every split playlist is a query, whose ranking counts every track not
 * in its visible part (the visible tracks are removed before the cut-off) and whose relevant
 * tracks are its hidden ones; recall@50 and NDCG@50 by default. Each system is compared with
 * the reference (the first system that is not circular, unless named), playlist by playlist.
 *
 * @param options - Playlists, systems factory, hold-out share and seed, query sample, k,
 * metrics, reference, progress, abort signal.
 * @returns The {@link ProtocolBResult} (`protocol: 'B'`).
 * @throws {@link InvalidArgumentError} for malformed playlists, no playlist with two distinct
 * tracks, a bad share, seed, k, metric or sample, bad systems or an unknown reference; the
 * signal's reason when aborted.
 *
 * @example
 * ```ts
 * const result = await protocolB({
 *   playlists: new Map([
 *     ['p1', ['a', 'b', 'c', 'd', 'e']],
 *     ['p2', ['a', 'c', 'e', 'f', 'g']],
 *   ]),
 *   systems: () => [
 *     { name: 'everything', recommend: () => ['a', 'b', 'c', 'd', 'e', 'f', 'g'] },
 *     { name: 'nothing', recommend: () => [] },
 *   ],
 *   k: 10,
 * });
 * result.systems[0]?.metrics.recall?.mean; // 1: every hidden track is found
 * result.comparisons.map((row) => row.metric); // ['recall', 'ndcg']
 * ```
 */
export async function protocolB<P>(options: ProtocolBOptions<P>): Promise<ProtocolBResult<P>> {
  const { k = 50, metrics = PROTOCOL_B_METRICS, holdOut = 0.2, seed = 0, signal } = options;
  checkCommon(k, metrics, signal);
  checkShare(holdOut, 'holdOut');
  checkSeed(seed, 'seed');
  if (typeof options.systems !== 'function')
    throw new InvalidArgumentError(
      'systems',
      'a function of the visible playlists',
      options.systems,
    );
  const split = holdOutPlaylists(options.playlists, { share: holdOut, seed });
  if (split.hidden.size === 0)
    throw new InvalidArgumentError(
      'playlists',
      'at least one playlist with two distinct tracks',
      `${split.visible.size} playlists`,
    );
  const queries = sampleQueries([...split.hidden.keys()], options.queries, 'queries');
  signal?.throwIfAborted();
  const systems = await options.systems(split.visible);
  const reference = checkSystems(systems, options.reference, 'systems(visible)');
  const result = await runProtocol({
    protocol: 'B',
    queries,
    systems,
    reference,
    relevant: (playlist) => split.hidden.get(playlist) ?? [],
    exclude: (playlist) => split.visible.get(playlist) ?? [],
    k,
    metrics,
    onProgress: options.onProgress,
    signal,
  });
  return { ...result, split };
}
