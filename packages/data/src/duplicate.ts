import { InvalidArgumentError } from './errors';

/** What {@link duplicateKey} reads of a track: its title and its artists. */
export interface DuplicateKeyInput {
  /** The track title. */
  readonly name: string;
  /** The artists, in any order. */
  readonly artists: readonly string[];
}

/** What {@link isDuplicateTrack} reads of a track: its id, title and artists. */
export interface DuplicateTrackInput extends DuplicateKeyInput {
  /** The track id. */
  readonly id: string;
}

// NFKC leaves ASCII unchanged: skipping it there keeps the rule cheap on large catalogs.
function normalise(text: string): string {
  return (/[\u0080-\uffff]/.test(text) ? text.normalize('NFKC') : text).toLowerCase().trim();
}

/**
 * The key under which copies of one song coincide: its title and its set of artists, each
 * normalised the same way (Unicode NFKC, lower-cased, trimmed). The artists' order and
 * repetitions do not matter. This is the one duplicate-track rule of spotrec: the same song
 * released on several albums or singles has several ids but one key.
 *
 * Tracks with an empty title and the same artists (including none) share a key: nothing
 * tells them apart.
 *
 * @param track - The title and the artists.
 * @returns A string equal for duplicates and different otherwise (usable as a `Map` key).
 * @throws {@link InvalidArgumentError} when `name` is not a string or `artists` not an array
 * of strings.
 *
 * @example
 * ```ts
 * duplicateKey({ name: ' Comedy ', artists: ['Gen Hoshino'] }) ===
 *   duplicateKey({ name: 'COMEDY', artists: ['gen hoshino'] }); // true
 * duplicateKey({ name: 'Ｌｏｖｅ', artists: ['B', 'A'] }) ===
 *   duplicateKey({ name: 'love', artists: ['a', 'b'] }); // true (NFKC folds full-width letters)
 * ```
 */
export function duplicateKey(track: DuplicateKeyInput): string {
  if (typeof track !== 'object' || track === null) {
    throw new InvalidArgumentError('track', 'an object with name and artists', track);
  }
  const { name, artists } = track;
  if (typeof name !== 'string') throw new InvalidArgumentError('track.name', 'a string', name);
  if (!Array.isArray(artists)) {
    throw new InvalidArgumentError('track.artists', 'an array of strings', artists);
  }
  const set = new Set<string>();
  artists.forEach((artist: unknown, position) => {
    if (typeof artist !== 'string') {
      throw new InvalidArgumentError(`track.artists[${position}]`, 'a string', artist);
    }
    set.add(normalise(artist));
  });
  // Code-unit order, not locale order: the key must not depend on the runtime's locale.
  return JSON.stringify([normalise(name), [...set].sort()]);
}

/**
 * Whether two tracks are copies of one song: the same id, or the same {@link duplicateKey}
 * (same normalised title and same set of normalised artists).
 *
 * @param a - One track.
 * @param b - The other track.
 * @returns `true` for duplicates (a track is a duplicate of itself).
 * @throws {@link InvalidArgumentError} as {@link duplicateKey} does.
 *
 * @example
 * ```ts
 * const single = { id: '1a', name: 'Comedy', artists: ['Gen Hoshino'] };
 * const album = { id: '2b', name: 'comedy ', artists: ['Gen Hoshino'] };
 * isDuplicateTrack(single, album); // true
 * isDuplicateTrack(single, { id: '3c', name: 'Comedy', artists: ['Someone Else'] }); // false
 * ```
 */
export function isDuplicateTrack(a: DuplicateTrackInput, b: DuplicateTrackInput): boolean {
  for (const [parameter, track] of [
    ['a', a],
    ['b', b],
  ] as const) {
    if (typeof track !== 'object' || track === null || typeof track.id !== 'string') {
      throw new InvalidArgumentError(parameter, 'a track with a string id', track);
    }
  }
  return a.id === b.id || duplicateKey(a) === duplicateKey(b);
}

/**
 * Groups a catalog's ids by song: for each id, every id of the same song (itself included).
 * The `exclude` rule of protocol A (the query and its duplicates never count).
 *
 * @param tracks - The catalog.
 * @returns `(id) => ids of the same song` (`[id]` for an id not in the catalog).
 *
 * @example
 * ```ts
 * import { duplicatesOf } from '@spotrec/data';
 *
 * const same = duplicatesOf([
 *   { id: '1', name: 'Song', artists: ['X'] },
 *   { id: '2', name: 'song', artists: ['x'] },
 *   { id: '3', name: 'Other', artists: ['X'] },
 * ]);
 * console.log(same('1')); // [ '1', '2' ]
 * ```
 */
export function duplicatesOf(
  tracks: readonly DuplicateTrackInput[],
): (id: string) => readonly string[] {
  const byKey = new Map<string, string[]>();
  const keyOf = new Map<string, string>();
  for (const track of tracks) {
    const key = duplicateKey(track);
    keyOf.set(track.id, key);
    let ids = byKey.get(key);
    if (ids === undefined) byKey.set(key, (ids = []));
    ids.push(track.id);
  }
  return (id) => {
    const key = keyOf.get(id);
    return key === undefined ? [id] : (byKey.get(key) as string[]);
  };
}
