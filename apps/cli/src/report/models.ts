import type { NumericTrackField, Track } from '@spotrec/data';
import { FeaturePipeline } from '@spotrec/features';
import type { ProtocolResult } from '@spotrec/metrics';
import type { RecommenderBundle } from '@spotrec/recommender';
import type { TopLevelSpec } from 'vega-lite';
import { featureLabel } from './eda';
import { GENRE_FAMILIES, familyOf } from './families';
import { count, escapeHtml, htmlTable, percent, sampleOf, type ReportBlock } from './render';

const METRIC_TITLES: Record<string, string> = {
  precision: 'P@',
  recall: 'recall@',
  mrr: 'MRR@',
  ndcg: 'NDCG@',
};

/** The metrics a protocol's chart shows. */
export const PROTOCOL_CHART_METRICS = {
  A: ['precision', 'mrr', 'ndcg'],
  'A′': ['precision', 'mrr', 'ndcg'],
  B: ['recall', 'ndcg'],
} as const;

/** A metric's mean and 95% interval as captions write it: `0.123 [0.110, 0.136]`. */
export function withInterval(summary: { mean: number; ci95: readonly [number, number] }): string {
  return `${summary.mean.toFixed(3)} [${summary.ci95[0].toFixed(3)}, ${summary.ci95[1].toFixed(3)}]`;
}

function metricPanel(
  rows: readonly { system: string; mean: number; low: number; high: number }[],
  title: string,
  colour: string,
): TopLevelSpec {
  return {
    data: { values: rows.map((row) => ({ ...row, label: row.mean.toFixed(3) })) },
    title,
    width: 200,
    height: { step: 22 },
    encoding: {
      y: {
        field: 'system',
        type: 'nominal',
        sort: rows.map((row) => row.system),
        title: null,
        axis: { labelLimit: 0 },
      },
    },
    layer: [
      {
        mark: { type: 'bar', color: colour, height: 14 },
        encoding: { x: { field: 'mean', type: 'quantitative', title: 'mean (95% interval)' } },
      },
      {
        mark: { type: 'rule', color: '#222' },
        encoding: { x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 10 },
        encoding: {
          x: { field: 'high', type: 'quantitative' },
          text: { field: 'label', type: 'nominal' },
        },
      },
    ],
  };
}

/**
 * A protocol's chart: one panel per metric for the comparable systems (own scale, numbers on
 * the bars, 95% intervals), and the circular systems apart on their own scale, labelled.
 */
export function protocolBlock(
  result: ProtocolResult<unknown>,
  id: string,
  title: string,
  what: string,
): ReportBlock {
  const metrics = PROTOCOL_CHART_METRICS[result.protocol];
  const rowsOf = (circular: boolean, metric: string) =>
    result.systems
      .filter((system) => system.circular === circular)
      .flatMap((system) => {
        const summary = system.metrics[metric as keyof typeof system.metrics];
        return summary === undefined
          ? []
          : [
              {
                system: system.name,
                mean: summary.mean,
                low: summary.ci95[0],
                high: summary.ci95[1],
              },
            ];
      });
  const name = (metric: string) => `${METRIC_TITLES[metric] ?? metric}${result.k}`;
  const first = metrics[0];
  const comparable = result.systems.filter((system) => !system.circular);
  const ranked = [...comparable].sort(
    (a, b) => (b.metrics[first]?.mean ?? 0) - (a.metrics[first]?.mean ?? 0),
  );
  const best = ranked[0];
  const reference = comparable.find((system) => system.name === result.reference);
  const circular = result.systems.filter((system) => system.circular);
  const sentences = [
    `${what}, ${count(result.queries.length)} queries, k = ${result.k}.`,
    best?.metrics[first] === undefined
      ? ''
      : `${best.name} leads ${name(first)} with ${withInterval(best.metrics[first])}` +
        ranked
          .slice(1)
          .map((system) =>
            system.metrics[first] === undefined
              ? ''
              : system === reference
                ? `; the reference, ${system.name}, ${withInterval(system.metrics[first])}`
                : `; ${system.name} ${system.metrics[first].mean.toFixed(3)}`,
          )
          .join('') +
        '.',
    ...circular.map((system) =>
      system.metrics[first] === undefined
        ? ''
        : `${system.name} reaches ${system.metrics[first].mean.toFixed(3)} only because genre is one of its inputs (circular): it is drawn apart, on its own scale.`,
    ),
  ];
  const specs: TopLevelSpec[] = metrics.map((metric) =>
    metricPanel(rowsOf(false, metric), name(metric), '#4c78a8'),
  );
  if (circular.length > 0)
    specs.push(
      metricPanel(
        metrics.flatMap((metric) =>
          rowsOf(true, metric).map((row) => ({ ...row, system: `${name(metric)}: ${row.system}` })),
        ),
        'circular: genre is an input (not comparable)',
        '#bab0ac',
      ),
    );
  return { id, title, caption: sentences.filter((text) => text !== '').join(' '), body: { specs } };
}

