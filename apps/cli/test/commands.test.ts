import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { REAL_DATA, describeRealData } from '@spotrec/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/program';

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const code = await run(argv, { stdout, stderr });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const folder = mkdtempSync(join(tmpdir(), 'spotrec-cli-'));
const bundleDir = join(folder, 'bundle');
const small = ['--tracks', '2280', '--seed', '5'];

beforeAll(async () => {
  const trained = await cli(
    ...small,
    'train',
    '--model',
    'autoencoder',
    '--out',
    bundleDir,
    '--epochs',
    '4',
    '--evaluate-queries',
    '100',
  );
  expect(trained.code).toBe(0);
}, 120_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('spotrec train', () => {
  it('writes a loadable bundle with its training history and protocol A figures', async () => {
    const manifest = JSON.parse(readFileSync(join(bundleDir, 'manifest.json'), 'utf8')) as {
      model: { kind: string; training: { epoch: number }[] };
      evaluation: { queries: number; systems: { name: string }[] };
      files: Record<string, unknown>;
    };
    expect(manifest.model.kind).toBe('embedding');
    expect(manifest.model.training.map((step) => step.epoch)).toEqual([1, 2, 3, 4]);
    expect(manifest.evaluation.queries).toBe(100);
    expect(Object.keys(manifest.files)).toEqual(
      expect.arrayContaining([
        'pipeline.json',
        'catalog.json',
        'catalog.bin',
        'features.bin',
        'embeddings.bin',
        'embedder/model.json',
      ]),
    );
    const { code, stdout } = await cli(
      ...small,
      '--json',
      'train',
      '--model',
      'features',
      '--out',
      join(folder, 'features'),
      '--evaluate-queries',
      '0',
    );
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as {
      synthetic: boolean;
      saved: string;
      manifest: { model: { kind: string }; catalog: { rows: number }; evaluation?: unknown };
    };
    expect(parsed.synthetic).toBe(true);
    expect(parsed.manifest.model.kind).toBe('features');
    expect(parsed.manifest.catalog.rows).toBe(2280);
    expect(parsed.manifest.evaluation).toBeUndefined();
    expect(existsSync(join(folder, 'features', 'features.bin'))).toBe(true);
  });
});

describe('spotrec train --model supervised-autoencoder / genre-classifier', () => {
  it('trains each genre encoder by name, saves it in the bundle and recommends from it', async () => {
    const lookup = await cli(...small, 'recommend', 'zzzz-nothing-like-this');
    const id = /\(([0-9A-Za-z]{22})\)/.exec(lookup.stderr)?.[1] as string;
    for (const model of ['supervised-autoencoder', 'genre-classifier']) {
      const out = join(folder, model);
      const { code, stdout } = await cli(
        ...small,
        '--json',
        'train',
        '--model',
        model,
        '--out',
        out,
        '--epochs',
        '2',
        '--evaluate-queries',
        '0',
      );
      expect(code).toBe(0);
      const parsed = JSON.parse(stdout) as {
        manifest: {
          model: { kind: string; settings: { embedder: string }; training: unknown[] };
          files: Record<string, unknown>;
        };
      };
      expect(parsed.manifest.model.kind).toBe('embedding');
      expect(parsed.manifest.model.settings.embedder).toBe(model);
      expect(parsed.manifest.model.training.length).toBeGreaterThan(0);
      expect(Object.keys(parsed.manifest.files)).toEqual(
        expect.arrayContaining(['embeddings.bin', 'embedder/genre-encoder.json']),
      );
      const saved = JSON.parse(
        readFileSync(join(out, 'embedder', 'genre-encoder.json'), 'utf8'),
      ) as { config: { decoder: boolean }; genres: string[] };
      expect(saved.config.decoder).toBe(model === 'supervised-autoencoder');
      expect(saved.genres.length).toBeGreaterThan(1);
      const answer = await cli(...small, '--json', 'recommend', '--bundle', out, '-k', '5', id);
      expect(answer.code).toBe(0);
      expect((JSON.parse(answer.stdout) as { tracks: unknown[] }).tracks).toHaveLength(5);
    }
  }, 120_000);
});

describe('spotrec recommend', () => {
  it('finds the seed by name and prints explained recommendations', async () => {
    const { stdout: listing } = await cli(...small, '--json', 'recommend', 'x-no-such-song-x');
    expect(listing).toBe('');
    const first = await cli(...small, 'recommend', 'zzzz-nothing-like-this');
    expect(first.code).toBe(1);
    const suggestion = /Did you mean: "([^"]+)"/.exec(first.stderr)?.[1];
    expect(suggestion).toBeDefined();
    const { code, stdout } = await cli(
      ...small,
      'recommend',
      suggestion as string,
      '-k',
      '5',
      '--min',
      'tempo=90',
      '--max-per-artist',
      '1',
    );
    expect(code).toBe(0);
    expect(stdout).toContain(`Seed: "${suggestion}"`);
    expect(stdout).toMatch(/Pool: [\d,]+ candidates, [\d,]+ after filtering/);
    expect(
      stdout
        .trim()
        .split('\n')
        .filter((line) => /^\d+ /.test(line)),
    ).toHaveLength(5);
  });

  it('answers in JSON with the pool, scores, closest seed and contributions, for both models', async () => {
    const lookup = await cli(...small, 'recommend', 'zzzz-nothing-like-this');
    const id = /\(([0-9A-Za-z]{22})\)/.exec(lookup.stderr)?.[1] as string;
    for (const [kind, source] of [
      ['features', ['--model', 'features']],
      ['embedding', ['--bundle', bundleDir]],
    ] as const) {
      const { code, stdout } = await cli(
        ...small,
        '--json',
        'recommend',
        id,
        ...source,
        '--target',
        'energy=0.9',
        '--exclude-genres',
        'jazz,metal',
        '-k',
        '7',
      );
      expect(code).toBe(0);
      const parsed = JSON.parse(stdout) as {
        model: { kind: string; fingerprint: string };
        seed: { track: { id: string } };
        pool: { afterFiltering: number };
        tracks: {
          id: string;
          genres: string[];
          closestSeed: string;
          contributions: unknown[];
          targetCloseness: number;
        }[];
      };
      expect(parsed.model.kind).toBe(kind);
      expect(parsed.seed.track.id).toBe(id);
      expect(parsed.tracks).toHaveLength(7);
      expect(
        parsed.tracks.every(
          (track) =>
            track.id !== id && !track.genres.includes('jazz') && !track.genres.includes('metal'),
        ),
      ).toBe(true);
      expect(
        parsed.tracks.every((track) => track.targetCloseness > 0 && track.contributions.length > 0),
      ).toBe(true);
    }
  });

  it('accepts artist and genre seeds', async () => {
    const { code, stdout } = await cli(
      ...small,
      '--json',
      'recommend',
      '--seed-genres',
      'metal,jazz',
      '-k',
      '4',
    );
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as {
      seed: { track: null; genres: string[] };
      tracks: { closestSeed: string }[];
    };
    expect(parsed.seed).toMatchObject({ track: null, genres: ['metal', 'jazz'] });
    expect(
      parsed.tracks.every((track) => ['genre:metal', 'genre:jazz'].includes(track.closestSeed)),
    ).toBe(true);
  });

  it('rejects bad filter values with one line and exit code 2', async () => {
    const unknown = await cli('recommend', 'x', '--min', 'loudnes=3');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown feature "loudnes" in --min');
    const malformed = await cli('recommend', 'x', '--target', 'tempo');
    expect(malformed.stderr).toContain('expected feature=number');
    const model = await cli('recommend', 'x', '--model', 'knn');
    expect(model.code).toBe(2);
    expect(model.stderr).toContain("argument 'knn' is invalid");
    const hybrid = await cli(...small, 'recommend', '--seed-genres', 'jazz', '--model', 'hybrid');
    expect(hybrid.code).toBe(1);
    expect(hybrid.stderr).toContain('--model hybrid needs --interactions');
    const playlists = await cli('evaluate', '--protocol', 'playlists');
    expect(playlists.code).toBe(2);
    expect(playlists.stderr).toContain('--protocol playlists needs --interactions <file>');
    const bundled = await cli('evaluate', '--protocol', 'playlists', '--bundle', 'x');
    expect(bundled.code).toBe(2);
    expect(bundled.stderr).toContain('--protocol playlists fits every model on its own split');
    const noSeed = await cli(...small, 'recommend');
    expect(noSeed.code).toBe(1);
    expect(noSeed.stderr).toContain('give a seed');
    expect((await cli('recommend', 'x', '--diversity', '2')).stderr).toContain(
      'expected a number in [0, 1]',
    );
  });
});

