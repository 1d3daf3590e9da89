import { spotrecBrowserPreset } from '@spotrec/tsup-config';

// csv-parse's main entry is a Node stream; its browser entry bundles what it needs.
export default spotrecBrowserPreset({}, { alias: { 'csv-parse': 'csv-parse/browser/esm' } });
