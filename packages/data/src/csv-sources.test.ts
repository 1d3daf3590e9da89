import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SPOTIFY_HEADER, spotifyCsv, spotifyRow } from './__fixtures__/csv';
import { CsvFormatError, InputReadError, loadTracks, type LoadTracksResult } from './index';

const rows = Array.from({ length: 300 }, (_, index) =>
  spotifyRow({ id: `id${index % 250}`, artists: 'Beyoncé;Sigur Rós 𝄞', genre: `g${index % 7}` }),
);
const csv = spotifyCsv(...rows);
const bytes = new TextEncoder().encode(csv);

/** A Web stream of the bytes in chunks of `size` (cutting multi-byte characters). */
function webStream(data: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= data.length) controller.close();
      else controller.enqueue(data.slice(at, (at += size)));
    },
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('loadTracks(source) from Web sources', () => {
  it('reads a Blob, a File, a gzip Blob and a Web ReadableStream exactly as { text }', async () => {
    const reference = await loadTracks({ text: csv });
    expect(reference.report.tracks).toBe(250);
    const results: LoadTracksResult[] = await Promise.all([
      loadTracks(new Blob([bytes])),
      loadTracks(new File([bytes], 'tracks.csv')),
      loadTracks(new Blob([gzipSync(bytes)])),
      loadTracks(webStream(bytes, 7)),
      loadTracks(webStream(gzipSync(bytes), 13)),
    ]);
    for (const result of results) {
      expect(result.tracks).toEqual(reference.tracks);
      expect({ ...result.report, source: '' }).toEqual({ ...reference.report, source: '' });
    }
    expect(results.map((result) => result.report.source)).toEqual([
      '<blob>',
      'tracks.csv',
      '<blob>',
      '<stream>',
      '<stream>',
    ]);
  });

  it('reports a quoting error of a Blob at the line and column of the faulty field', async () => {
    const broken = `${SPOTIFY_HEADER}\n${spotifyRow()}\n${spotifyRow({ name: '"never closed' })}\n`;
    const error = await rejection(loadTracks(new File([broken], 'broken.csv')));
    expect(CsvFormatError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ source: 'broken.csv', line: 3, column: 'track_name' });
  });

  it('rejects a truncated gzip Blob with an InputReadError', async () => {
    const gz = gzipSync(bytes);
    const error = await rejection(loadTracks(new Blob([gz.subarray(0, gz.length >> 1)])));
    expect(InputReadError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/truncated/);
  });

  it('stops reading a Web stream at the first invalid row (cancels the rest)', async () => {
    let pulled = 0;
    const bad = new TextEncoder().encode(spotifyCsv(spotifyRow({ danceability: 'high' }), ...rows));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const at = pulled * 64;
        pulled += 1;
        if (at >= bad.length) controller.close();
        else controller.enqueue(bad.slice(at, at + 64));
      },
    });
    await expect(loadTracks(stream)).rejects.toThrow(/danceability/);
    expect(pulled * 64).toBeLessThan(bad.length);
  });
});
