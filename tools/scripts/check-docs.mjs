#!/usr/bin/env node
// Documentation that compiles: every ```ts block of the READMEs and guides is a complete ES
// module. This script extracts them all, type-checks them with tsc (strict; once with
// module/moduleResolution node16, once with bundler) and runs each one with node against the
// built packages, from the repository root (so `../shared/data/...` is the real data).
//
// Files: README.md, packages/*/README.md, apps/*/README.md and docs/**/*.md (docs/api
// excluded), found by walking the folders, so new packages and guides are picked up.
// Markers after the language, one line: ```ts no-run (type-checked, not run: it downloads or
// needs a server) and ```ts no-check (neither: a fragment). Nothing else opts out.
//
// Workspace packages resolve through `.docs-check/node_modules/@spotrec/<name>`, symlinks to
// every packages/* folder made here, so the examples import the built `dist` through the
// packages' `exports`, as a user's code does. `SPOTREC_KEEP_DOCS_CHECK=1` keeps the folder.
// Arguments: `--verbose` prints each block's output; any other argument keeps only the files
// whose path contains it (for a quick look at one README).
// Under `CI=true` a block that reads ../shared/data fails when the data is absent instead of
// being skipped.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const work = join(root, '.docs-check');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const sharedData = resolve(root, '..', 'shared', 'data');
const inCI = !['', '0', 'false'].includes((process.env.CI ?? '').toLowerCase());
const keep = process.env.SPOTREC_KEEP_DOCS_CHECK === '1';
const RUN_TIMEOUT_MS = 180_000;
const MARKERS = new Set(['no-run', 'no-check']);
const verbose = process.argv.includes('--verbose');
const filters = process.argv.slice(2).filter((argument) => !argument.startsWith('--'));

/** The Markdown files whose examples are checked, relative to the root, sorted. */
function documentationFiles() {
  const files = [];
  if (existsSync(join(root, 'README.md'))) files.push('README.md');
  for (const parent of ['packages', 'apps']) {
    const folder = join(root, parent);
    if (!existsSync(folder)) continue;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const readme = join(parent, entry.name, 'README.md');
      if (entry.isDirectory() && existsSync(join(root, readme))) files.push(readme);
    }
  }
  const walk = (folder) => {
    for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory() && path !== join('docs', 'api') && entry.name !== 'node_modules')
        walk(path);
      else if (entry.isFile() && entry.name.endsWith('.md')) files.push(path);
    }
  };
  if (existsSync(join(root, 'docs'))) walk('docs');
  return files.sort();
}

/** Every ```ts / ```typescript block: its text, the line of its first code line, markers. */
function extractBlocks(file) {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const blocks = [];
  for (let at = 0; at < lines.length; at += 1) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(ts|typescript|mts)\b(.*)$/.exec(lines[at]);
    if (open === null) continue;
    const [, indent, fence, , info] = open;
    const markers = info.trim().split(/\s+/).filter(Boolean);
    const unknown = markers.filter((marker) => !MARKERS.has(marker));
    if (unknown.length > 0)
      throw new Error(`${file}:${at + 1}: unknown marker(s) ${unknown.join(', ')} on a ts block`);
    const body = [];
    let end = at + 1;
    while (end < lines.length && !lines[end].trimStart().startsWith(fence)) {
      body.push(lines[end].startsWith(indent) ? lines[end].slice(indent.length) : lines[end]);
      end += 1;
    }
    if (end === lines.length) throw new Error(`${file}:${at + 1}: unclosed code block`);
    blocks.push({ file, line: at + 2, markers, code: `${body.join('\n')}\n` });
    at = end;
  }
  return blocks;
}

/** Symlinks `.docs-check/node_modules/@spotrec/<name>` to every packages/* folder. */
function linkWorkspacePackages() {
  const scope = join(work, 'node_modules', '@spotrec');
  mkdirSync(scope, { recursive: true });
  const names = [];
  for (const entry of readdirSync(join(root, 'packages'), { withFileTypes: true })) {
    const manifest = join(root, 'packages', entry.name, 'package.json');
    if (!entry.isDirectory() || !existsSync(manifest)) continue;
    const { name } = JSON.parse(readFileSync(manifest, 'utf8'));
    if (!name?.startsWith('@spotrec/')) continue;
    symlinkSync(join(root, 'packages', entry.name), join(scope, name.slice('@spotrec/'.length)));
    names.push(name);
  }
  return names;
}

const TS_BASE = {
  strict: true,
  target: 'es2022',
  lib: ['es2023'],
  types: ['node'],
  skipLibCheck: true,
  forceConsistentCasingInFileNames: true,
};

