import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from './tf';

let ready: Promise<string> | undefined;

/** Whether this is Node (where the WASM binaries are read from the installed package). */
function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

/**
 * Under Node, points the WASM backend at the binaries of the installed
 * `@tensorflow/tfjs-backend-wasm` (no network). `node:module` and `node:path` are imported
 * here, on demand, so the module itself loads in a browser, where the backend finds its
 * binaries beside the script (or where `setWasmPaths` was called by the page).
 */
async function pointAtInstalledBinaries(): Promise<void> {
  if (!isNode()) return;
  const [{ createRequire }, { dirname }] = await Promise.all([
    import('node:module'),
    import('node:path'),
  ]);
  const require = createRequire(import.meta.url);
  const wasm = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
  setWasmPaths(`${dirname(wasm)}/`);
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
        `@spotrec/autoencoder: the WASM backend could not start (${error instanceof Error ? error.message : String(error)}); training on the slower cpu backend`,
      );
      await tf.setBackend('cpu');
      await tf.ready();
      return 'cpu';
    }
  })();
  return ready;
}
