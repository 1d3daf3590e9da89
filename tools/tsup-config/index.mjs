import { defineConfig } from 'tsup';

/**
 * The one build every published spotrec package shares: ESM + CJS, a declaration
 * file per format, source maps, Node 20 syntax, dependencies left external.
 */
export function spotrecPreset(overrides = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    treeshake: true,
    ...overrides,
  });
}
