// @internal The browser build's stand-in for `node-fs.ts`: no file system, and the WASM
// binaries are found beside the script or where `setWasmPaths` points.
import { InvalidArgumentError } from './errors';

/** Folder paths need Node: a typed error pointing at the browser stores. */
export function folderAccess(parameter: string, dir: string): never {
  throw new InvalidArgumentError(
    parameter,
    'a URL (indexeddb://name, localstorage://name, http(s)://…) or a TensorFlow.js IO handler: folder paths need Node, and this is the browser build',
    dir,
  );
}

/** No installed package to read binaries from. */
export function installedWasmFolder(): Promise<string | undefined> {
  return Promise.resolve(undefined);
}
