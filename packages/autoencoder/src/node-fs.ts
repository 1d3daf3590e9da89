// @internal The Node built-ins the folder format and the WASM binaries' lookup need, imported
// on demand. The browser build (`dist/index.browser.js`, the `browser` and `default` export
// conditions) has `node-fs.browser.ts` in place of this file, with no Node built-in.

/** `node:fs/promises` and `node:path`, for reading and writing a model folder. */
export async function folderAccess(_parameter: string, _dir: string) {
  const [{ mkdir, readFile, stat, writeFile }, { join }] = await Promise.all([
    import('node:fs/promises'),
    import('node:path'),
  ]);
  return { mkdir, readFile, stat, writeFile, join };
}

/** The folder of the installed `@tensorflow/tfjs-backend-wasm` binaries, ending in `/`. */
export async function installedWasmFolder(): Promise<string | undefined> {
  if (typeof process === 'undefined' || typeof process.versions?.node !== 'string')
    return undefined;
  const [{ createRequire }, { dirname }] = await Promise.all([
    import('node:module'),
    import('node:path'),
  ]);
  const require = createRequire(import.meta.url);
  return `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`;
}
