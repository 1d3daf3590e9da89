import { InvalidArgumentError } from './errors';
import { duplicateKey } from '@spotrec/data';

/** What the recommender needs to know of each track (the `Track` of `@spotrec/data` fits). */
export interface RecommendableTrack {
  /** The id. */
  readonly id: string;
  /** The title (with the artists, it recognises duplicates of one song). */
  readonly name: string;
  /** The artists; the first one counts for `maxPerArtist`. */
  readonly artists: readonly string[];
  /** The genres. */
  readonly genres: readonly string[];
}

/** The accepted range of a raw feature that `min`, `max` and `target` may name. */
export interface FeatureRange {
  /** Smallest accepted value. */
  readonly min: number;
  /** Largest accepted value. */
  readonly max: number;
}

/** A raw feature column, read once per catalog. */
export interface FeatureColumn {
  /** The value per catalog row (`NaN` where the track has none). */
  readonly values: Float64Array;
  /** The smallest and largest value in the catalog (the span targets are measured against). */
  readonly observed: FeatureRange;
  /** The values a request may ask for, when known (such as 0–1 for energy). */
  readonly accepted: FeatureRange | undefined;
}

function postings(lists: Map<string, number[]>): Map<string, Int32Array> {
  return new Map([...lists].map(([key, rows]) => [key, Int32Array.from(rows)]));
}

/**
 * @internal The catalog as the request model reads it: rows, ids, duplicate groups, genre and
 * artist postings and raw feature columns, each computed once.
 */
export class CatalogView<T extends RecommendableTrack> {
  readonly tracks: readonly T[];
  readonly rowOf: ReadonlyMap<string, number>;
  /** Rows of one song (same id, or same normalised name and artists) share a group. */
  readonly group: Int32Array;
  /** The rows of each group: `groupRows[groupStart[g] .. groupStart[g + 1])`. */
  readonly groupStart: Int32Array;
  readonly groupRows: Int32Array;
  readonly genreRows: ReadonlyMap<string, Int32Array>;
  readonly artistRows: ReadonlyMap<string, Int32Array>;
  /** Lower-cased artist name → the catalog's spelling. */
  readonly artistByFold: ReadonlyMap<string, string>;
  /** The first artist's number per row, −1 when the track lists none. */
  readonly firstArtist: Int32Array;
  readonly features: ReadonlyMap<string, FeatureColumn>;

  constructor(
    tracks: readonly T[],
    features: readonly string[],
    read: (track: T, feature: string) => unknown,
    accepted: Readonly<Record<string, FeatureRange>>,
    duplicateGroups?: Int32Array,
  ) {
    this.tracks = tracks;
    const rowOf = new Map<string, number>();
    const groups = new Map<string, number>();
    const genres = new Map<string, number[]>();
    const artists = new Map<string, number[]>();
    const artistNumber = new Map<string, number>();
    this.group = new Int32Array(tracks.length);
    this.firstArtist = new Int32Array(tracks.length);
    tracks.forEach((track, row) => {
      if (typeof track !== 'object' || track === null || typeof track.id !== 'string')
        throw new InvalidArgumentError(`tracks[${row}]`, 'a track with a string id', track);
      if (rowOf.has(track.id))
        throw new InvalidArgumentError(`tracks[${row}].id`, 'an id no other track has', track.id);
      if (!Array.isArray(track.artists) || !Array.isArray(track.genres))
        throw new InvalidArgumentError(
          `tracks[${row}]`,
          'a track with artists and genres arrays',
          track,
        );
      rowOf.set(track.id, row);
      if (duplicateGroups === undefined) {
        const key = duplicateKey(track);
        let group = groups.get(key);
        if (group === undefined) groups.set(key, (group = groups.size));
        this.group[row] = group;
      }
      // A name listed twice on one track adds the row once (the last row pushed is this one).
      for (const genre of track.genres) {
        let list = genres.get(genre);
        if (list === undefined) genres.set(genre, (list = []));
        if (list[list.length - 1] !== row) list.push(row);
      }
      for (const artist of track.artists) {
        let list = artists.get(artist);
        if (list === undefined) {
          artists.set(artist, (list = []));
          artistNumber.set(artist, artistNumber.size);
        }
        if (list[list.length - 1] !== row) list.push(row);
      }
      const first = track.artists[0];
      this.firstArtist[row] = first === undefined ? -1 : (artistNumber.get(first) as number);
    });
    this.rowOf = rowOf;
    let groupCount = groups.size;
    if (duplicateGroups !== undefined) {
      if (!(duplicateGroups instanceof Int32Array) || duplicateGroups.length !== tracks.length)
        throw new InvalidArgumentError(
          'options.duplicateGroups',
          `an Int32Array of ${tracks.length} group numbers`,
          duplicateGroups,
        );
      // Canonical numbering: each new song takes the next number, in row order.
      duplicateGroups.forEach((group, row) => {
        if (!(group >= 0 && group <= groupCount))
          throw new InvalidArgumentError(
            `options.duplicateGroups[${row}]`,
            `a group number from 0 to ${groupCount} (numbered in row order)`,
            group,
          );
        if (group === groupCount) groupCount += 1;
      });
      this.group.set(duplicateGroups);
    }
    // Counting sort of rows by group.
    this.groupStart = new Int32Array(groupCount + 1);
    for (const group of this.group)
      this.groupStart[group + 1] = (this.groupStart[group + 1] as number) + 1;
    for (let group = 0; group < groupCount; group += 1)
      this.groupStart[group + 1] =
        (this.groupStart[group + 1] as number) + (this.groupStart[group] as number);
    this.groupRows = new Int32Array(tracks.length);
    const fill = this.groupStart.slice(0, groupCount);
    this.group.forEach((group, row) => {
      this.groupRows[fill[group] as number] = row;
      fill[group] = (fill[group] as number) + 1;
    });
    this.genreRows = postings(genres);
    this.artistRows = postings(artists);
    const fold = new Map<string, string>();
    for (const artist of artists.keys()) {
      const key = artist.toLowerCase();
      if (!fold.has(key)) fold.set(key, artist);
    }
    this.artistByFold = fold;
    const columns = new Map<string, FeatureColumn>();
    for (const feature of features) {
      const values = new Float64Array(tracks.length);
      let min = Infinity;
      let max = -Infinity;
      tracks.forEach((track, row) => {
        const value = read(track, feature);
        const number = typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN;
        values[row] = number;
        if (number < min) min = number;
        if (number > max) max = number;
      });
      columns.set(feature, { values, observed: { min, max }, accepted: accepted[feature] });
    }
    this.features = columns;
  }

  get size(): number {
    return this.tracks.length;
  }
}

/** @internal Up to `limit` names close to `query`: same prefix or containing it, case-insensitive. */
export function suggestionsFor(
  query: string,
  names: Iterable<string>,
  limit = 5,
): readonly string[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [];
  const scored: { name: string; rank: number }[] = [];
  for (const name of names) {
    const folded = name.toLowerCase();
    const rank = folded.startsWith(needle)
      ? 0
      : folded.includes(needle)
        ? 1
        : needle.includes(folded) && folded.length >= 3
          ? 2
          : -1;
    if (rank >= 0) scored.push({ name, rank });
  }
  return scored
    .sort((a, b) => a.rank - b.rank || a.name.length - b.name.length || (a.name < b.name ? -1 : 1))
    .slice(0, limit)
    .map((entry) => entry.name);
}
