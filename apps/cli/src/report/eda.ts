import {
  describeCategories,
  describeDataQuality,
  describeGenreProfiles,
  type CategoricalSummary,
  type DataQuality,
  type GenreProfiles,
  type LoadReport,
  type NumericTrackField,
  type Track,
  type TracksDescription,
} from '@spotrec/data';
import { quantileSorted } from './quantile';
import { count, htmlTable, percent, r, signed, type ReportBlock } from './render';

/** Continuous features drawn as histograms, with their units. */
export const HISTOGRAM_FEATURES: readonly { field: NumericTrackField; unit: string }[] = [
  { field: 'popularity', unit: '0–100' },
  { field: 'danceability', unit: '0–1' },
  { field: 'energy', unit: '0–1' },
  { field: 'loudness', unit: 'dB' },
  { field: 'speechiness', unit: '0–1' },
  { field: 'acousticness', unit: '0–1' },
  { field: 'instrumentalness', unit: '0–1' },
  { field: 'liveness', unit: '0–1' },
  { field: 'valence', unit: '0–1' },
  { field: 'tempo', unit: 'BPM' },
];

/** Features of the genre heatmap, the box plots and popularity charts. */
export const PROFILE_FEATURES: readonly NumericTrackField[] = [
  'popularity',
  'durationMs',
  'danceability',
  'energy',
  'loudness',
  'mode',
  'speechiness',
  'acousticness',
  'instrumentalness',
  'liveness',
  'valence',
  'tempo',
];

/** `text` with its first letter upper-cased, to open a sentence. */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** How a caption names a field. */
export function featureLabel(field: string): string {
  return field === 'durationMs' ? 'duration' : field === 'timeSignature' ? 'time signature' : field;
}

const KEY_NAMES = ['C', 'C♯', 'D', 'D♯', 'E', 'F', 'F♯', 'G', 'G♯', 'A', 'A♯', 'B'];

function unitOf(field: NumericTrackField): string {
  return (
    HISTOGRAM_FEATURES.find((entry) => entry.field === field)?.unit ??
    (field === 'durationMs' ? 'ms' : '')
  );
}

function keyName(value: number): string {
  return value === -1 ? 'none' : (KEY_NAMES[value] ?? String(value));
}

/** The statistics every EDA block draws from, computed once. */
export interface EdaInputs {
  readonly tracks: readonly Track[];
  readonly description: TracksDescription;
  readonly profiles: GenreProfiles;
  readonly categories: readonly CategoricalSummary[];
  readonly quality: DataQuality;
  readonly synthetic: boolean;
}

/** Computes the statistics of the EDA blocks with `@spotrec/data`. */
export function edaInputs(
  tracks: readonly Track[],
  description: TracksDescription,
  report: LoadReport | undefined,
  synthetic: boolean,
): EdaInputs {
  return {
    tracks,
    description,
    profiles: describeGenreProfiles(tracks, { features: PROFILE_FEATURES }),
    categories: describeCategories(tracks),
    quality: describeDataQuality(tracks, report),
    synthetic,
  };
}

function summaryOf(description: TracksDescription, field: NumericTrackField) {
  return description.features.find((summary) => summary.feature === field);
}

/** The feature whose genre means spread most (largest standard deviation of standardised genre means). */
export function leadingFeature(profiles: GenreProfiles): {
  feature: NumericTrackField;
  at: number;
} {
  let best = { feature: profiles.features[0] as NumericTrackField, at: 0, spread: -1 };
  profiles.features.forEach((feature, at) => {
    if (feature === 'popularity') return;
    const values = profiles.genres
      .map((entry) => entry.standardised[at] as number)
      .filter(Number.isFinite);
    if (values.length < 2) return;
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    const spread = Math.sqrt(
      values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1),
    );
    if (spread > best.spread) best = { feature, at, spread };
  });
  return { feature: best.feature, at: best.at };
}