/** One epoch of a training history as the autoencoder records it. */
interface Epoch {
  readonly epoch: number;
  readonly loss: number;
  readonly validationLoss: number | null;
}

/** Reads a training history from a manifest (`unknown[]`), keeping well-formed epochs. */
export function epochsOf(history: readonly unknown[] | undefined): Epoch[] {
  return (history ?? []).flatMap((entry) => {
    const value = entry as Partial<Epoch>;
    return typeof value.epoch === 'number' && typeof value.loss === 'number'
      ? [{ epoch: value.epoch, loss: value.loss, validationLoss: value.validationLoss ?? null }]
      : [];
  });
}

/** The epoch with the lowest validation loss (or training loss without validation). */
export function bestEpoch(epochs: readonly Epoch[]): Epoch | undefined {
  let best: Epoch | undefined;
  for (const epoch of epochs) {
    const value = epoch.validationLoss ?? epoch.loss;
    if (best === undefined || value < (best.validationLoss ?? best.loss)) best = epoch;
  }
  return best;
}

/** Training curves of every trained model (train and validation MSE per epoch, log scale). */
export function trainingBlock(
  models: readonly { readonly name: string; readonly epochs: readonly Epoch[] }[],
): ReportBlock | undefined {
  const trained = models.filter((model) => model.epochs.length > 0);
  if (trained.length === 0) return undefined;
  const sentences = trained.map((model) => {
    const best = bestEpoch(model.epochs) as Epoch;
    const last = model.epochs[model.epochs.length - 1] as Epoch;
    return `${model.name}: lowest ${best.validationLoss === null ? 'training' : 'validation'} MSE ${(best.validationLoss ?? best.loss).toPrecision(3)} at epoch ${best.epoch} of ${last.epoch}${best.epoch < last.epoch ? ' (its weights were kept)' : ''}.`;
  });
  return {
    id: 'loss-curves',
    title: 'Training curves',
    caption: sentences.join(' '),
    body: {
      specs: trained.map((model) => ({
        title: model.name,
        data: {
          values: model.epochs.flatMap((step) => [
            { epoch: step.epoch, split: 'train', mse: step.loss },
            ...(step.validationLoss === null
              ? []
              : [{ epoch: step.epoch, split: 'validation', mse: step.validationLoss }]),
          ]),
        },
        width: 300,
        height: 180,
        mark: { type: 'line', point: { size: 16 } },
        encoding: {
          x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
          y: {
            field: 'mse',
            type: 'quantitative',
            scale: { type: 'log' },
            title: 'reconstruction MSE (log scale)',
          },
          color: { field: 'split', type: 'nominal', title: null, legend: { orient: 'top' } },
        },
      })),
    },
  };
}

/** 2-means on 2-D points (seeded by the extreme points of the first axis); each point's cluster. */
export function twoMeans(points: readonly { x: number; y: number }[]): Uint8Array {
  const labels = new Uint8Array(points.length);
  if (points.length < 2) return labels;
  let low = points[0] as { x: number; y: number };
  let high = low;
  for (const point of points) {
    if (point.x < low.x) low = point;
    if (point.x > high.x) high = point;
  }
  const centres = [{ ...low }, { ...high }];
  for (let round = 0; round < 50; round += 1) {
    let moved = false;
    points.forEach((point, at) => {
      const [a, b] = centres as [{ x: number; y: number }, { x: number; y: number }];
      const label =
        (point.x - a.x) ** 2 + (point.y - a.y) ** 2 <= (point.x - b.x) ** 2 + (point.y - b.y) ** 2
          ? 0
          : 1;
      if (labels[at] !== label) moved = true;
      labels[at] = label;
    });
    for (const cluster of [0, 1]) {
      let x = 0;
      let y = 0;
      let n = 0;
      points.forEach((point, at) => {
        if (labels[at] !== cluster) return;
        x += point.x;
        y += point.y;
        n += 1;
      });
      if (n > 0) centres[cluster] = { x: x / n, y: y / n };
    }
    if (!moved && round > 0) break;
  }
  return labels;
}

