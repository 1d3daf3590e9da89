import type { Random } from './random';

/** A mutable indexed collection: an array or a typed array. */
interface Shufflable {
  length: number;
  [index: number]: unknown;
}

/**
 * Shuffles `items` in place (Fisher–Yates from the last position down: position `at` swaps
 * with `⌊random() · (at + 1)⌋`) and returns it.
 *
 * @example
 * ```ts
 * shuffle(Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), createRandom(42));
 * // Int32Array [9, 4, 1, 6, 3, 7, 5, 0, 8, 2]
 * ```
 */
export function shuffle<A extends Shufflable>(items: A, random: Random): A {
  for (let at = items.length - 1; at > 0; at -= 1) {
    const swap = Math.floor(random() * (at + 1));
    const held = items[at];
    items[at] = items[swap];
    items[swap] = held;
  }
  return items;
}

/**
 * Draws `count` items without replacement into the first `count` positions of `items`, in
 * place (a partial Fisher–Yates shuffle from the front: position `at` swaps with
 * `at + ⌊random() · (length − at)⌋`), and returns `items`. `count` at most `items.length`.
 *
 * @example
 * ```ts
 * partialShuffle(['a', 'b', 'c', 'd'], 2, createRandom(1)).slice(0, 2); // two distinct ids
 * ```
 */
export function partialShuffle<A extends Shufflable>(items: A, count: number, random: Random): A {
  for (let at = 0; at < count; at += 1) {
    const swap = at + Math.floor(random() * (items.length - at));
    const held = items[at];
    items[at] = items[swap];
    items[swap] = held;
  }
  return items;
}
