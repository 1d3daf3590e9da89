import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'tsup';

/** Source maps point at the shipped `src/` instead of carrying a copy of every source. */
function withoutSourcesContent(options) {
  options.sourcesContent = false;
}

/**
 * The one build every published spotrec package shares: ESM + CJS, a declaration
 * file per format, source maps (without embedded sources: `src/` ships beside them),
 * Node 20 syntax, dependencies left external.
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
    esbuildOptions: withoutSourcesContent,
    ...overrides,
  });
}

/**
 * esbuild plugin of the browser build: a relative import `./x` resolves to `./x.browser.ts`
 * when that file exists (the runtime-specific modules: file system, zlib, worker threads), and
 * each `alias` key (a dependency's Node entry) to its value (the dependency's browser entry),
 * left external.
 */
function browserFiles(alias) {
  return {
    name: 'spotrec-browser-files',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const candidate = `${resolve(args.resolveDir, args.path)}.browser.ts`;
        return existsSync(candidate) ? { path: candidate } : undefined;
      });
      for (const [from, to] of Object.entries(alias)) {
        const filter = new RegExp(`^${from.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
        build.onResolve({ filter }, () => ({ path: to, external: true }));
      }
    },
  };
}

/**
 * {@link spotrecPreset} plus a browser build, `dist/index.browser.js` (ESM, no Node built-in):
 * the package's `browser` and `default` export conditions point at it, `node` at the Node
 * builds. Modules with a `<name>.browser.ts` sibling are swapped for it, and dependencies
 * named in `alias` are imported from their browser entries. `sourcemap: false` ships the
 * browser build without a map (a package near its size budget).
 *
 * The two builds run side by side, so `dist` is emptied once here rather than by either.
 */
export function spotrecBrowserPreset(overrides = {}, { alias = {}, sourcemap = true } = {}) {
  rmSync(resolve('dist'), { recursive: true, force: true });
  const node = spotrecPreset({ ...overrides, clean: false });
  return [
    node,
    defineConfig({
      ...overrides,
      entry: { 'index.browser': 'src/index.ts' },
      format: ['esm'],
      dts: false,
      sourcemap,
      clean: false,
      target: 'es2022',
      platform: 'browser',
      splitting: false,
      treeshake: true,
      esbuildOptions: withoutSourcesContent,
      esbuildPlugins: [browserFiles(alias), ...(overrides.esbuildPlugins ?? [])],
    }),
  ];
}
