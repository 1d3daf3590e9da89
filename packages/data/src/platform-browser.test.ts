import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { SPOTIFY_HEADER, spotifyCsv, spotifyRow } from './__fixtures__/csv';
import type * as nodePlatform from './platform';
import type * as loadTracksModule from './load-tracks';

// The whole loader on the browser build's platform module (csv-parse's browser entry, text
// chunks, DecompressionStream, no file system), compared with the Node platform's results.
vi.mock('./platform', () => import('./platform.browser'));

const { loadTracks, loadInteractions, CsvFormatError, InvalidArgumentError, InvalidRowError } =
  await import('./index');
const node = await vi.importActual<typeof nodePlatform>('./platform');

describe('the browser platform (platform.browser.ts)', () => {
  const csv = spotifyCsv(
    ...Array.from({ length: 120 }, (_, index) =>
      spotifyRow({ id: `id${index % 100}`, name: `Tëst ${index}`, genre: `g${index % 3}` }),
    ),
  );

  it('is the module under test', async () => {
    const platform = await import('./platform');
    expect(platform.READS_PATHS).toBe(false);
    expect(node.READS_PATHS).toBe(true);
  });

  it('reads text, bytes and gzip bytes into the same tracks as the Node platform', async () => {
    const { loadTracks: nodeLoad } =
      await vi.importActual<typeof loadTracksModule>('./load-tracks');
    const reference = await nodeLoad({ text: csv });
    const bytes = new TextEncoder().encode(csv);
    for (const source of [{ text: csv }, new Blob([bytes]), new Blob([gzipSync(bytes)])]) {
      const { tracks, report } = await loadTracks(source);
      expect(tracks).toEqual(reference.tracks);
      expect(report.duplicatesMerged).toBe(20);
    }
  });

  it('keeps the validation rules: invalid UTF-8, Latin-1, quoting, paths', async () => {
    const latin1 = Uint8Array.from(
      `${SPOTIFY_HEADER}\n${spotifyRow({ artists: 'Beyonc\u00e9' })}\n`,
      (character) => character.charCodeAt(0),
    );
    const invalid = await loadTracks(new Blob([latin1]), { onInvalid: 'collect' });
    expect(invalid.report.issues[0]).toMatchObject({
      line: 2,
      column: 'artists',
      rule: 'encoding',
    });
    const decoded = await loadTracks(new Blob([latin1]), { encoding: 'latin1' });
    expect(decoded.tracks[0]?.artists).toEqual(['Beyoncé']);
    const c1 = await loadTracks(new Blob([Uint8Array.of(...latin1, 0x80)]), {
      encoding: 'latin1',
      onInvalid: 'collect',
    });
    expect(c1.report.rowsRead).toBe(2); // 0x80 is U+0080 (ISO-8859-1), not € (windows-1252)
    await expect(
      loadTracks({ text: `${SPOTIFY_HEADER}\n${spotifyRow({ name: '"open' })}` }),
    ).rejects.toSatisfy((error) => CsvFormatError.isInstance(error));
    await expect(loadTracks({ text: spotifyCsv(spotifyRow({ energy: '2' })) })).rejects.toSatisfy(
      (error) => InvalidRowError.isInstance(error),
    );
    await expect(loadTracks('tracks.csv')).rejects.toSatisfy(
      (error) => InvalidArgumentError.isInstance(error) && /Node only/.test(String(error)),
    );
  });

  it('reads interactions', async () => {
    const { interactions } = await loadInteractions({
      text: 'playlist_id,track_id\np1,a\np1,b\np2,a\n',
    });
    expect(interactions.users).toEqual(['p1', 'p2']);
    expect(Array.from(interactions.itemIndex)).toEqual([0, 1, 0]);
  });
});
