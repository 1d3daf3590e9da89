import { createRandom, partialShuffle } from '@spotrec/numeric-internal';
import { InvalidArgumentError } from './errors';

/** Options of {@link splitByGroup}. */
export interface SplitByGroupOptions {
  /**
   * The share of distinct groups held out: `round(share × groups)` of them, at least one and
   * at most all but one.
   * @defaultValue `0.2`
   */
  readonly share?: number;
  /**
   * The seed of the draw.
   * @defaultValue `0`
   */
  readonly seed?: number;
}

/** A group-disjoint split made by {@link splitByGroup}. */
export interface GroupSplit<T, G> {
  /** The items whose group is not held out, in input order. */
  readonly train: readonly T[];
  /** The items whose group is held out, in input order. */
  readonly test: readonly T[];
  /** The held-out groups, in a canonical order (numbers before strings, each ascending). */
  readonly heldOutGroups: readonly G[];
}

/** @internal Numbers before strings, each ascending (code-unit order for strings). */
function compareKeys(a: string | number, b: string | number): number {
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** @internal Throws unless `share` is in (0, 1). */
export function checkShare(share: unknown, parameter: string): asserts share is number {
  if (typeof share !== 'number' || !(share > 0 && share < 1))
    throw new InvalidArgumentError(parameter, 'a number greater than 0 and less than 1', share);
}

/** @internal Throws unless `seed` is an integer. */
export function checkSeed(seed: unknown, parameter: string): asserts seed is number {
  if (typeof seed !== 'number' || !Number.isInteger(seed))
    throw new InvalidArgumentError(parameter, 'an integer', seed);
}

/**
 * Splits items by group, not item by item: a seeded share of the distinct groups (such as the
 * first artist of each track) is held out, and every item of a held-out group goes to `test`,
 * every other item to `train`. No group has items on both sides.
 *
 * The draw depends only on the set of groups, `share` and `seed`: the groups are sorted
 * (numbers before strings, each ascending) before a seeded Fisher–Yates shuffle, so the same
 * groups in any input order give the same held-out groups. `train` and `test` keep the input
 * order of the items.
 *
 * @param items - The items to split (not mutated).
 * @param groupOf - The group of an item: a string or a number.
 * @param options - `share` of groups held out and `seed`.
 * @returns The {@link GroupSplit}.
 * @throws {@link InvalidArgumentError} for fewer than two distinct groups, a group that is not a
 * string or a finite number, a `share` outside (0, 1) or a non-integer `seed`.
 *
 * @example
 * ```ts
 * const tracks = [
 *   { id: 't1', artist: 'Ada' },
 *   { id: 't2', artist: 'Ada' },
 *   { id: 't3', artist: 'Bo' },
 *   { id: 't4', artist: 'Cy' },
 *   { id: 't5', artist: 'Di' },
 * ];
 * const { train, test, heldOutGroups } = splitByGroup(tracks, (track) => track.artist, {
 *   share: 0.25,
 *   seed: 1,
 * });
 * heldOutGroups; // one of the four artists, the same for seed 1 on every run
 * train.length + test.length; // 5
 * ```
 */
export function splitByGroup<T, G extends string | number>(
  items: readonly T[],
  groupOf: (item: T) => G,
  options: SplitByGroupOptions = {},
): GroupSplit<T, G> {
  const { share = 0.2, seed = 0 } = options;
  if (!Array.isArray(items)) throw new InvalidArgumentError('items', 'an array', items);
  if (typeof groupOf !== 'function')
    throw new InvalidArgumentError('groupOf', 'a function', groupOf);
  checkShare(share, 'options.share');
  checkSeed(seed, 'options.seed');
  const groups = items.map((item, position) => {
    const group = groupOf(item);
    if (typeof group !== 'string' && !(typeof group === 'number' && Number.isFinite(group)))
      throw new InvalidArgumentError(
        `groupOf(items[${position}])`,
        'a string or a finite number',
        group,
      );
    return group;
  });
  const distinct = [...new Set(groups)].sort(compareKeys);
  if (distinct.length < 2)
    throw new InvalidArgumentError('items', 'items from at least two distinct groups', distinct);
  const count = Math.min(distinct.length - 1, Math.max(1, Math.round(share * distinct.length)));
  partialShuffle(distinct, count, createRandom(seed));
  const heldOutGroups = distinct.slice(0, count).sort(compareKeys);
  const heldOut = new Set<G>(heldOutGroups);
  const train: T[] = [];
  const test: T[] = [];
  for (const [position, item] of items.entries())
    (heldOut.has(groups[position] as G) ? test : train).push(item);
  return { train, test, heldOutGroups };
}
