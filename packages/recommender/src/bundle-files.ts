/**
 * @internal The file system of `RecommenderBundle.save` / `load`, in Node, imported when a
 * bundle is saved or loaded. The browser build of the package swaps this file for
 * `bundle-files.browser.ts` (no file system).
 */
export async function bundleFiles(_dir: string) {
  const [fs, path] = await Promise.all([import('node:fs/promises'), import('node:path')]);
  return {
    mkdir: fs.mkdir,
    writeFile: fs.writeFile,
    readdir: fs.readdir,
    readFile: fs.readFile,
    rm: fs.rm,
    join: path.join,
    relative: path.relative,
  };
}

/** @internal What {@link bundleFiles} gives. */
export type BundleFiles = Awaited<ReturnType<typeof bundleFiles>>;
