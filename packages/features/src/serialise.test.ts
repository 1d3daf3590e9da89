import { describe, expect, it } from 'vitest';
import { GOLDEN_ROWS, GOLDEN_SPEC } from './__fixtures__/golden-rows';
import golden from './__fixtures__/pipeline-v1.json';
import { FeaturePipeline, InvalidFormatError, NotFittedError } from './index';

// pipeline-v1.json was written once by fitting GOLDEN_SPEC on GOLDEN_ROWS with format 1
// (FeaturePipeline.toJSON plus the transformed rows). Format changes must keep reading it.

describe('FeaturePipeline.toJSON / fromJSON', () => {
  it('reads the committed format-1 fixture and reproduces its output bit for bit', () => {
    const restored = FeaturePipeline.fromJSON(golden.pipeline);
    expect(Array.from(restored.transform(GOLDEN_ROWS).data)).toEqual(golden.output);
    expect(restored.columns).toEqual(['pc1', 'pc2', 'pc3', 'pc4']);
    expect(restored.spec.pca).toEqual({ components: 4, whiten: true });
  });

  it('writes the same format-1 JSON when fitted again', () => {
    const pipeline = new FeaturePipeline(GOLDEN_SPEC).fit(GOLDEN_ROWS);
    expect(JSON.parse(JSON.stringify(pipeline))).toEqual(golden.pipeline);
  });

  it('round-trips through JSON text to bit-identical matrices, and refits identically', () => {
    const pipeline = new FeaturePipeline(GOLDEN_SPEC).fit(GOLDEN_ROWS);
    const restored = FeaturePipeline.fromJSON(JSON.stringify(pipeline));
    expect(restored.transform(GOLDEN_ROWS).data).toEqual(pipeline.transform(GOLDEN_ROWS).data);
    const refitted = new FeaturePipeline(restored.spec).fit(GOLDEN_ROWS);
    expect(refitted.toJSON().columns.slice(0, 3)).toEqual(pipeline.toJSON().columns.slice(0, 3));
  });

  it('rejects foreign or damaged JSON naming the field', () => {
    const damaged: [unknown, string][] = [
      ['{not json', '(root)'],
      [[], '(root)'],
      [{ ...golden.pipeline, kind: 'spotrec.cosine-index' }, 'kind'],
      [{ ...golden.pipeline, formatVersion: 2 }, 'formatVersion'],
      [{ ...golden.pipeline, columns: [] }, 'columns'],
      [
        { ...golden.pipeline, columns: [{ ...golden.pipeline.columns[0], scale: 'x' }] },
        'columns[0].scale',
      ],
      [
        { ...golden.pipeline, columns: [{ ...golden.pipeline.columns[0], scaler: 'log' }] },
        'columns[0].scaler',
      ],
      [{ ...golden.pipeline, pca: { ...golden.pipeline.pca, mean: [1, 2] } }, 'pca.mean'],
    ];
    for (const [json, path] of damaged) {
      let caught: unknown;
      try {
        FeaturePipeline.fromJSON(json);
      } catch (error) {
        caught = error;
      }
      expect(InvalidFormatError.isInstance(caught)).toBe(true);
      expect((caught as InvalidFormatError).path).toBe(path);
    }
  });

  it('refuses to serialise an unfitted pipeline', () => {
    expect(() => JSON.stringify(new FeaturePipeline(GOLDEN_SPEC))).toThrow(NotFittedError);
  });
});
