import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spotrecBrowserPreset } from '@spotrec/tsup-config';
import type { Options } from 'tsup';
import { encodeCompactJSON } from './src/synthetic/compact-numbers';

const STATISTICS = /genre-stats\.json$/;
const DATA_MODULE = 'spotrec:genre-statistics-data';

/**
 * The genre statistics ship once per module format, compactly: `genre-stats.json` (44,000
 * figures, 300 KB as minified JSON) becomes `dist/genre-stats.js` / `.cjs`, one string of
 * 2.5 bytes a figure (see compact-numbers.ts) that the ESM builds (Node and browser) share,
 * decoded by a call marked pure so that a bundle not using the synthetic catalog drops it.
 */
const compactGenreStatistics: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'spotrec-compact-genre-statistics',
  setup(build) {
    // tsup builds its CJS output as ESM and converts it afterwards: tell by the extension.
    const cjs = build.initialOptions.outExtension?.['.js'] === '.cjs';
    const file = cjs ? 'genre-stats.cjs' : 'genre-stats.js';
    let text: string | undefined;
    build.onLoad({ filter: STATISTICS }, async (args) => {
      text = JSON.stringify(encodeCompactJSON(JSON.parse(await readFile(args.path, 'utf8'))));
      const codec = JSON.stringify(
        new URL('./src/synthetic/compact-numbers.ts', import.meta.url).pathname,
      );
      return {
        contents:
          `import { decodeCompactJSON } from ${codec};\n` +
          `import { GENRE_STATISTICS } from ${JSON.stringify(DATA_MODULE)};\n` +
          'export default /* @__PURE__ */ decodeCompactJSON(GENRE_STATISTICS);\n',
        loader: 'ts',
      };
    });
    build.onResolve({ filter: new RegExp(`^${DATA_MODULE}$`) }, () => ({
      path: `./${file}`,
      external: true,
    }));
    build.onEnd(async () => {
      if (text === undefined) return;
      const body = JSON.stringify(text);
      const outdir = build.initialOptions.outdir ?? 'dist';
      await mkdir(outdir, { recursive: true });
      await writeFile(
        join(outdir, file),
        cjs
          ? `'use strict';\nexports.GENRE_STATISTICS = ${body};\n`
          : `export const GENRE_STATISTICS = ${body};\n`,
      );
    });
  },
};

// csv-parse's main entry is a Node stream; its browser entry bundles what it needs.
export default spotrecBrowserPreset(
  { esbuildPlugins: [compactGenreStatistics], minify: true },
  { alias: { 'csv-parse': 'csv-parse/browser/esm' } },
);
