import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** Fitted principal components: `output = ((x − mean) · componentsᵀ) / scale`. */
export interface FittedPca {
  /** Column means of the input. */
  readonly mean: number[];
  /** One row per component, one entry per input column (unit length). */
  readonly components: number[][];
  /** Variance of each component on the fitted rows (divisor n − 1). */
  readonly explainedVariance: number[];
  /** Share of the total variance each component explains. */
  readonly explainedVarianceRatio: number[];
  /** Whether outputs are divided by the square root of their variance. */
  readonly whiten: boolean;
}

/**
 * @internal Fits PCA by the eigen-decomposition of the covariance matrix (through `ml-matrix`):
 * components sorted by variance, each signed so that its largest-magnitude loading is positive.
 */
export function fitPca(
  data: Float64Array,
  rows: number,
  cols: number,
  components: number,
  whiten: boolean,
): FittedPca {
  const mean = new Array<number>(cols).fill(0);
  for (let r = 0; r < rows; r += 1) {
    for (let c = 0; c < cols; c += 1)
      mean[c] = (mean[c] as number) + (data[r * cols + c] as number);
  }
  for (let c = 0; c < cols; c += 1) mean[c] = (mean[c] as number) / rows;
  const covariance = new Float64Array(cols * cols);
  const centered = new Float64Array(cols);
  for (let r = 0; r < rows; r += 1) {
    for (let c = 0; c < cols; c += 1)
      centered[c] = (data[r * cols + c] as number) - (mean[c] as number);
    for (let i = 0; i < cols; i += 1) {
      const ci = centered[i] as number;
      if (ci === 0) continue;
      for (let j = i; j < cols; j += 1)
        covariance[i * cols + j] =
          (covariance[i * cols + j] as number) + ci * (centered[j] as number);
    }
  }
  const matrix = new Matrix(cols, cols);
  const divisor = Math.max(rows - 1, 1);
  for (let i = 0; i < cols; i += 1) {
    for (let j = i; j < cols; j += 1) {
      const value = (covariance[i * cols + j] as number) / divisor;
      matrix.set(i, j, value);
      matrix.set(j, i, value);
    }
  }
  const eigen = new EigenvalueDecomposition(matrix, { assumeSymmetric: true });
  const values = eigen.realEigenvalues;
  const vectors = eigen.eigenvectorMatrix;
  const order = values
    .map((_, index) => index)
    .sort((a, b) => (values[b] as number) - (values[a] as number));
  const total = values.reduce((sum, value) => sum + Math.max(value, 0), 0);
  const kept = order.slice(0, components);
  const componentRows = kept.map((index) => {
    const vector = vectors.getColumn(index);
    let largest = 0;
    for (const value of vector) if (Math.abs(value) > Math.abs(largest)) largest = value;
    return largest < 0 ? vector.map((value) => -value) : vector;
  });
  const explainedVariance = kept.map((index) => Math.max(values[index] as number, 0));
  return {
    mean,
    components: componentRows,
    explainedVariance,
    explainedVarianceRatio: explainedVariance.map((value) => (total === 0 ? 0 : value / total)),
    whiten,
  };
}

/** @internal Projects one row (of the pre-PCA width) into `out` at `offset`. */
export function projectRow(
  pca: FittedPca,
  row: Float64Array,
  out: Float32Array,
  offset: number,
): void {
  const { mean, components, explainedVariance, whiten } = pca;
  for (let k = 0; k < components.length; k += 1) {
    const component = components[k] as number[];
    let sum = 0;
    for (let c = 0; c < row.length; c += 1)
      sum += ((row[c] as number) - (mean[c] as number)) * (component[c] as number);
    const variance = explainedVariance[k] as number;
    out[offset + k] = whiten ? (variance > 0 ? sum / Math.sqrt(variance) : 0) : sum;
  }
}
