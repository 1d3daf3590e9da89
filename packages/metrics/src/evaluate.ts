import { createRandom, partialShuffle } from '@spotrec/numeric-internal';
import { InvalidArgumentError } from './errors';
import {
  averagePrecisionAtK,
  averagePrecisionAtKCapped,
  hitAtK,
  ndcgAtK,
  precisionAtK,
  rPrecision,
  recallAtK,
  reciprocalRankAtK,
  type Id,
  type Relevance,
} from './ranking';
import { studentTCdf, studentTQuantile, summarise, type MetricSummary } from './statistics';

/** The metrics the harness computes, each at the harness's k (R-precision has no k). */
export const METRIC_NAMES = [
  'precision',
  'recall',
  'hit',
  'mrr',
  'ndcg',
  'ap',
  'apCapped',
  'rPrecision',
] as const;

/**
 * A metric of the harness: `precision`, `recall`, `hit`, `mrr` (reciprocal rank), `ndcg`,
 * `ap` (÷|R|, trec_eval/ranx), `apCapped` (÷min(|R|, k), RecBole/MS Recommenders), `rPrecision`.
 */
export type MetricName = (typeof METRIC_NAMES)[number];

const METRIC_FUNCTIONS: Readonly<
  Record<MetricName, (ranked: readonly Id[], relevance: Relevance, k: number) => number>
> = {
  precision: precisionAtK,
  recall: recallAtK,
  hit: hitAtK,
  mrr: reciprocalRankAtK,
  ndcg: ndcgAtK,
  ap: averagePrecisionAtK,
  apCapped: averagePrecisionAtKCapped,
  rPrecision: (ranked, relevance) => rPrecision(ranked, relevance),
};

/** A seeded random sample of the queries. */
export interface QuerySample {
  /** How many queries to evaluate. */
  readonly size: number;
  /** The seed of the draw. */
  readonly seed: number;
}

/** Options of {@link evaluate}. */
export interface EvaluateOptions<Q> {
  /** The queries (such as track ids for protocol A, playlists for protocol B). */
  readonly queries: readonly Q[];
  /** The system under test: ranked ids for a query, best first (it may return more than k). */
  readonly recommend: (query: Q) => readonly Id[] | Promise<readonly Id[]>;
  /** The relevant ids of a query. */
  readonly relevant: (query: Q) => Relevance;
  /**
   * The cut-off.
   * @defaultValue `10`
   */
  readonly k?: number;
  /**
   * Ids never counted for a query: removed from its ranking before the cut-off and from its
   * relevant set (the query itself and its duplicates, for protocol A).
   */
  readonly exclude?: (query: Q) => Iterable<Id>;
  /**
   * Which metrics.
   * @defaultValue all of {@link METRIC_NAMES}
   */
  readonly metrics?: readonly MetricName[];
  /** Evaluate a seeded random sample of the queries instead of all of them. */
  readonly sample?: QuerySample;
  /** Called after each query with the number done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** What {@link evaluate} measured. */
export interface EvaluationResult<Q> {
  /** The cut-off. */
  readonly k: number;
  /** The queries evaluated, in order (all, or the sample). */
  readonly queries: readonly Q[];
  /** Mean, standard deviation and 95% interval per metric. */
  readonly metrics: Readonly<Partial<Record<MetricName, MetricSummary>>>;
  /** Per-query values per metric, aligned with `queries`. */
  readonly perQuery: Readonly<Partial<Record<MetricName, Float64Array>>>;
  /** The evaluated lists (after exclusion, cut at k), aligned with `queries`. */
  readonly lists: readonly (readonly Id[])[];
}

/** @internal A seeded sample of `queries`, in their original order (all of them when `sample` is undefined or not smaller). */
export function sampleQueries<Q>(
  queries: readonly Q[],
  sample: QuerySample | undefined,
  parameter = 'sample',
): readonly Q[] {
  if (sample === undefined) return queries;
  const { size, seed } = sample;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size <= 0)
    throw new InvalidArgumentError(`${parameter}.size`, 'a positive integer', size);
  if (typeof seed !== 'number' || !Number.isInteger(seed))
    throw new InvalidArgumentError(`${parameter}.seed`, 'an integer', seed);
  if (size >= queries.length) return queries;
  // A seeded partial Fisher–Yates shuffle, then back to the original order.
  return partialShuffle(Array.from(queries.keys()), size, createRandom(seed))
    .slice(0, size)
    .sort((a, b) => a - b)
    .map((index) => queries[index] as Q);
}

