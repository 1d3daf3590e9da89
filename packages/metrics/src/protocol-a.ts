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
import type { Id, Relevance } from './ranking';
import { sharedGenreRelevance, type GenreItem } from './relevance';

/** Options of {@link protocolA} besides the catalog and its relevance rule. */
export interface ProtocolABaseOptions extends ProtocolCommonOptions {
  /** The systems, all run on the same queries. Mark genre-fed systems `circular`. */
  readonly systems: readonly ProtocolSystem[];
  /**
   * The ids never counted for a query: its duplicates, by the caller's duplicate rule. The
   * query itself is always excluded.
   * @defaultValue only the query
   */
  readonly exclude?: (query: Id) => Iterable<Id>;
  /**
   * The cut-off.
   * @defaultValue `10`
   */
  readonly k?: number;
  /**
   * A seeded sample of the catalog as queries.
   * @defaultValue every item is a query
   */
  readonly queries?: QuerySample;
}

/**
 * Options of {@link protocolA}: the catalog with genres (relevant = shares a genre), or any
 * items with ids and a relevance rule of the same shape as {@link sharedGenreRelevance}.
 */
export type ProtocolAOptions = ProtocolABaseOptions &
  (
    | {
        /** The catalog: every item is a candidate, and a query unless `queries` samples. */
        readonly items: readonly GenreItem[];
        /** Relevant = shares at least one genre with the query ({@link sharedGenreRelevance}). */
        readonly relevant?: undefined;
      }
    | {
        /** The catalog: every item is a candidate, and a query unless `queries` samples. */
        readonly items: readonly {
          /** The item id. */
          readonly id: Id;
        }[];
        /** The relevant ids of a query. */
        readonly relevant: (query: Id) => Relevance;
      }
  );

/** @internal Checks the catalog (ids unique; genres when `genres` is set); returns the ids. */
export function catalogIds(
  items: readonly { readonly id: Id; readonly genres?: unknown }[],
  genres: boolean,
): Id[] {
  if (!Array.isArray(items) || items.length === 0)
    throw new InvalidArgumentError('items', 'a non-empty array of items', items);
  const ids: Id[] = [];
  const seen = new Set<Id>();
  for (const [position, item] of items.entries()) {
    const id = item?.id;
    if (typeof id !== 'string' && typeof id !== 'number')
      throw new InvalidArgumentError(`items[${position}].id`, 'a string or a number', id);
    if (seen.has(id))
      throw new InvalidArgumentError(`items[${position}].id`, 'an id no other item has', id);
    if (genres && !Array.isArray(item.genres))
      throw new InvalidArgumentError(
        `items[${position}].genres`,
        'an array of genres',
        item.genres,
      );
    seen.add(id);
    ids.push(id);
  }
  return ids;
}

/** @internal The query and the caller's exclusions. */
export function withQuery(
  exclude: ((query: Id) => Iterable<Id>) | undefined,
): (query: Id) => Iterable<Id> {
  if (exclude !== undefined && typeof exclude !== 'function')
    throw new InvalidArgumentError('exclude', 'a function', exclude);
  return exclude === undefined ? (query) => [query] : (query) => [query, ...exclude(query)];
}

/**
 * Protocol A, genre as relevance: every system ranks for the same queries (the whole catalog,
 * or a seeded sample of it); relevant = another item sharing at least one genre with the query
 * (or the given rule); the query and its duplicates are removed from the ranking before the
 * cut-off and from the relevant set; k = 10. Each system is then compared with the reference
 * (the first system that is not circular, unless named) on every metric, query by query.
 *
 * A system that sees genre as an input answers a question it was given the answer to: mark it
 * `circular: true` and its row is labelled so and never the default reference.
 *
 * @param options - Catalog, systems, exclusions, k, query sample, metrics, reference,
 * progress, abort signal.
 * @returns The {@link ProtocolResult} table (`protocol: 'A'`).
 * @throws {@link InvalidArgumentError} for an empty catalog, repeated ids, bad systems, an
 * unknown reference, a bad k, metric or sample; the signal's reason when aborted.
 *
 * @example
 * ```ts
 * const items = [
 *   { id: 'a', genres: ['jazz'] },
 *   { id: 'b', genres: ['jazz'] },
 *   { id: 'c', genres: ['metal'] },
 *   { id: 'd', genres: ['metal'] },
 * ];
 * const byHand = new Map<Id, Id[]>([
 *   ['a', ['b', 'c', 'd']],
 *   ['b', ['a', 'c', 'd']],
 *   ['c', ['d', 'a', 'b']],
 *   ['d', ['c', 'a', 'b']],
 * ]);
 * const result = await protocolA({
 *   items,
 *   systems: [
 *     { name: 'by hand', recommend: (id) => byHand.get(id) ?? [] },
 *     { name: 'fixed order', recommend: () => ['a', 'b', 'c', 'd'] },
 *   ],
 *   k: 1,
 *   metrics: ['precision'],
 * });
 * result.systems[0]?.metrics.precision?.mean; // 1
 * result.systems[1]?.metrics.precision?.mean; // 0.5
 * result.comparisons[0]; // { system: 'fixed order', reference: 'by hand', metric: 'precision', meanDifference: -0.5, … }
 * ```
 */
export async function protocolA(options: ProtocolAOptions): Promise<ProtocolResult> {
  const { k = 10, metrics = PROTOCOL_A_METRICS, onProgress, signal } = options;
  checkCommon(k, metrics, signal);
  const ids = catalogIds(options.items, options.relevant === undefined);
  const reference = checkSystems(options.systems, options.reference);
  const exclude = withQuery(options.exclude);
  const given: unknown = options.relevant;
  if (given !== undefined && typeof given !== 'function')
    throw new InvalidArgumentError('relevant', 'a function', given);
  const relevant =
    options.relevant === undefined ? sharedGenreRelevance(options.items) : options.relevant;
  return runProtocol({
    protocol: 'A',
    queries: sampleQueries(ids, options.queries, 'queries'),
    systems: options.systems,
    reference,
    relevant,
    exclude,
    k,
    metrics,
    onProgress,
    signal,
  });
}
