import { duplicateKey } from '@spotrec/data';

/**
 * @internal The duplicate-song key of `@spotrec/data` as Postgres text can hold it: the key
 * separates its parts with U+0000 and U+0001, which `text` cannot store, so they are escaped
 * (`\` → `\\`, U+0000 → `\0`, U+0001 → `\1`), an injective rewrite: equal stored keys mean
 * equal keys.
 */
export function storedDuplicateKey(track: {
  readonly name: string;
  readonly artists: readonly string[];
}): string {
  let out = '';
  for (const character of duplicateKey(track))
    out +=
      character === '\\'
        ? '\\\\'
        : character === '\u0000'
          ? '\\0'
          : character === '\u0001'
            ? '\\1'
            : character;
  return out;
}
