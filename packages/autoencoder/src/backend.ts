import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

let ready: Promise<string> | undefined;

/**
 * Starts the TensorFlow.js WASM backend once (its binaries are read from the installed
 * `@tensorflow/tfjs-backend-wasm` package, no network). If WASM cannot start, falls back to
 * the pure-JavaScript cpu backend with one warning.
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
      const require = createRequire(import.meta.url);
      const wasm = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
      setWasmPaths(`${dirname(wasm)}/`);
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
