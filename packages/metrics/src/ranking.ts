import { InvalidArgumentError } from './errors';

/** An item id. */
export type Id = string | number;

/**
 * Binary relevance: the set (or list) of relevant ids. Graded relevance: a map from id to a
 * non-negative gain (ids absent from the map have gain 0).
 */
export type Relevance = ReadonlySet<Id> | readonly Id[] | ReadonlyMap<Id, number>;

/** @internal A checked view of one ranking. */
interface Checked {
  readonly ranked: readonly Id[];
  readonly k: number;
  readonly gains: ReadonlyMap<Id, number>;
  /** Number of relevant ids (gain > 0). */
  readonly relevantCount: number;
}

function check(ranked: readonly Id[], relevance: Relevance, k: number): Checked {
  if (!Array.isArray(ranked)) throw new InvalidArgumentError('ranked', 'an array of ids', ranked);
  if (typeof k !== 'number' || !Number.isSafeInteger(k) || k <= 0)
    throw new InvalidArgumentError('k', 'a positive integer', k);
  const seen = new Set<Id>();
  for (const [position, id] of ranked.entries()) {
    if (seen.has(id))
      throw new InvalidArgumentError(
        `ranked[${position}]`,
        'an id not already ranked (no duplicates)',
        id,
      );
    seen.add(id);
  }
  let gains: Map<Id, number>;
  if (relevance instanceof Map) {
    gains = new Map();
    for (const [id, gain] of relevance) {
      if (typeof gain !== 'number' || !Number.isFinite(gain) || gain < 0) {
        throw new InvalidArgumentError(
          `relevance.get(${JSON.stringify(id)})`,
          'a finite gain ≥ 0',
          gain,
        );
      }
      if (gain > 0) gains.set(id, gain);
    }
  } else if (relevance instanceof Set || Array.isArray(relevance)) {
    gains = new Map([...(relevance as Iterable<Id>)].map((id) => [id, 1]));
  } else {
    throw new InvalidArgumentError(
      'relevance',
      'a Set or array of relevant ids, or a Map of gains',
      relevance,
    );
  }
  return { ranked, k, gains, relevantCount: gains.size };
}

function hitsAt(checked: Checked): number {
  let hits = 0;
  const limit = Math.min(checked.k, checked.ranked.length);
  for (let at = 0; at < limit; at += 1) if (checked.gains.has(checked.ranked[at] as Id)) hits += 1;
  return hits;
}

/**
 * Precision at k: relevant ids among the first k, divided by k (not by the list length, so a
 * list shorter than k is penalised, as in trec_eval and ranx).
 *
 * @param ranked - Ids best first, without duplicates.
 * @param relevance - The relevant ids (any gain > 0 counts as relevant).
 * @param k - The cut-off.
 * @returns A value in [0, 1]; 0 for an empty list.
 * @throws {@link InvalidArgumentError} for k not a positive integer or a repeated id.
 *
 * @example
 * ```ts
 * precisionAtK(['a', 'b', 'c'], new Set(['a', 'c', 'x']), 2); // 0.5
 * ```
 */
export function precisionAtK(ranked: readonly Id[], relevance: Relevance, k: number): number {
  return hitsAt(check(ranked, relevance, k)) / k;
}

/**
 * Recall at k: relevant ids among the first k, divided by the number of relevant ids.
 *
 * @returns A value in [0, 1]; 0 when nothing is relevant.
 * @throws {@link InvalidArgumentError} as {@link precisionAtK}.
 *
 * @example
 * ```ts
 * recallAtK(['a', 'b', 'c'], new Set(['a', 'c', 'x']), 2); // 1/3
 * ```
 */
export function recallAtK(ranked: readonly Id[], relevance: Relevance, k: number): number {
  const checked = check(ranked, relevance, k);
  return checked.relevantCount === 0 ? 0 : hitsAt(checked) / checked.relevantCount;
}

/**
 * Hit rate at k: 1 when at least one of the first k is relevant, else 0.
 *
 * @example
 * ```ts
 * hitAtK(['a', 'b'], new Set(['b']), 1); // 0
 * hitAtK(['a', 'b'], new Set(['b']), 2); // 1
 * ```
 */
export function hitAtK(ranked: readonly Id[], relevance: Relevance, k: number): number {
  return hitsAt(check(ranked, relevance, k)) > 0 ? 1 : 0;
}

/**
 * Reciprocal rank at k: 1 / (rank of the first relevant id) when it is within the first k,
 * else 0. Averaged over queries it is MRR@k.
 *
 * @example
 * ```ts
 * reciprocalRankAtK(['a', 'b', 'c'], new Set(['c']), 10); // 1/3
 * ```
 */
export function reciprocalRankAtK(ranked: readonly Id[], relevance: Relevance, k: number): number {
  const checked = check(ranked, relevance, k);
  const limit = Math.min(k, ranked.length);
  for (let at = 0; at < limit; at += 1)
    if (checked.gains.has(ranked[at] as Id)) return 1 / (at + 1);
  return 0;
}

