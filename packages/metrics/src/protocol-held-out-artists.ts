import { InvalidArgumentError } from './errors';
import { sampleQueries, type QuerySample } from './evaluate';
import {
  PROTOCOL_A_METRICS,
  checkCommon,
  checkSystems,
  runProtocol,
  type ProtocolCommonOptions,
  type ProtocolResult,
  type ProtocolSystem,
} from './protocol';
import { catalogIds, withQuery } from './protocol-a';
import type { Id } from './ranking';
import { sharedGenreRelevance, type GenreItem } from './relevance';
import { checkSeed, checkShare, splitByGroup, type GroupSplit } from './split-by-group';

/** An item with genres and artists, as `@spotrec/data` tracks are. */
export interface ArtistItem extends GenreItem {
  /** Its artists; the first one decides the split (`''` stands for a track without artists). */
  readonly artists: readonly string[];
}

/** Options of {@link protocolHeldOutArtists}. */
export interface ProtocolHeldOutArtistsOptions<T extends ArtistItem> extends ProtocolCommonOptions {
  /** The catalog: every item is a candidate. */
  readonly items: readonly T[];
  /**
   * Builds the systems from the split: fit every learned part (scalers included) on
   * `split.train` only. `split.test` holds the tracks of held-out artists, `split.heldOutGroups`
   * those artists.
   */
  readonly systems: (
    split: GroupSplit<T, string>,
  ) => readonly ProtocolSystem[] | Promise<readonly ProtocolSystem[]>;
  /**
   * The ids never counted for a query: its duplicates, by the caller's duplicate rule. The
   * query itself is always excluded.
   * @defaultValue only the query
   */
  readonly exclude?: (query: Id) => Iterable<Id>;
  /**
   * The share of distinct first artists held out.
   * @defaultValue `0.2`
   */
  readonly share?: number;
  /**
   * The seed of the artist split (and of the query sample unless `queries.seed` is given).
   * @defaultValue `0`
   */
  readonly seed?: number;
  /**
   * The seeded sample of held-out artists' tracks used as queries (all of them when fewer).
   * @defaultValue `{ size: 3000, seed }`
   */
  readonly queries?: QuerySample;
  /**
   * The cut-off.
   * @defaultValue `10`
   */
  readonly k?: number;
}

/** The table of {@link protocolHeldOutArtists}, with the split it used. */
export interface ProtocolHeldOutArtistsResult<T> extends ProtocolResult {
  /** The artist split the systems were built from. */
  readonly split: GroupSplit<T, string>;
}

/** @internal The first artist of an item, `''` when it has none. */
function firstArtist(item: ArtistItem): string {
  return item.artists[0] ?? '';
}

/**
 * Protocol A′, held-out artists: protocol A where no artist leaks from training into queries.
 * The split is by artist, not by track: each track belongs to its first artist (`''` for a
 * track without artists), and a seeded `share` of the distinct first artists is held out
 * ({@link splitByGroup}). `systems(split)` builds the systems, fitting every learned part only
 * on `split.train` (the tracks whose first artist is not held out). The queries are a seeded
 * sample of the held-out artists' tracks; candidates are the whole catalog minus the query and
 * its duplicates; relevant = shares a genre; k = 10. Each system is compared with the reference
 * (the first system that is not circular unless named; by intent, cosine over raw min-max
 * features), query by query.
 *
 * @param options - Catalog, systems factory, exclusions, share, seed, query sample, k, metrics,
 * reference, progress, abort signal.
 * @returns The {@link ProtocolHeldOutArtistsResult} (`protocol: 'A′'`).
 * @throws {@link InvalidArgumentError} for an empty catalog, repeated ids, items without
 * genres or artists, fewer than two distinct first artists, a bad share, seed, k, metric or
 * sample, bad systems or an unknown reference; the signal's reason when aborted.
 *
 * @example
 * ```ts
 * const items = [
 *   { id: 't1', genres: ['jazz'], artists: ['Ada'] },
 *   { id: 't2', genres: ['jazz'], artists: ['Ada'] },
 *   { id: 't3', genres: ['jazz'], artists: ['Bo'] },
 *   { id: 't4', genres: ['metal'], artists: ['Cy'] },
 *   { id: 't5', genres: ['metal'], artists: ['Di', 'Ada'] },
 * ];
 * const result = await protocolHeldOutArtists({
 *   items,
 *   share: 0.25,
 *   systems: (split) => {
 *     const known = split.train.map((item) => item.id); // fit on these only
 *     return [{ name: 'training tracks in order', recommend: () => known }];
 *   },
 * });
 * result.split.heldOutGroups.length; // 1 artist of 4
 * result.queries; // the held-out artist's tracks
 * ```
 */
export async function protocolHeldOutArtists<T extends ArtistItem>(
  options: ProtocolHeldOutArtistsOptions<T>,
): Promise<ProtocolHeldOutArtistsResult<T>> {
  const { k = 10, metrics = PROTOCOL_A_METRICS, share = 0.2, seed = 0, signal } = options;
  checkCommon(k, metrics, signal);
  checkShare(share, 'share');
  checkSeed(seed, 'seed');
  catalogIds(options.items, true);
  for (const [position, item] of options.items.entries())
    if (!Array.isArray(item.artists))
      throw new InvalidArgumentError(`items[${position}].artists`, 'an array', item.artists);
  if (typeof options.systems !== 'function')
    throw new InvalidArgumentError('systems', 'a function of the split', options.systems);
  const exclude = withQuery(options.exclude);
  const split = splitByGroup(options.items, firstArtist, { share, seed });
  const queries = sampleQueries(
    split.test.map((item) => item.id),
    options.queries ?? { size: 3000, seed },
    'queries',
  );
  const relevant = sharedGenreRelevance(options.items);
  signal?.throwIfAborted();
  const systems = await options.systems(split);
  const reference = checkSystems(systems, options.reference, 'systems(split)');
  const result = await runProtocol({
    protocol: 'A′',
    queries,
    systems,
    reference,
    relevant,
    exclude,
    k,
    metrics,
    onProgress: options.onProgress,
    signal,
  });
  return { ...result, split };
}
