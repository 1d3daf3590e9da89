/** How {@link selectRecommendations} reads a candidate. */
export interface SelectionOptions<C> {
  /** How many to pick. */
  readonly k: number;
  /** At most this many per first artist. */
  readonly maxPerArtist: number | undefined;
  /** MMR diversity in [0, 1]: 0 keeps the score order. */
  readonly diversity: number;
  /** The candidate's ranking score (non-finite scores count as −1 under MMR). */
  readonly score: (candidate: C) => number;
  /** The song it is (candidates of one song share a key; only the first is picked). */
  readonly song: (candidate: C) => string | number;
  /** Its first artist, or `undefined` when it lists none (no cap then). */
  readonly artist: (candidate: C) => string | number | undefined;
  /** Cosine between two candidates, for MMR's redundancy (needed when `diversity > 0`). */
  readonly similarity: (a: C, b: C) => number;
}

/**
 * The selection step of the request model, shared by every backend (the in-memory
 * {@link Recommender} and the Postgres store of `@spotrec/pgvector`): walks candidates best
 * first, never picks two copies of one song, caps tracks per first artist, and with
 * `diversity > 0` picks by maximal marginal relevance, λ·score − (1 − λ)·(largest similarity to
 * a track already picked), λ = 1 − diversity.
 *
 * @param candidates - Best first.
 * @param options - k, the cap, diversity and how to read a candidate.
 * @returns Up to `k` candidates, in pick order.
 *
 * @example
 * ```ts
 * import { selectRecommendations } from '@spotrec/recommender';
 *
 * const picked = selectRecommendations(
 *   [
 *     { id: 'a', score: 0.9, song: 'x', artist: 'A' },
 *     { id: 'b', score: 0.8, song: 'x', artist: 'A' }, // another copy of song x
 *     { id: 'c', score: 0.7, song: 'y', artist: 'A' },
 *     { id: 'd', score: 0.6, song: 'z', artist: 'B' },
 *   ],
 *   {
 *     k: 2,
 *     maxPerArtist: 1,
 *     diversity: 0,
 *     score: (c) => c.score,
 *     song: (c) => c.song,
 *     artist: (c) => c.artist,
 *     similarity: () => 0,
 *   },
 * );
 * console.log(picked.map((c) => c.id)); // [ 'a', 'd' ]
 * ```
 */
export function selectRecommendations<C>(
  candidates: readonly C[],
  options: SelectionOptions<C>,
): C[] {
  const { k, maxPerArtist, diversity, score, song, artist, similarity } = options;
  const picked: C[] = [];
  const perArtist = new Map<string | number, number>();
  const songs = new Set<string | number>();
  const eligible = (candidate: C): boolean => {
    if (songs.has(song(candidate))) return false;
    const first = artist(candidate);
    return (
      maxPerArtist === undefined ||
      first === undefined ||
      (perArtist.get(first) ?? 0) < maxPerArtist
    );
  };
  const take = (candidate: C): void => {
    picked.push(candidate);
    songs.add(song(candidate));
    const first = artist(candidate);
    if (first !== undefined) perArtist.set(first, (perArtist.get(first) ?? 0) + 1);
  };
  if (diversity === 0) {
    for (const candidate of candidates) {
      if (picked.length === k) break;
      if (eligible(candidate)) take(candidate);
    }
    return picked;
  }
  const lambda = 1 - diversity;
  const redundancy = new Float64Array(candidates.length).fill(-Infinity);
  const used = new Uint8Array(candidates.length);
  while (picked.length < k) {
    let best = -1;
    let bestValue = -Infinity;
    candidates.forEach((candidate, at) => {
      if (used[at] === 1 || !eligible(candidate)) return;
      const value0 = score(candidate);
      const value =
        lambda * (Number.isFinite(value0) ? value0 : -1) -
        (1 - lambda) * (picked.length === 0 ? 0 : (redundancy[at] as number));
      if (value > bestValue || best < 0) {
        bestValue = value;
        best = at;
      }
    });
    if (best < 0) break;
    used[best] = 1;
    const chosen = candidates[best] as C;
    take(chosen);
    candidates.forEach((candidate, at) => {
      const cosine = similarity(candidate, chosen);
      if (cosine > (redundancy[at] as number)) redundancy[at] = cosine;
    });
  }
  return picked;
}
