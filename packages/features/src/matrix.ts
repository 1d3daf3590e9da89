/**
 * A dense row-major matrix of 32-bit floats: row `r`, column `c` is `data[r * cols + c]`.
 * The structural type every spotrec package exchanges (no class, no dependency).
 */
export interface DenseMatrix {
  /** The values, row after row; length `rows * cols`. */
  readonly data: Float32Array;
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
}

/** A {@link DenseMatrix} whose columns have names. */
export interface FeatureMatrix extends DenseMatrix {
  /** One name per column, such as `energy`, `key=5` or `genres:jazz`. */
  readonly columns: readonly string[];
}
