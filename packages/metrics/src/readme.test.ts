import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Every ```ts block of the README is a complete ES-module program: each one is written to a
// git-ignored folder with '@spotrec/metrics' pointing at the sources, type-checked with the
// repository's compiler options, then run.
const root = fileURLToPath(new URL('..', import.meta.url));
const folder = `${root}.tmp/readme`;
const readme = readFileSync(`${root}README.md`, 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
const files = blocks.map((block, at) => {
  mkdirSync(folder, { recursive: true });
  const file = `${folder}/example-${at + 1}.ts`;
  writeFileSync(file, block.replaceAll("from '@spotrec/metrics'", "from '../../src/index.ts'"));
  return file;
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('README examples', () => {
  it('has examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  it('type-check as complete programs', () => {
    const config = ts.readConfigFile(`${root}tsconfig.json`, ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
    const program = ts.createProgram(files, { ...options, noEmit: true });
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      if (diagnostic.file === undefined || diagnostic.start === undefined) return message;
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      return `${diagnostic.file.fileName}:${line + 1}: ${message}`;
    });
    expect(problems).toEqual([]);
  });

  it.each(files.map((file, at) => [at + 1, file] as const))('example %i runs', async (_, file) => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await import(/* @vite-ignore */ file);
    } finally {
      log.mockRestore();
    }
  });
});
