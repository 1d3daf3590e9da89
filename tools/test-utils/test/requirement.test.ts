import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isCI, requirementMode } from '../index.ts';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const vitestBin = join(
  dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
  'vitest.mjs',
);

/** Runs the fixture project in a fresh vitest process with `CI` set to `ci`. */
function runFixture(ci: string | undefined) {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (!name.startsWith('VITEST') && name !== 'CI' && name !== 'NODE_ENV') env[name] = value;
  if (ci !== undefined) env.CI = ci;
  const result = spawnSync(process.execPath, [vitestBin, 'run'], {
    cwd: fixtures,
    env,
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('isCI(env)', () => {
  it('is true for CI=true, CI=1 and any other non-empty value', () => {
    expect(isCI({ CI: 'true' })).toBe(true);
    expect(isCI({ CI: '1' })).toBe(true);
    expect(isCI({ CI: 'woodpecker' })).toBe(true);
  });
  it('is false when CI is unset, empty, 0 or false', () => {
    expect(isCI({})).toBe(false);
    expect(isCI({ CI: '' })).toBe(false);
    expect(isCI({ CI: '0' })).toBe(false);
    expect(isCI({ CI: 'FALSE' })).toBe(false);
  });
});

describe('requirementMode(requirement, env)', () => {
  const missing = { available: false, missing: 'x' };
  it('runs when the requirement is available, in CI or not', () => {
    expect(requirementMode({ available: true, missing: 'x' }, {})).toBe('run');
    expect(requirementMode({ available: true, missing: 'x' }, { CI: 'true' })).toBe('run');
  });
  it('skips a missing requirement outside CI and fails it under CI=true', () => {
    expect(requirementMode(missing, {})).toBe('skip');
    expect(requirementMode(missing, { CI: 'true' })).toBe('fail');
  });
});

describe('describeRequiring(requirement, title, body) in a real vitest run', () => {
  it('fails the run under CI=true when the requirement is missing, naming it', () => {
    const { status, output } = runFixture('true');
    expect(status, output).not.toBe(0);
    expect(output).toContain(
      'the fixture requirement is absent; under CI=true this fails instead of skipping',
    );
  }, 60_000);

  it('skips with a warning and passes without CI', () => {
    const { status, output } = runFixture(undefined);
    expect(status, output).toBe(0);
    expect(output).toContain(
      '[spotrec] a block that needs a missing requirement: skipped: the fixture requirement is absent',
    );
    expect(output).toMatch(/1 skipped/);
  }, 60_000);
});