function distributions(inputs: EdaInputs): ReportBlock {
  const { tracks, description } = inputs;
  const skews = HISTOGRAM_FEATURES.flatMap(({ field }) => {
    const summary = summaryOf(description, field);
    if (summary === undefined || !(summary.std > 0)) return [];
    return [{ field, summary, skew: (summary.mean - summary.median) / summary.std }];
  }).sort((a, b) => Math.abs(b.skew) - Math.abs(a.skew));
  const [first, second] = skews;
  const shown = (value: number) =>
    Math.abs(value) < 0.01 && value !== 0 ? value.toExponential(1) : value.toFixed(2);
  const tempoZero = inputs.quality.tempoZero;
  const caption =
    `All ${count(tracks.length)} tracks, no sampling.` +
    (first === undefined
      ? ''
      : ` Most skewed: ${featureLabel(first.field)} (median ${shown(first.summary.median)}, mean ${shown(first.summary.mean)})` +
        (second === undefined
          ? '.'
          : ` and ${featureLabel(second.field)} (median ${shown(second.summary.median)}, mean ${shown(second.summary.mean)}).`)) +
    (tempoZero > 0
      ? ` ${count(tempoZero)} tracks with tempo 0 (not estimated) sit in the first tempo bin.`
      : '');
  return {
    id: 'feature-distributions',
    title: 'Distributions of the numeric features',
    caption,
    body: {
      specs: HISTOGRAM_FEATURES.map(({ field, unit }) => ({
        data: { values: tracks.map((track) => ({ value: track[field] })) },
        width: 170,
        height: 100,
        mark: { type: 'bar', color: '#4c78a8' },
        encoding: {
          x: {
            field: 'value',
            type: 'quantitative',
            bin: { maxbins: 30 },
            title: `${featureLabel(field)} (${unit})`,
          },
          y: { aggregate: 'count', type: 'quantitative', title: 'tracks' },
        },
      })),
    },
  };
}

function duration(inputs: EdaInputs): ReportBlock {
  const minutes = inputs.tracks
    .map((track) => track.durationMs)
    .filter((value): value is number => value !== null)
    .map((ms) => ms / 60_000);
  const sorted = Float64Array.from(minutes).sort();
  const longer = minutes.filter((value) => value > 10).length;
  const median = quantileSorted(sorted, 0.5);
  const caption =
    `Median ${median.toFixed(1)} minutes over ${count(minutes.length)} tracks; ` +
    `${percent(minutes.filter((value) => value > 6).length, minutes.length)} last longer than 6 minutes.` +
    (longer > 0 ? ` ${count(longer)} tracks longer than 10 minutes are left off the chart.` : '');
  return {
    id: 'duration',
    title: 'Track duration',
    caption,
    body: {
      specs: [
        {
          data: {
            values: minutes.filter((value) => value <= 10).map((value) => ({ minutes: value })),
          },
          width: 420,
          height: 160,
          mark: { type: 'bar', color: '#4c78a8' },
          encoding: {
            x: {
              field: 'minutes',
              type: 'quantitative',
              bin: { step: 0.25, extent: [0, 10] },
              title: 'duration (minutes)',
            },
            y: { aggregate: 'count', type: 'quantitative', title: 'tracks' },
          },
        },
      ],
    },
  };
}

