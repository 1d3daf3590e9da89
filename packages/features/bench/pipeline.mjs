// Benchmark: FeaturePipeline fit + transform on the real subset (../shared/data, when present)
// and on a synthetic catalog of 1,000,000 tracks (seed 1), for three specs. Each dataset runs
// in a fresh process (peak RSS is that process's, tracks included). Uses the built packages:
//
//   pnpm --filter @spotrec/features bench
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadTracks, syntheticCatalog } from '@spotrec/data';
import { FeaturePipeline, spotifyFeatureSpec } from '../dist/index.js';

const SPECS = {
  'default (12 min-max)': () => spotifyFeatureSpec(),
  'one-hot + log + 114 genres': () =>
    spotifyFeatureSpec({ oneHot: true, logSkewed: true, genreWeight: 0.5 }),
  'default + PCA(8)': () => ({ ...spotifyFeatureSpec(), pca: { components: 8 } }),
};
const REAL = fileURLToPath(
  new URL('../../../../shared/data/spotify_tracks_subset.csv.gz', import.meta.url),
);

function time(action) {
  const started = performance.now();
  const result = action();
  return [result, performance.now() - started];
}

async function worker(dataset) {
  const tracks =
    dataset === 'real'
      ? (await loadTracks(REAL)).tracks
      : syntheticCatalog({ tracks: 1_000_000, seed: 1 });
  const rows = [];
  for (const [name, spec] of Object.entries(SPECS)) {
    const pipeline = new FeaturePipeline(spec());
    const [, fitMs] = time(() => pipeline.fit(tracks));
    const [matrix, transformMs] = time(() => pipeline.transform(tracks));
    rows.push({
      spec: name,
      tracks: tracks.length,
      cols: matrix.cols,
      fitMs,
      transformMs,
      matrixMiB: matrix.data.byteLength / 2 ** 20,
    });
  }
  console.log(JSON.stringify({ rows, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
}

if (process.argv[2] === '--worker') {
  await worker(process.argv[3]);
} else {
  const datasets = existsSync(REAL) ? ['real', 'synthetic'] : ['synthetic'];
  const table = [
    [
      'data',
      'spec',
      'tracks',
      'cols',
      'fit ms',
      'transform ms',
      'µs/track',
      'matrix MiB',
      'peak RSS MiB',
    ],
  ];
  for (const dataset of datasets) {
    const out = JSON.parse(
      execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--worker', dataset], {
        encoding: 'utf8',
      }),
    );
    for (const row of out.rows) {
      table.push([
        dataset === 'real' ? 'real subset' : 'synthetic 1M',
        row.spec,
        row.tracks.toLocaleString('en-US'),
        String(row.cols),
        row.fitMs.toFixed(0),
        row.transformMs.toFixed(0),
        (((row.fitMs + row.transformMs) * 1000) / row.tracks).toFixed(2),
        row.matrixMiB.toFixed(1),
        out.maxRssMiB.toFixed(0),
      ]);
    }
  }
  const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
  table.forEach((row, index) => {
    console.log(`| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`);
    if (index === 0) console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  });
  console.log(
    `\nNode ${process.version}; peak RSS is the whole worker process (its tracks included).`,
  );
}
