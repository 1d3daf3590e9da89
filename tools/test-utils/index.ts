import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

/** The real data beside the project root: `../shared/data` (never committed). */
export const SHARED_DATA_DIR = fileURLToPath(new URL('../../../shared/data', import.meta.url));

/** Paths of the real files, see ../shared/data/README.md. */
export const REAL_DATA = {
  spotifySubset: `${SHARED_DATA_DIR}/spotify_tracks_subset.csv.gz`,
  spotifyProvenance: `${SHARED_DATA_DIR}/spotify_tracks_subset.provenance.csv.gz`,
  tidyTuesday: `${SHARED_DATA_DIR}/tidytuesday_spotify_songs.csv.gz`,
} as const;

/** True when the real data folder is present (development machines and CI). */
export const hasRealData = existsSync(REAL_DATA.spotifySubset) && existsSync(REAL_DATA.tidyTuesday);

const SKIP_REASON = `skipped: the real data is not at ${SHARED_DATA_DIR} (see the README, "Real data")`;

/**
 * A `describe` block over the real data: runs when `../shared/data` is present, otherwise is
 * reported as skipped with the reason in its title (and once on stderr).
 */
export function describeRealData(title: string, body: () => void): void {
  if (!hasRealData) console.warn(`[spotrec] ${title}: ${SKIP_REASON}`);
  describe.skipIf(!hasRealData)(hasRealData ? title : `${title} (${SKIP_REASON})`, body);
}
