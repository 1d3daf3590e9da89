// The TensorFlow.js surface this package uses: tfjs-core and tfjs-layers, without the umbrella
// `@tensorflow/tfjs` (which also pulls in webgl, the converter and tfjs-data). The umbrella's
// own index is these two re-exports plus backend registrations; the backends this package uses
// (wasm, and cpu as the fallback) are registered by importing them.

import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
// Both packages export a `Sequential`; the model class is the layers one.
export { Sequential } from '@tensorflow/tfjs-layers';
