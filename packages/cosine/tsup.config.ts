import { spotrecBrowserPreset } from '@spotrec/tsup-config';

// The browser build runs queryBatch on the calling thread (threads.browser.ts).
export default spotrecBrowserPreset();
