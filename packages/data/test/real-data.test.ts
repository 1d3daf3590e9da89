import { REAL_DATA, describeRealData } from '@spotrec/test-utils';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import {
  DEFAULT_GENRE_STATISTICS,
  describeTracks,
  fitGenreStatistics,
  loadInteractions,
  loadTracks,
} from '../src/index';

describeRealData('the real Spotify Tracks subset (../shared/data)', () => {
  it('loads 49,132 rows into 44,475 tracks over 114 genres with nothing rejected', async () => {
    const { tracks, report } = await loadTracks(REAL_DATA.spotifySubset);
    expect(report).toMatchObject({
      layout: 'spotify-tracks',
      rowsRead: 49_132,
      rowsRejected: 0,
      tracks: 44_475,
      duplicatesMerged: 4_657,
    });
    expect(tracks).toHaveLength(44_475);
    const genres = describeTracks(tracks, { features: [] }).genres;
    expect(genres).toHaveLength(114);
    // 3,866 ids sit under more than one genre (data README).
    expect(tracks.filter((track) => track.genres.length > 1)).toHaveLength(3_866);
    // Duplicates whose popularity differs between rows are reported, never silently dropped.
    expect(report.duplicateConflicts.length).toBeGreaterThan(0);
    expect(
      report.duplicateConflicts.every(
        (conflict) => conflict.fields.length > 0 && conflict.line > conflict.firstLine,
      ),
    ).toBe(true);
  });

  it('keeps the row with empty artists, album and name (row 65900, k-pop)', async () => {
    const { tracks } = await loadTracks(REAL_DATA.spotifySubset);
    const empty = tracks.filter((track) => track.name === '' && track.artists.length === 0);
    expect(empty).toHaveLength(1);
    expect(empty[0]).toMatchObject({ album: '', popularity: 0, durationMs: 0, genres: ['k-pop'] });
    expect(empty[0]?.id).toHaveLength(22);
  });

  it('keeps the 73 rows with tempo 0 and the 77 with time signature 0', async () => {
    const { tracks } = await loadTracks(REAL_DATA.spotifySubset, { mergeDuplicates: false });
    expect(tracks.filter((track) => track.tempo === 0)).toHaveLength(73);
    expect(tracks.filter((track) => track.timeSignature === 0)).toHaveLength(77);
    expect(tracks.every((track) => track.explicit !== null)).toBe(true);
  });

  it('matches the committed genre statistics when refitted', async () => {
    const { tracks, report } = await loadTracks(REAL_DATA.spotifySubset, {
      mergeDuplicates: false,
    });
    const refitted = fitGenreStatistics(tracks, DEFAULT_GENRE_STATISTICS.source);
    expect(report.rowsRead).toBe(49_132);
    expect(JSON.parse(JSON.stringify(refitted))).toEqual(
      JSON.parse(
        readFileSync(new URL('../src/synthetic/genre-stats.json', import.meta.url), 'utf8'),
      ),
    );
  });
});

describeRealData('the real TidyTuesday spotify_songs table (../shared/data)', () => {
  it('loads 32,833 rows into 28,356 tracks over 6 genres', async () => {
    const { tracks, report } = await loadTracks(REAL_DATA.tidyTuesday);
    expect(report).toMatchObject({
      layout: 'tidytuesday',
      rowsRead: 32_833,
      rowsRejected: 0,
      tracks: 28_356,
    });
    expect(
      describeTracks(tracks, { features: [] })
        .genres.map((genre) => genre.genre)
        .sort(),
    ).toEqual(['edm', 'latin', 'pop', 'r&b', 'rap', 'rock']);
    expect(tracks.every((track) => track.explicit === null && track.timeSignature === null)).toBe(
      true,
    );
    // 5 rows lack names; exponents such as 2.33e-05 parse as numbers.
    const rows = await loadTracks(REAL_DATA.tidyTuesday, { mergeDuplicates: false });
    expect(rows.tracks.filter((track) => track.name === '')).toHaveLength(5);
    expect(
      tracks.some((track) => track.instrumentalness > 0 && track.instrumentalness < 1e-4),
    ).toBe(true);
  });

  it('loads 471 playlists × 28,356 tracks as interactions', async () => {
    const { interactions, report } = await loadInteractions(REAL_DATA.tidyTuesday);
    expect(interactions.users).toHaveLength(471);
    expect(interactions.items).toHaveLength(28_356);
    expect(report.duplicatePairs).toBe(582);
    expect(interactions.userIndex.length + report.duplicatePairs).toBe(32_833);
  });
});
