#!/usr/bin/env node
// Browser bundle sizes of each package: `export * from '@spotrec/<name>'` bundled by esbuild
// for the browser (the packages' `browser` export conditions, their built `dist`, dependencies
// included, minified, code splitting on), then gzip level 9 of the result. "Entry" is what a
// page loads on import; "lazy" is what loads only when used (csv-parse, on the first parse).
// Run after a build: `node tools/scripts/bundle-sizes.mjs` (prints a Markdown table).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
// tools/browser-test depends on every browser-ready package: resolve them from there.
const resolveDir = join(root, 'tools', 'browser-test');
const PACKAGES = [
  'data',
  'features',
  'cosine',
  'metrics',
  'collaborative',
  'recommender',
  'autoencoder',
];

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const work = mkdtempSync(join(tmpdir(), 'spotrec-sizes-'));
const rows = [];
try {
  for (const name of PACKAGES) {
    const result = await build({
      stdin: { contents: `export * from '@spotrec/${name}';`, resolveDir, loader: 'js' },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      splitting: true,
      minify: true,
      outdir: join(work, name),
      entryNames: 'entry',
      write: false,
      metafile: true,
      logLevel: 'error',
    });
    let entry = 0;
    let entryGzip = 0;
    let lazy = 0;
    let lazyGzip = 0;
    const entryFile = result.outputFiles.find((file) => file.path.endsWith('entry.js'));
    // Chunks the entry imports statically load with it; the rest load on demand.
    const staticImports = new Set(
      Object.entries(result.metafile.outputs)
        .filter(([path]) => path.endsWith('entry.js'))
        .flatMap(([, output]) => output.imports.filter((item) => item.kind === 'import-statement'))
        .map((item) => resolve(item.path)),
    );
    for (const file of result.outputFiles) {
      if (!file.path.endsWith('.js')) continue;
      const gz = gzipSync(file.contents, { level: 9 }).length;
      const eager = file === entryFile || staticImports.has(resolve(file.path));
      if (eager) {
        entry += file.contents.length;
        entryGzip += gz;
      } else {
        lazy += file.contents.length;
        lazyGzip += gz;
      }
    }
    rows.push([
      `@spotrec/${name}`,
      kb(entry),
      kb(entryGzip),
      lazy === 0 ? '—' : `${kb(lazy)} / ${kb(lazyGzip)}`,
    ]);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
writeFileSync(1, '');
console.log('| package | minified | gzip | loaded when used (minified / gzip) |');
console.log('|---|---:|---:|---|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