function categorical(inputs: EdaInputs): ReportBlock {
  const total = (summary: CategoricalSummary | undefined) =>
    summary?.counts.reduce((sum, entry) => sum + entry.count, 0) ?? 0;
  const find = (field: string) => inputs.categories.find((summary) => summary.field === field);
  const [key, mode, signature, explicit] = ['key', 'mode', 'timeSignature', 'explicit'].map(find);
  const countOf = (summary: CategoricalSummary | undefined, value: number | boolean) =>
    summary?.counts.find((entry) => entry.value === value)?.count ?? 0;
  const keys = [...(key?.counts ?? [])]
    .filter((entry) => entry.value !== -1)
    .sort((a, b) => b.count - a.count);
  const common = keys[0];
  const rare = keys[keys.length - 1];
  const sentences = [
    `${percent(countOf(mode, 1), total(mode))} of tracks are in a major key` +
      (common === undefined || rare === undefined
        ? '.'
        : `; ${keyName(common.value as number)} is the most common key (${percent(common.count, total(key))}), ${keyName(rare.value as number)} the rarest (${percent(rare.count, total(key))}).`),
    total(signature) > 0
      ? `${percent(countOf(signature, 4), total(signature))} are in 4/4` +
        (total(explicit) > 0
          ? ` and ${percent(countOf(explicit, true), total(explicit))} are explicit.`
          : '.')
      : '',
  ];
  const label = (field: string, value: number | boolean) =>
    field === 'key'
      ? keyName(value as number)
      : field === 'mode'
        ? value === 1
          ? 'major'
          : 'minor'
        : field === 'timeSignature'
          ? `${String(value)}/4`
          : value
            ? 'explicit'
            : 'clean';
  const panel = (summary: CategoricalSummary | undefined, title: string) => ({
    width: summary?.field === 'key' ? 300 : 120,
    height: 120,
    title,
    data: {
      values: (summary?.counts ?? []).map((entry, order) => ({
        value: label(summary?.field ?? '', entry.value),
        order,
        tracks: entry.count,
      })),
    },
    mark: { type: 'bar' as const, color: '#72b7b2' },
    encoding: {
      x: {
        field: 'value',
        type: 'nominal' as const,
        sort: { field: 'order' },
        title: null,
        axis: { labelAngle: 0 },
      },
      y: { field: 'tracks', type: 'quantitative' as const, title: 'tracks' },
    },
  });
  return {
    id: 'categorical-features',
    title: 'Key, mode, time signature and explicit lyrics',
    caption: sentences.filter((sentence) => sentence !== '').join(' '),
    body: {
      specs: [
        panel(key, 'key (pitch class)'),
        panel(mode, 'mode'),
        panel(signature, 'time signature (beats per bar)'),
        ...(total(explicit) > 0 ? [panel(explicit, 'lyrics')] : []),
      ],
    },
  };
}

/** The strongest positive and negative off-diagonal correlations. */
export function extremeCorrelations(description: TracksDescription) {
  const { features, values } = description.correlation;
  let positive = { a: '', b: '', value: -Infinity };
  let negative = { a: '', b: '', value: Infinity };
  features.forEach((a, i) =>
    features.forEach((b, j) => {
      const value = values[i]?.[j] as number;
      if (j <= i || !Number.isFinite(value)) return;
      if (value > positive.value) positive = { a, b, value };
      if (value < negative.value) negative = { a, b, value };
    }),
  );
  return { positive, negative };
}

