import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spotifyCsv, spotifyRow } from './__fixtures__/csv';
import {
  InvalidArgumentError,
  describeTracks,
  loadTracks,
  syntheticCatalog,
  type Track,
} from './index';

describe('describeTracks(tracks)', () => {
  it('matches pandas describe() on a small catalog', async () => {
    // Reference: pandas.Series([0.1, 0.4, 0.35, 0.8]).describe() under Debian's python3-pandas 1.5.3
    // printed mean 0.4125, std 0.28975564417856187, 25% 0.2875, 50% 0.375, 75% 0.5.
    const rows = ['0.1', '0.4', '0.35', '0.8'].map((energy, index) =>
      spotifyRow({ id: `t${index}`, energy }),
    );
    const { tracks } = await loadTracks({ text: spotifyCsv(...rows) });
    const energy = describeTracks(tracks, { features: ['energy'] }).features[0];
    expect(energy?.count).toBe(4);
    expect(energy?.mean).toBeCloseTo(0.4125, 12);
    expect(energy?.std).toBeCloseTo(0.28975564417856187, 12);
    expect(energy?.min).toBe(0.1);
    expect(energy?.q1).toBeCloseTo(0.2875, 12);
    expect(energy?.median).toBeCloseTo(0.375, 12);
    expect(energy?.q3).toBeCloseTo(0.5, 12);
    expect(energy?.max).toBe(0.8);
  });

  it('counts genres over merged tracks, most frequent first', () => {
    const tracks = [
      { genres: ['pop', 'dance'] },
      { genres: ['pop'] },
      { genres: ['ambient'] },
    ] as Track[];
    expect(describeTracks(tracks, { features: [] }).genres).toEqual([
      { genre: 'pop', count: 2 },
      { genre: 'ambient', count: 1 },
      { genre: 'dance', count: 1 },
    ]);
  });

  it('gives a symmetric correlation matrix with a unit diagonal', () => {
    const tracks = syntheticCatalog({ tracks: 500, seed: 3 });
    const { correlation } = describeTracks(tracks, {
      features: ['energy', 'loudness', 'acousticness'],
    });
    const [row0, row1, row2] = correlation.values as [number[], number[], number[]];
    for (let i = 0; i < 3; i += 1) expect(correlation.values[i]?.[i]).toBeCloseTo(1, 12);
    expect(row0[1]).toBeCloseTo(row1[0] as number, 12);
    expect(row0[1]).toBeGreaterThan(0.5); // energy and loudness rise together
    expect(row2[0]).toBeLessThan(-0.3); // acoustic tracks are quieter in energy
  });

  it('returns NaN statistics for an empty catalog and leaves nulls out of counts', () => {
    const empty = describeTracks([]);
    expect(empty.count).toBe(0);
    expect(empty.features[0]?.count).toBe(0);
    expect(Number.isNaN(empty.features[0]?.mean)).toBe(true);
    const [track] = syntheticCatalog({ tracks: 1, seed: 1 }) as [Track];
    const summary = describeTracks([{ ...track, popularity: null }, track], {
      features: ['popularity'],
    }).features[0];
    expect(summary).toMatchObject({ count: 1, missing: 1 });
  });

  it('rejects an unknown feature name', () => {
    expect(() => describeTracks([], { features: ['loudnes' as never] })).toThrow(
      InvalidArgumentError,
    );
  });

  it('orders min ≤ q1 ≤ median ≤ q3 ≤ max and keeps the mean within [min, max]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 60 }),
        (values) => {
          const tracks = values.map((energy) => ({ energy, genres: [] }) as unknown as Track);
          const summary = describeTracks(tracks, { features: ['energy'] }).features[0];
          if (summary === undefined) return false;
          const ordered = [summary.min, summary.q1, summary.median, summary.q3, summary.max];
          return (
            ordered.every(
              (value, index) => index === 0 || (ordered[index - 1] as number) <= value,
            ) &&
            summary.mean >= summary.min - 1e-12 &&
            summary.mean <= summary.max + 1e-12
          );
        },
      ),
    );
  });
});
