/**
 * Benchmark: loading a Spotify-layout CSV with the built `loadTracks` (parse + validate +
 * merge), csv-parse alone (the parsing floor), and pandas `read_csv` (parse only) on the same file, each in a fresh process, 5 runs, medians.
 *
 *   pnpm --filter @spotrec/data bench      (builds the package, then runs this)
 *
 * Inputs: the real 49,132-row subset in ../shared/data (when present) and a synthetic
 * 114,000-row catalog (seed 1) written to a temporary CSV. pandas comes from Debian's
 * python3-pandas (/usr/bin/python3).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SPOTIFY_TRACKS_LAYOUT, syntheticCatalog, type Track, type TrackField } from '../src/index';

const RUNS = 5;
const here = fileURLToPath(new URL('.', import.meta.url));
const python = '/usr/bin/python3';

function csvCell(value: unknown): string {
  const text = Array.isArray(value) ? value.join(';') : value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function writeSyntheticCsv(path: string, tracks: readonly Track[]): void {
  const fields = Object.keys(SPOTIFY_TRACKS_LAYOUT.columns) as TrackField[];
  const header = ['', ...fields.map((field) => SPOTIFY_TRACKS_LAYOUT.columns[field])].join(',');
  const lines = tracks.map((track, index) =>
    [
      index,
      ...fields.map((field) =>
        field === 'explicit'
          ? track.explicit
            ? 'True'
            : 'False'
          : csvCell(track[field as keyof Track]),
      ),
    ].join(','),
  );
  writeFileSync(path, `${header}\n${lines.join('\n')}\n`);
}

interface Measure {
  ms: number;
  maxRssMiB: number;
  rows: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function measure(command: string, args: string[]): Measure {
  const runs: Measure[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    runs.push(JSON.parse(execFileSync(command, args, { encoding: 'utf8' })) as Measure);
  }
  return {
    ms: median(runs.map((r) => r.ms)),
    maxRssMiB: median(runs.map((r) => r.maxRssMiB)),
    rows: runs[0]?.rows ?? 0,
  };
}

const work = mkdtempSync(join(tmpdir(), 'spotrec-bench-'));
try {
  const inputs: [string, string][] = [];
  const real = join(here, '../../../../shared/data/spotify_tracks_subset.csv.gz');
  if (existsSync(real)) inputs.push(['real subset, 49,132 rows (.csv.gz)', real]);
  else console.warn(`real subset not found at ${real}: measuring the synthetic catalog only`);
  const synthetic = join(work, 'synthetic-114k.csv');
  writeSyntheticCsv(synthetic, syntheticCatalog({ tracks: 114_000, seed: 1 }));
  inputs.push(['synthetic, 114,000 rows (.csv)', synthetic]);

  const rows: string[][] = [];
  for (const [label, path] of inputs) {
    const ours = measure(process.execPath, [join(here, 'load-worker.mjs'), path]);
    const parseOnly = measure(process.execPath, [
      join(here, 'load-worker.mjs'),
      path,
      '--parse-only',
    ]);
    const pandas = measure(python, [join(here, 'pandas_load.py'), path]);
    const size = `${(statSync(path).size / 2 ** 20).toFixed(1)} MiB`;
    rows.push([
      label,
      size,
      'loadTracks',
      ours.ms.toFixed(0),
      ours.maxRssMiB.toFixed(0),
      (ours.ms / pandas.ms).toFixed(2),
    ]);
    rows.push([
      label,
      size,
      'csv-parse alone',
      parseOnly.ms.toFixed(0),
      parseOnly.maxRssMiB.toFixed(0),
      (parseOnly.ms / pandas.ms).toFixed(2),
    ]);
    rows.push([
      label,
      size,
      'pandas read_csv',
      pandas.ms.toFixed(0),
      pandas.maxRssMiB.toFixed(0),
      '1.00',
    ]);
  }
  const header = ['input', 'file', 'loader', 'median ms', 'peak RSS MiB', 'time ÷ pandas'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: string[]) =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
  console.log(
    `\nNode ${process.version}, ${RUNS} runs each in a fresh process, medians; peak RSS is the whole process.`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
