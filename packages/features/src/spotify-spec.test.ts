import { AUDIO_FEATURES, syntheticCatalog, type Track } from '@spotrec/data';
import { SPEC_AUDIO_FEATURES } from './spotify-spec';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { FeaturePipeline, spotifyFeatureSpec, type FeatureSpec } from './index';

// The type assertions here are checked by `tsc --noEmit` (the package's typecheck), not at
// run time: a regression in the inferred types fails the typecheck.

const tracks: Track[] = syntheticCatalog({ tracks: 40, seed: 3 });

describe('spotifyFeatureSpec() types', () => {
  it('new FeaturePipeline(spotifyFeatureSpec()) is a FeaturePipeline<Track>, no type argument needed', () => {
    const pipeline = new FeaturePipeline(spotifyFeatureSpec());
    expectTypeOf(pipeline).toEqualTypeOf<FeaturePipeline<Track>>();
    const matrix = pipeline.fitTransform(tracks);
    expect(matrix.rows).toBe(40);
    expect(matrix.columns).toHaveLength(12);
    // @ts-expect-error a pipeline for tracks takes tracks, not arbitrary objects
    expect(() => pipeline.transformOne({ energy: 0.5 })).toThrow();
  });

  it('keeps explicit <Track> call sites, specs with PCA added, and FeatureSpec annotations compiling', () => {
    const explicit = new FeaturePipeline<Track>(spotifyFeatureSpec({ genreWeight: 0.5 }));
    expect(explicit.fitTransform(tracks).rows).toBe(40);
    const withPca = new FeaturePipeline({ ...spotifyFeatureSpec(), pca: { components: 3 } });
    expectTypeOf(withPca).toEqualTypeOf<FeaturePipeline<Track>>();
    expect(withPca.fitTransform(tracks).cols).toBe(3);
    const annotated: FeatureSpec = spotifyFeatureSpec({ oneHot: true });
    const energyOnly = new FeaturePipeline<{ energy: number }>(annotated);
    expectTypeOf(energyOnly.fitTransform)
      .parameter(0)
      .toEqualTypeOf<readonly { energy: number }[]>();
  });

  it('takes another row type through an accessor when the type is named', () => {
    interface StoredTrack {
      readonly values: Readonly<Record<string, number>>;
    }
    const stored: StoredTrack[] = tracks.map((track) => ({
      values: Object.fromEntries(
        [...AUDIO_FEATURES, 'popularity' as const].map((field) => [field, track[field] ?? 0]),
      ),
    }));
    const pipeline = new FeaturePipeline<StoredTrack>(spotifyFeatureSpec(), {
      get: (row, column) => row.values[column],
    });
    expect(pipeline.fitTransform(stored).data).toEqual(
      new FeaturePipeline(spotifyFeatureSpec()).fitTransform(tracks).data,
    );
  });

  it('leaves a spec written as an object literal to the pipeline default row type', () => {
    const pipeline = new FeaturePipeline({ columns: [{ kind: 'numeric', name: 'energy' }] });
    expectTypeOf(pipeline).toEqualTypeOf<FeaturePipeline<Record<string, unknown>>>();
    const restored = FeaturePipeline.fromJSON(
      JSON.stringify(pipeline.fit(tracks.map((t) => ({ energy: t.energy })))),
    );
    expectTypeOf(restored).toEqualTypeOf<FeaturePipeline<Record<string, unknown>>>();
    expectTypeOf(FeaturePipeline.fromJSON<Track>).returns.toEqualTypeOf<FeaturePipeline<Track>>();
  });
});

describe('the audio features of the default spec', () => {
  it('are @spotrec/data’s AUDIO_FEATURES, in the same order (restated to import only types)', () => {
    expect(SPEC_AUDIO_FEATURES).toEqual(AUDIO_FEATURES);
  });
});
