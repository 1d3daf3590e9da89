import { describe, expect, it } from 'vitest';
import reference from './__fixtures__/sklearn-reference.json';
import { FeaturePipeline, type Scaler } from './index';

// Reference values: scikit-learn's MinMaxScaler, StandardScaler, RobustScaler and PCA on a
// made-up seeded table, written by scripts/make-sklearn-fixture.py (see its note field).
const rows = reference.input.map((values) =>
  Object.fromEntries(reference.columns.map((name, index) => [name, values[index]])),
);

function expectClose(actual: ArrayLike<number>, expected: number[][], tolerance: number): void {
  const flat = expected.flat();
  expect(actual.length).toBe(flat.length);
  let worst = 0;
  flat.forEach((value, index) => {
    worst = Math.max(
      worst,
      Math.abs((actual[index] as number) - value) / Math.max(1, Math.abs(value)),
    );
  });
  expect(worst).toBeLessThan(tolerance);
}

describe('FeaturePipeline against scikit-learn', () => {
  const cases: [Scaler, number[][]][] = [
    ['minmax', reference.minmax],
    ['zscore', reference.zscore],
    ['robust', reference.robust],
  ];
  for (const [scaler, expected] of cases) {
    it(`matches scikit-learn for scaler '${scaler}' (to float32 precision)`, () => {
      const pipeline = new FeaturePipeline({
        columns: reference.columns.map((name) => ({ kind: 'numeric' as const, name, scaler })),
      });
      expectClose(pipeline.fitTransform(rows).data, expected, 1e-6);
    });
  }

  it('matches scikit-learn PCA: variances, components and projections up to each component’s sign', () => {
    const pipeline = new FeaturePipeline({
      columns: reference.columns.map((name) => ({
        kind: 'numeric' as const,
        name,
        scaler: 'none' as const,
      })),
      pca: { components: 3 },
    });
    const matrix = pipeline.fitTransform(rows);
    const pca = pipeline.pca;
    if (pca === null) throw new Error('expected a fitted PCA');
    pca.explainedVariance.forEach((value, k) =>
      expect(value).toBeCloseTo(reference.pca.explainedVariance[k] as number, 6),
    );
    pca.explainedVarianceRatio.forEach((value, k) =>
      expect(value).toBeCloseTo(reference.pca.explainedVarianceRatio[k] as number, 9),
    );
    const signs = pca.components.map((component, k) =>
      Math.sign((component[0] as number) * (reference.pca.components[k]?.[0] as number)),
    );
    pca.components.forEach((component, k) =>
      component.forEach((value, c) =>
        expect(value * (signs[k] as number)).toBeCloseTo(
          reference.pca.components[k]?.[c] as number,
          9,
        ),
      ),
    );
    const flipped = reference.pca.transformed.map((row) =>
      row.map((value, k) => value * (signs[k] as number)),
    );
    expectClose(matrix.data, flipped, 1e-5);
  });

  it('matches scikit-learn whitened PCA', () => {
    const pipeline = new FeaturePipeline({
      columns: reference.columns.map((name) => ({
        kind: 'numeric' as const,
        name,
        scaler: 'none' as const,
      })),
      pca: { components: 3, whiten: true },
    });
    const matrix = pipeline.fitTransform(rows);
    const components = pipeline.pca?.components ?? [];
    const signs = components.map((component, k) =>
      Math.sign((component[0] as number) * (reference.pca.components[k]?.[0] as number)),
    );
    expectClose(
      matrix.data,
      reference.pca.whitened.map((row) => row.map((value, k) => value * (signs[k] as number))),
      1e-5,
    );
  });
});
