// A named import, used below: a bare `import '@tensorflow/tfjs-backend-cpu'` is dropped by
// bundlers targeting Node (esbuild `--platform=node`), because that package's `sideEffects` list
// omits its Node build, and the cpu fallback would then be missing.
import { version_cpu as cpuVersion } from '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths as setTfjsWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { InvalidArgumentError } from './errors';
import { installedWasmFolder } from './node-fs';
import * as tf from './tf';

let ready: Promise<string> | undefined;
let pathsSet = false;

/**
 * Tells the WASM backend where the binaries of `@tensorflow/tfjs-backend-wasm`
 * (`tfjs-backend-wasm.wasm`, `tfjs-backend-wasm-simd.wasm`,
 * `tfjs-backend-wasm-threaded-simd.wasm`) are served, for a page whose bundler does not put
 * them beside the script. Call it before the first `fit`, `load` or {@link initBackend}. Under
 * Node it is not needed: the binaries are read from the installed package.
 *
 * @param prefix - A URL or path prefix ending in `/`, such as `'/wasm/'`, or a map from each
 * file name to its URL.
 * @throws {@link InvalidArgumentError} for an empty prefix, or after the backend has started.
 *
 * @example
 * ```ts no-run
 * // In a page that serves node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm under /wasm/
 * setWasmPaths('/wasm/');
 * ```
 */
export function setWasmPaths(prefix: string | Readonly<Record<string, string>>): void {
  if (typeof prefix === 'string' ? prefix === '' : typeof prefix !== 'object' || prefix === null)
    throw new InvalidArgumentError(
      'prefix',
      'a URL prefix ending in "/" or a map of file names to URLs',
      prefix,
    );
  if (ready !== undefined)
    throw new InvalidArgumentError(
      'prefix',
      'set before the backend starts (before the first fit, load or initBackend)',
      prefix,
    );
  setTfjsWasmPaths(typeof prefix === 'string' ? prefix : { ...prefix });
  pathsSet = true;
}

/**
 * Under Node, points the WASM backend at the binaries of the installed
 * `@tensorflow/tfjs-backend-wasm` (no network). `node:module` and `node:path` are imported
 * here, on demand, so the module itself loads in a browser, where the backend finds its
 * binaries beside the script (or where `setWasmPaths` was called by the page).
 */
async function pointAtInstalledBinaries(): Promise<void> {
  if (pathsSet) return;
  const folder = await installedWasmFolder();
  if (folder !== undefined) setTfjsWasmPaths(folder);
}

/**
 * Starts the TensorFlow.js WASM backend once (under Node its binaries are read from the
 * installed `@tensorflow/tfjs-backend-wasm` package, no network). If WASM cannot start, falls
 * back to the pure-JavaScript cpu backend (`@tensorflow/tfjs-backend-cpu`) with one warning.
 *
 * @returns The backend in use: `'wasm'` or `'cpu'`.
 *
 * @example
 * ```ts
 * await initBackend(); // 'wasm'
 * ```
 */
export function initBackend(): Promise<string> {
  ready ??= (async () => {
    try {
      await pointAtInstalledBinaries();
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return 'wasm';
      }
      throw new Error('setBackend("wasm") returned false');
    } catch (error) {
      console.warn(
        `@spotrec/autoencoder: the WASM backend could not start (${error instanceof Error ? error.message : String(error)}); training on the slower cpu backend (tfjs-backend-cpu ${cpuVersion})`,
      );
      await tf.setBackend('cpu');
      await tf.ready();
      return 'cpu';
    }
  })();
  return ready;
}
