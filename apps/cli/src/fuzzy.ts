import { duplicateKey, type Track } from '@spotrec/data';

/** Edit distance (insertions, deletions, substitutions) between two short strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * The outcome of looking a track up by id or name: the track picked and the other tracks of
 * the same name (most popular first), or the closest names as suggestions.
 */
export type TrackMatch =
  | { readonly track: Track; readonly sameName: readonly Track[] }
  | { readonly suggestions: readonly Track[] };

/** Whether one of the track's artists is `artist` (case-insensitive). */
export function hasArtist(track: Track, artist: string): boolean {
  const wanted = artist.trim().toLowerCase();
  return track.artists.some((name) => name.toLowerCase() === wanted);
}

/**
 * Finds a track by id, then by exact name (case-insensitive, the most popular first), then by
 * a unique name containing the query; otherwise returns the closest names as suggestions.
 * With `artist`, only that artist's tracks are considered.
 */
export function findTrack(tracks: readonly Track[], query: string, artist?: string): TrackMatch {
  const pool = artist === undefined ? tracks : tracks.filter((track) => hasArtist(track, artist));
  const byId = pool.find((track) => track.id === query);
  if (byId !== undefined) return { track: byId, sameName: [] };
  const wanted = query.trim().toLowerCase();
  const popularity = (track: Track) => track.popularity ?? 0;
  const exact = pool
    .filter((track) => track.name.toLowerCase() === wanted)
    .sort((a, b) => popularity(b) - popularity(a));
  if (exact[0] !== undefined) return { track: exact[0], sameName: exact.slice(1) };
  const containing = pool.filter((track) => track.name.toLowerCase().includes(wanted));
  if (containing.length === 1 && containing[0] !== undefined)
    return { track: containing[0], sameName: [] };
  const scored = pool
    .map((track) => ({
      track,
      distance: editDistance(
        wanted,
        track.name.toLowerCase().slice(0, Math.max(wanted.length + 8, 1)),
      ),
    }))
    .sort((a, b) => a.distance - b.distance || popularity(b.track) - popularity(a.track));
  const seen = new Set<string>();
  const suggestions: Track[] = [];
  for (const { track } of [...containing.map((track) => ({ track })), ...scored]) {
    const key = duplicateKey(track); // one suggestion per song
    if (seen.has(key)) continue;
    seen.add(key);
    suggestions.push(track);
    if (suggestions.length === 5) break;
  }
  return { suggestions };
}

/** The names in `known` closest to `name` by edit distance (at most `limit`). */
export function closestNames(name: string, known: Iterable<string>, limit = 3): string[] {
  const wanted = name.toLowerCase();
  return [...known]
    .map((candidate) => ({ candidate, distance: editDistance(wanted, candidate.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map((entry) => entry.candidate);
}
