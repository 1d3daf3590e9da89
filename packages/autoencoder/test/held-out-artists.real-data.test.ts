import { CosineIndex, type DenseMatrix } from '@spotrec/cosine';
import { duplicatesOf, loadTracks } from '@spotrec/data';
import { FeaturePipeline, spotifyFeatureSpec } from '@spotrec/features';
import { protocolHeldOutArtists, type Id, type ProtocolSystem } from '@spotrec/metrics';
import { REAL_DATA, describeRealData } from '@spotrec/test-utils';
import { expect, it } from 'vitest';
import { GenreEncoder } from '../src/index';

describeRealData('GenreEncoder under protocol A′ on the real subset (../shared/data)', () => {
  it('beats cosine on the raw min-max features for held-out artists (paired test), from audio alone', async () => {
    const { tracks } = await loadTracks(REAL_DATA.spotifySubset);
    const ids = tracks.map((track) => track.id);
    const duplicates = duplicatesOf(tracks);
    let sawHeldOutGenres = false;
    const result = await protocolHeldOutArtists({
      items: tracks,
      seed: 0,
      queries: { size: 600, seed: 0 },
      exclude: (id) => duplicates(String(id)),
      systems: async ({ train, test }) => {
        const cosine = (name: string, matrix: DenseMatrix): ProtocolSystem<Id> => {
          const index = CosineIndex.build(matrix, ids);
          return { name, recommend: (id) => index.similarTo(String(id), 30).map((hit) => hit.id) };
        };
        const minMax = new FeaturePipeline(spotifyFeatureSpec()).fit(train);
        const all = minMax.transform(tracks);
        // Fitted on the other artists' tracks and their genres only.
        const encoder = await GenreEncoder.fit(
          minMax.transform(train),
          train.map((track) => track.genres),
          { decoder: false, epochs: 8, seed: 0 },
        );
        // Genres are a training target only: the embedding of the catalog is the same whether
        // or not the held-out artists' tracks carry genres (encode reads the features alone).
        const embeddings = encoder.encode(all);
        const stripped = minMax.transform(tracks.map((track) => ({ ...track, genres: [] })));
        expect(encoder.encode(stripped).data).toEqual(embeddings.data);
        sawHeldOutGenres = test.length > 0;
        encoder.dispose();
        return [cosine('min-max', all), cosine('genre classifier', embeddings)];
      },
    });
    expect(sawHeldOutGenres).toBe(true);
    const precision = (name: string) =>
      result.systems.find((system) => system.name === name)!.metrics.precision!.mean;
    expect(precision('genre classifier')).toBeGreaterThan(precision('min-max') + 0.03);
    const paired = result.comparisons.find(
      (entry) => entry.system === 'genre classifier' && entry.metric === 'precision',
    );
    expect(paired!.pValue).toBeLessThan(0.001);
  }, 300_000);
});
