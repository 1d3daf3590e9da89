import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GENRE_STATISTICS,
  InvalidArgumentError,
  fitGenreStatistics,
  syntheticCatalog,
  type GenreStatisticsJSON,
  type Track,
} from '../index';

function at<T>(list: readonly T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`no item ${index}`);
  return item;
}

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('fitGenreStatistics(tracks, source) checks every field it reads', () => {
  const tracks = syntheticCatalog({ tracks: 6, seed: 3, genres: ['jazz'] });

  const cases: [string, (tracks: Track[]) => unknown, string][] = [
    [
      'a NaN feature',
      (all) => (all[1] = { ...at(tracks, 1), energy: Number.NaN }),
      'tracks[1].energy',
    ],
    [
      'a missing popularity',
      (all) => (all[2] = { ...at(tracks, 2), popularity: null }),
      'tracks[2].popularity',
    ],
    [
      'a missing explicit',
      (all) => (all[0] = { ...at(tracks, 0), explicit: null }),
      'tracks[0].explicit',
    ],
    [
      'a genre that is not a string',
      (all) => (all[3] = { ...at(tracks, 3), genres: [7 as never] }),
      'tracks[3].genres[0]',
    ],
    [
      'a track without genres',
      (all) => (all[4] = { ...at(tracks, 4), genres: undefined as never }),
      'tracks[4]',
    ],
  ];
  for (const [title, corrupt, parameter] of cases) {
    it(`names the track and field for ${title}`, () => {
      const copy = [...tracks];
      corrupt(copy);
      const error = thrown(() => fitGenreStatistics(copy, 'test'));
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ parameter });
    });
  }

  it('rejects input with no genre of 2 or more tracks, whose statistics could not be drawn from', () => {
    expect(thrown(() => fitGenreStatistics(tracks.slice(0, 1), 'test'))).toMatchObject({
      parameter: 'tracks',
    });
    expect(thrown(() => fitGenreStatistics('tracks' as never, 'test'))).toMatchObject({
      parameter: 'tracks',
    });
    expect(thrown(() => fitGenreStatistics(tracks, 3 as never))).toMatchObject({
      parameter: 'source',
    });
  });
});

describe('syntheticCatalog({ statistics }) checks every figure it draws from', () => {
  const base: GenreStatisticsJSON = JSON.parse(JSON.stringify(DEFAULT_GENRE_STATISTICS));

  /** The statistics as plain, editable JSON. */
  interface Draft {
    kind: unknown;
    formatVersion: unknown;
    source?: unknown;
    quantileLevels: unknown[];
    genres: {
      genre: unknown;
      count: unknown;
      quantiles: unknown[][];
      categories: { values: unknown[]; shares: unknown[] }[];
      std: unknown[];
      correlation: unknown[];
    }[];
  }

  /** A deep copy of the default statistics changed by `edit`. */
  function corrupted(edit: (json: Draft) => void): GenreStatisticsJSON {
    const json: Draft = JSON.parse(JSON.stringify(base));
    edit(json);
    return JSON.parse(JSON.stringify(json));
  }

  const cases: [string, (json: Draft) => void, string][] = [
    ['a wrong kind', (json) => (json.kind = 'other'), 'options.statistics.kind'],
    [
      'another format version',
      (json) => (json.formatVersion = 2),
      'options.statistics.formatVersion',
    ],
    ['a missing source', (json) => delete json.source, 'options.statistics.source'],
    [
      'quantile levels not ending at 1',
      (json) => json.quantileLevels.pop(),
      'options.statistics.quantileLevels',
    ],
    [
      'descending quantile levels',
      (json) => (json.quantileLevels[3] = 0.9),
      'options.statistics.quantileLevels[4]',
    ],
    [
      'a genre named twice',
      (json) => (at(json.genres, 1).genre = at(json.genres, 0).genre),
      'options.statistics.genres[1].genre',
    ],
    [
      'a quantile row out of order',
      (json) => (at(at(json.genres, 2).quantiles, 4)[5] = 1e9),
      'options.statistics.genres[2].quantiles[4][6]',
    ],
    [
      'a short quantile row',
      (json) => at(at(json.genres, 2).quantiles, 0).pop(),
      'options.statistics.genres[2].quantiles[0]',
    ],
    [
      'a non-numeric quantile',
      (json) => (at(at(json.genres, 0).quantiles, 1)[0] = '1'),
      'options.statistics.genres[0].quantiles[1][0]',
    ],
    [
      'shares not matching values',
      (json) => at(at(json.genres, 0).categories, 0).shares.pop(),
      'options.statistics.genres[0].categories[0].shares',
    ],
    [
      'a share above 1',
      (json) => (at(at(json.genres, 0).categories, 1).shares[0] = 1.5),
      'options.statistics.genres[0].categories[1].shares[0]',
    ],
    [
      'an empty category',
      (json) => (at(json.genres, 0).categories[2] = { values: [], shares: [] }),
      'options.statistics.genres[0].categories[2]',
    ],
    [
      'a correlation of 2',
      (json) => (at(json.genres, 5).correlation[10] = 2),
      'options.statistics.genres[5].correlation[10]',
    ],
    [
      'a short correlation',
      (json) => at(json.genres, 5).correlation.pop(),
      'options.statistics.genres[5].correlation',
    ],
    [
      'a negative std',
      (json) => (at(json.genres, 0).std[0] = -1),
      'options.statistics.genres[0].std[0]',
    ],
    [
      'a count of 1',
      (json) => (at(json.genres, 0).count = 1),
      'options.statistics.genres[0].count',
    ],
  ];
  for (const [title, edit, parameter] of cases) {
    it(`throws InvalidArgumentError naming ${parameter} for ${title}`, () => {
      const error = thrown(() => syntheticCatalog({ tracks: 1, statistics: corrupted(edit) }));
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ parameter });
    });
  }

  it('accepts the embedded statistics and a JSON round trip of them', () => {
    expect(syntheticCatalog({ tracks: 2, statistics: base })).toHaveLength(2);
  });
});
