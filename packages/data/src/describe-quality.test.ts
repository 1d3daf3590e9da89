import { describe, expect, it } from 'vitest';
import { spotifyCsv, spotifyRow } from './__fixtures__/csv';
import { InvalidArgumentError, describeDataQuality, loadTracks, syntheticCatalog } from './index';

describe('describeDataQuality(tracks, report)', () => {
  it('counts rejected rows by rule, merged duplicates, conflicts and suspicious values', async () => {
    const csv = spotifyCsv(
      spotifyRow({ index: '0', id: 'a' }),
      spotifyRow({ index: '1', id: 'b', tempo: '0', timeSignature: '0', key: '-1' }),
      spotifyRow({ index: '2', id: 'a', genre: 'rock' }), // same id, another genre: merged
      spotifyRow({ index: '3', id: 'a', genre: 'jazz', popularity: '12' }), // merged, popularity differs
      spotifyRow({ index: '4', id: 'c', energy: '1.5' }), // out of range
      spotifyRow({ index: '5', id: 'd', tempo: 'fast' }), // not a number
      spotifyRow({ index: '6', id: 'e', name: '', artists: '', durationMs: '0' }),
    );
    const { tracks, report } = await loadTracks({ text: csv }, { onInvalid: 'skip' });
    const quality = describeDataQuality(tracks, report);
    expect(quality).toMatchObject({
      tracks: 3,
      rowsRead: 7,
      rowsAccepted: 5,
      rowsRejected: 2,
      issuesByRule: { 'out-of-range': 1, 'not-a-number': 1 },
      duplicatesMerged: 2,
      conflicts: 1,
      conflictsByField: { popularity: 1 },
      tempoZero: 1,
      timeSignatureZero: 1,
      keyUndetected: 1,
      durationZero: 1,
      emptyName: 1,
      noArtist: 1,
      missing: { popularity: 0, durationMs: 0, timeSignature: 0, explicit: 0 },
      multiGenreTracks: 1,
      genreListings: 5,
    });
  });

  it('leaves the row counts null without a report and matches naive counts', () => {
    const tracks = syntheticCatalog({ tracks: 3000, seed: 9 });
    const quality = describeDataQuality(tracks);
    expect(quality.rowsRead).toBeNull();
    expect(quality.duplicatesMerged).toBeNull();
    expect(quality.conflicts).toBeNull();
    expect(quality.tempoZero).toBe(tracks.filter((track) => track.tempo === 0).length);
    expect(quality.timeSignatureZero).toBe(
      tracks.filter((track) => track.timeSignature === 0).length,
    );
    expect(quality.multiGenreTracks).toBe(tracks.filter((track) => track.genres.length > 1).length);
    expect(() => describeDataQuality(null as never)).toThrowError(InvalidArgumentError);
  });
});
