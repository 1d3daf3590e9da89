import { describe, expect, it } from 'vitest';
import {
  FeaturePipeline,
  InvalidArgumentError,
  InvalidValueError,
  NotFittedError,
  type FeatureSpec,
} from './index';

const rows = [
  { energy: 0.2, tempo: 90, mode: 0, genres: ['jazz'] },
  { energy: 0.8, tempo: 130, mode: 1, genres: ['rock', 'pop'] },
  { energy: 0.5, tempo: 110, mode: 1, genres: [] as string[] },
];

describe('FeaturePipeline', () => {
  it('scales, one-hot encodes and names the output columns', () => {
    const pipeline = new FeaturePipeline({
      columns: [
        { kind: 'numeric', name: 'energy' },
        { kind: 'categorical', name: 'mode' },
        { kind: 'multi-hot', name: 'genres' },
      ],
    });
    const matrix = pipeline.fitTransform(rows);
    expect(matrix.columns).toEqual([
      'energy',
      'mode=0',
      'mode=1',
      'genres:jazz',
      'genres:pop',
      'genres:rock',
    ]);
    expect(matrix.rows).toBe(3);
    expect(matrix.cols).toBe(6);
    expect(Array.from(matrix.data)).toEqual([
      0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0.5, 0, 1, 0, 0, 0,
    ]);
  });

  it('multiplies every output column of a block by its weight, exactly', () => {
    const spec = (weight: number): FeatureSpec => ({
      columns: [
        { kind: 'numeric', name: 'tempo', scaler: 'zscore', weight },
        { kind: 'multi-hot', name: 'genres', weight, normalize: true },
      ],
    });
    const plain = new FeaturePipeline(spec(1)).fitTransform(rows).data;
    const weighted = new FeaturePipeline(spec(2.5)).fitTransform(rows).data;
    // Computed in float64 and rounded once to float32: equal up to the two roundings.
    weighted.forEach((value, index) =>
      expect(Math.abs(value - (plain[index] as number) * 2.5)).toBeLessThanOrEqual(
        Math.abs(value) * 2 ** -23,
      ),
    );
    // normalize: the row with two genres (pop, rock) gives each half of the weight
    expect(Array.from(weighted.slice(5, 8))).toEqual([0, 1.25, 1.25]);
  });

  it('scales a constant column to 0, never NaN', () => {
    const constant = [{ x: 3 }, { x: 3 }];
    for (const scaler of ['minmax', 'zscore', 'robust'] as const) {
      const matrix = new FeaturePipeline({
        columns: [{ kind: 'numeric', name: 'x', scaler }],
      }).fitTransform(constant);
      expect(Array.from(matrix.data)).toEqual([0, 0]);
    }
  });

  it('gives an all-zero block for an unseen category, or throws with unknown: error', () => {
    const pipeline = new FeaturePipeline({ columns: [{ kind: 'categorical', name: 'mode' }] }).fit(
      rows,
    );
    expect(Array.from(pipeline.transformOne({ mode: 7 }))).toEqual([0, 0]);
    const strict = new FeaturePipeline({
      columns: [{ kind: 'categorical', name: 'mode', unknown: 'error' }],
    }).fit(rows);
    expect(() => strict.transform([{ mode: 1 }, { mode: 7 }])).toThrow(
      'Row 1, column "mode": a category not seen in fit, got 7',
    );
  });

  it('uses a fixed category list when given, in its order', () => {
    const pipeline = new FeaturePipeline({
      columns: [{ kind: 'categorical', name: 'mode', categories: [1, 0] }],
    });
    expect(pipeline.fit(rows).columns).toEqual(['mode=1', 'mode=0']);
  });

  it('applies the missing-value policies', () => {
    const withGap = [{ x: 1 }, { x: null }, { x: 3 }, { x: 10 }];
    const column = (missing: 'mean' | 'median' | 'zero') =>
      Array.from(
        new FeaturePipeline({
          columns: [{ kind: 'numeric', name: 'x', scaler: 'none', missing }],
        }).fitTransform(withGap).data,
      );
    expect(column('mean')).toEqual([1, Math.fround(14 / 3), 3, 10]);
    expect(column('median')).toEqual([1, 3, 3, 10]);
    expect(column('zero')).toEqual([1, 0, 3, 10]);
    expect(() =>
      new FeaturePipeline({ columns: [{ kind: 'numeric', name: 'x' }] }).fit(withGap),
    ).toThrow(/Row 1, column "x": a value is required \(missing: 'error'\), got null/);
  });

  it('log-transforms with log1p and rejects values it cannot take', () => {
    const pipeline = new FeaturePipeline({
      columns: [{ kind: 'numeric', name: 'x', scaler: 'none', log: true }],
    });
    expect(Array.from(pipeline.fitTransform([{ x: 0 }, { x: Math.E - 1 }]).data)).toEqual([0, 1]);
    expect(() => pipeline.transform([{ x: -1 }])).toThrow(InvalidValueError);
  });

  it('clips min-max output of new rows when asked', () => {
    const pipeline = new FeaturePipeline({
      columns: [{ kind: 'numeric', name: 'energy', clip: true }],
    }).fit(rows);
    expect(Array.from(pipeline.transform([{ energy: 1.4 }, { energy: -1 }]).data)).toEqual([1, 0]);
  });

  it('reads any row type through an accessor', () => {
    const tuples: [number, string][] = [
      [1, 'a'],
      [3, 'b'],
    ];
    const pipeline = new FeaturePipeline<[number, string]>(
      {
        columns: [
          { kind: 'numeric', name: 'value' },
          { kind: 'categorical', name: 'label' },
        ],
      },
      { get: (row, column) => (column === 'value' ? row[0] : row[1]) },
    );
    expect(Array.from(pipeline.fitTransform(tuples).data)).toEqual([0, 1, 0, 1, 0, 1]);
  });

  it('transforms a new row alone exactly as inside a batch (cold start)', () => {
    const pipeline = new FeaturePipeline({
      columns: [
        { kind: 'numeric', name: 'tempo', scaler: 'robust' },
        { kind: 'multi-hot', name: 'genres' },
      ],
      pca: { components: 2 },
    }).fit(rows);
    const fresh = { tempo: 101, genres: ['pop', 'metal'] };
    const batch = pipeline.transform([rows[0]!, fresh]);
    expect(Array.from(pipeline.transformOne(fresh))).toEqual(Array.from(batch.data.slice(2)));
    const out = new Float32Array(2);
    expect(pipeline.transformOne(fresh, out)).toBe(out);
  });

  it('names the row and column of a value that is not a number', () => {
    const pipeline = new FeaturePipeline({ columns: [{ kind: 'numeric', name: 'energy' }] });
    const error = (() => {
      try {
        pipeline.fit([{ energy: 0.1 }, { energy: '0.5' }]);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(InvalidValueError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ row: 1, column: 'energy', value: '0.5' });
  });

  it('refuses to transform before fit', () => {
    const pipeline = new FeaturePipeline({ columns: [{ kind: 'numeric', name: 'energy' }] });
    expect(() => pipeline.transform(rows)).toThrow(NotFittedError);
    expect(() => pipeline.columns).toThrow('FeaturePipeline.columns() needs a fitted pipeline');
    expect(pipeline.fitted).toBe(false);
  });

  it('rejects a malformed spec naming the entry', () => {
    const bad: [unknown, string][] = [
      [{ columns: [] }, 'spec.columns'],
      [{ columns: [{ kind: 'numeric', name: '' }] }, 'spec.columns[0].name'],
      [
        {
          columns: [
            { kind: 'numeric', name: 'a' },
            { kind: 'numeric', name: 'a' },
          ],
        },
        'spec.columns[1].name',
      ],
      [{ columns: [{ kind: 'numeric', name: 'a', weight: -1 }] }, 'spec.columns[0].weight'],
      [{ columns: [{ kind: 'numeric', name: 'a', scaler: 'log' }] }, 'spec.columns[0].scaler'],
      [
        { columns: [{ kind: 'numeric', name: 'a', scaler: 'zscore', clip: true }] },
        'spec.columns[0].clip',
      ],
      [{ columns: [{ kind: 'ordinal', name: 'a' }] }, 'spec.columns[0].kind'],
      [
        { columns: [{ kind: 'categorical', name: 'a', categories: [1, 1] }] },
        'spec.columns[0].categories[1]',
      ],
      [
        { columns: [{ kind: 'numeric', name: 'a' }], pca: { components: 0 } },
        'spec.pca.components',
      ],
    ];
    for (const [spec, parameter] of bad) {
      expect(() => new FeaturePipeline(spec as FeatureSpec)).toThrow(
        `Invalid argument "${parameter}"`,
      );
    }
    const tooMany = new FeaturePipeline({
      columns: [{ kind: 'numeric', name: 'energy' }],
      pca: { components: 2 },
    });
    expect(() => tooMany.fit(rows)).toThrow(InvalidArgumentError);
    expect(() => tooMany.fit([])).toThrow('Invalid argument "rows"');
  });
});
