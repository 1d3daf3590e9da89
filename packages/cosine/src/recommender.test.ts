import { syntheticCatalog, type Track } from '@spotrec/data';
import { FeaturePipeline, spotifyFeatureSpec } from '@spotrec/features';
import { describe, expect, it } from 'vitest';
import { CosineIndex, InvalidArgumentError, Recommender, UnknownIdError } from './index';

const catalog = syntheticCatalog({ tracks: 3000, seed: 9 });
// A duplicate of the first track under another id (same name and artists), as real data has.
const duplicate: Track = { ...(catalog[0] as Track), id: 'duplicate-of-first', genres: ['other'] };
const tracks = [...catalog, duplicate];
const pipeline = new FeaturePipeline<Track>(spotifyFeatureSpec());
const matrix = pipeline.fitTransform(tracks);
const index = CosineIndex.build(
  matrix,
  tracks.map((track) => track.id),
);
const recommender = Recommender.build({
  index,
  tracks,
  features: ['tempo', 'energy', 'danceability', 'popularity'],
  columns: matrix.columns,
});
const seed = catalog[0] as Track;

function meanPairwiseCosine(ids: readonly string[]): number {
  let sum = 0;
  let pairs = 0;
  ids.forEach((a, i) =>
    ids.slice(i + 1).forEach((b) => {
      const x = index.vector(a);
      const y = index.vector(b);
      sum += x.reduce((acc, value, j) => acc + value * (y[j] as number), 0);
      pairs += 1;
    }),
  );
  return sum / pairs;
}

