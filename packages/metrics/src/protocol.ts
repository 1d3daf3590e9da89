import { InvalidArgumentError } from './errors';
import {
  checkMetricNames,
  compareSystems,
  evaluate,
  type EvaluationResult,
  type MetricName,
} from './evaluate';
import type { Id, Relevance } from './ranking';
import type { MetricSummary } from './statistics';

/** The metrics protocols A and A′ report by default: P, R, MRR, NDCG, AP ÷|R|, AP ÷min(|R|, k). */
export const PROTOCOL_A_METRICS: readonly MetricName[] = [
  'precision',
  'recall',
  'mrr',
  'ndcg',
  'ap',
  'apCapped',
];

/** The metrics protocol B reports by default: recall and NDCG (at k = 50). */
export const PROTOCOL_B_METRICS: readonly MetricName[] = ['recall', 'ndcg'];

/** A system under test in a protocol: a name and a recommend function. */
export interface ProtocolSystem<Q = Id> {
  /** A unique name, as the table prints it. */
  readonly name: string;
  /** Ranked ids for a query, best first (it may return more than k; exclusions come first). */
  readonly recommend: (query: Q) => readonly Id[] | Promise<readonly Id[]>;
  /**
   * Whether the system sees the relevance label as an input (genre features under protocol A):
   * its row is labelled so, and it is never the default reference.
   * @defaultValue `false`
   */
  readonly circular?: boolean;
}

/** One system's row of a protocol's table. */
export interface ProtocolSystemResult {
  /** The system's name. */
  readonly name: string;
  /** Whether the system is circular (see {@link ProtocolSystem.circular}). */
  readonly circular: boolean;
  /** Mean, standard deviation, 95% interval and n per metric. */
  readonly metrics: Readonly<Partial<Record<MetricName, MetricSummary>>>;
  /** Per-query values per metric, aligned with {@link ProtocolResult.queries}. */
  readonly perQuery: Readonly<Partial<Record<MetricName, Float64Array>>>;
  /** The evaluated lists (after exclusion, cut at k), aligned with the queries. */
  readonly lists: readonly (readonly Id[])[];
}

/** A paired comparison of one system with the reference on one metric. */
export interface ProtocolComparison {
  /** The system compared. */
  readonly system: string;
  /** The reference system. */
  readonly reference: string;
  /** The metric. */
  readonly metric: MetricName;
  /** Mean of the per-query differences, system − reference. */
  readonly meanDifference: number;
  /** 95% interval of the mean difference (paired t). */
  readonly interval: readonly [number, number];
  /** Two-sided p-value of the paired t-test. */
  readonly pValue: number;
}

/** The table a protocol produces, ready to print. */
export interface ProtocolResult<Q = Id> {
  /** Which protocol: `'A'`, `'A′'` (held-out artists) or `'B'` (playlist continuation). */
  readonly protocol: 'A' | 'A′' | 'B';
  /** The cut-off. */
  readonly k: number;
  /** The evaluated queries, in order; every system was run on exactly these. */
  readonly queries: readonly Q[];
  /** The name of the reference system of the comparisons. */
  readonly reference: string;
  /** One row per system, in the order given. */
  readonly systems: readonly ProtocolSystemResult[];
  /** Every other system against the reference, per metric (paired t-test, {@link compareSystems}). */
  readonly comparisons: readonly ProtocolComparison[];
}

/** Options every protocol shares. */
export interface ProtocolCommonOptions {
  /**
   * Which metrics.
   * @defaultValue {@link PROTOCOL_A_METRICS} (A, A′), {@link PROTOCOL_B_METRICS} (B)
   */
  readonly metrics?: readonly MetricName[];
  /**
   * The name of the reference system of the comparisons.
   * @defaultValue the first system that is not circular
   */
  readonly reference?: string;
  /** Called after each query of each system with the number done and the total (systems × queries). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Aborts the run (checked before each query and between the stages). */
  readonly signal?: AbortSignal;
}

/** @internal Throws unless `k` is a positive integer. */
export function checkK(k: unknown): asserts k is number {
  if (typeof k !== 'number' || !Number.isSafeInteger(k) || k <= 0)
    throw new InvalidArgumentError('k', 'a positive integer', k);
}

/** @internal Validates the options every protocol shares, before any work is done. */
export function checkCommon(k: unknown, metrics: readonly MetricName[], signal: unknown): void {
  checkK(k);
  checkMetricNames(metrics);
  if (metrics.length === 0)
    throw new InvalidArgumentError('metrics', 'at least one metric name', metrics);
  if (
    signal !== undefined &&
    (signal === null ||
      typeof signal !== 'object' ||
      typeof (signal as Partial<AbortSignal>).throwIfAborted !== 'function')
  )
    throw new InvalidArgumentError('signal', 'an AbortSignal', signal);
  (signal as AbortSignal | undefined)?.throwIfAborted();
}

