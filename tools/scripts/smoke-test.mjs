#!/usr/bin/env node
// Consumer smoke test: packs every published package, installs the tarballs with npm into a
// fresh folder outside the workspace, then imports each one from an .mjs file, a .cjs file
// and a type-checked .ts file, as a user of the registry would. Each tarball must carry the
// root LICENSE.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SMOKE_CASES } from './smoke-cases.mjs';

/** Unpacked size budgets in bytes (issue 16: `@spotrec/data` ≤ 1 MB). */
const SIZE_BUDGETS = { '@spotrec/data': 1_000_000 };

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const bin = join(root, 'node_modules', '.bin');
const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
const run = (command, args, cwd) =>
  execFileSync(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'inherit'] }).toString();

const published = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.private !== true);

const missing = published.filter(({ manifest }) => SMOKE_CASES[manifest.name] === undefined);
if (missing.length > 0) {
  console.error(
    `No smoke case for ${missing.map(({ manifest }) => manifest.name).join(', ')}: add one to tools/scripts/smoke-cases.mjs`,
  );
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'spotrec-smoke-'));
const keep = process.env.SPOTREC_KEEP_SMOKE === '1';
try {
  const tarballs = join(work, 'tarballs');
  for (const { dir } of published) run('pnpm', ['pack', '--pack-destination', tarballs], dir);
  const files = readdirSync(tarballs).map((file) => join(tarballs, file));

  // Every tarball ships the repository's MIT licence as package/LICENSE.
  const license = readFileSync(join(root, 'LICENSE'), 'utf8');
  for (const file of files) {
    const entries = run('tar', ['-tzf', file], work).split('\n');
    if (!entries.includes('package/LICENSE')) {
      console.error(
        `${file} has no LICENSE: copy the root LICENSE into the package and list it in "files"`,
      );
      process.exit(1);
    }
    if (run('tar', ['-xzOf', file, 'package/LICENSE'], work) !== license) {
      console.error(`${file}: package/LICENSE differs from the root LICENSE`);
      process.exit(1);
    }
  }
  console.log(`LICENSE in all ${files.length} tarballs`);

  // The packed manifests: the workspace-only `@spotrec/source` condition and the names of
  // unpublished workspace packages are taken out at pack time (.pnpmfile.cjs, beforePacking).
  const unpublished = readdirSync(join(root, 'tools'))
    .map((name) => join(root, 'tools', name, 'package.json'))
    .filter((path) => existsSync(path))
    .map((path) => JSON.parse(readFileSync(path, 'utf8')))
    .filter((manifest) => manifest.private === true)
    .map((manifest) => manifest.name);
  for (const file of files) {
    const text = run('tar', ['-xzOf', file, 'package/package.json'], work);
    const manifest = JSON.parse(text);
    const problems = [];
    // The condition in `exports`/`imports` (a dev script may still run node with it).
    if (JSON.stringify([manifest.exports, manifest.imports]).includes('@spotrec/source'))
      problems.push('the "@spotrec/source" export condition');
    for (const name of unpublished) if (text.includes(`"${name}"`)) problems.push(`"${name}"`);
    if (text.includes('workspace:')) problems.push('a workspace: range');
    if (problems.length > 0) {
      console.error(`${file}: the packed package.json still holds ${problems.join(', ')}`);
      process.exit(1);
    }
    // Size budgets of the issue "installs small": unpacked bytes of the tarball's files.
    const budget = SIZE_BUDGETS[manifest.name];
    if (budget !== undefined) {
      const listing = run('tar', ['-tvzf', file], work).trim().split('\n');
      const unpacked = listing.reduce((sum, line) => sum + Number(line.split(/\s+/)[2]), 0);
      if (unpacked > budget) {
        console.error(
          `${manifest.name} unpacks to ${unpacked} bytes, over its budget of ${budget}`,
        );
        process.exit(1);
      }
      console.log(`${manifest.name} unpacks to ${unpacked} bytes (budget ${budget})`);
    }
  }
  console.log(`packed manifests clean: no @spotrec/source, no ${unpublished.join(', ')}`);

  const consumer = join(work, 'consumer');
  run('mkdir', ['-p', consumer]);
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({ name: 'spotrec-smoke-consumer', private: true }, null, 2),
  );
  const typesNode = JSON.parse(
    readFileSync(join(root, 'node_modules', '@types', 'node', 'package.json'), 'utf8'),
  ).version;
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      ...files,
      `@types/node@${typesNode}`,
    ],
    consumer,
  );

  const esm = [];
  const cjs = [];
  const imports = [];
  const ts = [];
  for (const { manifest } of published) {
    const smoke = SMOKE_CASES[manifest.name];
    esm.push(`{ const m = await import('${manifest.name}'); ${smoke.js} }`);
    cjs.push(`{ const m = require('${manifest.name}'); ${smoke.js} }`);
    imports.push(`import * as ${smoke.alias} from '${manifest.name}';`);
    ts.push(`{${smoke.ts}\n}`);
  }
  const assert =
    "const assert = (ok, what) => { if (!ok) { console.error('smoke check failed: ' + what); process.exit(1); } };\n";
  writeFileSync(
    join(consumer, 'smoke.mjs'),
    `${assert}${esm.join('\n')}\nconsole.log('esm ok');\n`,
  );
  writeFileSync(
    join(consumer, 'smoke.cjs'),
    `${assert}(async () => {\n${cjs.join('\n')}\nconsole.log('cjs ok');\n})();\n`,
  );
  writeFileSync(
    join(consumer, 'smoke.ts'),
    `${imports.join('\n')}\n${ts.join('\n')}\nexport {};\n`,
  );
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
      },
      files: ['smoke.ts'],
    }),
  );
  // The data package's committed genre statistics, for its smoke case to compare.
  env.SPOTREC_GENRE_STATS_FILE = join(root, 'packages/data/src/synthetic/genre-stats.json');
  process.stdout.write(run('node', ['smoke.mjs'], consumer));
  process.stdout.write(run('node', ['smoke.cjs'], consumer));
  run(
    'node',
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'],
    consumer,
  );
  console.log('ts ok');
  console.log(`smoke test passed for ${published.map(({ manifest }) => manifest.name).join(', ')}`);
} finally {
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
