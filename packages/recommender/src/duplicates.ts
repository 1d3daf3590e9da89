/** @internal The duplicate-track rule: same normalised name and the same set of artists. */
export function duplicateKey(track: {
  readonly name: string;
  readonly artists: readonly string[];
}): string {
  // NFKC leaves ASCII unchanged; skipping it there makes the rule cheap on large catalogs.
  const fold = (text: string) =>
    (/[\u0080-\uffff]/.test(text) ? text.normalize('NFKC') : text).trim().toLowerCase();
  return `${fold(track.name)}\u0000${[...new Set(track.artists.map(fold))].sort().join('\u0001')}`;
}