describe('spotrec evaluate and report', () => {
  it('evaluates every model and baseline under protocol A, as a table and as JSON', async () => {
    const table = await cli(...small, 'evaluate', '--queries', '200', '--bundle', bundleDir);
    expect(table.code).toBe(0);
    for (const system of [
      'cosine, raw 12 features',
      'cosine + genre ×0.5 (circular',
      'cosine over 8-d embeddings',
      'random baseline',
      'popularity baseline',
    ]) {
      expect(table.stdout).toContain(system);
    }
    // A p-value beyond double precision reads "< 1e-16", never "0.0e+0" (a p of exactly 0).
    expect(table.stdout).toMatch(
      /^cosine \+ genre ×0\.5 \(circular: genre is an input\) .* < 1e-16$/m,
    );
    expect(table.stdout).not.toContain('0.0e+0');
    const { stdout } = await cli(
      ...small,
      '--json',
      'evaluate',
      '--queries',
      '100',
      '--bundle',
      bundleDir,
    );
    const parsed = JSON.parse(stdout) as {
      protocolA: {
        k: number;
        queries: number;
        rows: { system: string; metrics: Record<string, { mean: number; ci95: number[] }> }[];
      };
      protocolB: null;
    };
    expect(parsed.protocolA.queries).toBe(100);
    expect(parsed.protocolA.rows).toHaveLength(5);
    const [cosine, , , random] = parsed.protocolA.rows;
    expect(cosine?.metrics.precision?.mean).toBeGreaterThan(
      random?.metrics.precision?.mean as number,
    );
    expect(parsed.protocolB).toBeNull();
  });

  it('evaluates protocol A′ with every learned part fitted without the held-out artists', async () => {
    const { code, stdout, stderr } = await cli(
      ...small,
      '--json',
      'evaluate',
      '--protocol',
      'held-out-artists',
      '--queries',
      '150',
      '--epochs',
      '2',
    );
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const parsed = JSON.parse(stdout) as {
      protocolHeldOutArtists: {
        queries: number;
        reference: string;
        rows: { system: string; metrics: Record<string, { mean: number }> }[];
        comparisons: { system: string; metric: string; pValue: number }[];
      };
    };
    const result = parsed.protocolHeldOutArtists;
    expect(result.queries).toBe(150);
    expect(result.reference).toBe('cosine, min-max features');
    expect(result.rows.map((row) => row.system)).toEqual([
      'cosine, min-max features',
      'cosine, z-scored features',
      'cosine, 8-d autoencoder embeddings',
      'cosine, 32-d supervised autoencoder embeddings',
      'cosine, 32-d genre classifier embeddings',
      'random baseline',
      'popularity baseline',
    ]);
    const precision = (system: string) =>
      result.rows.find((row) => row.system === system)?.metrics.precision?.mean as number;
    expect(precision('cosine, min-max features')).toBeGreaterThan(precision('random baseline'));
    expect(
      result.comparisons.find(
        (entry) => entry.system === 'random baseline' && entry.metric === 'precision',
      )?.pValue,
    ).toBeLessThan(0.01);
    const refused = await cli(
      ...small,
      'evaluate',
      '--protocol',
      'held-out-artists',
      '--bundle',
      bundleDir,
    );
    expect(refused.code).toBe(2);
  });

  it('writes a self-contained HTML report with its charts and tables', async () => {
    const out = join(folder, 'report.html');
    const { code, stdout } = await cli(
      ...small,
      '--json',
      'report',
      '--out',
      out,
      '--queries',
      '100',
      '--bundle',
      bundleDir,
    );
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { out: string; charts: string[] };
    expect(parsed.out).toBe(out);
    // The report's own tests (report.test.ts, report-browser.test.ts) check every block.
    expect(parsed.charts).toEqual(
      expect.arrayContaining([
        'feature-distributions',
        'correlation-heatmap',
        'genre-counts',
        'loss-curves',
        'metric-comparison',
        'embedding-map',
      ]),
    );
    const html = readFileSync(out, 'utf8');
    expect(html.match(/<svg /g)?.length).toBeGreaterThan(parsed.charts.length);
    expect(html).toContain('Synthetic catalog.');
    // The page names the model it shows: the bundle, with its catalog fingerprint.
    const manifest = JSON.parse(readFileSync(join(bundleDir, 'manifest.json'), 'utf8')) as {
      catalog: { fingerprint: string };
    };
    expect(html).toContain(`bundle ${bundleDir}`);
    expect(html).toContain(manifest.catalog.fingerprint.slice(0, 19));
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });
});

