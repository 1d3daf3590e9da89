import { loadTracks, type Track } from '@spotrec/data';
import { REAL_DATA, describeRealData } from '@spotrec/test-utils';
import { expect, it } from 'vitest';
import { protocolHeldOutArtists, randomRecommender, type ProtocolSystem } from '../src/index';

// The 12 audio features of `spotifyFeatureSpec()` (popularity included), min-max scaled here
// by hand so that this test depends on no feature package.
const FEATURES = [
  'danceability',
  'energy',
  'key',
  'loudness',
  'mode',
  'speechiness',
  'acousticness',
  'instrumentalness',
  'liveness',
  'valence',
  'tempo',
  'popularity',
] as const;
const valueOf = (track: Track, feature: (typeof FEATURES)[number]) => track[feature] ?? 0;

/** Cosine over min-max features fitted on `train`, brute force over the whole `catalog`. */
function rawCosine(
  catalog: readonly Track[],
  train: readonly Track[],
  size: number,
): ProtocolSystem {
  const dims = FEATURES.length;
  const low = FEATURES.map(() => Infinity);
  const high = FEATURES.map(() => -Infinity);
  for (const track of train)
    FEATURES.forEach((feature, col) => {
      low[col] = Math.min(low[col]!, valueOf(track, feature));
      high[col] = Math.max(high[col]!, valueOf(track, feature));
    });
  const vectors = new Float64Array(catalog.length * dims);
  catalog.forEach((track, row) => {
    let norm = 0;
    FEATURES.forEach((feature, col) => {
      const range = high[col]! - low[col]!;
      const value = range === 0 ? 0 : (valueOf(track, feature) - low[col]!) / range;
      vectors[row * dims + col] = value;
      norm += value * value;
    });
    norm = Math.sqrt(norm) || 1;
    for (let col = 0; col < dims; col += 1) vectors[row * dims + col]! /= norm;
  });
  const rowOf = new Map(catalog.map((track, row) => [track.id, row]));
  return {
    name: 'cosine, raw min-max features',
    recommend: (query) => {
      const q = rowOf.get(query as string)!;
      const best: { row: number; score: number }[] = [];
      for (let row = 0; row < catalog.length; row += 1) {
        let score = 0;
        for (let col = 0; col < dims; col += 1)
          score += vectors[q * dims + col]! * vectors[row * dims + col]!;
        if (best.length < size || score > best[best.length - 1]!.score) {
          let at = best.length < size ? best.length : size - 1;
          best[at] = { row, score };
          while (at > 0 && best[at - 1]!.score < score) {
            [best[at - 1], best[at]] = [best[at]!, best[at - 1]!];
            at -= 1;
          }
        }
      }
      return best.map((entry) => catalog[entry.row]!.id);
    },
  };
}

describeRealData('protocol A′ on the real Spotify Tracks subset (../shared/data)', () => {
  it('raw-feature cosine beats random with paired p < 0.01, with no artist leaking into queries', async () => {
    const { tracks } = await loadTracks(REAL_DATA.spotifySubset);
    const keyOf = (track: Track) =>
      `${track.name.trim().toLowerCase()}\u0000${track.artists
        .map((artist) => artist.toLowerCase())
        .sort()
        .join('\u0001')}`;
    const byKey = new Map<string, string[]>();
    for (const track of tracks)
      byKey.set(keyOf(track), [...(byKey.get(keyOf(track)) ?? []), track.id]);
    const byId = new Map(tracks.map((track) => [track.id, track]));
    const result = await protocolHeldOutArtists({
      items: tracks,
      queries: { size: 1000, seed: 0 },
      exclude: (id) => byKey.get(keyOf(byId.get(id as string)!)) ?? [],
      systems: (split) => [
        rawCosine(tracks, split.train, 40),
        {
          name: 'random',
          recommend: randomRecommender(
            tracks.map((track) => track.id),
            { seed: 1, size: 40 },
          ),
        },
      ],
    });
    expect(result.queries).toHaveLength(1000);
    const trainArtists = new Set(result.split.train.map((track) => track.artists[0] ?? ''));
    for (const query of result.queries)
      expect(trainArtists.has(byId.get(query as string)!.artists[0] ?? '')).toBe(false);
    expect(result.reference).toBe('cosine, raw min-max features');
    for (const metric of ['precision', 'ndcg'] as const) {
      const comparison = result.comparisons.find(
        (row) => row.system === 'random' && row.metric === metric,
      )!;
      expect(comparison.meanDifference).toBeLessThan(0);
      expect(comparison.pValue).toBeLessThan(0.01);
    }
  });
});
