import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeaturePipeline } from './index';

// Values of audio features: finite, and no subnormals (whose squares underflow to 0).
const value = fc
  .double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })
  .filter((x) => x === 0 || Math.abs(x) > 1e-100);
const column = fc.array(value, { minLength: 2, maxLength: 80 });

describe('FeaturePipeline properties', () => {
  it('min-max output lies within [0, 1] on the fitted rows', () => {
    fc.assert(
      fc.property(column, (values) => {
        const data = new FeaturePipeline({
          columns: [{ kind: 'numeric', name: 'x' }],
        }).fitTransform(values.map((x) => ({ x }))).data;
        return data.every((value) => value >= 0 && value <= 1);
      }),
    );
  });

  it('z-score output has mean ≈ 0 and standard deviation ≈ 1 (or is all 0 for a constant column)', () => {
    fc.assert(
      fc.property(column, (values) => {
        const data = new FeaturePipeline({
          columns: [{ kind: 'numeric', name: 'x', scaler: 'zscore' }],
        }).fitTransform(values.map((x) => ({ x }))).data;
        const n = data.length;
        const mean = data.reduce((sum, value) => sum + value, 0) / n;
        const std = Math.sqrt(data.reduce((sum, value) => sum + (value - mean) ** 2, 0) / n);
        // Columns whose spread is lost in float64 rounding (std below 1e-6 of the magnitude)
        // are near-constant: they must stay bounded, not blow up; the rest must standardise.
        const rawMean = values.reduce((sum, x) => sum + x, 0) / n;
        const rawStd = Math.sqrt(values.reduce((sum, x) => sum + (x - rawMean) ** 2, 0) / n);
        const magnitude = Math.max(...values.map(Math.abs));
        const nearConstant = rawStd <= 1e-6 * magnitude;
        return Math.abs(mean) < 1e-4 && (nearConstant ? std <= 1 + 1e-4 : Math.abs(std - 1) < 1e-4);
      }),
    );
  });

  it('every one-hot block of a row sums to 1 over fitted categories', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', 3, 7), { minLength: 1, maxLength: 40 }),
        (values) => {
          const matrix = new FeaturePipeline({
            columns: [{ kind: 'categorical', name: 'c' }],
          }).fitTransform(values.map((c) => ({ c })));
          for (let row = 0; row < matrix.rows; row += 1) {
            let sum = 0;
            for (let col = 0; col < matrix.cols; col += 1)
              sum += matrix.data[row * matrix.cols + col] as number;
            if (sum !== 1) return false;
          }
          return true;
        },
      ),
    );
  });

  it('a JSON round trip gives bit-identical output', () => {
    fc.assert(
      fc.property(
        column,
        fc.constantFrom('minmax', 'zscore', 'robust', 'none') as fc.Arbitrary<'minmax'>,
        (values, scaler) => {
          const rows = values.map((x, index) => ({ x, tag: index % 3 }));
          const pipeline = new FeaturePipeline({
            columns: [
              { kind: 'numeric', name: 'x', scaler },
              { kind: 'categorical', name: 'tag' },
            ],
          }).fit(rows);
          const restored = FeaturePipeline.fromJSON(JSON.stringify(pipeline));
          expect(restored.transform(rows).data).toEqual(pipeline.transform(rows).data);
        },
      ),
      { numRuns: 50 },
    );
  });
});
