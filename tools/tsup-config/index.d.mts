import type { Options } from 'tsup';

export declare function spotrecPreset(overrides?: Options): Options | Options[];

export declare function spotrecBrowserPreset(
  overrides?: Options,
  browser?: { alias?: Record<string, string>; sourcemap?: boolean },
): Options[];
