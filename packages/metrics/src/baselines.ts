import { createRandom, partialShuffle } from '@spotrec/numeric-internal';
import { InvalidArgumentError } from './errors';
import type { Id } from './ranking';

/** Options of the baseline recommenders. */
export interface BaselineOptions {
  /**
   * How many ids each call returns (leave room for exclusions before the harness's cut-off).
   * @defaultValue `100`
   */
  readonly size?: number;
}

function checkSize(size: unknown, catalogSize: number): number {
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size <= 0)
    throw new InvalidArgumentError('options.size', 'a positive integer', size);
  return Math.min(size, catalogSize);
}

/**
 * The random baseline: each call returns `size` distinct ids drawn uniformly (seeded, so a
 * run is reproducible given the order of calls).
 *
 * @param catalog - The ids to draw from.
 * @param options - `seed` and `size`.
 * @returns A recommender `() => ids`.
 * @throws {@link InvalidArgumentError} for an empty catalog or a bad size or seed.
 *
 * @example
 * ```ts
 * const random = randomRecommender(['a', 'b', 'c', 'd'], { seed: 1, size: 2 });
 * random(); // two distinct ids, the same for the same seed
 * ```
 */
export function randomRecommender(
  catalog: readonly Id[],
  options: BaselineOptions & { readonly seed?: number } = {},
): () => Id[] {
  const { seed = 0, size = 100 } = options;
  if (!Array.isArray(catalog) || catalog.length === 0)
    throw new InvalidArgumentError('catalog', 'a non-empty array of ids', catalog);
  if (typeof seed !== 'number' || !Number.isInteger(seed))
    throw new InvalidArgumentError('options.seed', 'an integer', seed);
  const count = checkSize(size, catalog.length);
  const random = createRandom(seed);
  const pool = [...catalog];
  return () => {
    // A partial Fisher–Yates shuffle of the shared pool: count swaps per call.
    partialShuffle(pool, count, random);
    return pool.slice(0, count);
  };
}

/**
 * The popularity baseline: the same list for every query, most popular first (ties in catalog
 * order).
 *
 * @param catalog - The ids.
 * @param popularity - Popularity of an id (interaction count, Spotify popularity, …).
 * @param options - `size`.
 * @returns A recommender `() => ids`.
 * @throws {@link InvalidArgumentError} for an empty catalog, a bad size, or a non-finite popularity.
 *
 * @example
 * ```ts
 * const popular = popularityRecommender(['a', 'b', 'c'], (id) => ({ a: 5, b: 9, c: 1 })[id], { size: 2 });
 * popular(); // ['b', 'a']
 * ```
 */
export function popularityRecommender(
  catalog: readonly Id[],
  popularity: (id: Id) => number | undefined,
  options: BaselineOptions = {},
): () => Id[] {
  const { size = 100 } = options;
  if (!Array.isArray(catalog) || catalog.length === 0)
    throw new InvalidArgumentError('catalog', 'a non-empty array of ids', catalog);
  const count = checkSize(size, catalog.length);
  const scored = catalog.map((id, position) => {
    const value = popularity(id) ?? 0;
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new InvalidArgumentError(`popularity(${JSON.stringify(id)})`, 'a finite number', value);
    return { id, value, position };
  });
  const ranked = scored
    .sort((a, b) => b.value - a.value || a.position - b.position)
    .slice(0, count)
    .map((entry) => entry.id);
  return () => [...ranked];
}
