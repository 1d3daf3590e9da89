import type { Options } from 'tsup';

export declare function spotrecPreset(overrides?: Options): Options | Options[];
