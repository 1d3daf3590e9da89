/** @internal The duplicate-track rule: same normalised name and the same set of artists. */
export function duplicateKey(track: {
  readonly name: string;
  readonly artists: readonly string[];
}): string {
  const fold = (text: string) => text.normalize('NFKC').trim().toLowerCase();
  return `${fold(track.name)}\u0000${[...new Set(track.artists.map(fold))].sort().join('\u0001')}`;
}
