import { loadTracks, type Track } from '@spotrec/data';
import { REAL_DATA, describeRealData } from '@spotrec/test-utils';
import { expect, it } from 'vitest';
import { FeaturePipeline, spotifyFeatureSpec } from '../src/index';

describeRealData('FeaturePipeline on the real Spotify Tracks subset (../shared/data)', () => {
  it('min-max scales the 12 default features of 44,475 tracks into [0, 1]', async () => {
    const { tracks } = await loadTracks(REAL_DATA.spotifySubset);
    const pipeline = new FeaturePipeline<Track>(spotifyFeatureSpec());
    const matrix = pipeline.fitTransform(tracks);
    expect(matrix.rows).toBe(44_475);
    expect(matrix.columns).toEqual([
      'danceability',
      'energy',
      'key',
      'loudness',
      'mode',
      'speechiness',
      'acousticness',
      'instrumentalness',
      'liveness',
      'valence',
      'tempo',
      'popularity',
    ]);
    expect(matrix.data.every((value) => value >= 0 && value <= 1)).toBe(true);
    for (let col = 0; col < matrix.cols; col += 1) {
      let min = Infinity;
      let max = -Infinity;
      for (let row = 0; row < matrix.rows; row += 1) {
        const value = matrix.data[row * matrix.cols + col] as number;
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
      expect([min, max]).toEqual([0, 1]);
    }
  });

  it('encodes one-hot key/mode/time signature and 114 genres, and transforms a held-out track like the batch', async () => {
    const { tracks } = await loadTracks(REAL_DATA.spotifySubset);
    const [heldOut, ...rest] = tracks as [Track, ...Track[]];
    const pipeline = new FeaturePipeline<Track>(
      spotifyFeatureSpec({ oneHot: true, genreWeight: 0.5, logSkewed: true }),
    ).fit(rest);
    expect(pipeline.columns.filter((name) => name.startsWith('genres:'))).toHaveLength(114);
    expect(pipeline.columns.filter((name) => name.startsWith('key='))).toHaveLength(12);
    const restored = FeaturePipeline.fromJSON<Track>(JSON.stringify(pipeline));
    expect(Array.from(restored.transformOne(heldOut))).toEqual(
      Array.from(pipeline.transform([heldOut]).data),
    );
  });
});