/** The share of tracks whose 2-means cluster matches their mode (under the better of the two labellings). */
export function modeAgreement(labels: ArrayLike<number>, modes: readonly number[]): number {
  let same = 0;
  for (let at = 0; at < modes.length; at += 1) if (labels[at] === modes[at]) same += 1;
  return Math.max(same, modes.length - same) / Math.max(1, modes.length);
}

/**
 * The embedding map: the model's vectors projected on their first two principal components,
 * coloured by genre family or by a feature, with the share of the two-cloud split that mode explains.
 */
export function embeddingBlock(
  bundle: RecommenderBundle,
  tracks: readonly Track[],
  colorBy: 'family' | NumericTrackField,
  seed: number,
): ReportBlock {
  const index = bundle.embeddingIndex ?? bundle.featureIndex;
  const vectors = index.normalisedData;
  const cols = index.dimension;
  const rows = index.size;
  const named = Array.from({ length: rows }, (_, row) =>
    Object.fromEntries(
      Array.from({ length: cols }, (_, col) => [`e${col}`, vectors[row * cols + col] as number]),
    ),
  );
  const pca = new FeaturePipeline({
    columns: Array.from({ length: cols }, (_, col) => ({
      kind: 'numeric' as const,
      name: `e${col}`,
      scaler: 'none' as const,
    })),
    pca: { components: 2 },
  });
  const projected = pca.fitTransform(named).data;
  const byId = new Map(tracks.map((track) => [track.id, track]));
  const ids = index.ids;
  const points = Array.from({ length: rows }, (_, row) => {
    const track = byId.get(String(ids[row])) as Track;
    return {
      x: projected[row * 2] as number,
      y: projected[row * 2 + 1] as number,
      mode: track.mode,
      scale: track.mode === 1 ? 'major' : 'minor',
      family: familyOf(track.genres),
      value: colorBy === 'family' ? null : track[colorBy],
    };
  });
  const labels = twoMeans(points);
  const agreement = modeAgreement(
    labels,
    points.map((point) => point.mode),
  );
  const drawn = sampleOf(points, 2500, seed);
  const source =
    bundle.embeddingIndex === undefined
      ? `its ${cols} scaled input features`
      : `its ${cols}-d embeddings`;
  // Which cloud is the major one: the cluster where most tracks are in a major key.
  let majorInZero = 0;
  let zero = 0;
  points.forEach((point, at) => {
    if (labels[at] !== 0) return;
    zero += 1;
    if (point.mode === 1) majorInZero += 1;
  });
  const majorCluster = majorInZero * 2 >= zero ? 0 : 1;
  const byFamily = new Map<string, { tracks: number; major: number }>();
  points.forEach((point, at) => {
    const entry = byFamily.get(point.family) ?? { tracks: 0, major: 0 };
    entry.tracks += 1;
    if (labels[at] === majorCluster) entry.major += 1;
    byFamily.set(point.family, entry);
  });
  const shares = [...byFamily.values()]
    .filter((entry) => entry.tracks >= 50)
    .map((entry) => (100 * entry.major) / entry.tracks);
  const familySentence =
    shares.length < 2
      ? ''
      : ` Every genre family with 50 tracks or more has ${Math.min(...shares).toFixed(0)}–${Math.max(...shares).toFixed(0)}% of its tracks in the major cloud${Math.max(...shares) - Math.min(...shares) < 30 ? ': genre does not separate them' : ''}.`;
  const modeSentence =
    agreement >= 0.9
      ? `The two clouds are major and minor mode: a 2-means split of the map agrees with mode on ${(agreement * 100).toFixed(1)}% of tracks, because mode is a 0/1 input that outweighs every continuous feature.${familySentence}`
      : `Mode is not what splits this map: a 2-means split agrees with mode on only ${(agreement * 100).toFixed(1)}% of tracks.`;
  return {
    id: 'embedding-map',
    title: `Map of ${bundle.manifest.model.name}: ${source} on the first two principal components`,
    caption: `${modeSentence} ${drawn.length < points.length ? `${count(drawn.length)} of ${count(points.length)} tracks drawn (seeded sample; the components are fitted on all).` : `All ${count(points.length)} tracks drawn.`}`,
    body: {
      specs: [
        {
          data: { values: drawn },
          width: 520,
          height: 420,
          mark: { type: 'point', filled: true, size: 12, opacity: 0.6 },
          encoding: {
            x: { field: 'x', type: 'quantitative', title: 'PC1' },
            y: { field: 'y', type: 'quantitative', title: 'PC2' },
            ...(colorBy === 'family'
              ? {
                  color: {
                    field: 'family',
                    type: 'nominal',
                    title: 'genre family',
                    scale: { domain: [...GENRE_FAMILIES], scheme: 'tableau20' },
                    legend: { orient: 'bottom', columns: 2, labelLimit: 0 },
                  },
                }
              : {
                  color: {
                    field: 'value',
                    type: 'quantitative',
                    title: featureLabel(colorBy),
                    scale: { scheme: 'viridis' },
                    legend: { orient: 'bottom' },
                  },
                }),
            shape: {
              field: 'scale',
              type: 'nominal',
              title: 'mode',
              legend: { orient: 'bottom' },
            },
          },
        },
      ],
    },
  };
}

