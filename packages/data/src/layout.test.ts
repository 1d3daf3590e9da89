import { describe, expect, it } from 'vitest';
import {
  InvalidArgumentError,
  SPOTIFY_TRACKS_LAYOUT,
  TIDYTUESDAY_LAYOUT,
  defineTrackLayout,
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
