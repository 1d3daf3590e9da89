import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

/** The real data beside the project root: `../shared/data` (never committed). */
export const SHARED_DATA_DIR = fileURLToPath(new URL('../../../shared/data', import.meta.url));

/** Paths of the real files, see ../shared/data/README.md. */
export const REAL_DATA = {
  spotifySubset: `${SHARED_DATA_DIR}/spotify_tracks_subset.csv.gz`,
  spotifyProvenance: `${SHARED_DATA_DIR}/spotify_tracks_subset.provenance.csv.gz`,
  tidyTuesday: `${SHARED_DATA_DIR}/tidytuesday_spotify_songs.csv.gz`,
} as const;

/** True when the real data folder is present (development machines and CI). */
export const hasRealData = existsSync(REAL_DATA.spotifySubset) && existsSync(REAL_DATA.tidyTuesday);

/** Debian's Chromium, which the report's browser test drives (`.ci/run` installs it). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** True when {@link CHROMIUM_PATH} exists. */
export const hasChromium = existsSync(CHROMIUM_PATH);

/**
 * True under CI (`CI` set to anything but empty, `0` or `false`): there the real data and
 * Chromium are provided, so a test that needs them must not skip.
 */
export function isCI(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI?.trim().toLowerCase() ?? '';
  return value !== '' && value !== '0' && value !== 'false';
}

/** Something a group of tests needs that a developer's machine may lack. */
export interface Requirement {
  /** Whether it is there. */
  readonly available: boolean;
  /** What is missing and how to get it, for the skip message and the CI failure. */
  readonly missing: string;
}

/**
 * What to do with tests whose requirement may be missing: run them when it is there, skip
 * them (with a warning) when it is not, and fail instead of skipping under CI.
 */
export function requirementMode(
  requirement: Requirement,
  env: NodeJS.ProcessEnv = process.env,
): 'run' | 'skip' | 'fail' {
  if (requirement.available) return 'run';
  return isCI(env) ? 'fail' : 'skip';
}

/**
 * A `describe` block that needs `requirement`: runs when it is available; otherwise is
 * reported as skipped with the reason in its title (and once on stderr), except under CI
 * (`CI=true`), where it becomes one failing test naming what is missing, so a CI run never
 * passes by skipping the tests it was set up to run.
 */
export function describeRequiring(
  requirement: Requirement,
  title: string,
  body: () => void,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const mode = requirementMode(requirement, env);
  if (mode === 'run') {
    describe(title, body);
  } else if (mode === 'skip') {
    const reason = `skipped: ${requirement.missing}`;
    console.warn(`[spotrec] ${title}: ${reason}`);
    describe.skip(`${title} (${reason})`, body);
  } else {
    describe(title, () => {
      it('has what it needs (CI=true: a missing requirement fails the run instead of skipping)', () => {
        throw new Error(
          `${title}: ${requirement.missing}; under CI=true this fails instead of skipping`,
        );
      });
    });
  }
}

/** The real-data requirement: `../shared/data` with the Spotify subset and TidyTuesday files. */
export const REAL_DATA_REQUIREMENT: Requirement = {
  available: hasRealData,
  missing: `the real data is not at ${SHARED_DATA_DIR} (see the README, "Real data")`,
};

/** The Chromium requirement of the report's browser test. */
export const CHROMIUM_REQUIREMENT: Requirement = {
  available: hasChromium,
  missing: `${CHROMIUM_PATH} is missing (apt-get install chromium; .ci/run installs it)`,
};

/**
 * A `describe` block over the real data: runs when `../shared/data` is present, otherwise is
 * reported as skipped with the reason in its title (and once on stderr); under `CI=true` a
 * missing data folder fails the run instead.
 */
export function describeRealData(title: string, body: () => void): void {
  describeRequiring(REAL_DATA_REQUIREMENT, title, body);
}

/**
 * A `describe` block that drives Chromium at {@link CHROMIUM_PATH}: runs when it is
 * installed, otherwise is skipped with a warning; under `CI=true` a missing browser fails the
 * run instead.
 */
export function describeWithChromium(title: string, body: () => void): void {
  describeRequiring(CHROMIUM_REQUIREMENT, title, body);
}
