import { spotrecBrowserPreset } from '@spotrec/tsup-config';

// The browser build has no file system: bundle save/load fail there (bundle-files.browser.ts).
export default spotrecBrowserPreset();
