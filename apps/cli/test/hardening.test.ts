import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SPOTIFY_TRACKS_LAYOUT } from '@spotrec/data';
import { afterAll, describe, expect, it } from 'vitest';
import { SPOTIFY_HEADER, runCli as cli, spotifyRow } from './run-cli';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const folder = mkdtempSync(join(tmpdir(), 'spotrec-cli-hardening-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

const ids = Array.from({ length: 12 }, (_, at) => `t${String(at + 1).padStart(2, '0')}`);
const header = SPOTIFY_HEADER.join(',');
/** Twelve valid tracks; three of them named "Intro" by different artists. */
const catalogCsv = file(
  'catalog.csv',
  [
    header,
    ...ids.map((id, at) =>
      spotifyRow(
        id,
        at < 3 ? { track_name: 'Intro', artists: ['The xx', 'j-hope', 'Weval'][at] as string } : {},
      ),
    ),
  ].join('\n') + '\n',
);

describe('item 5: an output path that cannot be written', () => {
  it('train --out /dev/null/x fails at once with one line naming the path and the reason', async () => {
    const { code, stdout, stderr } = await cli(['train', '--out', '/dev/null/x']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'spotrec: cannot write the bundle to /dev/null/x: /dev/null is not a directory\n',
    );
  });

  it('train --out naming an existing file says it is not a directory', async () => {
    const { code, stderr } = await cli(['train', '--out', catalogCsv]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `spotrec: cannot write the bundle to ${catalogCsv}: it is a file, not a directory\n`,
    );
  });

  it('report --out in a missing folder names the folder', async () => {
    const { code, stderr } = await cli(['report', '--out', '/missing/dir/r.html']);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'spotrec: cannot write the report to /missing/dir/r.html: directory /missing/dir does not exist\n',
    );
  });

  it('report --out naming a folder says so', async () => {
    const { code, stderr } = await cli(['report', '--out', folder]);
    expect(code).toBe(1);
    expect(stderr).toBe(`spotrec: cannot write the report to ${folder}: it is a directory\n`);
  });
});

describe('item 6: stdout closed by the reader (spotrec describe | head -1)', () => {
  it('exits quietly with code 0 when the pipe is already closed', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=@spotrec/source',
        'src/cli.ts',
        '--tracks',
        '100',
        'describe',
      ],
      { cwd: appDir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // The reader goes away before the first write: every write after it fails with EPIPE.
    child.stdout.destroy();
    const err: string[] = [];
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(err.join('')).toBe('');
    expect(code).toBe(0);
  }, 60_000);
});

describe('item 7: --on-invalid throw|skip|collect', () => {
  const bad = file(
    'bad.csv',
    [
      header,
      spotifyRow('t01'),
      spotifyRow('t02', { energy: 'loud' }),
      spotifyRow('t03'),
      spotifyRow('t04', { danceability: 7 }),
      spotifyRow('t05'),
    ].join('\n') + '\n',
  );

  it('stops at the first invalid row by default (throw)', async () => {
    const { code, stderr } = await cli(['--data', bad, 'describe']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^spotrec: .*bad\.csv, line 3: .*energy/);
  });

  it('skip leaves the rows out and summarises them by rule on stderr', async () => {
    const { code, stdout, stderr } = await cli(['--on-invalid', 'skip', '--data', bad, 'describe']);
    expect(code).toBe(0);
    expect(stdout).toContain('5 rows, 3 tracks (spotify-tracks layout, 2 invalid rows left out)');
    expect(stderr).toBe(
      `spotrec: ${bad}: skipped 2 invalid rows of 5 (not-a-number 1, out-of-range 1); --on-invalid collect lists their lines\n`,
    );
  });

  it('collect also names the first lines, columns and rules', async () => {
    const { code, stderr } = await cli(['--on-invalid', 'collect', '--data', bad, 'describe']);
    expect(code).toBe(0);
    expect(stderr).toBe(
      `spotrec: ${bad}: collected 2 invalid rows of 5 (not-a-number 1, out-of-range 1): line 3 column energy: not-a-number; line 5 column danceability: out-of-range\n`,
    );
  });

  it('rejects an unknown policy as a usage error', async () => {
    const { code, stderr } = await cli(['--on-invalid', 'ignore', 'describe']);
    expect(code).toBe(2);
    expect(stderr).toContain("argument 'ignore' is invalid");
  });
});

