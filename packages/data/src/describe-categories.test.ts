import { describe, expect, it } from 'vitest';
import {
  CATEGORICAL_TRACK_FIELDS,
  InvalidArgumentError,
  describeCategories,
  syntheticCatalog,
  type Track,
} from './index';

describe('describeCategories(tracks)', () => {
  it('counts every value of key, mode, time signature and explicit as a naive filter does', () => {
    const tracks = syntheticCatalog({ tracks: 1500, seed: 5 }).map((track, at) =>
      at % 10 === 0 ? { ...track, explicit: null } : track,
    );
    const summaries = describeCategories(tracks);
    expect(summaries.map((summary) => summary.field)).toEqual([...CATEGORICAL_TRACK_FIELDS]);
    for (const summary of summaries) {
      const values = tracks.map((track) => track[summary.field]);
      const distinct = [...new Set(values.filter((value) => value !== null))].sort(
        (a, b) => Number(a) - Number(b),
      );
      expect(summary.counts.map((entry) => entry.value)).toEqual(distinct);
      for (const entry of summary.counts)
        expect(entry.count).toBe(values.filter((value) => value === entry.value).length);
      expect(summary.missing).toBe(values.filter((value) => value === null).length);
    }
    expect(summaries[3]?.missing).toBe(150);
  });

  it('gives the worked example and refuses a non-array', () => {
    const tracks = [
      { key: 5, mode: 1, timeSignature: 4, explicit: true },
      { key: -1, mode: 0, timeSignature: 0, explicit: false },
      { key: 5, mode: 1, timeSignature: 4, explicit: false },
    ] as Track[];
    const [key, mode, , explicit] = describeCategories(tracks);
    expect(key?.counts).toEqual([
      { value: -1, count: 1 },
      { value: 5, count: 2 },
    ]);
    expect(mode?.counts).toEqual([
      { value: 0, count: 1 },
      { value: 1, count: 2 },
    ]);
    expect(explicit?.counts).toEqual([
      { value: false, count: 2 },
      { value: true, count: 1 },
    ]);
    expect(() => describeCategories('tracks' as unknown as Track[])).toThrowError(
      InvalidArgumentError,
    );
  });
});
