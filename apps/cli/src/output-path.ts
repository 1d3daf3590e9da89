import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliDataError } from './errors';

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** The closest existing ancestor of `path` (itself when it exists). */
function existingAncestor(path: string): { path: string; stats: Stats } {
  let current = resolve(path);
  for (;;) {
    const stats = statOf(current);
    if (stats !== undefined) return { path: current, stats };
    const parent = dirname(current);
    if (parent === current) throw new CliDataError(`cannot find any folder above ${path}`);
    current = parent;
  }
}

function assertWritable(path: string, what: string, target: string): void {
  try {
    accessSync(path, constants.W_OK);
  } catch {
    throw new CliDataError(`cannot write ${what} to ${target}: ${path} is not writable`);
  }
}

/**
 * Checks, before any long work, that a file can be written at `path`: its folder exists and is
 * writable, and `path` is not a folder. `what` names it in the message ("the report").
 */
export function assertWritableFile(path: string, what: string): void {
  const stats = statOf(path);
  if (stats !== undefined) {
    if (stats.isDirectory())
      throw new CliDataError(`cannot write ${what} to ${path}: it is a directory`);
    assertWritable(path, what, path);
    return;
  }
  const folder = dirname(resolve(path));
  const ancestor = existingAncestor(folder);
  if (!ancestor.stats.isDirectory())
    throw new CliDataError(`cannot write ${what} to ${path}: ${ancestor.path} is not a directory`);
  if (ancestor.path !== folder)
    throw new CliDataError(`cannot write ${what} to ${path}: directory ${folder} does not exist`);
  assertWritable(folder, what, path);
}

/**
 * Checks, before any long work, that a folder can be created or written at `path`: it is a
 * folder if it exists, and otherwise its closest existing ancestor is a writable folder.
 */
export function assertWritableDirectory(path: string, what: string): void {
  const ancestor = existingAncestor(path);
  if (!ancestor.stats.isDirectory()) {
    throw new CliDataError(
      ancestor.path === resolve(path)
        ? `cannot write ${what} to ${path}: it is a file, not a directory`
        : `cannot write ${what} to ${path}: ${ancestor.path} is not a directory`,
    );
  }
  assertWritable(ancestor.path, what, path);
}
