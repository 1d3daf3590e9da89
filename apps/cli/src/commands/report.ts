import { writeFile } from 'node:fs/promises';
import { describeTracks, type Track } from '@spotrec/data';
import { FeaturePipeline } from '@spotrec/features';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { RecommenderBundle } from '@spotrec/recommender';
import type { Catalog } from '../catalog';
import { writeLine, type CliIO } from '../io';
import { bundleLine } from '../models';
import { runProtocolA } from '../systems';

export interface ReportOptions {
  readonly out: string;
  /** Where the model came from, for the page: the bundle folder, or `null` when fitted in memory. */
  readonly bundleDir: string | null;
  readonly queries: number;
  readonly seed: number;
  readonly json: boolean;
}

/** Renders a Vega-Lite spec to an SVG string on the server (no browser, no network). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char] as string,
  );
}

function sampleOf<T>(items: readonly T[], size: number, seed: number): T[] {
  if (items.length <= size) return [...items];
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const picked = [...items];
  for (let at = 0; at < size; at += 1) {
    const swap = at + Math.floor(random() * (picked.length - at));
    [picked[at], picked[swap]] = [picked[swap] as T, picked[at] as T];
  }
  return picked.slice(0, size);
}

/** `spotrec report`: a self-contained HTML page with every chart rendered to inline SVG. */
export async function reportCommand(
  opened: { readonly bundle: RecommenderBundle; readonly catalog: Catalog },
  options: ReportOptions,
  io: CliIO,
): Promise<void> {
  const { bundle, catalog } = opened;
  const tracks = catalog.tracks;
  const description = describeTracks(tracks);
  const model = bundle.manifest.model;
  const modelLine = bundleLine(
    bundle,
    options.bundleDir === null
      ? 'model fitted in memory for this report'
      : `bundle ${options.bundleDir}`,
  );
  // The embeddings and the training curve come from the bundle: the model shown is the one named.
  const embedded = bundle.embeddingIndex;
  const embeddings =
    embedded === undefined
      ? undefined
      : { data: embedded.normalisedData, rows: embedded.size, cols: embedded.dimension };
  const history = (model.training ?? []) as readonly {
    epoch: number;
    loss: number;
    validationLoss: number;
  }[];
  const result = await runProtocolA(
    tracks,
    model.kind === 'features' ? [] : [{ name: model.name, bundle }],
    { queries: options.queries, seed: options.seed },
  );
  const rows = result.systems.map((system) => ({ system: system.name, metrics: system.metrics }));

  const sample = sampleOf(tracks, 4000, options.seed);
  const distributionFeatures = [
    'danceability',
    'energy',
    'loudness',
    'speechiness',
    'acousticness',
    'instrumentalness',
    'liveness',
    'valence',
    'tempo',
    'popularity',
  ];
  const charts: [string, string, TopLevelSpec][] = [];
  charts.push([
    'feature-distributions',
    'Feature distributions',
    {
      data: {
        values: sample.map((track) =>
          Object.fromEntries(
            distributionFeatures.map((feature) => [feature, track[feature as keyof Track]]),
          ),
        ),
      },
      repeat: distributionFeatures,
      columns: 5,
      spec: {
        width: 150,
        height: 90,
        mark: 'bar',
        encoding: {
          x: { field: { repeat: 'repeat' }, type: 'quantitative', bin: { maxbins: 30 } },
          y: { aggregate: 'count', type: 'quantitative', title: 'tracks' },
        },
      },
    },
  ]);
  const { features, values } = description.correlation;
  charts.push([
    'correlation-heatmap',
    'Feature correlations (Pearson)',
    {
      data: {
        values: features.flatMap((a, i) =>
          features.map((b, j) => ({
            a,
            b,
            r: Number.isFinite(values[i]?.[j]) ? values[i]?.[j] : 0,
          })),
        ),
      },
      width: 420,
      height: 420,
      mark: 'rect',
      encoding: {
        x: { field: 'a', type: 'nominal', sort: [...features], title: null },
        y: { field: 'b', type: 'nominal', sort: [...features], title: null },
        color: {
          field: 'r',
          type: 'quantitative',
          scale: { domain: [-1, 1], scheme: 'redblue', reverse: true },
        },
        tooltip: [{ field: 'r', type: 'quantitative', format: '.2f' }],
      },
    },
  ]);
  charts.push([
    'genre-counts',
    `Tracks per genre (the 30 largest of ${description.genres.length})`,
    {
      data: { values: description.genres.slice(0, 30) },
      width: 560,
      height: 420,
      mark: 'bar',
      encoding: {
        y: { field: 'genre', type: 'nominal', sort: '-x', title: null },
        x: { field: 'count', type: 'quantitative', title: 'tracks' },
      },
    },
  ]);
  if (history.length > 0)
    charts.push([
      'loss-curves',
      `Autoencoder training loss (${model.name}, catalog ${bundle.fingerprint.slice(0, 19)}…)`,
      {
        data: {
          values: history.flatMap((step) => [
            { epoch: step.epoch, split: 'train', mse: step.loss },
            { epoch: step.epoch, split: 'validation', mse: step.validationLoss },
          ]),
        },
        width: 480,
        height: 260,
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'epoch', type: 'quantitative' },
          y: { field: 'mse', type: 'quantitative', scale: { type: 'log' }, title: 'MSE' },
          color: { field: 'split', type: 'nominal' },
        },
      },
    ]);
  const metricRows = rows.flatMap((row) =>
    (['precision', 'mrr', 'ndcg'] as const).map((metric) => {
      const summary = row.metrics[metric];
      return {
        system: row.system,
        metric: { precision: 'P@10', mrr: 'MRR@10', ndcg: 'NDCG@10' }[metric],
        mean: summary?.mean ?? 0,
        low: summary?.ci95[0] ?? 0,
        high: summary?.ci95[1] ?? 0,
      };
    }),
  );
  charts.push([
    'metric-comparison',
    `Protocol A on ${Math.min(options.queries, tracks.length).toLocaleString('en-US')} query tracks (k = 10, 95% intervals)`,
    {
      data: { values: metricRows },
      facet: { column: { field: 'metric', type: 'nominal', title: null } },
      spec: {
        width: 200,
        height: 220,
        layer: [
          {
            mark: 'bar',
            encoding: {
              x: {
                field: 'system',
                type: 'nominal',
                axis: { labelAngle: -40, labelLimit: 160 },
                title: null,
              },
              y: { field: 'mean', type: 'quantitative', title: 'mean' },
              color: { field: 'system', type: 'nominal', legend: null },
            },
          },
          {
            mark: { type: 'rule', color: 'black' },
            encoding: {
              x: { field: 'system', type: 'nominal' },
              y: { field: 'low', type: 'quantitative' },
              y2: { field: 'high' },
            },
          },
        ],
      },
      resolve: { scale: { y: 'independent' } },
    },
  ]);
  if (embeddings !== undefined) {
    const topGenres = new Set(description.genres.slice(0, 10).map((entry) => entry.genre));
    const embeddingRows = Array.from({ length: embeddings.rows }, (_, row) =>
      Object.fromEntries(
        Array.from({ length: embeddings.cols }, (_, col) => [
          `e${col}`,
          embeddings.data[row * embeddings.cols + col] as number,
        ]),
      ),
    );
    const pca = new FeaturePipeline({
      columns: Array.from({ length: embeddings.cols }, (_, col) => ({
        kind: 'numeric' as const,
        name: `e${col}`,
        scaler: 'none' as const,
      })),
      pca: { components: 2 },
    });
    const projected = pca.fitTransform(embeddingRows);
    const points = sampleOf(
      tracks.flatMap((track, row) =>
        track.genres.some((genre) => topGenres.has(genre))
          ? [
              {
                x: projected.data[row * 2] as number,
                y: projected.data[row * 2 + 1] as number,
                genre: track.genres.find((genre) => topGenres.has(genre)) as string,
              },
            ]
          : [],
      ),
      3000,
      options.seed,
    );
    charts.push([
      'embedding-map',
      `Embeddings of ${model.name}, first two principal components (10 largest genres)`,
      {
        data: { values: points },
        width: 520,
        height: 420,
        mark: { type: 'circle', size: 14, opacity: 0.6 },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: 'PC1' },
          y: { field: 'y', type: 'quantitative', title: 'PC2' },
          color: { field: 'genre', type: 'nominal' },
        },
      },
    ]);
  }

  const sections: string[] = [];
  for (const [id, title, spec] of charts) {
    sections.push(
      `<section class="chart" id="${id}"><h2>${escapeHtml(title)}</h2>${await renderSvg(spec)}</section>`,
    );
  }
  const banner = catalog.synthetic
    ? '<p class="synthetic"><strong>Synthetic catalog.</strong> Every track below is made up, drawn from per-genre statistics of the Spotify Tracks Dataset. Run with <code>--data</code> for real data.</p>'
    : '';
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>spotrec report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; color: #222; }
h1 { margin-bottom: 0.2rem; } .source { color: #555; margin-top: 0; }
.synthetic { background: #fff4d6; border: 1px solid #e6c35c; padding: 0.6rem 0.9rem; border-radius: 4px; }
.chart { margin: 2rem 0; } .chart h2 { font-size: 1.1rem; } svg { max-width: 100%; height: auto; }
</style>
</head>
<body>
<h1>spotrec report</h1>
<p class="source">${escapeHtml(catalog.description)}</p>
<p class="source">Model: ${escapeHtml(modelLine)}</p>
${banner}
${sections.join('\n')}
</body>
</html>
`;
  await writeFile(options.out, html);
  if (options.json) {
    writeLine(
      io.stdout,
      JSON.stringify({
        source: catalog.description,
        synthetic: catalog.synthetic,
        out: options.out,
        charts: charts.map(([id]) => id),
        bytes: Buffer.byteLength(html),
        model: { kind: model.kind, name: model.name, fingerprint: bundle.fingerprint },
      }),
    );
  } else {
    writeLine(io.stdout, catalog.description);
    writeLine(
      io.stdout,
      `Wrote ${options.out}: ${charts.length} charts, ${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB, self-contained.`,
    );
  }
}
