// pnpm hooks of the workspace. `beforePacking` shapes the package.json that `pnpm pack` and
// `pnpm publish` put in a tarball (the file on disk is unchanged): the workspace-only
// `@spotrec/source` export condition (it points at `src/`, which imports unpublished helpers)
// and the devDependencies on workspace packages (private tools that are never published) are
// taken out. tools/scripts/smoke-test.mjs checks the packed manifests.

/** A copy of an `exports`/`imports` value without the `@spotrec/source` condition. */
function withoutSourceCondition(value) {
  if (Array.isArray(value)) return value.map(withoutSourceCondition);
  if (typeof value !== 'object' || value === null) return value;
  const out = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === '@spotrec/source') continue;
    out[key] = withoutSourceCondition(item);
  }
  return out;
}

function beforePacking(pkg) {
  if (pkg.exports !== undefined) pkg.exports = withoutSourceCondition(pkg.exports);
  if (pkg.imports !== undefined) pkg.imports = withoutSourceCondition(pkg.imports);
  if (pkg.devDependencies !== undefined) {
    const kept = Object.entries(pkg.devDependencies).filter(
      ([name, range]) => !String(range).startsWith('workspace:') && !name.startsWith('@spotrec/'),
    );
    if (kept.length === 0) delete pkg.devDependencies;
    else pkg.devDependencies = Object.fromEntries(kept);
  }
  return pkg;
}

module.exports = { hooks: { beforePacking } };