/** How a graded gain enters NDCG. */
export type GainScheme = 'linear' | 'exponential';

/** Options of {@link ndcgAtK}. */
export interface NdcgOptions {
  /**
   * `'linear'` uses the gain as is (trec_eval, ranx); `'exponential'` uses 2^gain − 1 (Burges
   * et al.). Equal for binary relevance.
   * @defaultValue `'linear'`
   */
  gain?: GainScheme;
}

/**
 * Normalised discounted cumulative gain at k: Σ gain(rᵢ) / log₂(i + 1) over the first k,
 * divided by the same sum for the ideal ordering of all relevant ids. Binary relevance gives
 * every relevant id gain 1; a `Map` gives graded gains.
 *
 * @returns A value in [0, 1]; 0 when nothing is relevant; 1 for an ideal ranking.
 * @throws {@link InvalidArgumentError} as {@link precisionAtK}, or for a negative gain.
 *
 * @example
 * ```ts
 * ndcgAtK(['a', 'b'], new Set(['b']), 2); // 1 / log2(3) ≈ 0.631
 * ndcgAtK(['a', 'b'], new Map([['a', 1], ['b', 3]]), 2, { gain: 'exponential' }); // ≈ 0.710
 * ```
 */
export function ndcgAtK(
  ranked: readonly Id[],
  relevance: Relevance,
  k: number,
  options: NdcgOptions = {},
): number {
  const { gain = 'linear' } = options;
  if (gain !== 'linear' && gain !== 'exponential')
    throw new InvalidArgumentError('options.gain', "'linear' or 'exponential'", gain);
  const checked = check(ranked, relevance, k);
  if (checked.relevantCount === 0) return 0;
  const value = (g: number) => (gain === 'linear' ? g : 2 ** g - 1);
  let dcg = 0;
  const limit = Math.min(k, ranked.length);
  for (let at = 0; at < limit; at += 1) {
    const g = checked.gains.get(ranked[at] as Id);
    if (g !== undefined) dcg += value(g) / Math.log2(at + 2);
  }
  const ideal = [...checked.gains.values()].sort((a, b) => b - a).slice(0, k);
  let idcg = 0;
  ideal.forEach((g, at) => {
    idcg += value(g) / Math.log2(at + 2);
  });
  return dcg / idcg;
}

function precisionSum(checked: Checked): number {
  let hits = 0;
  let sum = 0;
  const limit = Math.min(checked.k, checked.ranked.length);
  for (let at = 0; at < limit; at += 1) {
    if (checked.gains.has(checked.ranked[at] as Id)) {
      hits += 1;
      sum += hits / (at + 1);
    }
  }
  return sum;
}

/**
 * Average precision at k with the trec_eval / ranx normaliser: the sum of precision at each
 * relevant rank within the first k, divided by |R|, the number of relevant ids. A list that
 * cannot hold all of R within k can never reach 1. Averaged over queries it is MAP@k as
 * trec_eval and ranx report it. See {@link averagePrecisionAtKCapped} for the other convention.
 *
 * @returns A value in [0, 1]; 0 when nothing is relevant.
 *
 * @example
 * ```ts
 * averagePrecisionAtK(['a', 'x', 'b'], new Set(['a', 'b', 'c', 'd']), 3); // (1 + 2/3) / 4 ≈ 0.417
 * ```
 */
export function averagePrecisionAtK(
  ranked: readonly Id[],
  relevance: Relevance,
  k: number,
): number {
  const checked = check(ranked, relevance, k);
  return checked.relevantCount === 0 ? 0 : precisionSum(checked) / checked.relevantCount;
}

/**
 * Average precision at k with the RecBole / Microsoft Recommenders normaliser: the same sum
 * as {@link averagePrecisionAtK}, divided by min(|R|, k), so a perfect top-k list scores 1
 * even when more than k ids are relevant.
 *
 * @returns A value in [0, 1]; 0 when nothing is relevant.
 *
 * @example
 * ```ts
 * averagePrecisionAtKCapped(['a', 'x', 'b'], new Set(['a', 'b', 'c', 'd']), 3); // (1 + 2/3) / 3 ≈ 0.556
 * ```
 */
export function averagePrecisionAtKCapped(
  ranked: readonly Id[],
  relevance: Relevance,
  k: number,
): number {
  const checked = check(ranked, relevance, k);
  return checked.relevantCount === 0
    ? 0
    : precisionSum(checked) / Math.min(checked.relevantCount, k);
}

/**
 * R-precision: precision at R, where R is the number of relevant ids.
 *
 * @returns A value in [0, 1]; 0 when nothing is relevant.
 *
 * @example
 * ```ts
 * rPrecision(['a', 'x', 'b'], new Set(['a', 'b'])); // 0.5 (one of the first two)
 * ```
 */
export function rPrecision(ranked: readonly Id[], relevance: Relevance): number {
  const all = check(ranked, relevance, 1);
  if (all.relevantCount === 0) return 0;
  return hitsAt({ ...all, k: all.relevantCount }) / all.relevantCount;
}