describe('Recommender.recommend', () => {
  it('ranks by cosine to the seed and never returns the seed or its duplicates', () => {
    const { tracks: hits, pool } = recommender.recommend({ seedTracks: [seed.id], k: 10 });
    const ids = hits.map((hit) => hit.track.id);
    expect(ids).toHaveLength(10);
    expect(ids).not.toContain(seed.id);
    expect(ids).not.toContain('duplicate-of-first');
    expect(pool).toEqual({ beforeFiltering: tracks.length - 2, afterFiltering: tracks.length - 2 });
    // the same order as a plain index search without the seed and its duplicate
    const plain = index
      .similarTo(seed.id, 12, { exclude: ['duplicate-of-first'] })
      .map((hit) => hit.id);
    expect(ids).toEqual(plain.filter((id) => ids.includes(id)).slice(0, 10));
    hits.forEach(
      (hit, at) => at > 0 && expect(hit.score).toBeLessThanOrEqual(hits[at - 1]?.score as number),
    );
  });

  it('applies hard min/max ranges and still returns k tracks when the filter is selective', () => {
    const { tracks: hits, pool } = recommender.recommend({
      seedTracks: [seed.id],
      k: 15,
      min: { tempo: 150 },
      max: { popularity: 20 },
    });
    expect(hits).toHaveLength(15);
    expect(hits.every((hit) => hit.track.tempo >= 150 && (hit.track.popularity ?? 0) <= 20)).toBe(
      true,
    );
    const passing = tracks.filter(
      (track) => track.tempo >= 150 && (track.popularity ?? 0) <= 20 && track.id !== seed.id,
    ).length;
    expect(pool.afterFiltering).toBe(passing);
    expect(passing).toBeLessThan(tracks.length / 5);
  });

  it('returns every passing track when fewer than k pass', () => {
    const { tracks: hits, pool } = recommender.recommend({
      seedTracks: [seed.id],
      k: 50,
      min: { tempo: 200 },
    });
    expect(hits.length).toBe(pool.afterFiltering);
    expect(pool.afterFiltering).toBeLessThan(50);
  });

  it('moves results toward soft targets', () => {
    const plain = recommender.recommend({ seedTracks: [seed.id], k: 20 });
    const targeted = recommender.recommend({
      seedTracks: [seed.id],
      k: 20,
      target: { energy: 0.95, danceability: 0.9 },
    });
    const mean = (hits: typeof plain.tracks, feature: 'energy' | 'danceability') =>
      hits.reduce((sum, hit) => sum + hit.track[feature], 0) / hits.length;
    expect(mean(targeted.tracks, 'energy')).toBeGreaterThan(mean(plain.tracks, 'energy'));
    expect(mean(targeted.tracks, 'danceability')).toBeGreaterThan(
      mean(plain.tracks, 'danceability'),
    );
    for (const hit of targeted.tracks) {
      expect(hit.score).toBeCloseTo(
        0.5 * hit.similarity + 0.5 * (hit.targetCloseness as number),
        12,
      );
    }
  });

  it('filters genres and artists and caps tracks per artist', () => {
    const genre = 'jazz';
    const included = recommender.recommend({
      seedTracks: [seed.id],
      k: 10,
      includeGenres: [genre],
    });
    expect(included.tracks.every((hit) => hit.track.genres.includes(genre))).toBe(true);
    const excluded = recommender.recommend({
      seedTracks: [seed.id],
      k: 30,
      excludeGenres: [seed.genres[0] as string],
    });
    expect(excluded.tracks.some((hit) => hit.track.genres.includes(seed.genres[0] as string))).toBe(
      false,
    );
    const artist = seed.artists[0] as string;
    const noArtist = recommender.recommend({
      seedTracks: [seed.id],
      k: 30,
      excludeArtists: [artist],
    });
    expect(noArtist.tracks.some((hit) => hit.track.artists.includes(artist))).toBe(false);
    const capped = recommender.recommend({
      seedGenres: [seed.genres[0] as string],
      k: 25,
      maxPerArtist: 1,
    });
    const firstArtists = capped.tracks.map((hit) => hit.track.artists[0]);
    expect(new Set(firstArtists).size).toBe(firstArtists.length);
    expect(capped.tracks).toHaveLength(25);
  });

  it('diversifies with MMR: lower mean pairwise similarity, same pool', () => {
    const plain = recommender.recommend({ seedTracks: [seed.id], k: 10 });
    const diverse = recommender.recommend({ seedTracks: [seed.id], k: 10, diversity: 0.7 });
    expect(diverse.tracks).toHaveLength(10);
    expect(meanPairwiseCosine(diverse.tracks.map((hit) => hit.track.id))).toBeLessThan(
      meanPairwiseCosine(plain.tracks.map((hit) => hit.track.id)),
    );
    expect(diverse.tracks[0]?.track.id).toBe(plain.tracks[0]?.track.id);
  });

  it('explains each hit: per-feature contributions that sum to the similarity, and the closest seed', () => {
    const other = catalog[1500] as Track;
    const { tracks: hits } = recommender.recommend({ seedTracks: [seed.id, other.id], k: 10 });
    for (const hit of hits) {
      const total = hit.contributions.reduce((sum, entry) => sum + entry.contribution, 0);
      expect(total).toBeCloseTo(hit.similarity, 6);
      expect(matrix.columns).toContain(hit.contributions[0]?.feature);
      const toSeed = (id: string) =>
        index
          .vector(id)
          .reduce((sum, value, j) => sum + value * (index.vector(hit.track.id)[j] as number), 0);
      const expected =
        toSeed(seed.id) >= toSeed(other.id) ? `track:${seed.id}` : `track:${other.id}`;
      expect(hit.closestSeed).toBe(expected);
    }
  });

  it('accepts artist and genre seeds', () => {
    const byArtist = recommender.recommend({ seedArtists: [seed.artists[0] as string], k: 5 });
    expect(byArtist.tracks[0]?.closestSeed).toBe(`artist:${seed.artists[0]}`);
    const byGenre = recommender.recommend({ seedGenres: ['metal'], k: 20 });
    const share = byGenre.tracks.filter((hit) => hit.track.genres.includes('metal')).length / 20;
    const catalogShare =
      tracks.filter((track) => track.genres.includes('metal')).length / tracks.length;
    expect(share).toBeGreaterThan(5 * catalogShare); // audio features alone; far above a random pick
  });

  it('rejects bad requests with typed errors naming the parameter', () => {
    expect(() => recommender.recommend({ seedTracks: ['nope'] })).toThrow(UnknownIdError);
    expect(() => recommender.recommend({ seedTracks: [seed.id, 'nope'] })).toThrow(
      '"seedTracks[1]"',
    );
    expect(() => recommender.recommend({ seedArtists: ['Nobody At All'] })).toThrow(
      '"seedArtists[0]"',
    );
    expect(() => recommender.recommend({})).toThrow('at least one seed');
    expect(() => recommender.recommend({ seedTracks: [seed.id], k: 0 })).toThrow(
      'Invalid argument "k"',
    );
    expect(() => recommender.recommend({ seedTracks: [seed.id], min: { loudnes: 1 } })).toThrow(
      'Invalid argument "min.loudnes"',
    );
    expect(() =>
      recommender.recommend({ seedTracks: [seed.id], min: { tempo: 150 }, max: { tempo: 100 } }),
    ).toThrow('Invalid argument "min.tempo": expected a value ≤ max.tempo (100), got 150');
    expect(() => recommender.recommend({ seedTracks: [seed.id], diversity: 2 })).toThrow(
      InvalidArgumentError,
    );
    expect(() => Recommender.build({ index, tracks: tracks.slice(1) })).toThrow(
      'Invalid argument "index.ids[0]"',
    );
  });
});
