import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spotrecBrowserPreset } from '@spotrec/tsup-config';
import type { Options } from 'tsup';
import { encodeCompactJSON } from './src/synthetic/compact-numbers';

const STATISTICS = /genre-stats\.json$/;
const DATA_MODULE = 'spotrec:genre-statistics-data';

/**
 * The genre statistics ship once per module format, compactly: `genre-stats.json` (44,000
 * figures, 300 KB as minified JSON) becomes `dist/genre-stats.js` / `.cjs`, which holds them in
 * 2.5 bytes a figure (see compact-numbers.ts) and exports them decoded. The ESM builds (Node
 * and browser) share the `.js` file; the builds only import it, so a bundle that does not use
 * the synthetic catalog drops it (the package has no side effects).
 */
const compactGenreStatistics: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'spotrec-compact-genre-statistics',
  setup(build) {
    // tsup builds its CJS output as ESM and converts it afterwards: tell by the extension.
    const cjs = build.initialOptions.outExtension?.['.js'] === '.cjs';
    const file = cjs ? 'genre-stats.cjs' : 'genre-stats.js';
    let source: string | undefined;
    build.onLoad({ filter: STATISTICS }, async (args) => {
      source = await readFile(args.path, 'utf8');
      return {
        contents: `export { GENRE_STATISTICS as default } from ${JSON.stringify(DATA_MODULE)};\n`,
        loader: 'ts',
      };
    });
    build.onResolve({ filter: new RegExp(`^${DATA_MODULE}$`) }, () => ({
      path: `./${file}`,
      external: true,
    }));
    build.onEnd(async () => {
      if (source === undefined) return;
      const compact = encodeCompactJSON(JSON.parse(source));
      const module = await build.esbuild.build({
        stdin: {
          contents:
            "import { decodeCompactJSON } from './src/synthetic/compact-numbers.ts';\n" +
            `export const GENRE_STATISTICS = decodeCompactJSON(${JSON.stringify(compact)});\n`,
          resolveDir: fileURLToPath(new URL('.', import.meta.url)),
          loader: 'ts',
        },
        bundle: true,
        format: cjs ? 'cjs' : 'esm',
        target: 'es2022',
        minify: true,
        write: false,
      });
      const outdir = build.initialOptions.outdir ?? 'dist';
      await mkdir(outdir, { recursive: true });
      await writeFile(join(outdir, file), module.outputFiles[0]?.text ?? '');
    });
  },
};

// csv-parse's main entry is a Node stream; its browser entry bundles what it needs. The
// browser build ships without a source map (90 KB) to keep the package under 1 MB unpacked
// (issue 16); the Node builds keep theirs.
export default spotrecBrowserPreset(
  { esbuildPlugins: [compactGenreStatistics], minify: true },
  { alias: { 'csv-parse': 'csv-parse/browser/esm' }, sourcemap: false },
);
