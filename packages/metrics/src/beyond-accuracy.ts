import { InvalidArgumentError } from './errors';
import type { Id } from './ranking';

/**
 * Catalog coverage: the share of the catalog that appears in at least one recommendation list.
 *
 * @param lists - The recommendation lists (each already cut at k).
 * @param catalogSize - The number of items that could have been recommended.
 * @returns A value in [0, 1]; 0 for no lists.
 * @throws {@link InvalidArgumentError} for a catalog size that is not a positive integer.
 *
 * @example
 * ```ts
 * catalogCoverage([['a', 'b'], ['b', 'c']], 10); // 0.3
 * ```
 */
export function catalogCoverage(lists: Iterable<readonly Id[]>, catalogSize: number): number {
  if (typeof catalogSize !== 'number' || !Number.isSafeInteger(catalogSize) || catalogSize <= 0) {
    throw new InvalidArgumentError('catalogSize', 'a positive integer', catalogSize);
  }
  const seen = new Set<Id>();
  for (const list of lists) for (const id of list) seen.add(id);
  return seen.size / catalogSize;
}

/**
 * Intra-list diversity: the mean cosine distance (1 − cosine similarity) over all pairs of a
 * list, from the items' feature vectors. A zero vector has cosine 0 with anything.
 *
 * @param list - One recommendation list.
 * @param vectorOf - The feature vector of an id (all of one length).
 * @returns A value in [0, 2]; 0 for a list of fewer than two items.
 * @throws {@link InvalidArgumentError} when vectors differ in length or an id has none.
 *
 * @example
 * ```ts
 * const vectors = new Map([['a', [1, 0]], ['b', [0, 1]], ['c', [1, 0]]]);
 * intraListDiversity(['a', 'b', 'c'], (id) => vectors.get(id)); // (1 + 0 + 1) / 3 ≈ 0.667
 * ```
 */
export function intraListDiversity(
  list: readonly Id[],
  vectorOf: (id: Id) => ArrayLike<number> | undefined,
): number {
  if (list.length < 2) return 0;
  const vectors = list.map((id, position) => {
    const vector = vectorOf(id);
    if (vector === undefined)
      throw new InvalidArgumentError(`list[${position}]`, 'an id with a feature vector', id);
    return vector;
  });
  const dim = (vectors[0] as ArrayLike<number>).length;
  const norms = vectors.map((vector, position) => {
    if (vector.length !== dim)
      throw new InvalidArgumentError(
        `vectorOf(list[${position}])`,
        `a vector of length ${dim}`,
        vector.length,
      );
    let sum = 0;
    for (let j = 0; j < dim; j += 1) sum += (vector[j] as number) ** 2;
    return Math.sqrt(sum);
  });
  let total = 0;
  let pairs = 0;
  for (let a = 0; a < vectors.length; a += 1) {
    for (let b = a + 1; b < vectors.length; b += 1) {
      const x = vectors[a] as ArrayLike<number>;
      const y = vectors[b] as ArrayLike<number>;
      let dot = 0;
      for (let j = 0; j < dim; j += 1) dot += (x[j] as number) * (y[j] as number);
      const denominator = (norms[a] as number) * (norms[b] as number);
      total += 1 - (denominator === 0 ? 0 : dot / denominator);
      pairs += 1;
    }
  }
  return total / pairs;
}

/**
 * Novelty: the mean self-information −log₂(p) of a list's items, where p is an item's share
 * of all interactions (its popularity divided by the total). Unpopular items are novel.
 *
 * @param list - One recommendation list.
 * @param popularity - Interaction count (or any popularity weight ≥ 0) per id.
 * @returns Bits, ≥ 0; 0 for an empty list. An item with popularity 0 counts as if it had 1
 * interaction (so the value stays finite); that smoothing is applied to no other item.
 * @throws {@link InvalidArgumentError} for a negative popularity or an empty total.
 *
 * @example
 * ```ts
 * const popularity = new Map([['hit', 50], ['niche', 1]]); // total 51 (others count 0)
 * novelty(['niche'], popularity); // -log2(1 / 51) ≈ 5.67
 * ```
 */
export function novelty(list: readonly Id[], popularity: ReadonlyMap<Id, number>): number {
  let total = 0;
  for (const [id, count] of popularity) {
    if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) {
      throw new InvalidArgumentError(
        `popularity.get(${JSON.stringify(id)})`,
        'a finite count ≥ 0',
        count,
      );
    }
    total += count;
  }
  if (total <= 0)
    throw new InvalidArgumentError('popularity', 'counts with a positive total', total);
  if (list.length === 0) return 0;
  let sum = 0;
  for (const id of list) sum += -Math.log2(Math.max(popularity.get(id) ?? 0, 1) / total);
  return sum / list.length;
}

/**
 * Gini index of exposure: how unequally recommendations spread over the catalog, from 0
 * (every item recommended equally often) to 1 − 1/n (all exposure on one item). Items never
 * recommended count with exposure 0, so pass the whole catalog.
 *
 * @param lists - The recommendation lists.
 * @param catalog - Every item id that could be recommended.
 * @returns A value in [0, 1); 0 when nothing was recommended.
 * @throws {@link InvalidArgumentError} for an empty catalog or a recommended id outside it.
 *
 * @example
 * ```ts
 * giniOfExposure([['a'], ['a'], ['a']], ['a', 'b', 'c']); // 2/3
 * giniOfExposure([['a'], ['b'], ['c']], ['a', 'b', 'c']); // 0
 * ```
 */
export function giniOfExposure(lists: Iterable<readonly Id[]>, catalog: readonly Id[]): number {
  if (!Array.isArray(catalog) || catalog.length === 0)
    throw new InvalidArgumentError('catalog', 'a non-empty array of ids', catalog);
  const exposure = new Map<Id, number>(catalog.map((id) => [id, 0]));
  for (const list of lists) {
    for (const id of list) {
      const count = exposure.get(id);
      if (count === undefined) throw new InvalidArgumentError('lists', 'ids from the catalog', id);
      exposure.set(id, count + 1);
    }
  }
  const counts = Float64Array.from(exposure.values()).sort();
  const n = counts.length;
  let total = 0;
  let weighted = 0;
  counts.forEach((count, at) => {
    total += count;
    weighted += (at + 1) * count;
  });
  if (total === 0) return 0;
  return (2 * weighted) / (n * total) - (n + 1) / n;
}
