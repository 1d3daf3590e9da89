import type { Id } from './ranking';

/** An item with genres, as `@spotrec/data` tracks are. */
export interface GenreItem {
  /** The item id. */
  readonly id: Id;
  /** Its genres. */
  readonly genres: readonly string[];
}

/**
 * Protocol A's relevance rule: for a query item, every other item that shares at least one
 * genre with it. Built once over the catalog; each call returns a fresh set.
 *
 * @param items - The catalog.
 * @returns `(queryId) => Set` of relevant ids (empty for an unknown id).
 *
 * @example
 * ```ts
 * const relevant = sharedGenreRelevance([
 *   { id: 'a', genres: ['jazz'] },
 *   { id: 'b', genres: ['jazz', 'soul'] },
 *   { id: 'c', genres: ['metal'] },
 * ]);
 * relevant('a'); // Set { 'b' }
 * ```
 */
export function sharedGenreRelevance(items: readonly GenreItem[]): (query: Id) => Set<Id> {
  const byGenre = new Map<string, Id[]>();
  const genresOf = new Map<Id, readonly string[]>();
  for (const item of items) {
    genresOf.set(item.id, item.genres);
    for (const genre of item.genres) {
      let members = byGenre.get(genre);
      if (members === undefined) byGenre.set(genre, (members = []));
      members.push(item.id);
    }
  }
  return (query) => {
    const relevant = new Set<Id>();
    for (const genre of genresOf.get(query) ?? [])
      for (const id of byGenre.get(genre) ?? []) relevant.add(id);
    relevant.delete(query);
    return relevant;
  };
}

/**
 * Protocol B's relevance rule: each query's held-out items.
 *
 * @param heldOut - Held-out ids per query.
 * @returns `(query) => Set` of its held-out ids (empty for a query without any).
 *
 * @example
 * ```ts
 * const relevant = heldOutRelevance(new Map([['playlist-1', ['t9', 't4']]]));
 * relevant('playlist-1'); // Set { 't9', 't4' }
 * ```
 */
export function heldOutRelevance<Q>(heldOut: ReadonlyMap<Q, readonly Id[]>): (query: Q) => Set<Id> {
  return (query) => new Set(heldOut.get(query) ?? []);
}
