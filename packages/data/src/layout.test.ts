import { describe, expect, it } from 'vitest';
import {
  InvalidArgumentError,
  InvalidLayoutError,
  REQUIRED_TRACK_FIELDS,
  SPOTIFY_TRACKS_LAYOUT,
  TIDYTUESDAY_LAYOUT,
  defineTrackLayout,
  parseTrackLayout,
} from './index';

describe('defineTrackLayout(layout)', () => {
  it('accepts the built-in layouts', () => {
    expect(defineTrackLayout(SPOTIFY_TRACKS_LAYOUT)).toBe(SPOTIFY_TRACKS_LAYOUT);
    expect(defineTrackLayout(TIDYTUESDAY_LAYOUT)).toBe(TIDYTUESDAY_LAYOUT);
  });

  it('names an unmapped required field', () => {
    const { tempo: _tempo, ...columns } = SPOTIFY_TRACKS_LAYOUT.columns;
    expect(() => defineTrackLayout({ name: 'x', columns })).toThrow(
      'Invalid argument "layout.columns.tempo"',
    );
  });

  it('names a column mapped twice', () => {
    expect(() =>
      defineTrackLayout({
        name: 'x',
        columns: { ...SPOTIFY_TRACKS_LAYOUT.columns, album: 'track_name' },
      }),
    ).toThrow(/column "track_name" is mapped to name/);
  });

  it('rejects an empty separator', () => {
    expect(() => defineTrackLayout({ ...SPOTIFY_TRACKS_LAYOUT, artistSeparator: '' })).toThrow(
      InvalidArgumentError,
    );
  });
});

describe('parseTrackLayout(json)', () => {
  const valid = {
    name: 'my-export',
    columns: { ...SPOTIFY_TRACKS_LAYOUT.columns, id: 'spotify_id' },
    artistSeparator: ';',
  };

  it('returns a checked copy of a layout read from JSON', () => {
    const layout = parseTrackLayout(JSON.parse(JSON.stringify(valid)));
    expect(layout).toEqual({ ...valid, genreSeparator: null });
    expect(layout.columns.id).toBe('spotify_id');
  });

  it('reads a layout with only the required fields, separators defaulting to null', () => {
    const columns = Object.fromEntries(
      REQUIRED_TRACK_FIELDS.map((field) => [field, SPOTIFY_TRACKS_LAYOUT.columns[field]]),
    );
    expect(parseTrackLayout({ name: 'minimal', columns })).toMatchObject({
      artistSeparator: null,
      genreSeparator: null,
    });
  });

  const cases: [string, unknown, string][] = [
    ['a non-object', [], ''],
    ['null', null, ''],
    [
      'an unknown entry (a misspelt separator)',
      { ...valid, artistSeperator: ';' },
      'artistSeperator',
    ],
    ['a missing name', { ...valid, name: undefined }, 'name'],
    ['an empty name', { ...valid, name: '' }, 'name'],
    ['columns that are not an object', { ...valid, columns: ['track_id'] }, 'columns'],
    [
      'a column for a field that does not exist',
      { ...valid, columns: { ...valid.columns, bpm: 'bpm' } },
      'columns.bpm',
    ],
    [
      'a column name that is not a string',
      { ...valid, columns: { ...valid.columns, tempo: 120 } },
      'columns.tempo',
    ],
    [
      'an empty column name',
      { ...valid, columns: { ...valid.columns, album: '' } },
      'columns.album',
    ],
    [
      'an unmapped required field',
      { ...valid, columns: { ...valid.columns, energy: undefined } },
      'columns.energy',
    ],
    [
      'a column mapped twice',
      { ...valid, columns: { ...valid.columns, album: 'track_name' } },
      'columns.album',
    ],
    ['an empty separator', { ...valid, genreSeparator: '' }, 'genreSeparator'],
    ['a separator that is not a string', { ...valid, artistSeparator: 1 }, 'artistSeparator'],
  ];
  for (const [title, json, field] of cases) {
    it(`throws InvalidLayoutError naming the field for ${title}`, () => {
      let caught: unknown;
      try {
        parseTrackLayout(json);
      } catch (error) {
        caught = error;
      }
      expect(InvalidLayoutError.isInstance(caught)).toBe(true);
      expect(InvalidArgumentError.isInstance(caught)).toBe(true);
      expect(caught).toMatchObject({
        name: 'InvalidLayoutError',
        field,
        parameter: field === '' ? 'layout' : `layout.${field}`,
      });
    });
  }

  it('is the check defineTrackLayout and loadTracks apply to a declared layout', () => {
    expect(() =>
      defineTrackLayout({
        ...SPOTIFY_TRACKS_LAYOUT,
        columns: { ...SPOTIFY_TRACKS_LAYOUT.columns, bpm: 'x' } as never,
      }),
    ).toThrow(/layout\.columns\.bpm.*track field/);
  });
});
