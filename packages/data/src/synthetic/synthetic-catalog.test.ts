import { describe, expect, it } from 'vitest';
import {
  CONTINUOUS_FEATURES,
  COPULA_FEATURES,
  DEFAULT_GENRE_STATISTICS,
  DataError,
  InvalidArgumentError,
  TRACK_FIELD_RANGES,
  describeTracks,
  fitGenreStatistics,
  syntheticCatalog,
} from '../index';

describe('syntheticCatalog(options)', () => {
  it('embeds figures for all 114 genres of the Spotify Tracks Dataset', () => {
    expect(DEFAULT_GENRE_STATISTICS.genres).toHaveLength(114);
    expect(DEFAULT_GENRE_STATISTICS.source).toContain('49132 rows');
  });

  it('draws the same catalog for the same seed and another for another seed', () => {
    const a = syntheticCatalog({ tracks: 300, seed: 7 });
    const b = syntheticCatalog({ tracks: 300, seed: 7 });
    const c = syntheticCatalog({ tracks: 300, seed: 8 });
    expect(b).toEqual(a);
    expect(c.map((track) => track.id)).not.toEqual(a.map((track) => track.id));
  });

  it('gives distinct 22-character ids, names, artists and valid feature values', () => {
    const tracks = syntheticCatalog({ tracks: 5000, seed: 1 });
    expect(new Set(tracks.map((track) => track.id)).size).toBe(5000);
    for (const track of tracks) {
      expect(track.id).toMatch(/^[0-9A-Za-z]{22}$/);
      expect(track.name.length).toBeGreaterThan(0);
      expect(track.artists.length).toBeGreaterThan(0);
      for (const [field, range] of Object.entries(TRACK_FIELD_RANGES)) {
        const value = track[field as keyof typeof TRACK_FIELD_RANGES] as number;
        expect(value).toBeGreaterThanOrEqual(range.min);
        expect(value).toBeLessThanOrEqual(range.max);
        if (range.integer) expect(Number.isInteger(value)).toBe(true);
      }
    }
  });

  it('draws genres in equal shares and only the genres asked for', () => {
    const tracks = syntheticCatalog({ tracks: 90, seed: 2, genres: ['jazz', 'metal', 'k-pop'] });
    const counts = describeTracks(tracks, { features: [] }).genres;
    expect(counts).toEqual([
      { genre: 'jazz', count: 30 },
      { genre: 'k-pop', count: 30 },
      { genre: 'metal', count: 30 },
    ]);
  });

  it('reproduces every genre’s fitted means and spreads', () => {
    const perGenre = 400;
    const tracks = syntheticCatalog({ tracks: perGenre * 114, seed: 11 });
    const byGenre = new Map<string, typeof tracks>();
    for (const track of tracks) {
      const genre = track.genres[0] as string;
      byGenre.set(genre, [...(byGenre.get(genre) ?? []), track]);
    }
    const levels = DEFAULT_GENRE_STATISTICS.quantileLevels;
    let worstMean = 0;
    let worstQuantile = 0;
    const stdRatios: number[] = [];
    for (const fitted of DEFAULT_GENRE_STATISTICS.genres) {
      const drawn = byGenre.get(fitted.genre) ?? [];
      expect(drawn).toHaveLength(perGenre);
      const summaries = describeTracks(drawn, {
        features: COPULA_FEATURES.filter((feature) => feature !== 'explicit'),
      }).features;
      for (const summary of summaries) {
        const at = COPULA_FEATURES.indexOf(summary.feature);
        const std = fitted.std[at] as number;
        if (std === 0) continue;
        // The mean of 400 draws has a standard error of std / 20: 0.25 std is 5 of them.
        worstMean = Math.max(worstMean, Math.abs(summary.mean - (fitted.mean[at] as number)) / std);
        stdRatios.push(summary.std / std);
      }
      // Marginals: the share of draws at or below each fitted decile knot is that decile
      // (bounded on both sides, so that point masses such as instrumentalness 0 count right).
      CONTINUOUS_FEATURES.forEach((feature, at) => {
        const knots = fitted.quantiles[at] as number[];
        for (const level of [0.1, 0.3, 0.5, 0.7, 0.9]) {
          const knot = knots[levels.indexOf(level)] as number;
          const below =
            drawn.filter((track) => (track[feature] as number) < knot).length / perGenre;
          const atOrBelow =
            drawn.filter((track) => (track[feature] as number) <= knot).length / perGenre;
          worstQuantile = Math.max(worstQuantile, below - level, level - atOrBelow);
        }
      });
    }
    expect(worstMean).toBeLessThan(0.25);
    // A share of 400 draws has a standard error of at most 0.025.
    expect(worstQuantile).toBeLessThan(0.1);
    // Standard deviations of heavy-tailed features (duration, instrumentalness) are noisy in
    // 400 draws; nearly all must still land within 20%.
    const close =
      stdRatios.filter((ratio) => ratio > 0.8 && ratio < 1.25).length / stdRatios.length;
    expect(close).toBeGreaterThan(0.97);
  });

  it('keeps the correlation of energy and loudness', () => {
    const tracks = syntheticCatalog({
      tracks: 4000,
      seed: 5,
      genres: ['rock', 'classical', 'edm', 'ambient'],
    });
    const [row] = describeTracks(tracks, { features: ['energy', 'loudness'] }).correlation
      .values as [number[]];
    expect(row[1]).toBeGreaterThan(0.6);
  });

  it('can draw from statistics fitted on another catalog', () => {
    const source = syntheticCatalog({ tracks: 600, seed: 4, genres: ['jazz', 'metal'] });
    const statistics = fitGenreStatistics(source, 'test');
    expect(statistics.genres.map((genre) => genre.genre)).toEqual(['jazz', 'metal']);
    const tracks = syntheticCatalog({ tracks: 10, seed: 1, statistics });
    expect(new Set(tracks.flatMap((track) => track.genres))).toEqual(new Set(['jazz', 'metal']));
  });

  it('rejects bad options with a clear error', () => {
    expect(() => syntheticCatalog({ tracks: -3 })).toThrow(
      'Invalid argument "options.tracks": expected a non-negative integer, got -3',
    );
    expect(() => syntheticCatalog({ tracks: 3, seed: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => syntheticCatalog({ tracks: 3, genres: ['polka'] })).toThrow(/options.genres\[0\]/);
    expect(() => syntheticCatalog({ tracks: 3, statistics: { kind: 'other' } as never })).toThrow(
      DataError,
    );
    expect(syntheticCatalog({ tracks: 0 })).toEqual([]);
  });
});