function correlations(inputs: EdaInputs): ReportBlock {
  const { features, values } = inputs.description.correlation;
  const { positive, negative } = extremeCorrelations(inputs.description);
  const labels = features.map(featureLabel);
  return {
    id: 'correlation-heatmap',
    title: 'Feature correlations (Pearson r)',
    caption:
      positive.a === ''
        ? 'No correlation can be computed: fewer than two tracks have every feature.'
        : `${capitalised(featureLabel(positive.a))} and ${featureLabel(positive.b)} move together (${r(positive.value)}); ` +
          `${featureLabel(negative.a)} and ${featureLabel(negative.b)} move apart (${r(negative.value)}). ` +
          `Over the ${count(inputs.tracks.filter((track) => features.every((feature) => track[feature] !== null)).length)} tracks with every feature.`,
    body: {
      specs: [
        {
          data: {
            values: features.flatMap((_, i) =>
              features.map((__, j) => {
                const value = values[i]?.[j] as number;
                return {
                  a: labels[i],
                  b: labels[j],
                  r: Number.isFinite(value) ? value : 0,
                  text: Number.isFinite(value) ? value.toFixed(2).replace('-', '−') : '',
                };
              }),
            ),
          },
          width: 520,
          height: 520,
          encoding: {
            x: {
              field: 'a',
              type: 'nominal',
              sort: labels,
              title: null,
              axis: { labelAngle: -45 },
            },
            y: { field: 'b', type: 'nominal', sort: labels, title: null },
          },
          layer: [
            {
              mark: 'rect',
              encoding: {
                color: {
                  field: 'r',
                  type: 'quantitative',
                  title: 'r',
                  scale: { domain: [-1, 1], scheme: 'redblue', reverse: true },
                },
              },
            },
            {
              mark: { type: 'text', fontSize: 9 },
              encoding: {
                text: { field: 'text', type: 'nominal' },
                color: {
                  condition: { test: 'abs(datum.r) > 0.6', value: 'white' },
                  value: '#222',
                },
              },
            },
          ],
        },
      ],
    },
  };
}

function genreHeatmap(inputs: EdaInputs): ReportBlock {
  const { profiles } = inputs;
  const { feature, at } = leadingFeature(profiles);
  const ordered = [...profiles.genres].sort(
    (a, b) => (b.standardised[at] as number) - (a.standardised[at] as number),
  );
  const top = ordered[0];
  const bottom = ordered[ordered.length - 1];
  const labels = profiles.features.map(featureLabel);
  return {
    id: 'genre-profiles',
    title: 'Genre profiles: each genre’s mean, in catalog standard deviations',
    caption:
      `Genres sorted by mean ${featureLabel(feature)}, the feature whose genre means differ most: ` +
      `${top?.genre ?? ''} is highest (${signed(top?.standardised[at] ?? Number.NaN)} sd), ${bottom?.genre ?? ''} lowest (${signed(bottom?.standardised[at] ?? Number.NaN)} sd). ` +
      'Colours are clipped at ±2 sd.',
    body: {
      specs: [
        {
          data: {
            values: ordered.flatMap((entry) =>
              labels.map((label, column) => ({
                genre: entry.genre,
                feature: label,
                z: entry.standardised[column],
                clipped: Math.max(-2, Math.min(2, (entry.standardised[column] as number) || 0)),
              })),
            ),
          },
          width: 360,
          height: { step: 9 },
          mark: 'rect',
          encoding: {
            x: {
              field: 'feature',
              type: 'nominal',
              sort: labels,
              title: null,
              axis: { orient: 'top', labelAngle: -45 },
            },
            y: {
              field: 'genre',
              type: 'nominal',
              sort: ordered.map((entry) => entry.genre),
              title: null,
              axis: { labelFontSize: 8 },
            },
            color: {
              field: 'clipped',
              type: 'quantitative',
              title: 'sd',
              scale: { domain: [-2, 2], scheme: 'redblue', reverse: true },
            },
          },
        },
      ],
    },
  };
}

/** The genres of the box plots: eight with at least 30 tracks, evenly spread along the leading feature. */
export function boxPlotGenres(profiles: GenreProfiles, at: number, size = 8): string[] {
  const eligible = profiles.genres
    .filter((entry) => entry.count >= 30 && Number.isFinite(entry.standardised[at]))
    .sort((a, b) => (b.standardised[at] as number) - (a.standardised[at] as number));
  if (eligible.length <= size) return eligible.map((entry) => entry.genre);
  return Array.from(
    { length: size },
    (_, index) =>
      eligible[Math.round((index * (eligible.length - 1)) / (size - 1))]?.genre as string,
  );
}