describe('item 8: --layout FILE.json and --user-column / --item-column', () => {
  const renamed = SPOTIFY_HEADER.map(
    (column) =>
      ({ track_id: 'spotify_id', track_name: 'title', track_genre: 'genre' })[column as string] ??
      column,
  );
  const exportCsv = file(
    'export.csv',
    [renamed.join(','), ...ids.slice(0, 4).map((id) => spotifyRow(id))].join('\n') + '\n',
  );
  const layout = {
    name: 'my-export',
    columns: { ...SPOTIFY_TRACKS_LAYOUT.columns, id: 'spotify_id', name: 'title', genres: 'genre' },
    artistSeparator: ';',
  };

  it('loads a CSV with other column names through a declared layout', async () => {
    const without = await cli(['--data', exportCsv, 'describe']);
    expect(without.code).toBe(1);
    const path = file('layout.json', JSON.stringify(layout));
    const { code, stdout } = await cli(['--data', exportCsv, '--layout', path, 'describe']);
    expect(code).toBe(0);
    expect(stdout).toContain('4 rows, 4 tracks (my-export layout)');
  });

  it('names the field that breaks a rule', async () => {
    // The rule lives in @spotrec/data (parseTrackLayout); the CLI names the file and the field.
    const cases: [unknown, string][] = [
      [{ ...layout, columns: { ...layout.columns, tempo: 5 } }, 'layout.columns.tempo'],
      [{ ...layout, columns: { ...layout.columns, bpm: 'bpm' } }, 'layout.columns.bpm'],
      [{ name: 'x', columns: { id: 'spotify_id' } }, 'layout.columns.name'],
      [{ ...layout, colums: {} }, 'layout.colums'],
      [{ ...layout, name: '' }, 'layout.name'],
      [{ ...layout, genreSeparator: 3 }, 'layout.genreSeparator'],
      [{ ...layout, columns: { ...layout.columns, album: 'title' } }, 'layout.columns.album'],
    ];
    for (const [json, message] of cases) {
      const path = file('bad-layout.json', JSON.stringify(json));
      const { code, stderr } = await cli(['--data', exportCsv, '--layout', path, 'describe']);
      expect(code).toBe(1);
      expect(stderr.split('\n')).toHaveLength(2);
      expect(stderr).toContain(`spotrec: layout ${path}: `);
      expect(stderr).toContain(message);
    }
    const broken = file('broken.json', '{ "name": ');
    expect((await cli(['--data', exportCsv, '--layout', broken, 'describe'])).stderr).toContain(
      'not valid JSON',
    );
    const missing = await cli([
      '--data',
      exportCsv,
      '--layout',
      join(folder, 'nope.json'),
      'describe',
    ]);
    expect(missing.stderr).toBe(
      `spotrec: cannot read layout ${join(folder, 'nope.json')}: no such file\n`,
    );
    const alone = await cli(['--layout', broken, 'describe']);
    expect(alone.code).toBe(2);
  });

  it('reads interactions whose user and item columns have other names', async () => {
    const pairs = ['list,song'];
    for (let list = 0; list < 6; list += 1)
      for (const id of ids.slice(list, list + 4)) pairs.push(`p${list},${id}`);
    const interactions = file('lists.csv', pairs.join('\n') + '\n');
    const base = ['--data', catalogCsv, '--json', '--interactions', interactions];
    const request = ['recommend', 't05', '--model', 'hybrid', '-k', '3'];
    const defaults = await cli([...base, ...request]);
    expect(defaults.code).toBe(1);
    expect(defaults.stderr).toContain('playlist_id');
    const { code, stdout } = await cli([
      ...base,
      '--user-column',
      'list',
      '--item-column',
      'song',
      ...request,
    ]);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { tracks: { id: string }[] };
    expect(parsed.tracks).toHaveLength(3);
    expect(parsed.tracks.map((track) => track.id)).not.toContain('t05');
    expect((await cli(['--user-column', 'list', 'describe'])).code).toBe(2);
  });
});

describe('item 11: duplicate-id conflicts in the human output', () => {
  it('counts them in the source line and lists the first few in describe', async () => {
    const rows = [header, ...ids.slice(0, 6).map((id) => spotifyRow(id))];
    for (const id of ids.slice(0, 6))
      rows.push(spotifyRow(id, { popularity: 99, track_genre: 'metal' }));
    const path = file('duplicates.csv', rows.join('\n') + '\n');
    const { code, stdout } = await cli(['--data', path, 'describe']);
    expect(code).toBe(0);
    expect(stdout).toContain(
      '12 rows, 6 tracks (spotify-tracks layout, 6 duplicate rows merged, 6 of them differing from the row kept)',
    );
    expect(stdout).toContain('Repeated track ids with differing values: 6');
    expect(stdout).toMatch(/^t01 +2 +8 +popularity$/m);
    expect(stdout).toMatch(/^t05 +6 +12 +popularity$/m);
    expect(stdout).not.toMatch(/^t06 /m);
    const recommend = await cli(['--data', path, 'recommend', 't01', '-k', '2']);
    expect(recommend.stdout).toContain('6 of them differing from the row kept');
  });
});

describe('item 12: a header-only file', () => {
  it('says the catalog is empty, for every command', async () => {
    const path = file('empty.csv', `${header}\n`);
    for (const argv of [
      ['describe'],
      ['recommend', 'Intro'],
      ['recommend', '--seed-genres', 'pop'],
    ]) {
      const { code, stderr } = await cli(['--data', path, ...argv]);
      expect(code).toBe(1);
      expect(stderr).toBe(`spotrec: the catalog is empty (${path} has a header and no rows)\n`);
    }
  });
});

