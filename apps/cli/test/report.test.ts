import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { loadTracks, type Track } from '@spotrec/data';
import { REAL_DATA, describeRealData } from '@spotrec/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StepProgress } from '../src/progress';
import { modeAgreement, twoMeans } from '../src/report/models';
import { writeQuirkyCatalog } from './report-fixture';
import { runCli } from './run-cli';

const folder = mkdtempSync(join(tmpdir(), 'spotrec-report-'));
const csv = join(folder, 'catalog.csv');
const out = join(folder, 'report.html');
let tracks: Track[];
let result: { code: number; stdout: string; stderr: string };
let parsed: {
  charts: string[];
  captions: Record<string, string>;
  model: { fingerprint: string };
};

const FIELDS = [
  'popularity',
  'durationMs',
  'danceability',
  'energy',
  'key',
  'loudness',
  'mode',
  'speechiness',
  'acousticness',
  'instrumentalness',
  'liveness',
  'valence',
  'tempo',
  'timeSignature',
] as const;
const LABEL: Record<string, string> = { durationMs: 'duration', timeSignature: 'time signature' };
const label = (field: string) => LABEL[field] ?? field;
const two = (value: number) => `${value < 0 ? '−' : ''}${Math.abs(value).toFixed(2)}`;

/** Pearson r, textbook two-pass formula. */
function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const meanA = a.reduce((sum, value) => sum + value, 0) / n;
  const meanB = b.reduce((sum, value) => sum + value, 0) / n;
  let cross = 0;
  let squaresA = 0;
  let squaresB = 0;
  for (let at = 0; at < n; at += 1) {
    cross += ((a[at] as number) - meanA) * ((b[at] as number) - meanB);
    squaresA += ((a[at] as number) - meanA) ** 2;
    squaresB += ((b[at] as number) - meanB) ** 2;
  }
  return cross / Math.sqrt(squaresA * squaresB);
}