function boxPlots(inputs: EdaInputs): ReportBlock {
  const { feature, at } = leadingFeature(inputs.profiles);
  const genres = boxPlotGenres(inputs.profiles, at);
  const shownFeatures: NumericTrackField[] = [
    feature,
    ...(['energy', 'danceability', 'valence'] as const).filter((name) => name !== feature),
  ].slice(0, 4);
  const medians = genres.map((genre) => {
    const values = inputs.tracks
      .filter((track) => track.genres.includes(genre))
      .map((track) => track[feature] as number);
    return { genre, median: quantileSorted(Float64Array.from(values).sort(), 0.5) };
  });
  const sortedMedians = [...medians].sort((a, b) => b.median - a.median);
  const high = sortedMedians[0];
  const low = sortedMedians[sortedMedians.length - 1];
  const rows = inputs.tracks.flatMap((track) =>
    genres
      .filter((genre) => track.genres.includes(genre))
      .flatMap((genre) =>
        shownFeatures.map((name) => ({ genre, feature: featureLabel(name), value: track[name] })),
      ),
  );
  return {
    id: 'genre-box-plots',
    title: `Eight genres spread along ${featureLabel(feature)}`,
    caption:
      `Median ${featureLabel(feature)} runs from ${high?.median.toFixed(2) ?? ''} (${high?.genre ?? ''}) to ${low?.median.toFixed(2) ?? ''} (${low?.genre ?? ''}). ` +
      'Boxes span the quartiles, whiskers the range.',
    body: {
      specs: shownFeatures.map((name) => ({
        data: { values: rows.filter((row) => row.feature === featureLabel(name)) },
        title: featureLabel(name),
        width: 220,
        height: { step: 14 },
        mark: { type: 'boxplot', extent: 'min-max', size: 10 },
        encoding: {
          y: { field: 'genre', type: 'nominal', sort: genres, title: null },
          x: {
            field: 'value',
            type: 'quantitative',
            title: `${featureLabel(name)} (${unitOf(name)})`,
          },
          color: { field: 'genre', type: 'nominal', legend: null, sort: genres },
        },
      })),
    },
  };
}

/** Popularity's correlation with every other feature, strongest first. */
export function popularityCorrelations(description: TracksDescription) {
  const { features, values } = description.correlation;
  const row = features.indexOf('popularity');
  if (row === -1) return [];
  return features
    .map((feature, column) => ({ feature, value: values[row]?.[column] as number }))
    .filter((entry) => entry.feature !== 'popularity' && Number.isFinite(entry.value))
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
}

function popularityByFeature(inputs: EdaInputs): ReportBlock | undefined {
  const ranked = popularityCorrelations(inputs.description);
  const [first, second] = ranked;
  if (first === undefined) return undefined;
  const features = HISTOGRAM_FEATURES.filter(({ field }) => field !== 'popularity');
  return {
    id: 'popularity-features',
    title: 'Popularity against the audio features',
    caption:
      `Mean popularity (0–100) per bin of each feature. Popularity follows the features weakly: the strongest correlation is with ${featureLabel(first.feature)} (${r(first.value)})` +
      (second === undefined ? '.' : `, then ${featureLabel(second.feature)} (${r(second.value)}).`),
    body: {
      specs: features.map(({ field, unit }) => ({
        data: {
          values: inputs.tracks
            .filter((track) => track.popularity !== null)
            .map((track) => ({ popularity: track.popularity, value: track[field] })),
        },
        width: 170,
        height: 100,
        mark: { type: 'line', point: { size: 12 }, color: '#e45756' },
        encoding: {
          x: {
            field: 'value',
            type: 'quantitative',
            bin: { maxbins: 15 },
            title: `${featureLabel(field)} (${unit})`,
          },
          y: {
            aggregate: 'mean',
            field: 'popularity',
            type: 'quantitative',
            title: 'mean popularity',
            scale: { domain: [0, 100] },
          },
        },
      })),
    },
  };
}

