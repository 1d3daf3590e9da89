import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, describeGenreProfiles, syntheticCatalog, type Track } from './index';

/** The naive reference: filter, average, standardise, one feature at a time. */
function naive(tracks: readonly Track[], feature: 'energy' | 'popularity', genre: string) {
  const all = tracks.map((track) => track[feature]).filter((value) => value !== null);
  const mean = all.reduce((sum, value) => sum + value, 0) / all.length;
  const std = Math.sqrt(
    all.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (all.length - 1),
  );
  const inGenre = tracks
    .filter((track) => track.genres.includes(genre))
    .map((track) => track[feature])
    .filter((value) => value !== null);
  const genreMean = inGenre.reduce((sum, value) => sum + value, 0) / inGenre.length;
  return { count: inGenre.length, mean: genreMean, z: (genreMean - mean) / std };
}

describe('describeGenreProfiles(tracks)', () => {
  it('gives the worked example: means per genre, standardised by the catalog', () => {
    const tracks = [
      { energy: 0.2, genres: ['ambient'] },
      { energy: 0.4, genres: ['ambient', 'pop'] },
      { energy: 0.9, genres: ['pop'] },
    ] as Track[];
    // Catalog mean 0.5, sample std sqrt(((0.3)² + (0.1)² + (0.4)²) / 2) = sqrt(0.13).
    const { genres, catalogMeans, catalogStds } = describeGenreProfiles(tracks, {
      features: ['energy'],
    });
    expect(catalogMeans[0]).toBeCloseTo(0.5, 12);
    expect(catalogStds[0]).toBeCloseTo(Math.sqrt(0.13), 12);
    expect(genres.map((entry) => [entry.genre, entry.count])).toEqual([
      ['ambient', 2],
      ['pop', 2],
    ]);
    expect(genres[0]?.means[0]).toBeCloseTo(0.3, 12);
    expect(genres[0]?.standardised[0]).toBeCloseTo(-0.2 / Math.sqrt(0.13), 12);
    expect(genres[1]?.means[0]).toBeCloseTo(0.65, 12);
    expect(genres[1]?.standardised[0]).toBeCloseTo(0.15 / Math.sqrt(0.13), 12);
  });

  it('matches a naive per-genre computation on a synthetic catalog, nulls left out', () => {
    const tracks = syntheticCatalog({ tracks: 2000, seed: 11 }).map((track, at) =>
      at % 7 === 0 ? { ...track, popularity: null } : track,
    );
    const profiles = describeGenreProfiles(tracks, { features: ['energy', 'popularity'] });
    expect(profiles.genres.reduce((sum, entry) => sum + entry.count, 0)).toBe(
      tracks.reduce((sum, track) => sum + new Set(track.genres).size, 0),
    );
    for (const entry of profiles.genres.slice(0, 20)) {
      const energy = naive(tracks, 'energy', entry.genre);
      const popularity = naive(tracks, 'popularity', entry.genre);
      expect(entry.count).toBe(energy.count);
      expect(entry.means[0]).toBeCloseTo(energy.mean, 10);
      expect(entry.standardised[0]).toBeCloseTo(energy.z, 10);
      expect(entry.means[1]).toBeCloseTo(popularity.mean, 10);
      expect(entry.standardised[1]).toBeCloseTo(popularity.z, 10);
    }
  });

  it('gives NaN for a constant feature and rejects unknown features', () => {
    const tracks = [
      { mode: 1, genres: ['a'] },
      { mode: 1, genres: ['b'] },
    ] as Track[];
    expect(describeGenreProfiles(tracks, { features: ['mode'] }).genres[0]?.standardised[0]).toBe(
      Number.NaN,
    );
    expect(() =>
      describeGenreProfiles(tracks, { features: ['loudnes' as 'loudness'] }),
    ).toThrowError(InvalidArgumentError);
    expect(() => describeGenreProfiles({} as Track[])).toThrowError(/"tracks"/);
  });
});
