import type { Random } from '@spotrec/numeric-internal';

const ADJECTIVES = [
  'Golden',
  'Silent',
  'Electric',
  'Broken',
  'Velvet',
  'Midnight',
  'Crimson',
  'Hollow',
  'Neon',
  'Wild',
  'Paper',
  'Lonely',
  'Burning',
  'Frozen',
  'Distant',
  'Sweet',
  'Restless',
  'Quiet',
  'Endless',
  'Faded',
  'Bright',
  'Secret',
  'Crystal',
  'Northern',
  'Lucky',
  'Dusty',
  'Silver',
  'Hidden',
  'Gentle',
  'Savage',
];
const NOUNS = [
  'Heart',
  'River',
  'Summer',
  'Mirror',
  'Signal',
  'Garden',
  'Highway',
  'Ocean',
  'Fire',
  'Shadow',
  'Island',
  'Dream',
  'Thunder',
  'Window',
  'Harbor',
  'Avenue',
  'Engine',
  'Echo',
  'Horizon',
  'Satellite',
  'Rain',
  'Kingdom',
  'Lantern',
  'Canyon',
  'Diamond',
  'Orbit',
  'Meadow',
  'Storm',
  'Letter',
  'Parade',
];
const VERBS = [
  'Dancing',
  'Running',
  'Falling',
  'Waiting',
  'Chasing',
  'Calling',
  'Drifting',
  'Burning',
  'Holding',
  'Breaking',
];
const FIRST_NAMES = [
  'Ava',
  'Leo',
  'Maya',
  'Noah',
  'Iris',
  'Jonas',
  'Lena',
  'Omar',
  'Sofia',
  'Kai',
  'Nina',
  'Elias',
  'Rosa',
  'Theo',
  'Yara',
  'Marco',
  'Hana',
  'Felix',
  'Zoe',
  'Ravi',
  'Clara',
  'Diego',
  'Mila',
  'Tariq',
  'Ines',
];
const LAST_NAMES = [
  'Hart',
  'Moreno',
  'Lind',
  'Okafor',
  'Sato',
  'Berg',
  'Costa',
  'Novak',
  'Reyes',
  'Quinn',
  'Park',
  'Weiss',
  'Duval',
  'Ikeda',
  'Brandt',
  'Vega',
  'Holm',
  'Adeyemi',
  'Rossi',
  'Kowal',
  'Fontaine',
  'Ahmed',
  'Lowe',
];

function pick<T>(items: readonly T[], random: Random): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** @internal A made-up track or album title. */
export function titleName(random: Random): string {
  const pattern = random();
  if (pattern < 0.35) return `${pick(ADJECTIVES, random)} ${pick(NOUNS, random)}`;
  if (pattern < 0.55) return `${pick(NOUNS, random)} of ${pick(NOUNS, random)}`;
  if (pattern < 0.75) return `${pick(VERBS, random)} ${pick(NOUNS, random)}`;
  if (pattern < 0.9) return `${pick(NOUNS, random)}`;
  return `${pick(VERBS, random)} in the ${pick(NOUNS, random)}`;
}

/** @internal A made-up artist or band name. */
export function artistName(random: Random): string {
  const pattern = random();
  if (pattern < 0.5) return `${pick(FIRST_NAMES, random)} ${pick(LAST_NAMES, random)}`;
  if (pattern < 0.75) return `The ${pick(ADJECTIVES, random)} ${pick(NOUNS, random)}s`;
  if (pattern < 0.9) return `${pick(NOUNS, random)} ${pick(NOUNS, random)}`;
  return `${pick(FIRST_NAMES, random)} & the ${pick(NOUNS, random)}s`;
}

const ID_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** @internal A 22-character base-62 id, the shape of a Spotify track id. */
export function trackId(random: Random): string {
  let id = '';
  for (let position = 0; position < 22; position += 1) id += ID_ALPHABET[Math.floor(random() * 62)];
  return id;
}
