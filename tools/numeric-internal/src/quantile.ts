/**
 * The `p`-quantile of ascending `sorted` values, interpolating linearly between order
 * statistics (Hyndman & Fan type 7, the default of NumPy, pandas and R). NaN when `sorted`
 * is empty.
 *
 * @example
 * ```ts
 * quantileSorted([1, 2, 3, 4], 0.5); // 2.5
 * quantileSorted([1, 2, 3, 4], 0.25); // 1.75
 * ```
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = (n - 1) * p;
  const below = Math.floor(position);
  const lower = sorted[below] as number;
  const upper = sorted[Math.min(below + 1, n - 1)] as number;
  return lower + (upper - lower) * (position - below);
}