function popularityByGenre(inputs: EdaInputs): ReportBlock | undefined {
  const { profiles } = inputs;
  const at = profiles.features.indexOf('popularity');
  if (at === -1) return undefined;
  const rows = profiles.genres
    .map((entry) => ({
      genre: entry.genre,
      popularity: entry.means[at] as number,
      tracks: entry.count,
    }))
    .filter((entry) => Number.isFinite(entry.popularity))
    .sort((a, b) => b.popularity - a.popularity);
  const top = rows[0];
  const bottom = rows[rows.length - 1];
  if (top === undefined || bottom === undefined) return undefined;
  const mean = profiles.catalogMeans[at] as number;
  return {
    id: 'popularity-genres',
    title: 'Mean popularity by genre',
    caption: `Mean popularity runs from ${top.popularity.toFixed(1)} (${top.genre}) to ${bottom.popularity.toFixed(1)} (${bottom.genre}); the catalog mean is ${mean.toFixed(1)} (dashed line).`,
    body: {
      specs: [
        {
          width: 360,
          height: { step: 9 },
          layer: [
            {
              data: { values: rows },
              mark: { type: 'bar', color: '#e45756' },
              encoding: {
                y: {
                  field: 'genre',
                  type: 'nominal',
                  sort: rows.map((row) => row.genre),
                  title: null,
                  axis: { labelFontSize: 8 },
                },
                x: { field: 'popularity', type: 'quantitative', title: 'mean popularity (0–100)' },
                tooltip: [{ field: 'tracks', type: 'quantitative' }],
              },
            },
            {
              data: { values: [{ mean }] },
              mark: { type: 'rule', strokeDash: [4, 3], color: '#222' },
              encoding: { x: { field: 'mean', type: 'quantitative' } },
            },
          ],
        },
      ],
    },
  };
}

function genreCounts(inputs: EdaInputs): ReportBlock {
  const { tracks, quality, description } = inputs;
  const shared = new Map<string, number>();
  for (const track of tracks) {
    const genres = [...new Set<string>(track.genres)];
    if (genres.length > 1)
      for (const genre of genres) shared.set(genre, (shared.get(genre) ?? 0) + 1);
  }
  const rows = description.genres.flatMap((entry) => [
    {
      genre: entry.genre,
      listing: 'this genre only',
      tracks: entry.count - (shared.get(entry.genre) ?? 0),
    },
    { genre: entry.genre, listing: 'also another genre', tracks: shared.get(entry.genre) ?? 0 },
  ]);
  const largest = description.genres[0];
  const smallest = description.genres[description.genres.length - 1];
  return {
    id: 'genre-counts',
    title: `Tracks per genre (all ${count(description.genres.length)})`,
    caption:
      `${count(quality.multiGenreTracks)} of ${count(tracks.length)} tracks (${percent(quality.multiGenreTracks, tracks.length)}) are listed under more than one genre and count in each, so the bars add up to ${count(quality.genreListings)} listings. ` +
      (largest === undefined || smallest === undefined
        ? ''
        : `Largest: ${largest.genre} (${count(largest.count)}); smallest: ${smallest.genre} (${count(smallest.count)}).`),
    body: {
      specs: [
        {
          data: { values: rows },
          width: 360,
          height: { step: 9 },
          mark: 'bar',
          encoding: {
            y: {
              field: 'genre',
              type: 'nominal',
              sort: description.genres.map((entry) => entry.genre),
              title: null,
              axis: { labelFontSize: 8 },
            },
            x: { field: 'tracks', type: 'quantitative', aggregate: 'sum', title: 'tracks' },
            color: {
              field: 'listing',
              type: 'nominal',
              title: null,
              sort: ['this genre only', 'also another genre'],
              scale: { range: ['#4c78a8', '#f58518'] },
              legend: { orient: 'top' },
            },
            order: { field: 'listing', sort: 'descending' },
          },
        },
      ],
    },
  };
}

