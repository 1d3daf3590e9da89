import { PassThrough } from 'node:stream';
import { REAL_DATA, describeRealData } from '@spotrec/test-utils';
import { describe, expect, it } from 'vitest';
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

describe('spotrec describe on the embedded synthetic catalog', () => {
  it('prints the statistics table and says plainly that the catalog is synthetic', async () => {
    const { code, stdout, stderr } = await cli('--tracks', '1140', 'describe');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^SYNTHETIC catalog: 1,140 made-up tracks \(seed 42\)/);
    expect(stdout).toMatch(/^energy +1,140 +0\.\d{3}/m);
    expect(stdout).toContain('Genres: 114');
    expect(stdout).toMatch(/^loudness +energy +0\.\d{3}$/m);
  });

  it('prints only JSON on stdout with --json', async () => {
    const { code, stdout } = await cli('--json', '--tracks', '228', '--seed', '7', 'describe');
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as {
      synthetic: boolean;
      count: number;
      features: { feature: string }[];
      genres: unknown[];
    };
    expect(parsed.synthetic).toBe(true);
    expect(parsed.count).toBe(228);
    expect(parsed.features.map((feature) => feature.feature)).toContain('tempo');
    expect(parsed.genres).toHaveLength(114);
  });

  it('gives the same output for the same seed', async () => {
    const a = await cli('--json', '--tracks', '500', '--seed', '3', 'describe');
    const b = await cli('--json', '--tracks', '500', '--seed', '3', 'describe');
    expect(a.stdout).toBe(b.stdout);
  });
});

describe('spotrec error paths', () => {
  it('rejects an unknown option with one line and exit code 2', async () => {
    const { code, stderr, stdout } = await cli('describe', '--bogus');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual(["error: unknown option '--bogus'"]);
  });

  it('rejects a bad --seed or --tracks value naming the option', async () => {
    expect((await cli('--seed', 'x', 'describe')).stderr).toContain(
      "option '--seed <n>' argument 'x' is invalid",
    );
    const zero = await cli('--tracks', '0', 'describe');
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('expected a positive integer, got "0"');
  });

  it('names a missing --data file and exits 1', async () => {
    const { code, stderr } = await cli('--data', 'no/such/file.csv', 'describe');
    expect(code).toBe(1);
    expect(stderr).toBe('spotrec: Cannot read no/such/file.csv: no such file\n');
  });

  it('requires --to for download', async () => {
    const { code, stderr } = await cli('download');
    expect(code).toBe(2);
    expect(stderr).toContain("required option '--to <path>' not specified");
  });

  it('prints help with exit code 0', async () => {
    const { code, stdout } = await cli('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('describe');
    expect(stdout).toContain('download');
  });
});

describeRealData('spotrec describe --data on the real subset', () => {
  it('describes 44,475 tracks from 49,132 rows', async () => {
    const { code, stdout } = await cli('--data', REAL_DATA.spotifySubset, 'describe');
    expect(code).toBe(0);
    expect(stdout).toContain(
      '49,132 rows, 44,475 tracks (spotify-tracks layout, 4,657 duplicate rows merged, 130 of them differing from the row kept)',
    );
    expect(stdout).toContain('Repeated track ids with differing values: 130');
    expect(stdout).toMatch(/^1PHqmiRTZnqHZkkR9Zjtvh +3039 +26402 +popularity$/m);
    expect(stdout).not.toContain('SYNTHETIC');
  });
});
