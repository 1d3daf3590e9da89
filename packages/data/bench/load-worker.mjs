// One measured load in a fresh process, from the built package (run `pnpm build` first):
// prints {"ms", "maxRssMiB", "rows", "tracks"} as JSON. With --parse-only, csv-parse alone.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { loadTracks } from '../dist/index.js';

const [path, mode] = process.argv.slice(2);
if (path === undefined) throw new Error('usage: load-worker.mjs <csv> [--parse-only]');
const started = performance.now();
let rows = 0;
let tracks = 0;
if (mode === '--parse-only') {
  let input = createReadStream(path);
  if (path.endsWith('.gz')) input = input.pipe(createGunzip());
  for await (const _record of input.pipe(parse({ bom: true, relax_column_count: true }))) rows += 1;
  rows -= 1;
} else {
  const { report } = await loadTracks(path);
  rows = report.rowsRead;
  tracks = report.tracks;
}
const ms = performance.now() - started;
console.log(JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024, rows, tracks }));
