/**
 * Naive reference implementations of the binary ranking metrics, written from the textbook
 * definitions with plain loops for the protocol tests: they share no code with `ranking.ts`.
 * `ranked` is the list after exclusions, already cut at k; `relevant` excludes the query.
 */
export interface NaiveMetrics {
  precision: number;
  recall: number;
  mrr: number;
  ndcg: number;
  ap: number;
  apCapped: number;
}

export function naiveMetrics(
  ranked: readonly (string | number)[],
  relevant: ReadonlySet<string | number>,
  k: number,
): NaiveMetrics {
  const top = ranked.slice(0, k);
  let hits = 0;
  let firstHit = 0;
  let dcg = 0;
  let precisionSum = 0;
  top.forEach((id, index) => {
    if (!relevant.has(id)) return;
    hits += 1;
    if (firstHit === 0) firstHit = index + 1;
    dcg += 1 / Math.log2(index + 2);
    precisionSum += hits / (index + 1);
  });
  let ideal = 0;
  for (let index = 0; index < Math.min(k, relevant.size); index += 1)
    ideal += 1 / Math.log2(index + 2);
  const size = relevant.size;
  return {
    precision: hits / k,
    recall: size === 0 ? 0 : hits / size,
    mrr: firstHit === 0 ? 0 : 1 / firstHit,
    ndcg: ideal === 0 ? 0 : dcg / ideal,
    ap: size === 0 ? 0 : precisionSum / size,
    apCapped: size === 0 ? 0 : precisionSum / Math.min(size, k),
  };
}

/** The list a protocol evaluates: the ranking without excluded ids, cut at k. */
export function naiveList(
  ranking: readonly (string | number)[],
  excluded: ReadonlySet<string | number>,
  k: number,
): (string | number)[] {
  return ranking.filter((id) => !excluded.has(id)).slice(0, k);
}

/** Mean of numbers. */
export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
