import { writeFile } from 'node:fs/promises';
import {
  NUMERIC_TRACK_FIELDS,
  describeTracks,
  loadTracks,
  type NumericTrackField,
} from '@spotrec/data';
import type { ProtocolResult, Id } from '@spotrec/metrics';
import type { RecommenderBundle } from '@spotrec/recommender';
import { openInteractions, type Catalog, type InteractionsSettings } from '../catalog';
import { writeLine, type CliIO } from '../io';
import { bundleLine } from '../models';
import type { StepProgress } from '../progress';
import { edaBlocks, edaInputs } from '../report/eda';
import {
  embeddingBlock,
  epochsOf,
  examplesBlock,
  protocolBlock,
  trainingBlock,
} from '../report/models';
import { renderPage } from '../report/page';
import { count, type ReportBlock, type ReportPart } from '../report/render';
import { runHeldOutArtists, runProtocolA, runProtocolB } from '../systems';

export interface ReportOptions {
  readonly out: string;
  /** Where the model came from, for the page: the bundle folder, or `null` when fitted in memory. */
  readonly bundleDir: string | null;
  readonly queries: number;
  readonly seed: number;
  readonly json: boolean;
  /** `--held-out-artists`: also run protocol A′ (fits its own autoencoder on 80% of artists). */
  readonly heldOutArtists: boolean;
  /** Epochs of the A′ autoencoder. */
  readonly epochs: number;
  /** `--interactions`: protocol B on these playlists. */
  readonly interactions?: string;
  readonly interactionsSettings: InteractionsSettings;
  /** What colours the embedding map: genre family or a numeric feature. */
  readonly colorBy: 'family' | NumericTrackField;
  readonly steps: StepProgress;
}