/** Median by sorting (linear interpolation, as numpy's default). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = (sorted.length - 1) / 2;
  const low = sorted[Math.floor(middle)] as number;
  const high = sorted[Math.ceil(middle)] as number;
  return (low + high) / 2;
}

const mean = (values: readonly number[]) =>
  values.reduce((sum, value) => sum + value, 0) / values.length;

beforeAll(async () => {
  writeQuirkyCatalog(csv);
  tracks = (await loadTracks(csv, { onInvalid: 'skip' })).tracks;
  result = await runCli([
    '--data',
    csv,
    '--on-invalid',
    'skip',
    '--json',
    'report',
    '--out',
    out,
    '--queries',
    '150',
    '--epochs',
    '3',
  ]);
  parsed = JSON.parse(result.stdout) as typeof parsed;
}, 180_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('spotrec report: captions computed from the data', () => {
  it('lists every block, EDA then models', () => {
    expect(result.code).toBe(0);
    expect(parsed.charts).toEqual([
      'data-quality',
      'summary-statistics',
      'feature-distributions',
      'duration',
      'categorical-features',
      'correlation-heatmap',
      'popularity-features',
      'genre-counts',
      'genre-profiles',
      'genre-box-plots',
      'popularity-genres',
      'metric-comparison',
      'loss-curves',
      'embedding-map',
      'example-recommendations',
    ]);
    for (const id of parsed.charts) expect(parsed.captions[id]?.length, id).toBeGreaterThan(40);
  });

  it('names the strongest positive and negative correlations with r as a naive Pearson gives it', () => {
    let positive = { a: '', b: '', r: -Infinity };
    let negative = { a: '', b: '', r: Infinity };
    FIELDS.forEach((a, i) =>
      FIELDS.forEach((b, j) => {
        if (j <= i) return;
        const value = pearson(
          tracks.map((track) => track[a] as number),
          tracks.map((track) => track[b] as number),
        );
        if (value > positive.r) positive = { a, b, r: value };
        if (value < negative.r) negative = { a, b, r: value };
      }),
    );
    const caption = parsed.captions['correlation-heatmap'] as string;
    const upper = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
    expect(caption).toContain(
      `${upper(label(positive.a))} and ${label(positive.b)} move together (r = ${two(positive.r)})`,
    );
    expect(caption).toContain(
      `${label(negative.a)} and ${label(negative.b)} move apart (r = ${two(negative.r)})`,
    );
  });

  it('counts rows, rejections, merged duplicates, conflicts and tempo-0 tracks', () => {
    expect(parsed.captions['data-quality']).toBe(
      '1,623 rows read, 3 rejected, 120 duplicate rows merged (10 with values differing from the row kept, which wins) into 1,500 tracks. ' +
        `${tracks.filter((track) => track.tempo === 0).length} tempo-0 and ${tracks.filter((track) => track.timeSignature === 0).length} time-signature-0 tracks are kept as they are.`,
    );
    expect(tracks.filter((track) => track.tempo === 0).length).toBeGreaterThanOrEqual(10);
  });

  it('counts multi-genre tracks and genre listings in the genre chart', () => {
    const multi = tracks.filter((track) => new Set(track.genres).size > 1).length;
    const listings = tracks.reduce((sum, track) => sum + new Set(track.genres).size, 0);
    const counts = new Map<string, number>();
    for (const track of tracks)
      for (const genre of new Set(track.genres)) counts.set(genre, (counts.get(genre) ?? 0) + 1);
    const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const [largest] = sorted;
    const smallest = sorted[sorted.length - 1];
    expect(multi).toBe(120);
    expect(parsed.captions['genre-counts']).toBe(
      `${multi} of 1,500 tracks (${((100 * multi) / tracks.length).toFixed(1)}%) are listed under more than one genre and count in each, so the bars add up to ${listings.toLocaleString('en-US')} listings. ` +
        `Largest: ${largest?.[0]} (${largest?.[1]}); smallest: ${smallest?.[0]} (${smallest?.[1]}).`,
    );
  });

  it('gives the duration median, the major share, 4/4 share and explicit share', () => {
    const minutes = tracks.map((track) => (track.durationMs as number) / 60_000);
    expect(parsed.captions.duration).toContain(
      `Median ${median(minutes).toFixed(1)} minutes over 1,500 tracks; ${((100 * minutes.filter((value) => value > 6).length) / minutes.length).toFixed(1)}% last longer than 6 minutes.`,
    );
    const share = (predicate: (track: Track) => boolean) =>
      `${((100 * tracks.filter(predicate).length) / tracks.length).toFixed(1)}%`;
    const caption = parsed.captions['categorical-features'] as string;
    expect(caption).toContain(`${share((track) => track.mode === 1)} of tracks are in a major key`);
    expect(caption).toContain(`${share((track) => track.timeSignature === 4)} are in 4/4`);
    expect(caption).toContain(`${share((track) => track.explicit === true)} are explicit`);
  });

  it('gives the genre extremes of mean popularity and the box plots’ medians', () => {
    const byGenre = new Map<string, number[]>();
    for (const track of tracks)
      for (const genre of new Set(track.genres))
        byGenre.set(genre, [...(byGenre.get(genre) ?? []), track.popularity as number]);
    const means = [...byGenre].map(([genre, values]) => ({ genre, mean: mean(values) }));
    means.sort((a, b) => b.mean - a.mean);
    const top = means[0];
    const bottom = means[means.length - 1];
    expect(parsed.captions['popularity-genres']).toBe(
      `Mean popularity runs from ${top?.mean.toFixed(1)} (${top?.genre}) to ${bottom?.mean.toFixed(1)} (${bottom?.genre}); the catalog mean is ${mean(tracks.map((track) => track.popularity as number)).toFixed(1)} (dashed line).`,
    );
    const match = /^Median (\w+) runs from ([\d.]+) \(([^)]+)\) to ([\d.]+) \(([^)]+)\)\./.exec(
      parsed.captions['genre-box-plots'] as string,
    );
    expect(match).not.toBeNull();
    const [, feature, high, highGenre, low, lowGenre] = match as unknown as string[];
    const medianOf = (genre: string) =>
      median(
        tracks
          .filter((track) => track.genres.includes(genre))
          .map((track) => track[feature as 'energy']),
      ).toFixed(2);
    expect(medianOf(highGenre as string)).toBe(high);
    expect(medianOf(lowGenre as string)).toBe(low);
  });

  it('gives the protocol A figures evaluate gives on the same catalog and seed', async () => {
    const evaluated = await runCli([
      '--data',
      csv,
      '--on-invalid',
      'skip',
      '--json',
      'evaluate',
      '--queries',
      '150',
      '--model',
      'features',
    ]);
    const rows = (
      JSON.parse(evaluated.stdout) as {
        protocolA: {
          rows: { system: string; metrics: { precision: { mean: number; ci95: number[] } } }[];
        };
      }
    ).protocolA.rows;
    const reference = rows.find((row) => row.system === 'cosine, raw 12 features');
    const random = rows.find((row) => row.system === 'random baseline');
    const { mean: referenceMean, ci95 } = reference?.metrics.precision ?? { mean: 0, ci95: [] };
    const caption = parsed.captions['metric-comparison'] as string;
    expect(caption).toContain('150 queries, k = 10.');
    expect(caption).toContain('cosine, raw 12 features');
    expect(caption).toContain(
      `${referenceMean.toFixed(3)} [${ci95[0]?.toFixed(3)}, ${ci95[1]?.toFixed(3)}]`,
    );
    expect(caption).toContain(`random baseline ${random?.metrics.precision.mean.toFixed(3)}`);
    expect(caption).toMatch(
      /cosine \+ genre ×0\.5 reaches [\d.]+ only because genre is one of its inputs \(circular\)/,
    );
  }, 120_000);

  it('states the lowest validation loss of the training history', () => {
    expect(parsed.captions['loss-curves']).toMatch(
      /^cosine over 8-d embeddings \(the model shown\): lowest validation MSE [\d.]+ at epoch \d of 3/,
    );
  });

  it('writes one self-contained page that names the model and its fingerprint', () => {
    const html = readFileSync(out, 'utf8');
    expect(html).toContain(parsed.model.fingerprint);
    expect(html).not.toMatch(/<script|<link|<img|https?:\/\/(?!www\.w3\.org)/);
    for (const id of parsed.charts) expect(html).toContain(`id="${id}"`);
  });
});

describe('StepProgress', () => {
  function capture(isTTY: boolean) {
    const stderr = Object.assign(new PassThrough(), { isTTY });
    const text: string[] = [];
    stderr.on('data', (chunk: Buffer) => text.push(chunk.toString()));
    let clock = 0;
    const steps = new StepProgress({ stdout: new PassThrough(), stderr, env: {} }, true, () => {
      clock += 1500;
      return clock;
    });
    return { steps, text };
  }

  it('writes plain start and end lines with the time taken when stderr is not a terminal', async () => {
    const { steps, text } = capture(false);
    expect(await steps.run('fitting', () => 7)).toBe(7);
    expect(text.join('')).toBe('spotrec: fitting…\nspotrec: fitting: done in 1.5 s\n');
  });

  it('marks the step done on a terminal, and writes nothing when disabled', async () => {
    const { steps, text } = capture(true);
    await steps.run('rendering', async () => undefined);
    expect(text.join('')).toBe('… rendering\n✓ rendering (1.5 s)\n');
    const quiet = new StepProgress(
      { stdout: new PassThrough(), stderr: new PassThrough(), env: {} },
      false,
    );
    expect(await quiet.run('x', () => 'y')).toBe('y');
  });

  it('prints every report step on stderr without --json', async () => {
    const plain = await runCli([
      '--tracks',
      '600',
      'report',
      '--out',
      join(folder, 'plain.html'),
      '--queries',
      '40',
      '--model',
      'features',
      '--color-by',
      'energy',
    ]);
    expect(plain.code).toBe(0);
    // The map's colour legend is the feature asked for, not the genre families.
    const html = readFileSync(join(folder, 'plain.html'), 'utf8');
    const map = html.slice(html.indexOf('id="embedding-map"'));
    expect(map).toContain(`Gradient legend titled 'energy'`);
    expect(map).not.toContain(`titled 'genre family'`);
    const started = plain.stderr
      .split('\n')
      .filter((line) => line.endsWith('…'))
      .map((line) => line.replace(/^spotrec: /, ''));
    expect(started).toEqual([
      'loading the catalog…',
      'fitting the features model in memory…',
      'describing 600 tracks…',
      'protocol A on 40 queries…',
      'embedding map and example recommendations…',
      'rendering 14 charts and tables…',
    ]);
    expect(plain.stderr.match(/: done in \d+\.\d s\n/g)).toHaveLength(6);
  }, 120_000);
});

describeRealData('spotrec report on a layout without some columns (TidyTuesday)', () => {
  it('leaves the missing columns out of the correlations and counts them as missing', async () => {
    const { tracks: songs } = await loadTracks(REAL_DATA.tidyTuesday);
    const page = join(folder, 'tidy.html');
    const tidy = await runCli([
      '--data',
      REAL_DATA.tidyTuesday,
      '--json',
      'report',
      '--out',
      page,
      '--queries',
      '50',
      '--model',
      'features',
    ]);
    expect(tidy.code).toBe(0);
    const { captions } = JSON.parse(tidy.stdout) as { captions: Record<string, string> };
    expect(captions['correlation-heatmap']).toContain(
      `Over the ${songs.length.toLocaleString('en-US')} tracks with every feature.`,
    );
    const html = readFileSync(page, 'utf8');
    expect(html).toContain(
      `<td>missing time signature</td><td class="num">${songs.length.toLocaleString('en-US')}</td>`,
    );
    expect(captions['categorical-features']).not.toContain('4/4');
  }, 300_000);
});

describe('the embedding map’s mode split', () => {
  it('finds two separated clouds and scores their agreement with mode under either labelling', () => {
    // Two clouds on a seeded grid: left x in [-3, -2], right x in [2, 3]; mode 1 on the right
    // except for 5 of 100 points.
    const points = Array.from({ length: 200 }, (_, at) => ({
      x: (at < 100 ? -3 : 2) + (at % 10) / 10,
      y: Math.floor((at % 100) / 10) / 10,
    }));
    const labels = twoMeans(points);
    expect(new Set(labels.slice(0, 100))).toEqual(new Set([labels[0]]));
    expect(new Set(labels.slice(100))).toEqual(new Set([labels[100]]));
    expect(labels[0]).not.toBe(labels[100]);
    const modes = points.map((_, at) => (at >= 100 ? 1 : 0));
    for (let at = 0; at < 5; at += 1) modes[at] = 1;
    expect(modeAgreement(labels, modes)).toBe(195 / 200);
    expect(
      modeAgreement(
        labels.map((label) => 1 - label),
        modes,
      ),
    ).toBe(195 / 200);
  });
});