describeRealData('spotrec on the real data (../shared/data)', () => {
  it('recommends from the real subset by name and evaluates protocol B with interactions', async () => {
    const found = await cli(
      '--data',
      REAL_DATA.spotifySubset,
      '--json',
      'recommend',
      'Comedy',
      '-k',
      '3',
    );
    expect(found.code).toBe(0);
    expect(
      (JSON.parse(found.stdout) as { synthetic: boolean; tracks: unknown[] }).tracks,
    ).toHaveLength(3);
    // A bundle fitted on the synthetic catalog is never used with the real one.
    const mismatch = await cli(
      '--data',
      REAL_DATA.spotifySubset,
      'evaluate',
      '--bundle',
      bundleDir,
    );
    expect(mismatch.code).toBe(1);
    const manifest = JSON.parse(readFileSync(join(bundleDir, 'manifest.json'), 'utf8')) as {
      catalog: { fingerprint: string };
    };
    expect(mismatch.stderr).toContain(`was fitted on catalog ${manifest.catalog.fingerprint}`);
    expect(mismatch.stderr).toMatch(/not on the catalog given \(sha256:[0-9a-f]{64}\)/);
    expect(mismatch.stdout).toBe('');
    const { code, stdout } = await cli(
      '--data',
      REAL_DATA.spotifySubset,
      '--json',
      'evaluate',
      '--model',
      'features',
      '--queries',
      '200',
      '--interactions',
      REAL_DATA.tidyTuesday,
    );
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as {
      synthetic: boolean;
      protocolB: {
        reference: string;
        rows: { system: string; metrics: { recall: { mean: number } } }[];
        comparisons: { system: string; metric: string; pValue: number }[];
      };
    };
    expect(parsed.synthetic).toBe(false);
    const recall = Object.fromEntries(
      parsed.protocolB.rows.map((row) => [row.system, row.metrics.recall.mean]),
    );
    const reference = 'hybrid: item-kNN + 0.3 × content';
    expect(parsed.protocolB.reference).toBe(reference);
    expect(recall[reference]).toBeGreaterThan(recall['item-kNN'] as number);
    expect(recall['item-kNN']).toBeGreaterThan(recall['popularity baseline'] as number);
    // The learned audio content (a playlist encoder fitted on the visible playlists) ranks the
    // cold tracks better than the raw audio profile, alone and in the hybrid, significantly.
    const pOf = (system: string) =>
      parsed.protocolB.comparisons.find(
        (entry) => entry.system === system && entry.metric === 'recall',
      )?.pValue;
    for (const [alone, inHybrid] of [
      [
        'content (playlist encoder: 64-d embedding, audio only)',
        'hybrid: item-kNN + 0.3 × playlist encoder embedding',
      ],
      [
        "content (playlist encoder: the playlist's output, audio only)",
        "hybrid: item-kNN + 0.3 × playlist encoder's output",
      ],
    ] as const) {
      expect(recall[alone]).toBeGreaterThan(recall['content (z-scored audio profile)'] as number);
      expect(recall[inHybrid]).toBeGreaterThan(recall[reference] as number);
      expect(pOf(inHybrid)).toBeLessThan(0.01);
    }
    // Artist and album tags reach the cold tracks of a playlist's own artists: several times
    // the recall of audio.
    expect(recall['hybrid: item-kNN + (tags + 0.3 × playlist encoder embedding)']).toBeGreaterThan(
      3 * (recall[reference] as number),
    );
    const playlistsOnly = await cli(
      '--interactions',
      REAL_DATA.tidyTuesday,
      '--json',
      'evaluate',
      '--protocol',
      'playlists',
      '--epochs',
      '2',
    );
    expect(playlistsOnly.code).toBe(0);
    const alone = JSON.parse(playlistsOnly.stdout) as typeof parsed;
    expect(Object.keys(alone)).toEqual(['protocolB']);
    // Fitted per split with the same seed: the models that do not train an encoder agree.
    for (const row of alone.protocolB.rows.filter((entry) => !entry.system.includes('encoder')))
      expect(row.metrics.recall.mean).toBe(recall[row.system]);
  }, 420_000);
});

describe('spotrec download', () => {
  it('downloads and checks a dataset from a local server, and fails clearly on a bad one', async () => {
    const { createServer } = await import('node:http');
    const header =
      ',track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre';
    const csv = `${header}\n0,fakeTrack0000000000001,A,B,C,50,200000,False,0.5,0.5,1,-5,1,0.05,0.1,0,0.1,0.5,120,4,pop\n`;
    const server = createServer((request, response) => {
      if (request.url === '/ok.csv') response.end(csv);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const to = join(folder, 'downloaded.csv');
      const ok = await cli(
        '--json',
        'download',
        '--to',
        to,
        '--url',
        `http://127.0.0.1:${port}/ok.csv`,
      );
      // one row, not the 114,000 of the real dataset: the row check fails and says so
      expect(ok.code).toBe(1);
      expect(ok.stderr).toContain('expected 114000 rows, the file has 1');
      expect(existsSync(to)).toBe(false);
      const missing = await cli(
        'download',
        '--to',
        to,
        '--url',
        `http://127.0.0.1:${port}/gone.csv`,
      );
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('404');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
