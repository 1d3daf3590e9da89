import { loadTracks, syntheticCatalog, type LoadReport, type Track } from '@spotrec/data';

/** The catalog a command works on and a sentence saying what it is. */
export interface Catalog {
  readonly tracks: Track[];
  readonly synthetic: boolean;
  /** One line for people: where the tracks came from. */
  readonly description: string;
  readonly report: LoadReport | undefined;
}

export interface CatalogOptions {
  readonly data?: string;
  readonly seed: number;
  readonly tracks: number;
}

/** Loads `--data`, or draws the embedded synthetic catalog when no file is given. */
export async function openCatalog(options: CatalogOptions): Promise<Catalog> {
  if (options.data === undefined) {
    const tracks = syntheticCatalog({ tracks: options.tracks, seed: options.seed });
    return {
      tracks,
      synthetic: true,
      report: undefined,
      description:
        `SYNTHETIC catalog: ${tracks.length.toLocaleString('en-US')} made-up tracks (seed ${options.seed}) drawn from ` +
        'per-genre statistics of the Spotify Tracks Dataset; no track in it is real. Use --data <csv> for real data.',
    };
  }
  const { tracks, report } = await loadTracks(options.data);
  const merged =
    report.duplicatesMerged > 0
      ? `, ${report.duplicatesMerged.toLocaleString('en-US')} duplicate rows merged`
      : '';
  return {
    tracks,
    synthetic: false,
    report,
    description: `${options.data}: ${report.rowsRead.toLocaleString('en-US')} rows, ${tracks.length.toLocaleString('en-US')} tracks (${report.layout} layout${merged})`,
  };
}
