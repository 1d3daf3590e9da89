#!/usr/bin/env node
// Checks the generated API site (docs/api, after `typedoc`): no page links into node_modules,
// and every "Defined in" source link points at packages/<pkg>/src/<file> of this repository,
// at a file that exists and a line it has.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const site = join(root, 'docs', 'api');
const { packageOptions } = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8'));
const template = packageOptions?.sourceLinkTemplate;
if (typeof template !== 'string' || !template.includes('{path}')) {
  console.error('typedoc.json: packageOptions.sourceLinkTemplate with {path} is required');
  process.exit(1);
}
const prefix = template.slice(0, template.indexOf('{path}'));
if (!existsSync(site)) {
  console.error(`${site} is missing: run typedoc first`);
  process.exit(1);
}

const pages = readdirSync(site, { recursive: true }).filter((file) => file.endsWith('.html'));
const problems = [];
const targets = new Set();
const lineCounts = new Map();
let sourceLinks = 0;
for (const page of pages) {
  const html = readFileSync(join(site, page), 'utf8');
  for (const [, attribute] of html.matchAll(/(?:href|src)="([^"]*)"/g)) {
    if (attribute.includes('node_modules'))
      problems.push(`${page}: links into node_modules: ${attribute}`);
    if (!attribute.startsWith(prefix)) continue;
    sourceLinks += 1;
    const match = /^(packages\/[^/]+\/src\/[^#]+)#L(\d+)$/.exec(attribute.slice(prefix.length));
    if (match === null) {
      problems.push(`${page}: source link outside packages/<pkg>/src/: ${attribute}`);
      continue;
    }
    const [, path, line] = match;
    targets.add(path);
    if (!lineCounts.has(path))
      lineCounts.set(
        path,
        existsSync(join(root, path))
          ? readFileSync(join(root, path), 'utf8').split('\n').length
          : 0,
      );
    const lines = lineCounts.get(path);
    if (lines === 0) problems.push(`${page}: source link to a missing file: ${path}`);
    else if (Number(line) > lines)
      problems.push(`${page}: source link past the end of ${path}: line ${line}`);
  }
}
if (sourceLinks === 0) problems.push('no source links at all: is sourceLinkTemplate applied?');
if (problems.length > 0) {
  console.error(
    `API site link check failed (${problems.length}):\n  ${[...new Set(problems)].slice(0, 50).join('\n  ')}`,
  );
  process.exit(1);
}
console.log(
  `API site links: ${pages.length} pages, ${sourceLinks} source links to ${targets.size} files under packages/<pkg>/src/, none into node_modules`,
);