/** Runs tsc on a config; returns its diagnostics mapped back to the Markdown lines. */
function typeCheck(pass, compilerOptions, byModule) {
  const config = `tsconfig.${pass}.json`;
  writeFileSync(
    join(work, config),
    JSON.stringify({ compilerOptions: { ...TS_BASE, ...compilerOptions }, include: ['src'] }),
  );
  const result = spawnSync(process.execPath, [tsc, '-p', config, '--pretty', 'false'], {
    cwd: work,
    encoding: 'utf8',
  });
  const output = `${result.stdout}${result.stderr}`.trim();
  const failed = new Set();
  const messages = [];
  for (const text of output.split('\n').filter(Boolean)) {
    const located = /^src\/([^(]+)\((\d+),(\d+)\): (.*)$/.exec(text);
    const block = located && byModule.get(located[1]);
    if (block) {
      failed.add(block);
      messages.push(
        `  ${block.file}:${block.line + Number(located[2]) - 1}:${located[3]} ${located[4]}`,
      );
    } else messages.push(`  ${text}`);
  }
  if (result.status !== 0 && messages.length === 0) messages.push('  tsc failed with no output');
  return { ok: result.status === 0, failed, messages };
}

const files = documentationFiles().filter(
  (file) => filters.length === 0 || filters.some((filter) => file.includes(filter)),
);
const blocks = files.flatMap(extractBlocks);
rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, 'src'), { recursive: true });
let exitCode = 0;
try {
  const packages = linkWorkspacePackages();
  const byModule = new Map();
  const checked = blocks.filter((block) => !block.markers.includes('no-check'));
  for (const block of checked) {
    const slug = block.file.replace(/\.md$/, '').replace(/[^A-Za-z0-9]+/g, '-');
    block.module = `${slug}-L${block.line}.mts`;
    byModule.set(block.module, block);
    writeFileSync(join(work, 'src', block.module), block.code);
  }
  console.log(
    `docs check: ${blocks.length} TypeScript blocks in ${files.length} files (${files.join(', ')}); packages: ${packages.join(', ')}`,
  );

  // Pass 1 also emits the JavaScript that is run below; pass 2 only type-checks.
  const passes = [
    ['node16', { module: 'node16', moduleResolution: 'node16', outDir: 'out', rootDir: 'src' }],
    ['bundler', { module: 'esnext', moduleResolution: 'bundler', noEmit: true }],
  ];
  const failedTypes = new Set();
  for (const [pass, options] of passes) {
    const { ok, failed, messages } = typeCheck(pass, options, byModule);
    for (const block of failed) failedTypes.add(block);
    if (ok) console.log(`tsc (${pass}): ${checked.length} blocks type-check`);
    else {
      exitCode = 1;
      console.error(`tsc (${pass}): errors\n${messages.join('\n')}`);
    }
  }

  let ran = 0;
  const notRun = [];
  const failedRuns = [];
  for (const block of checked) {
    const where = `${block.file}:${block.line}`;
    if (block.markers.includes('no-run')) {
      notRun.push(`${where} (no-run)`);
      continue;
    }
    if (failedTypes.has(block)) {
      notRun.push(`${where} (type errors)`);
      continue;
    }
    if (block.code.includes('../shared/data/') && !existsSync(sharedData)) {
      const message = `${where}: reads ${sharedData}, which is missing`;
      if (inCI) {
        failedRuns.push(`${message} (CI=true: the real data must be present)`);
      } else {
        console.warn(`[spotrec] skipped ${message} (see the README, "Real data")`);
        notRun.push(`${where} (no real data)`);
      }
      continue;
    }
    const started = Date.now();
    const script = join(work, 'out', block.module.replace(/\.mts$/, '.mjs'));
    const result = spawnSync(process.execPath, [script], {
      cwd: root,
      encoding: 'utf8',
      timeout: RUN_TIMEOUT_MS,
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (result.status === 0) {
      ran += 1;
      console.log(`ran ${where} (${seconds} s)`);
      if (verbose) console.log(`${result.stdout}${result.stderr}`.trimEnd().replace(/^/gm, '    '));
    } else {
      const reason = result.error ? result.error.message : `exit code ${result.status}`;
      const output = `${result.stdout}${result.stderr}`.trim().split('\n').slice(0, 12);
      failedRuns.push(`${where}: ${reason}\n${output.map((text) => `    ${text}`).join('\n')}`);
    }
  }
  if (failedRuns.length > 0) {
    exitCode = 1;
    console.error(`failed to run:\n${failedRuns.map((text) => `  ${text}`).join('\n')}`);
  }
  console.log(
    `docs check: ${blocks.length} blocks, ${checked.length} type-checked (node16 and bundler), ${ran} ran, ` +
      `${failedRuns.length} failed to run, ${notRun.length} not run${notRun.length > 0 ? `: ${notRun.join('; ')}` : ''}, ` +
      `${blocks.length - checked.length} not checked (no-check)`,
  );
} finally {
  if (keep) console.log(`kept ${relative(root, work)}`);
  else rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
