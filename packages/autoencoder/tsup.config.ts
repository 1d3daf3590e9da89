import { spotrecBrowserPreset } from '@spotrec/tsup-config';

// Two builds: Node (ESM + CJS; `shims`: the CJS build needs import.meta.url to locate the
// TensorFlow.js WASM binaries) and the browser's `dist/index.browser.js`, where
// `node-fs.browser.ts` stands in for `node-fs.ts` (no Node built-in).
export default spotrecBrowserPreset({ shims: true });
