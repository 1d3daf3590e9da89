/**
 * A dense row-major matrix of 32-bit floats: row `r`, column `c` is `data[r * cols + c]`.
 * Structural: the `FeatureMatrix` of `@spotrec/features`, an autoencoder's embeddings or any
 * object of this shape will do.
 */
export interface DenseMatrix {
  /** The values, row after row; length `rows * cols`. */
  readonly data: Float32Array;
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
}