/** `spotrec report`: a self-contained HTML page with every chart rendered to inline SVG. */
export async function reportCommand(
  opened: { readonly bundle: RecommenderBundle; readonly catalog: Catalog },
  options: ReportOptions,
  io: CliIO,
): Promise<void> {
  const { bundle, catalog } = opened;
  const { steps } = options;
  const tracks = catalog.tracks;
  const model = bundle.manifest.model;
  const modelLine = bundleLine(
    bundle,
    options.bundleDir === null
      ? 'model fitted in memory for this report'
      : `bundle ${options.bundleDir}`,
  );

  const eda = await steps.run(`describing ${count(tracks.length)} tracks`, () =>
    edaInputs(
      tracks,
      // Fields the source has no column for (all null) are left out of the correlations.
      describeTracks(tracks, {
        features: NUMERIC_TRACK_FIELDS.filter((field) =>
          tracks.some((track) => track[field] !== null),
        ),
      }),
      catalog.report,
      catalog.synthetic,
    ),
  );
  const queries = Math.min(options.queries, tracks.length);
  const resultA = await steps.run(`protocol A on ${count(queries)} queries`, (step) =>
    runProtocolA(tracks, model.kind === 'features' ? [] : [{ name: model.name, bundle }], {
      queries: options.queries,
      seed: options.seed,
      onProgress: step.progress,
    }),
  );
  let resultHeldOut: ProtocolResult<Id> | undefined;
  let heldOutHistory: readonly unknown[] = [];
  if (options.heldOutArtists)
    resultHeldOut = await steps.run(
      `protocol A′ (held-out artists, autoencoder of ${options.epochs} epochs)`,
      (step) =>
        runHeldOutArtists(tracks, {
          queries: options.queries,
          seed: options.seed,
          epochs: options.epochs,
          onProgress: step.progress,
          onTrained: (history) => {
            heldOutHistory = history;
          },
        }),
    );
  let resultB: ProtocolResult<string> | undefined;
  const interactionsPath = options.interactions;
  if (interactionsPath !== undefined)
    resultB = await steps.run(`protocol B on ${interactionsPath}`, async () => {
      const { tracks: playlistTracks } = await loadTracks(interactionsPath, {
        onInvalid: options.interactionsSettings.onInvalid,
      });
      const interactions = await openInteractions(
        interactionsPath,
        options.interactionsSettings,
        io,
      );
      return runProtocolB(playlistTracks, interactions, {
        seed: options.seed,
        epochs: options.epochs,
      });
    });

  const modelBlocks = await steps.run('embedding map and example recommendations', () => {
    const blocks: (ReportBlock | undefined)[] = [
      protocolBlock(
        resultA,
        'metric-comparison',
        'Protocol A: genre as relevance',
        'Relevant: shares a genre with the query; candidates: the whole catalog',
      ),
      resultHeldOut === undefined
        ? undefined
        : protocolBlock(
            resultHeldOut,
            'metric-held-out-artists',
            'Protocol A′: held-out artists',
            'As A, with every learned part fitted without the query artists (a seeded 20%)',
          ),
      resultB === undefined
        ? undefined
        : protocolBlock(
            resultB,
            'metric-playlists',
            'Protocol B: playlist continuation',
            `A seeded 20% of each playlist of ${interactionsPath ?? ''} hidden and ranked`,
          ),
      trainingBlock([
        { name: `${model.name} (the model shown)`, epochs: epochsOf(model.training) },
        { name: 'protocol A′ autoencoder', epochs: epochsOf(heldOutHistory) },
      ]),
      embeddingBlock(bundle, tracks, options.colorBy, options.seed),
      examplesBlock(bundle, tracks, options.seed),
    ];
    return blocks.filter((block): block is ReportBlock => block !== undefined);
  });
  const edaList = edaBlocks(eda);
  const pick = (...ids: string[]) => edaList.filter((block) => ids.includes(block.id));
  const parts: ReportPart[] = [
    { id: 'data', title: 'The data', blocks: pick('data-quality', 'summary-statistics') },
    {
      id: 'distributions',
      title: 'Distributions',
      blocks: pick('feature-distributions', 'duration', 'categorical-features'),
    },
    {
      id: 'relationships',
      title: 'Relationships',
      blocks: pick('correlation-heatmap', 'popularity-features'),
    },
    {
      id: 'genres',
      title: 'Genres',
      blocks: pick('genre-counts', 'genre-profiles', 'genre-box-plots', 'popularity-genres'),
    },
    { id: 'models', title: 'Models', blocks: modelBlocks },
  ];
  const blocks = parts.flatMap((part) => part.blocks);
  const html = await steps.run(`rendering ${blocks.length} charts and tables`, () =>
    renderPage(
      {
        source: catalog.description,
        model: modelLine,
        fingerprint: bundle.fingerprint,
        settings: [
          `Seed ${options.seed}`,
          `protocol A on ${count(queries)} seeded query tracks`,
          options.heldOutArtists
            ? 'protocol A′ on held-out artists'
            : 'protocol A′ not run (add --held-out-artists)',
          interactionsPath === undefined
            ? 'protocol B not run (add --interactions)'
            : `protocol B on ${interactionsPath}`,
        ].join('; '),
        synthetic: catalog.synthetic,
      },
      parts,
    ),
  );
  await writeFile(options.out, html);
  const bytes = Buffer.byteLength(html);
  if (options.json) {
    writeLine(
      io.stdout,
      JSON.stringify({
        source: catalog.description,
        synthetic: catalog.synthetic,
        out: options.out,
        charts: blocks.map((block) => block.id),
        captions: Object.fromEntries(blocks.map((block) => [block.id, block.caption])),
        bytes,
        model: { kind: model.kind, name: model.name, fingerprint: bundle.fingerprint },
      }),
    );
  } else {
    writeLine(io.stdout, catalog.description);
    writeLine(
      io.stdout,
      `Wrote ${options.out}: ${blocks.length} charts and tables, ${(bytes / 1024).toFixed(0)} KiB, self-contained.`,
    );
  }
}