/** @internal Throws unless `systems` are valid; returns the reference's name. */
export function checkSystems<Q>(
  systems: readonly ProtocolSystem<Q>[],
  reference: string | undefined,
  parameter = 'systems',
): string {
  if (!Array.isArray(systems) || systems.length === 0)
    throw new InvalidArgumentError(parameter, 'a non-empty array of systems', systems);
  const names = new Set<string>();
  for (const [position, system] of systems.entries()) {
    if (typeof system?.name !== 'string' || system.name === '')
      throw new InvalidArgumentError(
        `${parameter}[${position}].name`,
        'a non-empty string',
        system?.name,
      );
    if (names.has(system.name))
      throw new InvalidArgumentError(
        `${parameter}[${position}].name`,
        'a name no other system has',
        system.name,
      );
    names.add(system.name);
    if (typeof system.recommend !== 'function')
      throw new InvalidArgumentError(
        `${parameter}[${position}].recommend`,
        'a function',
        system.recommend,
      );
    if (system.circular !== undefined && typeof system.circular !== 'boolean')
      throw new InvalidArgumentError(
        `${parameter}[${position}].circular`,
        'a boolean',
        system.circular,
      );
  }
  if (reference !== undefined) {
    if (!names.has(reference))
      throw new InvalidArgumentError(
        'reference',
        `the name of a system (${[...names].join(', ')})`,
        reference,
      );
    return reference;
  }
  const first = systems.find((system) => system.circular !== true);
  if (first === undefined)
    throw new InvalidArgumentError(
      parameter,
      'at least one system that is not circular (or options.reference)',
      `${systems.length} circular systems`,
    );
  return first.name;
}

/** @internal What {@link runProtocol} needs. */
export interface RunProtocolOptions<Q> {
  readonly protocol: ProtocolResult<Q>['protocol'];
  readonly queries: readonly Q[];
  readonly systems: readonly ProtocolSystem<Q>[];
  readonly reference: string;
  readonly relevant: (query: Q) => Relevance;
  readonly exclude: (query: Q) => Iterable<Id>;
  readonly k: number;
  readonly metrics: readonly MetricName[];
  readonly onProgress: ((done: number, total: number) => void) | undefined;
  readonly signal: AbortSignal | undefined;
}

/**
 * @internal Runs every system over the same queries with {@link evaluate}, then compares each
 * other system with the reference on every metric with {@link compareSystems} (paired t).
 */
export async function runProtocol<Q>(options: RunProtocolOptions<Q>): Promise<ProtocolResult<Q>> {
  const { queries, systems, reference, k, metrics, onProgress, signal } = options;
  if (queries.length === 0)
    throw new InvalidArgumentError('queries', 'at least one query to evaluate', queries);
  const total = systems.length * queries.length;
  let done = 0;
  const evaluations: EvaluationResult<Q>[] = [];
  for (const system of systems) {
    signal?.throwIfAborted();
    evaluations.push(
      await evaluate({
        queries,
        recommend: (query) => {
          signal?.throwIfAborted();
          return system.recommend(query);
        },
        relevant: options.relevant,
        exclude: options.exclude,
        k,
        metrics,
        onProgress: () => onProgress?.((done += 1), total),
      }),
    );
  }
  const referenceAt = systems.findIndex((system) => system.name === reference);
  const referenceResult = evaluations[referenceAt] as EvaluationResult<Q>;
  const comparisons: ProtocolComparison[] = [];
  for (const [at, system] of systems.entries()) {
    if (at === referenceAt) continue;
    for (const metric of metrics) {
      const comparison = compareSystems(
        evaluations[at] as EvaluationResult<Q>,
        referenceResult,
        metric,
      );
      comparisons.push({
        system: system.name,
        reference,
        metric,
        meanDifference: comparison.difference,
        interval: comparison.ci95,
        pValue: comparison.pValue,
      });
    }
  }
  return {
    protocol: options.protocol,
    k,
    queries,
    reference,
    systems: systems.map((system, at) => {
      const evaluation = evaluations[at] as EvaluationResult<Q>;
      return {
        name: system.name,
        circular: system.circular === true,
        metrics: evaluation.metrics,
        perQuery: evaluation.perQuery,
        lists: evaluation.lists,
      };
    }),
    comparisons,
  };
}
