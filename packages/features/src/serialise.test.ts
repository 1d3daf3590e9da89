import { describe, expect, it } from 'vitest';
import { GOLDEN_ROWS, GOLDEN_SPEC } from './__fixtures__/golden-rows';
import golden from './__fixtures__/pipeline-v1.json';
import { FeaturePipeline, InvalidFormatError, NotFittedError } from './index';

// pipeline-v1.json was written once by fitting GOLDEN_SPEC on GOLDEN_ROWS with format 1
// (FeaturePipeline.toJSON plus the transformed rows). Format changes must keep reading it.

function formatError(json: unknown): InvalidFormatError {
  try {
    FeaturePipeline.fromJSON(json);
  } catch (error) {
    if (InvalidFormatError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an InvalidFormatError');
}

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
    for (const [json, path] of damaged) expect(formatError(json).path).toBe(path);
  });

  it('keeps the parser error as cause for text that is not JSON', () => {
    const error = formatError('{not json');
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect(error.message).toContain('not JSON');
  });

  describe('rejects every corrupted field with an InvalidFormatError naming it', () => {
    const columns = (index: number, patch: Record<string, unknown>): unknown => ({
      ...golden.pipeline,
      columns: golden.pipeline.columns.map((column, at) =>
        at === index ? { ...column, ...patch } : column,
      ),
    });
    const pca = (patch: Record<string, unknown>): unknown => ({
      ...golden.pipeline,
      pca: { ...golden.pipeline.pca, ...patch },
    });
    const components = golden.pipeline.pca.components;
    const cases: [title: string, json: unknown, path: string][] = [
      // numeric columns
      [
        'a huge center over a tiny scale',
        columns(0, { center: 1e308, scale: 1e-308 }),
        'columns[0].scale',
      ],
      ['a scale of 0', columns(0, { scale: 0 }), 'columns[0].scale'],
      ['a negative scale', columns(1, { scale: -6.4 }), 'columns[1].scale'],
      ['an infinite scale', columns(1, { scale: Number.POSITIVE_INFINITY }), 'columns[1].scale'],
      [
        'a scale below rounding error of the center',
        columns(1, { center: 1e6, scale: 1e-12 }),
        'columns[1].scale',
      ],
      ['a non-finite center', columns(0, { center: null }), 'columns[0].center'],
      ['a center as text', columns(0, { center: '0.12' }), 'columns[0].center'],
      [
        'scaler none with a center',
        columns(0, { scaler: 'none', center: 0.12, scale: 1 }),
        'columns[0].center',
      ],
      [
        'scaler none with a scale',
        columns(0, { scaler: 'none', center: 0, scale: 0.79 }),
        'columns[0].scale',
      ],
      ['a negative weight', columns(1, { weight: -0.5 }), 'columns[1].weight'],
      ['a huge fill', columns(2, { fill: 1e300 }), 'columns[2].fill'],
      ['a missing fill under median', columns(2, { fill: null }), 'columns[2].fill'],
      ['a fill under missing: error', columns(0, { fill: 0.5 }), 'columns[0].fill'],
      ['an unknown missing policy', columns(2, { missing: 'drop' }), 'columns[2].missing'],
      ['clip with z-score', columns(1, { clip: true }), 'columns[1].clip'],
      ['log as text', columns(2, { log: 'yes' }), 'columns[2].log'],
      ['an empty name', columns(0, { name: '' }), 'columns[0].name'],
      ['a repeated column name', columns(1, { name: 'energy' }), 'columns[1].name'],
      ['an unknown column kind', columns(0, { kind: 'text' }), 'columns[0].kind'],
      ['a column that is not an object', { ...golden.pipeline, columns: [7] }, 'columns[0]'],
      // categorical and multi-hot columns
      ['an empty category list', columns(3, { categories: [] }), 'columns[3].categories'],
      [
        'a repeated category',
        columns(3, { categories: [0, 2, 2, 11] }),
        'columns[3].categories[2]',
      ],
      [
        'a non-finite category',
        columns(3, { categories: [0, 2, null, 11] }),
        'columns[3].categories[2]',
      ],
      [
        'an object as category',
        columns(5, { categories: ['jazz', {}, 'rock', 'soul'] }),
        'columns[5].categories[1]',
      ],
      ['an unknown-value policy', columns(4, { unknown: 'drop' }), 'columns[4].unknown'],
      ['normalize on a one-hot column', columns(4, { normalize: true }), 'columns[4].normalize'],
      ['normalize as text', columns(5, { normalize: 'true' }), 'columns[5].normalize'],
      ['a weight as text', columns(5, { weight: '1' }), 'columns[5].weight'],
      // PCA
      [
        'too many components',
        pca({ components: [...components, ...components, ...components, ...components] }),
        'pca.components',
      ],
      ['no components', pca({ components: [] }), 'pca.components'],
      [
        'a short component row',
        pca({ components: [components[0]?.slice(1), ...components.slice(1)] }),
        'pca.components[0]',
      ],
      [
        'a NaN loading',
        pca({
          components: [
            components[0],
            [Number.NaN, ...(components[1]?.slice(1) ?? [])],
            ...components.slice(2),
          ],
        }),
        'pca.components[1][0]',
      ],
      [
        'a component that is not a unit vector',
        pca({ components: [components[0]?.map((x) => x * 2), ...components.slice(1)] }),
        'pca.components[0]',
      ],
      ['a mean of the wrong width', pca({ mean: golden.pipeline.pca.mean.slice(1) }), 'pca.mean'],
      [
        'an infinite mean',
        pca({ mean: [Number.POSITIVE_INFINITY, ...golden.pipeline.pca.mean.slice(1)] }),
        'pca.mean[0]',
      ],
      [
        'a negative variance',
        pca({ explainedVariance: [1, 0.5, 0.25, -1] }),
        'pca.explainedVariance[3]',
      ],
      [
        'variances out of order',
        pca({ explainedVariance: [1, 2, 0.5, 0.25] }),
        'pca.explainedVariance[1]',
      ],
      ['too few variances', pca({ explainedVariance: [1, 0.5, 0.25] }), 'pca.explainedVariance'],
      [
        'a variance share above 1',
        pca({ explainedVarianceRatio: [1.5, 0, 0, 0] }),
        'pca.explainedVarianceRatio[0]',
      ],
      [
        'shares summing above 1',
        pca({ explainedVarianceRatio: [0.6, 0.3, 0.1, 0.1] }),
        'pca.explainedVarianceRatio',
      ],
      ['whiten as a number', pca({ whiten: 1 }), 'pca.whiten'],
      ['no pca field', { ...golden.pipeline, pca: undefined }, 'pca'],
      ['a pca that is not an object', { ...golden.pipeline, pca: [1] }, 'pca'],
      // output names
      [
        'output columns that do not match',
        { ...golden.pipeline, outputColumns: ['pc1', 'pc2', 'pc3', 'pc5'] },
        'outputColumns',
      ],
      ['missing output columns', { ...golden.pipeline, outputColumns: undefined }, 'outputColumns'],
      ['pre-PCA names that do not match', { ...golden.pipeline, pca: null }, 'outputColumns'],
    ];
    it.each(cases)('%s', (_title, json, path) => {
      expect(formatError(json).path).toBe(path);
      expect(formatError(JSON.stringify(json)).path).toBe(path);
    });

    it('reads the same pipeline without PCA when the names match', () => {
      const names = new FeaturePipeline({ columns: GOLDEN_SPEC.columns }).fit(GOLDEN_ROWS).columns;
      const restored = FeaturePipeline.fromJSON({
        ...golden.pipeline,
        pca: null,
        outputColumns: names,
      });
      expect(restored.columns).toEqual(names);
      expect(restored.transform(GOLDEN_ROWS).data.every(Number.isFinite)).toBe(true);
    });
  });

  it('refuses to serialise an unfitted pipeline', () => {
    expect(() => JSON.stringify(new FeaturePipeline(GOLDEN_SPEC))).toThrow(NotFittedError);
  });
});
