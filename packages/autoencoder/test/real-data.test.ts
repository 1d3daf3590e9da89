import { loadTracks } from '@spotrec/data';
import { FeaturePipeline, spotifyFeatureSpec } from '@spotrec/features';
import { REAL_DATA, describeRealData } from '@spotrec/test-utils';
import { expect, it } from 'vitest';
import { Autoencoder } from '../src/index';

describeRealData('Autoencoder on the real Spotify Tracks subset (../shared/data)', () => {
  it('reaches a validation MSE below 0.0045 on min-max scaled features in a few epochs', async () => {
    const { tracks } = await loadTracks(REAL_DATA.spotifySubset);
    const matrix = new FeaturePipeline(spotifyFeatureSpec()).fitTransform(tracks);
    const model = await Autoencoder.fit(matrix, { epochs: 6, seed: 1, patience: 0 });
    expect(model.history.at(-1)?.validationLoss).toBeLessThan(0.0045);
    expect(model.encode(matrix).rows).toBe(44_475);
    model.dispose();
  });
});
