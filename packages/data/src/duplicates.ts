/** What the duplicate-track rule reads of a track. */
export interface SongLike {
  /** The id. */
  readonly id: string;
  /** The title. */
  readonly name: string;
  /** The artists (their order does not matter). */
  readonly artists: readonly string[];
}

// NFKC leaves ASCII unchanged: skipping it there keeps the rule cheap on large catalogs.
function fold(text: string): string {
  return (/[\u0080-\uffff]/.test(text) ? text.normalize('NFKC') : text).trim().toLowerCase();
}

/**
 * The key of spotrec's one duplicate-track rule: two tracks are one song when their titles
 * and their sets of artists are equal after normalising (Unicode NFKC, trimmed, lower-cased).
 * The Spotify Tracks Dataset lists many songs under several ids (single, album, compilation);
 * the recommender, the evaluation protocols and the CLI's name search all use this rule.
 *
 * @param track - The title and artists.
 * @returns A string equal for duplicates and different otherwise.
 *
 * @example
 * ```ts
 * import { duplicateKey } from '@spotrec/data';
 *
 * const a = duplicateKey({ name: 'Café ', artists: ['B', 'A'] });
 * const b = duplicateKey({ name: 'CAFÉ', artists: ['a', 'b'] });
 * console.log(a === b); // true
 * ```
 */
export function duplicateKey(track: Pick<SongLike, 'name' | 'artists'>): string {
  return `${fold(track.name)}\u0000${[...new Set(track.artists.map(fold))].sort().join('\u0001')}`;
}

/**
 * Whether two tracks are the same song: the same id, or the same {@link duplicateKey}.
 *
 * @param a - One track.
 * @param b - The other.
 * @returns `true` for duplicates.
 *
 * @example
 * ```ts
 * import { isDuplicateTrack } from '@spotrec/data';
 *
 * console.log(isDuplicateTrack({ id: '1', name: 'Song', artists: ['X'] }, { id: '2', name: 'song', artists: ['x'] })); // true
 * ```
 */
export function isDuplicateTrack(a: SongLike, b: SongLike): boolean {
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
export function duplicatesOf(tracks: readonly SongLike[]): (id: string) => readonly string[] {
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