describe('item 13: filter values, genres and names', () => {
  it('rejects --min above --max and values out of the field range as usage errors', async () => {
    const crossed = await cli(['recommend', 'x', '--min', 'tempo=200', '--max', 'tempo=100']);
    expect(crossed.code).toBe(2);
    expect(crossed.stderr).toBe(
      'error: Invalid argument "min.tempo": expected a value ≤ max.tempo (100), got 200\n',
    );
    const infinite = await cli(['recommend', 'x', '--min', 'tempo=1e999']);
    expect(infinite.code).toBe(2);
    expect(infinite.stderr).toContain('tempo=1e999 is outside the range of tempo, 0 to 400');
    const energy = await cli(['recommend', 'x', '--target', 'energy=5']);
    expect(energy.code).toBe(2);
    expect(energy.stderr).toContain('energy=5 is outside the range of energy, 0 to 1');
    const loudness = await cli(['recommend', 'x', '--max', 'loudness=-101']);
    expect(loudness.stderr).toContain('outside the range of loudness, -100 to 10');
    expect(
      (await cli(['--data', catalogCsv, 'recommend', 't01', '--min', 'tempo=1.5e2'])).code,
    ).toBe(0);
  });

  it('rejects an unknown genre in --include-genres with suggestions', async () => {
    const { code, stdout, stderr } = await cli([
      '--data',
      catalogCsv,
      'recommend',
      't01',
      '--include-genres',
      'rok',
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'spotrec: no track has the genre "rok" (--include-genres). Did you mean: rock, pop, jazz?\n',
    );
    expect(
      (await cli(['--data', catalogCsv, 'recommend', '--seed-genres', 'jaz'])).stderr,
    ).toContain('Did you mean: jazz');
  });

  it('rejects a very long track name at once and echoes a shortened form', async () => {
    const started = performance.now();
    const { code, stderr } = await cli(['recommend', 'a'.repeat(10_000)]);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `error: the track name is 10,000 characters long, more than 200: "${'a'.repeat(40)}…"\n`,
    );
  });
});

describe('item 15: several tracks of the same name', () => {
  it('says which one was picked and lists the others with ids', async () => {
    const { code, stdout, stderr } = await cli([
      '--data',
      catalogCsv,
      'recommend',
      'Intro',
      '-k',
      '2',
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('Seed: "Intro" by Weval');
    expect(stderr).toBe(
      [
        'spotrec: 3 tracks are named "Intro"; using the most popular, "Intro" by Weval (t03, popularity 13). Give an id or --artist NAME to pick another:',
        '  "Intro" by j-hope (t02, popularity 12)',
        '  "Intro" by The xx (t01, popularity 11)',
        '',
      ].join('\n'),
    );
  });

  it('picks among them with --artist', async () => {
    const { code, stdout, stderr } = await cli([
      '--data',
      catalogCsv,
      '--json',
      'recommend',
      'Intro',
      '--artist',
      'the XX',
      '-k',
      '2',
    ]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect((JSON.parse(stdout) as { seed: { track: { id: string } } }).seed.track.id).toBe('t01');
    const nobody = await cli(['--data', catalogCsv, 'recommend', 'Intro', '--artist', 'j-hop']);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('no track is by "j-hop" (--artist). Did you mean: j-hope');
    expect((await cli(['recommend', '--artist', 'Weval', '--seed-genres', 'pop'])).code).toBe(2);
  });
});

describe('item 21: --version, NO_COLOR and terminals', () => {
  it('prints the version', async () => {
    const { code, stdout } = await cli(['--version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('draws the training progress bar only on a terminal without NO_COLOR', async () => {
    const train = ['--tracks', '1140', 'train', '--epochs', '2', '--out'];
    const terminal = await cli([...train, join(folder, 'ae1')], {
      stderrIsTTY: true,
      stdoutIsTTY: true,
    });
    expect(terminal.code).toBe(0);
    expect(terminal.stderr).toContain('\u001b[');
    const noColor = await cli([...train, join(folder, 'ae2')], {
      stderrIsTTY: true,
      stdoutIsTTY: true,
      env: { NO_COLOR: '1' },
    });
    expect(noColor.code).toBe(0);
    expect(noColor.stderr + noColor.stdout).not.toContain('\u001b');
    const dumb = await cli([...train, join(folder, 'ae3')], {
      stderrIsTTY: true,
      env: { TERM: 'dumb' },
    });
    expect(dumb.stderr).not.toContain('\u001b');
    const piped = await cli([...train, join(folder, 'ae4')]);
    expect(piped.stderr + piped.stdout).not.toContain('\u001b');
  }, 120_000);

  it('writes tables and help with no escape sequences, even on a terminal', async () => {
    for (const argv of [['--tracks', '228', 'describe'], ['--help'], ['recommend', '--help']]) {
      const { stdout, stderr } = await cli(argv, { stdoutIsTTY: true, stderrIsTTY: true });
      expect(stdout + stderr).not.toContain('\u001b');
    }
  });
});
