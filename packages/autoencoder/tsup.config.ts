import { spotrecPreset } from '@spotrec/tsup-config';

// shims: the CJS build needs import.meta.url to locate the TensorFlow.js WASM binaries.
export default spotrecPreset({ shims: true });
