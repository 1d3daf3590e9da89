import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/** The id of Vite's empty stand-in for Node built-ins in browser builds. */
const STAND_IN = '__vite-browser-external';

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/**
 * Fails the build when a module of the page imports a Node built-in statically: such a
 * module would run against an empty stand-in in the browser. A dynamic `import('node:…')` on
 * a Node-only path (saving a bundle to disk, worker threads) is never reached by the page and
 * is only listed.
 */
function noNodeBuiltins(): Plugin {
  const requests = new Map<string, Set<string>>();
  return {
    name: 'spotrec:no-node-builtins',
    enforce: 'pre',
    apply: 'build',
    resolveId(source, importer) {
      if (NODE_BUILTINS.has(source) && importer !== undefined) {
        const sources = requests.get(importer) ?? new Set<string>();
        sources.add(source);
        requests.set(importer, sources);
      }
      return null;
    },
    generateBundle() {
      const problems: string[] = [];
      const dynamic: string[] = [];
      for (const [importer, sources] of requests) {
        const info = this.getModuleInfo(importer);
        if (info === null) continue;
        // Vite resolves every built-in to one empty stand-in module, `__vite-browser-external`.
        const statically = info.importedIds.some((id) => id.startsWith(STAND_IN));
        const names = [...sources].join(', ');
        (statically ? problems : dynamic).push(`${importer}: ${names}`);
      }
      if (dynamic.length > 0)
        this.info(
          `Node built-ins on Node-only paths (dynamic imports the page never runs):\n  ${dynamic.join('\n  ')}`,
        );
      if (problems.length > 0)
        this.error(
          `Node built-ins imported statically by modules of the page:\n  ${problems.join('\n  ')}`,
        );
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./src', import.meta.url)),
  base: './',
  plugins: [noNodeBuiltins()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    // One script: the parts loaded on demand (csv-parse, on the first CSV) are in it, so that
    // the page makes no request after it has loaded.
    rolldownOptions: { output: { codeSplitting: false } },
    chunkSizeWarningLimit: 1024,
  },
});