/** @internal Throws unless every entry of `metrics` is one of {@link METRIC_NAMES}. */
export function checkMetricNames(metrics: readonly string[], parameter = 'metrics'): void {
  if (!Array.isArray(metrics))
    throw new InvalidArgumentError(parameter, 'an array of metric names', metrics);
  for (const [position, name] of metrics.entries()) {
    if (!(METRIC_NAMES as readonly string[]).includes(name)) {
      throw new InvalidArgumentError(
        `${parameter}[${position}]`,
        `one of ${METRIC_NAMES.join(', ')}`,
        name,
      );
    }
  }
}

function withoutExcluded(relevance: Relevance, excluded: ReadonlySet<Id>): Relevance {
  if (excluded.size === 0) return relevance;
  if (relevance instanceof Map) return new Map([...relevance].filter(([id]) => !excluded.has(id)));
  return [...(relevance as Iterable<Id>)].filter((id) => !excluded.has(id));
}

/**
 * Runs a recommender over queries and summarises ranking metrics: per metric the mean, the
 * standard deviation and a 95% confidence interval (Student's t), plus every per-query value
 * for paired comparisons ({@link compareSystems}).
 *
 * @param options - Queries, the system, the relevance rule, k, exclusions, metrics, sampling.
 * @returns An {@link EvaluationResult}.
 * @throws {@link InvalidArgumentError} for no queries, a bad k, an unknown metric or sample.
 *
 * @example
 * ```ts
 * const result = await evaluate({
 *   queries: tracks.map((track) => track.id),
 *   recommend: (id) => index.similarTo(id, 20).map((hit) => hit.id),
 *   relevant: sharedGenreRelevance(tracks),
 *   exclude: (id) => duplicatesOf(id),
 *   k: 10,
 * });
 * result.metrics.precision; // { mean: 0.12, std: 0.18, ci95: [0.118, 0.122], n: 44475 }
 * ```
 */
export async function evaluate<Q>(options: EvaluateOptions<Q>): Promise<EvaluationResult<Q>> {
  const { k = 10, metrics = METRIC_NAMES, exclude, onProgress } = options;
  if (!Array.isArray(options.queries) || options.queries.length === 0) {
    throw new InvalidArgumentError('queries', 'a non-empty array', options.queries);
  }
  if (typeof k !== 'number' || !Number.isSafeInteger(k) || k <= 0)
    throw new InvalidArgumentError('k', 'a positive integer', k);
  checkMetricNames(metrics);
  const queries = sampleQueries(options.queries, options.sample);
  const perQuery: Partial<Record<MetricName, Float64Array>> = {};
  for (const name of metrics) perQuery[name] = new Float64Array(queries.length);
  const lists: Id[][] = [];
  for (const [position, query] of queries.entries()) {
    const excluded = new Set<Id>(exclude === undefined ? [] : exclude(query));
    const ranked = await options.recommend(query);
    if (!Array.isArray(ranked))
      throw new InvalidArgumentError(`recommend(queries[${position}])`, 'an array of ids', ranked);
    const list: Id[] = [];
    for (const id of ranked) {
      if (list.length === k) break;
      if (!excluded.has(id)) list.push(id);
    }
    const relevance = withoutExcluded(options.relevant(query), excluded);
    for (const name of metrics)
      (perQuery[name] as Float64Array)[position] = METRIC_FUNCTIONS[name](list, relevance, k);
    lists.push(list);
    onProgress?.(position + 1, queries.length);
  }
  const summaries: Partial<Record<MetricName, MetricSummary>> = {};
  for (const name of metrics) summaries[name] = summarise(perQuery[name] as Float64Array);
  return { k, queries, metrics: summaries, perQuery, lists };
}

