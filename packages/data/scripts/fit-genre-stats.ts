/**
 * Fits the embedded synthetic-catalog statistics on the real subset beside the project and
 * writes them to src/synthetic/genre-stats.json (figures only: quantiles, shares, means,
 * correlations; no row of the data).
 *
 *   pnpm --filter @spotrec/data fit-stats [path/to/spotify_tracks_subset.csv.gz]
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { fitGenreStatistics, loadTracks } from '../src/index';

const defaultPath = fileURLToPath(
  new URL('../../../../shared/data/spotify_tracks_subset.csv.gz', import.meta.url),
);
const path = process.argv[2] ?? defaultPath;
const out = fileURLToPath(new URL('../src/synthetic/genre-stats.json', import.meta.url));

const { tracks, report } = await loadTracks(path, { mergeDuplicates: false });
const statistics = fitGenreStatistics(
  tracks,
  `Spotify Tracks Dataset (maharshipandya), real subset of ${report.rowsRead} rows; fitted by packages/data/scripts/fit-genre-stats.ts`,
);
await writeFile(out, `${JSON.stringify(statistics)}\n`);
console.log(`${statistics.genres.length} genres fitted on ${report.rowsRead} rows -> ${out}`);