/** The audio features an example's "closest in" column compares. */
const EXPLAINED_FEATURES = [
  'danceability',
  'energy',
  'loudness',
  'speechiness',
  'acousticness',
  'instrumentalness',
  'liveness',
  'valence',
  'tempo',
] as const;

function formatValue(value: number): string {
  return Math.abs(value) >= 10 ? value.toFixed(0) : value.toFixed(2);
}

/** A few seeded example recommendations with the features that explain them. */
export function examplesBlock(
  bundle: RecommenderBundle,
  tracks: readonly Track[],
  seed: number,
  size = 3,
  k = 5,
): ReportBlock {
  const candidates = tracks.filter(
    (track) =>
      track.name.trim() !== '' && track.artists.length > 0 && (track.popularity ?? 0) >= 50,
  );
  const seeds = sampleOf(candidates.length >= size ? candidates : tracks, size, seed);
  const spread = new Map(
    EXPLAINED_FEATURES.map((feature) => {
      const values = tracks.map((track) => track[feature]);
      const mean = values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
      const variance =
        values.reduce((sum, value) => sum + (value - mean) ** 2, 0) /
        Math.max(1, values.length - 1);
      return [feature, Math.sqrt(variance) || 1];
    }),
  );
  const closest = (a: Track, b: Track) =>
    EXPLAINED_FEATURES.map((feature) => ({
      feature,
      distance: Math.abs(a[feature] - b[feature]) / (spread.get(feature) as number),
    }))
      .sort((x, y) => x.distance - y.distance)
      .slice(0, 3)
      .map(
        (entry) =>
          `${entry.feature} ${a[entry.feature] === b[entry.feature] ? '=' : '≈'} ${formatValue(b[entry.feature])}`,
      )
      .join(', ');
  const featureContributions = (contributions: readonly { feature: string }[]) =>
    contributions.length > 0 &&
    contributions.every((entry) => !/^(embedding|dim)\d+$/.test(entry.feature));
  let shared = 0;
  let total = 0;
  let explained = false;
  const tables = seeds.map((seedTrack) => {
    const response = bundle.recommend({ seedTracks: [seedTrack.id], k });
    const rows = response.tracks.map((hit, at) => {
      total += 1;
      if (hit.track.genres.some((genre) => seedTrack.genres.includes(genre))) shared += 1;
      if (featureContributions(hit.contributions)) explained = true;
      return [
        at + 1,
        hit.track.name,
        hit.track.artists.join(', '),
        hit.track.genres.join(', '),
        hit.score.toFixed(3),
        closest(seedTrack, hit.track),
        !featureContributions(hit.contributions)
          ? '–'
          : hit.contributions
              .slice(0, 3)
              .map((entry) => `${featureLabel(entry.feature)} ${entry.contribution.toFixed(3)}`)
              .join(', '),
      ];
    });
    return { seedTrack, rows };
  });
  const html = tables
    .map(
      ({ seedTrack, rows }) =>
        `<h4>Seed: ${escapeHtml(seedTrack.name)} — ${escapeHtml(seedTrack.artists.join(', '))} <span class="muted">(${escapeHtml(seedTrack.genres.join(', '))})</span></h4>${htmlTable(
          [
            '#',
            'track',
            'artists',
            'genres',
            'score',
            'closest to the seed in',
            ...(explained ? ['top contributions'] : []),
          ],
          explained ? rows : rows.map((row) => row.slice(0, -1)),
          'examples',
        )}`,
    )
    .join('');
  return {
    id: 'example-recommendations',
    title: `Example recommendations from ${bundle.manifest.model.name}`,
    caption: `${seeds.length} seed tracks drawn at random (seeded) among those with popularity 50 or more, ${k} recommendations each; ${shared} of ${total} recommendations (${percent(shared, total, 0)}) share a genre with their seed. ${explained ? '“Closest to the seed in” names the three audio features nearest to the seed’s (in catalog standard deviations); the contributions are each input feature’s term of the cosine similarity.' : '“Closest to the seed in” names the three audio features nearest to the seed’s (in catalog standard deviations): this model’s scores are not a sum over named features.'}`,
    body: { html },
  };
}
