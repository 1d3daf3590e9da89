import { createRandom, shuffle } from '@spotrec/numeric-internal';
import { InvalidArgumentError } from './errors';
import type { Id } from './ranking';
import { checkSeed, checkShare } from './split-by-group';

/**
 * Playlists (or any users' item lists): a map from playlist id to its item ids, or
 * `[playlistId, itemId]` pairs (one per membership).
 */
export type PlaylistsLike<P> = ReadonlyMap<P, readonly Id[]> | Iterable<readonly [P, Id]>;

/** Options of {@link holdOutPlaylists}. */
export interface HoldOutPlaylistsOptions {
  /**
   * The share of each playlist hidden: `round(share × size)` tracks, at least one and at most
   * all but one.
   * @defaultValue `0.2`
   */
  readonly share?: number;
  /**
   * The seed of the draw.
   * @defaultValue `0`
   */
  readonly seed?: number;
}

/** A per-playlist split made by {@link holdOutPlaylists}. */
export interface PlaylistSplit<P> {
  /**
   * The visible tracks of every playlist, in playlist order (a playlist too small to split is
   * here whole).
   */
  readonly visible: ReadonlyMap<P, readonly Id[]>;
  /** The hidden tracks of every playlist that was split (at least one each). */
  readonly hidden: ReadonlyMap<P, readonly Id[]>;
}

/** @internal The distinct items of each playlist, first occurrence kept, in input order. */
export function playlistMap<P>(playlists: PlaylistsLike<P>): Map<P, Id[]> {
  const result = new Map<P, Id[]>();
  const seen = new Map<P, Set<Id>>();
  const add = (playlist: P, item: Id, parameter: string) => {
    if (typeof item !== 'string' && typeof item !== 'number')
      throw new InvalidArgumentError(parameter, 'an id (a string or a number)', item);
    let items = result.get(playlist);
    let members = seen.get(playlist);
    if (items === undefined || members === undefined) {
      result.set(playlist, (items = []));
      seen.set(playlist, (members = new Set()));
    }
    if (members.has(item)) return;
    members.add(item);
    items.push(item);
  };
  if (playlists instanceof Map) {
    for (const [playlist, items] of playlists as ReadonlyMap<P, readonly Id[]>) {
      if (!Array.isArray(items))
        throw new InvalidArgumentError(
          `playlists.get(${JSON.stringify(playlist)})`,
          'an array of ids',
          items,
        );
      if (items.length === 0) result.set(playlist, []);
      for (const [position, item] of items.entries())
        add(playlist, item, `playlists.get(${JSON.stringify(playlist)})[${position}]`);
    }
    return result;
  }
  if (playlists === null || typeof playlists !== 'object' || !(Symbol.iterator in playlists))
    throw new InvalidArgumentError('playlists', 'a Map or an iterable of pairs', playlists);
  let position = 0;
  for (const pair of playlists as Iterable<readonly [P, Id]>) {
    if (!Array.isArray(pair) || pair.length !== 2)
      throw new InvalidArgumentError(`playlists[${position}]`, 'a [playlistId, itemId] pair', pair);
    add(pair[0] as P, pair[1] as Id, `playlists[${position}][1]`);
    position += 1;
  }
  return result;
}

/**
 * Hides a seeded share of each playlist, for playlist continuation (protocol B): systems are
 * fitted on `visible` and asked to find `hidden`.
 *
 * A playlist's tracks are de-duplicated (first occurrence kept), shuffled with the seeded
 * generator and cut: `max(1, round(share × size))` tracks hidden, the rest visible, so every
 * split playlist keeps at least one visible and one hidden track. A playlist with fewer than
 * two distinct tracks cannot be split: it stays whole in `visible` (its tracks still count as
 * training data) and is absent from `hidden`, so it is never a query. One generator runs over
 * the playlists in input order, so the split depends on the order of the playlists and of their
 * tracks, and on `seed`; the same input and seed always give the same split.
 *
 * @param playlists - A map from playlist id to track ids, or `[playlistId, trackId]` pairs.
 * @param options - `share` hidden and `seed`.
 * @returns The {@link PlaylistSplit}: for each split playlist, `visible` and `hidden` are
 * disjoint and together make up its distinct tracks.
 * @throws {@link InvalidArgumentError} for a malformed playlist or pair, a `share` outside
 * (0, 1) or a non-integer `seed`.
 *
 * @example
 * ```ts
 * const { visible, hidden } = holdOutPlaylists(
 *   new Map([
 *     ['road trip', ['t1', 't2', 't3', 't4', 't5']],
 *     ['solo', ['t9']],
 *   ]),
 *   { share: 0.2, seed: 7 },
 * );
 * hidden.get('road trip')?.length; // 1
 * visible.get('road trip')?.length; // 4
 * hidden.has('solo'); // false: one track cannot be split
 * visible.get('solo'); // ['t9']
 * ```
 */
export function holdOutPlaylists<P>(
  playlists: PlaylistsLike<P>,
  options: HoldOutPlaylistsOptions = {},
): PlaylistSplit<P> {
  const { share = 0.2, seed = 0 } = options;
  checkShare(share, 'options.share');
  checkSeed(seed, 'options.seed');
  const byPlaylist = playlistMap(playlists);
  const random = createRandom(seed);
  const visible = new Map<P, readonly Id[]>();
  const hidden = new Map<P, readonly Id[]>();
  for (const [playlist, items] of byPlaylist) {
    if (items.length < 2) {
      visible.set(playlist, items);
      continue;
    }
    const order = shuffle([...items], random);
    const cut = Math.min(order.length - 1, Math.max(1, Math.round(order.length * share)));
    const hiddenSet = new Set(order.slice(0, cut));
    // Both parts keep the playlist's own order.
    hidden.set(
      playlist,
      items.filter((item) => hiddenSet.has(item)),
    );
    visible.set(
      playlist,
      items.filter((item) => !hiddenSet.has(item)),
    );
  }
  return { visible, hidden };
}