function qualityPanel(inputs: EdaInputs): ReportBlock {
  const q = inputs.quality;
  const rows: (readonly (string | number)[])[] = [];
  if (q.rowsRead !== null) {
    rows.push(['rows read', q.rowsRead]);
    rows.push(['rows rejected', q.rowsRejected ?? 0]);
    for (const [rule, times] of Object.entries(q.issuesByRule))
      rows.push([`  issues: ${rule}`, times]);
    rows.push(['duplicate ids merged (rows folded into an earlier row)', q.duplicatesMerged ?? 0]);
    rows.push(['  of them with values differing from the row kept', q.conflicts ?? 0]);
    for (const [field, times] of Object.entries(q.conflictsByField))
      rows.push([`    differing in ${field}`, times]);
  }
  rows.push(['distinct tracks', q.tracks]);
  rows.push(['tracks listed under several genres', q.multiGenreTracks]);
  rows.push(['tempo 0 (not estimated)', q.tempoZero]);
  rows.push(['time signature 0 (not estimated)', q.timeSignatureZero]);
  rows.push(['key −1 (no key detected)', q.keyUndetected]);
  rows.push(['duration 0 ms', q.durationZero]);
  rows.push(['empty track name', q.emptyName]);
  rows.push(['no artist', q.noArtist]);
  for (const [field, times] of Object.entries(q.missing))
    rows.push([`missing ${featureLabel(field)}`, times]);
  const caption =
    q.rowsRead === null
      ? `No file was read (${inputs.synthetic ? 'a synthetic catalog' : 'the catalog of a bundle'}), so there are no row counts; ${count(q.tempoZero)} tempo-0 and ${count(q.timeSignatureZero)} time-signature-0 tracks.`
      : `${count(q.rowsRead)} rows read, ${count(q.rowsRejected ?? 0)} rejected, ${count(q.duplicatesMerged ?? 0)} duplicate rows merged (${count(q.conflicts ?? 0)} with values differing from the row kept, which wins) into ${count(q.tracks)} tracks. ` +
        `${count(q.tempoZero)} tempo-0 and ${count(q.timeSignatureZero)} time-signature-0 tracks are kept as they are.`;
  return {
    id: 'data-quality',
    title: 'Data quality',
    caption,
    body: { html: htmlTable(['check', 'count'], rows, 'quality') },
  };
}

function summaryTable(inputs: EdaInputs): ReportBlock {
  const number = (value: number) =>
    Number.isNaN(value)
      ? '–'
      : Math.abs(value) >= 1000
        ? value.toFixed(0)
        : value.toPrecision(4).replace(/\.?0+$/, '');
  const features = inputs.description.features;
  return {
    id: 'summary-statistics',
    title: 'Summary statistics',
    caption: `${count(inputs.description.count)} tracks; as pandas’ describe(): sample standard deviation, quartiles by linear interpolation. Missing values are left out of each feature’s figures.`,
    body: {
      html: htmlTable(
        ['feature', 'count', 'missing', 'mean', 'std', 'min', '25%', '50%', '75%', 'max'],
        features.map((summary) => [
          featureLabel(summary.feature) + (summary.feature === 'durationMs' ? ' (ms)' : ''),
          summary.count,
          summary.missing,
          number(summary.mean),
          number(summary.std),
          number(summary.min),
          number(summary.q1),
          number(summary.median),
          number(summary.q3),
          number(summary.max),
        ]),
        'summary',
      ),
    },
  };
}

/** Every EDA block, in page order. */
export function edaBlocks(inputs: EdaInputs): ReportBlock[] {
  return [
    qualityPanel(inputs),
    summaryTable(inputs),
    distributions(inputs),
    duration(inputs),
    categorical(inputs),
    correlations(inputs),
    genreCounts(inputs),
    genreHeatmap(inputs),
    boxPlots(inputs),
    popularityByFeature(inputs),
    popularityByGenre(inputs),
  ].filter((block): block is ReportBlock => block !== undefined);
}
