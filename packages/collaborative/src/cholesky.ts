/**
 * @internal Solves A·x = b for a symmetric positive-definite `n × n` matrix A (row-major,
 * overwritten by its Cholesky factor) and writes x into `b`. A hand-written kernel: the ALS
 * solves are tens of thousands of small systems, where allocating `ml-matrix` objects per
 * solve costs more than the arithmetic. Returns false when A is not positive definite.
 */
export function choleskySolveInPlace(a: Float64Array, b: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j += 1) {
    let diagonal = a[j * n + j] as number;
    for (let k = 0; k < j; k += 1) diagonal -= (a[j * n + k] as number) ** 2;
    if (!(diagonal > 0)) return false;
    const root = Math.sqrt(diagonal);
    a[j * n + j] = root;
    for (let i = j + 1; i < n; i += 1) {
      let sum = a[i * n + j] as number;
      for (let k = 0; k < j; k += 1) sum -= (a[i * n + k] as number) * (a[j * n + k] as number);
      a[i * n + j] = sum / root;
    }
  }
  // forward: L·y = b
  for (let i = 0; i < n; i += 1) {
    let sum = b[i] as number;
    for (let k = 0; k < i; k += 1) sum -= (a[i * n + k] as number) * (b[k] as number);
    b[i] = sum / (a[i * n + i] as number);
  }
  // backward: Lᵀ·x = y
  for (let i = n - 1; i >= 0; i -= 1) {
    let sum = b[i] as number;
    for (let k = i + 1; k < n; k += 1) sum -= (a[k * n + i] as number) * (b[k] as number);
    b[i] = sum / (a[i * n + i] as number);
  }
  return true;
}
