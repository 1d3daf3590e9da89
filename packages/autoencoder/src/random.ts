// Seeded randomness for training: the split, the batch order and the dropout masks.

/** A seeded generator of uniform numbers in [0, 1) (a SplitMix32-style hash of a counter). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / 4294967296;
  };
}

/** `0 … count − 1` in a random order (Fisher–Yates). */
export function shuffled(count: number, random: () => number): Int32Array {
  const order = Int32Array.from({ length: count }, (_, at) => at);
  for (let at = count - 1; at > 0; at -= 1) {
    const swap = Math.floor(random() * (at + 1));
    const held = order[at] as number;
    order[at] = order[swap] as number;
    order[swap] = held;
  }
  return order;
}
