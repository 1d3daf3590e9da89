import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, type SpotrecServer } from '../src/app';
import { BundleHolder, DEFAULT_SOURCE } from '../src/catalog-source';
import { ServerMetrics } from '../src/metrics';
import { SERVER_DIR, memoryLog } from './helpers';

const WORK = join(SERVER_DIR, '.tmp', 'readme');

function execute(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: SERVER_DIR,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

let blocks: string[];
let server: SpotrecServer;
let base: string;

beforeAll(async () => {
  const readme = await readFile(join(SERVER_DIR, 'README.md'), 'utf8');
  blocks = [...readme.matchAll(/^```ts(?: no-check)?\n([\s\S]*?)^```$/gm)].map(
    (match) => match[1] as string,
  );
  await rm(WORK, { recursive: true, force: true });
  await mkdir(WORK, { recursive: true });
  await Promise.all(blocks.map((block, at) => writeFile(join(WORK, `block-${at + 1}.ts`), block)));
  await writeFile(
    join(WORK, 'tsconfig.json'),
    JSON.stringify({ extends: '../../tsconfig.json', include: ['block-*.ts'] }),
  );
  // The README's examples run against the embedded catalog that `pnpm serve` serves.
  const holder = await BundleHolder.open(DEFAULT_SOURCE, memoryLog());
  server = await buildServer({ holder, metrics: new ServerMetrics({ defaultMetrics: false }) });
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  const address = server.app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('not listening');
  base = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await server.app.close();
  await rm(WORK, { recursive: true, force: true });
});

describe('README ts blocks', () => {
  it('has at least one', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  it('type-check as complete ES-module programs', async () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const { code, stdout } = await execute([tsc, '-p', join(WORK, 'tsconfig.json')]);
    expect(stdout).toBe('');
    expect(code).toBe(0);
  });

  it('run against the server without error', async () => {
    for (const [at] of blocks.entries()) {
      const { code, stdout, stderr } = await execute(
        ['--import', 'tsx', join(WORK, `block-${at + 1}.ts`)],
        { SPOTREC_URL: base },
      );
      expect(stderr, `block ${at + 1}`).toBe('');
      expect(code, `block ${at + 1}`).toBe(0);
      expect(stdout).toMatch(/^114 genre seeds, such as acoustic, afrobeat, alt-rock$/m);
      expect(stdout).toMatch(/^TRACK qBm8V6uz7aY3Yt9ye52jxt \d+$/m);
    }
  });
});
