// Numeric helpers shared by the spotrec packages. Private: each package's build bundles the
// parts it uses, so the published packages keep depending on no other spotrec package.

export { createRandom, createOpenRandom, standardNormal } from './src/random';
export type { Random } from './src/random';
export { shuffle, partialShuffle } from './src/shuffle';
export { topIndices } from './src/top-k';
export { quantileSorted } from './src/quantile';
export { parseJSONInput } from './src/json-input';
