/** A seeded generator of uniform numbers. */
export type Random = () => number;

/** The SplitMix32 step: advances `state` by the golden-ratio increment and hashes it. */
function splitMix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return z >>> 0;
  };
}

/**
 * A seeded generator of uniform numbers in [0, 1) (SplitMix32): the 32-bit hash divided by
 * 2³². The seed is taken modulo 2³² (`seed >>> 0`).
 *
 * @example
 * ```ts
 * const random = createRandom(42);
 * random(); // 0.21884025167673826
 * ```
 */
export function createRandom(seed: number): Random {
  const next = splitMix32(seed);
  return () => next() / 4294967296;
}

/**
 * The same SplitMix32 sequence as {@link createRandom}, shifted half a step into the open
 * interval (0, 1): `(hash + 0.5) / 2³²`, never 0, so its logarithm is always finite.
 *
 * @example
 * ```ts
 * const random = createOpenRandom(42);
 * random(); // 0.21884025179315358
 * ```
 */
export function createOpenRandom(seed: number): Random {
  const next = splitMix32(seed);
  return () => (next() + 0.5) / 4294967296;
}

/**
 * A standard normal draw (Box–Muller, one value per call, two uniforms each): redraws the
 * first uniform while it is 0, which never happens with {@link createOpenRandom}.
 *
 * @example
 * ```ts
 * const random = createRandom(42);
 * standardNormal(random); // 1.524344231386653
 * ```
 */
export function standardNormal(random: Random): number {
  let u = random();
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
