/**
 * @internal ln Γ(x) for x > 0: the recurrence Γ(x) = Γ(x + 1) / x up to x ≥ 15, then
 * Stirling's series to the x⁻⁹ term (error below 1e-15 there).
 */
function logGamma(x: number): number {
  let shift = 0;
  let y = x;
  while (y < 15) {
    shift += Math.log(y);
    y += 1;
  }
  const inverse = 1 / y;
  const inverse2 = inverse * inverse;
  const series =
    inverse *
    (1 / 12 -
      inverse2 * (1 / 360 - inverse2 * (1 / 1260 - inverse2 * (1 / 1680 - inverse2 / 1188))));
  return (y - 0.5) * Math.log(y) - y + 0.5 * Math.log(2 * Math.PI) + series - shift;
}

/** @internal Continued fraction of the regularised incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m += 1) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** @internal Regularised incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x),
  );
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** @internal Student's t cumulative distribution with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** @internal The p-quantile of Student's t (bisection on the CDF, to 1e-12). */
export function studentTQuantile(p: number, df: number): number {
  let low = -1e3;
  let high = 1e3;
  for (let step = 0; step < 200 && high - low > 1e-12; step += 1) {
    const middle = (low + high) / 2;
    if (studentTCdf(middle, df) < p) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/** Summary of one metric over queries. */
export interface MetricSummary {
  /** Mean over the queries. */
  readonly mean: number;
  /** Sample standard deviation (divisor n − 1); 0 for one query. */
  readonly std: number;
  /** 95% confidence interval of the mean (Student's t); the mean twice for one query. */
  readonly ci95: readonly [number, number];
  /** Number of queries. */
  readonly n: number;
}

/** @internal Mean, standard deviation and the t-based 95% interval of `values`. */
export function summarise(values: ArrayLike<number>): MetricSummary {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, std: Number.NaN, ci95: [Number.NaN, Number.NaN], n };
  let sum = 0;
  for (let at = 0; at < n; at += 1) sum += values[at] as number;
  const mean = sum / n;
  if (n === 1) return { mean, std: 0, ci95: [mean, mean], n };
  let squares = 0;
  for (let at = 0; at < n; at += 1) squares += ((values[at] as number) - mean) ** 2;
  const std = Math.sqrt(squares / (n - 1));
  const half = studentTQuantile(0.975, n - 1) * (std / Math.sqrt(n));
  return { mean, std, ci95: [mean - half, mean + half], n };
}
