import type { NumericTrackField, Track } from '@spotrec/data';
import { spotifyFeatureSpec, type FeatureSpec } from '@spotrec/features';
import { createRecommender, type RecommenderBundle } from '@spotrec/recommender';
import { RECOMMENDER_SEED, SLIDER_FEATURES } from './settings';

/** The smallest and largest value of a feature in the catalog, rounded out to its slider step. */
export interface Span {
  readonly low: number;
  readonly high: number;
}

/** A catalog ready for requests: its tracks, the fitted recommender and what the controls need. */
export interface Catalog {
  /** Where the tracks came from, for people. */
  readonly source: string;
  readonly tracks: readonly Track[];
  readonly byId: ReadonlyMap<string, Track>;
  readonly bundle: RecommenderBundle;
  /** Every genre with its track count, most frequent first. */
  readonly genres: readonly { readonly name: string; readonly count: number }[];
  /** The slider span of each slider feature. */
  readonly spans: ReadonlyMap<NumericTrackField, Span>;
  /** What the features are, for people (such as how a missing popularity was handled). */
  readonly features: string;
  /** Lower-cased names and artists, for the search box. */
  readonly searchText: readonly { readonly name: string; readonly artists: string }[];
}

/**
 * The default features of `createRecommender` (the 11 audio features and popularity, min-max
 * scaled) when every track has a popularity; popularity is optional in a CSV, so without it
 * the 11 audio features only, and with some values missing the median in their place.
 */
function featureSpec(tracks: readonly Track[]): {
  spec: FeatureSpec | undefined;
  features: string;
} {
  const missing = tracks.filter((track) => track.popularity === null).length;
  if (missing === 0)
    return { spec: undefined, features: 'the 11 audio features and popularity, min-max scaled' };
  if (missing === tracks.length)
    return {
      spec: spotifyFeatureSpec({ popularity: false }),
      features: 'the 11 audio features, min-max scaled (the CSV has no popularity)',
    };
  const { columns } = spotifyFeatureSpec();
  return {
    spec: {
      columns: columns.map((column) =>
        column.kind === 'numeric' && column.name === 'popularity'
          ? { ...column, missing: 'median' as const }
          : column,
      ),
    },
    features:
      `the 11 audio features and popularity, min-max scaled (${missing} tracks without a ` +
      'popularity take the median)',
  };
}

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function roundDown(value: number, step: number): number {
  return Math.floor(value / step + 1e-9) * step;
}

function roundUp(value: number, step: number): number {
  return Math.ceil(value / step - 1e-9) * step;
}

/**
 * Fits a recommender over `tracks` (cosine over the 12 min-max scaled audio features, as
 * `createRecommender({ model: 'features' })` does in Node) and gathers what the controls show.
 */
export async function prepareCatalog(tracks: readonly Track[], source: string): Promise<Catalog> {
  const { spec, features } = featureSpec(tracks);
  const bundle = await createRecommender({
    tracks,
    model: 'features',
    seed: RECOMMENDER_SEED,
    source,
    ...(spec === undefined ? {} : { features: spec }),
  });
  const counts = new Map<string, number>();
  for (const track of tracks)
    for (const genre of track.genres) counts.set(genre, (counts.get(genre) ?? 0) + 1);
  const genres = [...counts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  const spans = new Map<NumericTrackField, Span>();
  for (const { field, step } of SLIDER_FEATURES) {
    let low = Infinity;
    let high = -Infinity;
    for (const track of tracks) {
      const value = track[field];
      if (value === null) continue;
      if (value < low) low = value;
      if (value > high) high = value;
    }
    if (low > high) low = high = 0;
    // Integer multiples of a step such as 0.01 are not exact in binary: round for display.
    const digits = step < 1 ? 2 : 0;
    spans.set(field, {
      low: Number(roundDown(low, step).toFixed(digits)),
      high: Number(roundUp(high, step).toFixed(digits)),
    });
  }
  return {
    source,
    tracks,
    byId: new Map(tracks.map((track) => [track.id, track])),
    bundle,
    features,
    genres,
    spans,
    searchText: tracks.map((track) => ({
      name: fold(track.name),
      artists: fold(track.artists.join(' ')),
    })),
  };
}

/**
 * Up to `limit` tracks whose name starts with the query, then whose name contains it, then
 * whose artists contain it; each group in catalog order. `skip` holds ids to leave out.
 */
export function suggest(
  catalog: Catalog,
  query: string,
  limit: number,
  skip: ReadonlySet<string>,
): Track[] {
  const needle = fold(query.trim());
  if (needle === '') return [];
  const groups: Track[][] = [[], [], []];
  const { tracks, searchText } = catalog;
  for (let row = 0; row < tracks.length; row += 1) {
    const track = tracks[row] as Track;
    if (skip.has(track.id)) continue;
    const text = searchText[row] as { name: string; artists: string };
    const group = text.name.startsWith(needle)
      ? 0
      : text.name.includes(needle)
        ? 1
        : text.artists.includes(needle)
          ? 2
          : -1;
    if (group < 0) continue;
    (groups[group] as Track[]).push(track);
    if ((groups[0] as Track[]).length >= limit) break;
  }
  return groups.flat().slice(0, limit);
}
