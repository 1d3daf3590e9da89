// Dropout masks for the training loop.
//
// tfjs-layers 4.22's seeded `tf.layers.dropout` rebuilds its generator from the same seed on
// every call, so every batch of one shape gets the same mask, every epoch. The training loop
// applies these masks itself instead: one seeded stream per training run, a fresh mask per
// step and layer.

import { createRandom } from '@spotrec/numeric-internal';

/** Makes the dropout masks of one training run. */
export interface DropoutMasks {
  /**
   * The next mask for a `rows × width` activation, row-major: each entry is `0` (dropped,
   * with probability `rate`) or `1 / (1 − rate)` (kept and rescaled: inverted dropout, so
   * inference needs no rescaling).
   */
  next(rows: number, width: number): Float32Array;
}

/** Derives the dropout stream's seed from the run's seed, apart from the split's stream. */
const DROPOUT_STREAM = 0x6a09e667;

/**
 * One seeded stream of dropout masks: the same `seed` and `rate` give the same sequence of
 * masks; consecutive masks are independent draws.
 */
export function dropoutMasks(seed: number, rate: number): DropoutMasks {
  const random = createRandom((seed ^ DROPOUT_STREAM) >>> 0);
  const kept = 1 / (1 - rate);
  return {
    next(rows, width) {
      const mask = new Float32Array(rows * width);
      for (let at = 0; at < mask.length; at += 1) mask[at] = random() < rate ? 0 : kept;
      return mask;
    },
  };
}