/** Options of {@link compareSystems}. */
export interface CompareOptions {
  /**
   * `'paired-t'`: Student's paired t-test; `'bootstrap'`: a paired bootstrap of the mean
   * difference (percentile interval; p from the null-shifted distribution).
   * @defaultValue `'paired-t'`
   */
  readonly method?: 'paired-t' | 'bootstrap';
  /**
   * Bootstrap resamples.
   * @defaultValue `10000`
   */
  readonly samples?: number;
  /**
   * Bootstrap seed.
   * @defaultValue `0`
   */
  readonly seed?: number;
  /**
   * Significance level.
   * @defaultValue `0.05`
   */
  readonly alpha?: number;
}

/** Whether two systems differ on one metric, query by query. */
export interface Comparison {
  /** The metric compared. */
  readonly metric: MetricName;
  /** Mean of system A. */
  readonly meanA: number;
  /** Mean of system B. */
  readonly meanB: number;
  /** Mean of the per-query differences A − B. */
  readonly difference: number;
  /** 95% interval of the difference. */
  readonly ci95: readonly [number, number];
  /** Two-sided p-value. */
  readonly pValue: number;
  /** `pValue < alpha`. */
  readonly significant: boolean;
}

/**
 * Paired comparison of two evaluations of the same queries on one metric.
 *
 * @param a - System A's result.
 * @param b - System B's result, over the same queries in the same order.
 * @param metric - The metric to compare (computed in both).
 * @param options - Test method, bootstrap size and seed, significance level.
 * @returns The {@link Comparison}.
 * @throws {@link InvalidArgumentError} when the results differ in queries or lack the metric.
 *
 * @example
 * ```ts
 * const comparison = compareSystems(cosine, random, 'ndcg');
 * comparison.significant; // true
 * ```
 */
export function compareSystems<Q>(
  a: EvaluationResult<Q>,
  b: EvaluationResult<Q>,
  metric: MetricName,
  options: CompareOptions = {},
): Comparison {
  const { method = 'paired-t', samples = 10_000, seed = 0, alpha = 0.05 } = options;
  const x = a.perQuery[metric];
  const y = b.perQuery[metric];
  if (x === undefined || y === undefined)
    throw new InvalidArgumentError('metric', 'a metric computed in both results', metric);
  if (x.length !== y.length || a.queries.some((query, at) => query !== b.queries[at])) {
    throw new InvalidArgumentError(
      'b',
      'a result over the same queries in the same order as a',
      `${y.length} queries`,
    );
  }
  if (method !== 'paired-t' && method !== 'bootstrap')
    throw new InvalidArgumentError('options.method', "'paired-t' or 'bootstrap'", method);
  if (typeof samples !== 'number' || !Number.isSafeInteger(samples) || samples <= 0)
    throw new InvalidArgumentError('options.samples', 'a positive integer', samples);
  const n = x.length;
  const differences = Float64Array.from(x, (value, at) => value - (y[at] as number));
  const { mean: difference, std } = summarise(differences);
  const base = { metric, meanA: summarise(x).mean, meanB: summarise(y).mean, difference };
  if (method === 'paired-t') {
    if (n < 2 || std === 0) {
      const pValue = difference === 0 ? 1 : 0;
      return { ...base, ci95: [difference, difference], pValue, significant: pValue < alpha };
    }
    const error = std / Math.sqrt(n);
    const t = difference / error;
    const pValue = Math.min(1, 2 * (1 - studentTCdf(Math.abs(t), n - 1)));
    const half = studentTQuantile(0.975, n - 1) * error;
    return {
      ...base,
      ci95: [difference - half, difference + half],
      pValue,
      significant: pValue < alpha,
    };
  }
  const random = createRandom(seed);
  const means = new Float64Array(samples);
  for (let s = 0; s < samples; s += 1) {
    let sum = 0;
    for (let at = 0; at < n; at += 1) sum += differences[Math.floor(random() * n)] as number;
    means[s] = sum / n;
  }
  means.sort();
  let extreme = 0;
  for (const value of means) if (Math.abs(value - difference) >= Math.abs(difference)) extreme += 1;
  const pValue = (extreme + 1) / (samples + 1);
  return {
    ...base,
    ci95: [
      means[Math.floor(0.025 * (samples - 1))] as number,
      means[Math.ceil(0.975 * (samples - 1))] as number,
    ],
    pValue,
    significant: pValue < alpha,
  };
}
