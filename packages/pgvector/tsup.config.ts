import { spotrecPreset } from '@spotrec/tsup-config';

export default spotrecPreset();
