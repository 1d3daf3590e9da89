import {
  DataError,
  loadTracks,
  syntheticCatalog,
  type NumericTrackField,
  type RowIssue,
  type Track,
} from '@spotrec/data';
import type { Recommendation, RecommendResponse } from '@spotrec/recommender';
import { prepareCatalog, suggest, type Catalog } from './catalog';
import { requestOf, type FeatureSetting } from './request';
import {
  DEFAULT_K,
  DEMO_CATALOG,
  MAX_SEEDS,
  SLIDER_FEATURES,
  type SliderFeature,
} from './settings';

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page lacks #${id}`);
  return found as T;
}

function create<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className !== undefined) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const integer = new Intl.NumberFormat('en');

const ui = {
  catalogStatus: element<HTMLParagraphElement>('catalog-status'),
  catalogError: element<HTMLDivElement>('catalog-error'),
  dropzone: element<HTMLDivElement>('dropzone'),
  file: element<HTMLInputElement>('csv-file'),
  restore: element<HTMLButtonElement>('restore-demo'),
  search: element<HTMLInputElement>('seed-search'),
  suggestions: element<HTMLUListElement>('seed-suggestions'),
  seeds: element<HTMLUListElement>('seeds'),
  genre: element<HTMLSelectElement>('genre'),
  count: element<HTMLSelectElement>('count'),
  features: element<HTMLDivElement>('features'),
  reset: element<HTMLButtonElement>('reset'),
  resultsStatus: element<HTMLParagraphElement>('results-status'),
  results: element<HTMLOListElement>('results'),
  engine: element<HTMLParagraphElement>('engine'),
};

let catalog: Catalog | undefined;
let seeds: string[] = [];
let renders = 0;
const settings = new Map<NumericTrackField, FeatureSetting>();

// ---------------------------------------------------------------------------------------------
// Feature sliders

interface SliderControls {
  readonly feature: SliderFeature;
  readonly min: HTMLInputElement;
  readonly max: HTMLInputElement;
  readonly target: HTMLInputElement;
  readonly targetOn: HTMLInputElement;
  readonly minOut: HTMLOutputElement;
  readonly maxOut: HTMLOutputElement;
  readonly targetOut: HTMLOutputElement;
}

const sliders: SliderControls[] = [];

function format(feature: SliderFeature, value: number): string {
  const text = feature.step < 1 ? value.toFixed(2) : value.toFixed(0);
  return feature.unit === '' ? text : `${text} ${feature.unit}`;
}

function sliderRow(
  feature: SliderFeature,
  kind: 'min' | 'max' | 'target',
): { row: HTMLDivElement; input: HTMLInputElement; output: HTMLOutputElement } {
  const row = create('div', `slider slider-${kind}`);
  const id = `${kind}-${feature.field}`;
  const input = create('input');
  input.type = 'range';
  input.id = id;
  input.step = String(feature.step);
  const label = create('label');
  label.htmlFor = id;
  const hidden = create('span', 'visually-hidden', `${feature.label} `);
  label.append(hidden, kind === 'target' ? 'target' : kind);
  const output = create('output');
  output.htmlFor.add(id);
  output.id = `${id}-value`;
  if (kind === 'target') {
    const toggle = create('input');
    toggle.type = 'checkbox';
    toggle.id = `target-on-${feature.field}`;
    toggle.setAttribute('aria-label', `Use a ${feature.label} target`);
    row.append(toggle);
  }
  row.append(label, input, output);
  return { row, input, output };
}

function buildSliders(): void {
  for (const feature of SLIDER_FEATURES) {
    const group = create('fieldset', 'feature');
    group.dataset['field'] = feature.field;
    group.append(create('legend', undefined, feature.label));
    const min = sliderRow(feature, 'min');
    const max = sliderRow(feature, 'max');
    const target = sliderRow(feature, 'target');
    group.append(min.row, max.row, target.row);
    ui.features.append(group);
    const controls: SliderControls = {
      feature,
      min: min.input,
      max: max.input,
      target: target.input,
      targetOn: target.row.querySelector('input[type=checkbox]') as HTMLInputElement,
      minOut: min.output,
      maxOut: max.output,
      targetOut: target.output,
    };
    sliders.push(controls);
    controls.min.addEventListener('input', () => {
      if (Number(controls.min.value) > Number(controls.max.value))
        controls.max.value = controls.min.value;
      readSliders();
    });
    controls.max.addEventListener('input', () => {
      if (Number(controls.max.value) < Number(controls.min.value))
        controls.min.value = controls.max.value;
      readSliders();
    });
    controls.target.addEventListener('input', readSliders);
    controls.targetOn.addEventListener('change', readSliders);
  }
}

/** Sets every slider's span from the catalog and clears every bound and target. */
function resetSliders(): void {
  if (catalog === undefined) return;
  for (const controls of sliders) {
    const span = catalog.spans.get(controls.feature.field) ?? { low: 0, high: 1 };
    for (const input of [controls.min, controls.max, controls.target]) {
      input.min = String(span.low);
      input.max = String(span.high);
    }
    controls.min.value = String(span.low);
    controls.max.value = String(span.high);
    controls.target.value = String((span.low + span.high) / 2);
    controls.targetOn.checked = false;
  }
  ui.genre.value = '';
  readSliders();
}

/** Reads the sliders into the request settings: a bound at the end of its span is no bound. */
function readSliders(): void {
  for (const controls of sliders) {
    const { feature } = controls;
    const min = Number(controls.min.value);
    const max = Number(controls.max.value);
    const low = Number(controls.min.min);
    const high = Number(controls.max.max);
    const setting: FeatureSetting = {
      min: min > low ? min : undefined,
      max: max < high ? max : undefined,
      target: controls.targetOn.checked ? Number(controls.target.value) : undefined,
    };
    settings.set(feature.field, setting);
    controls.minOut.value = setting.min === undefined ? 'any' : `≥ ${format(feature, min)}`;
    controls.maxOut.value = setting.max === undefined ? 'any' : `≤ ${format(feature, max)}`;
    controls.min.setAttribute(
      'aria-valuetext',
      setting.min === undefined ? 'no minimum' : format(feature, min),
    );
    controls.max.setAttribute(
      'aria-valuetext',
      setting.max === undefined ? 'no maximum' : format(feature, max),
    );
    controls.target.setAttribute('aria-valuetext', format(feature, Number(controls.target.value)));
    controls.target.disabled = !controls.targetOn.checked;
    controls.targetOut.value = controls.targetOn.checked
      ? format(feature, Number(controls.target.value))
      : 'off';
  }
  schedule();
}

// ---------------------------------------------------------------------------------------------
// Catalog: the synthetic one or a CSV

function plural(count: number, one: string, many = `${one}s`): string {
  return `${integer.format(count)} ${count === 1 ? one : many}`;
}

function describeCatalog(current: Catalog, detail: string): void {
  ui.catalogStatus.textContent =
    `${current.source}: ${plural(current.tracks.length, 'track')} in ` +
    `${plural(current.genres.length, 'genre')}${detail}.`;
}

async function useCatalog(tracks: readonly Track[], source: string, detail: string): Promise<void> {
  const started = performance.now();
  const next = await prepareCatalog(tracks, source);
  const elapsed = performance.now() - started;
  catalog = next;
  seeds = [];
  ui.genre.replaceChildren(new Option('Any genre', ''));
  for (const { name, count } of next.genres)
    ui.genre.append(new Option(`${name} (${integer.format(count)})`, name));
  resetSliders();
  renderSeeds();
  describeCatalog(next, detail);
  const kernel = next.bundle.featureIndex.kernel === 'wasm' ? 'WebAssembly SIMD' : 'JavaScript';
  ui.engine.textContent =
    `Features: ${next.features}. Cosine kernel: ${kernel}. Features fitted and index built ` +
    `in ${integer.format(Math.round(elapsed))} ms for ${plural(tracks.length, 'track')}.`;
  ui.engine.dataset['kernel'] = next.bundle.featureIndex.kernel;
  ui.search.disabled = false;
  ui.restore.hidden = source === syntheticSource;
  document.body.dataset['state'] = 'ready';
}

const syntheticSource = `Synthetic catalog (seed ${DEMO_CATALOG.seed})`;

async function useSyntheticCatalog(): Promise<void> {
  const tracks = syntheticCatalog({ tracks: DEMO_CATALOG.tracks, seed: DEMO_CATALOG.seed });
  await useCatalog(tracks, syntheticSource, ', generated in the page by syntheticCatalog');
}

function issueText(issue: RowIssue): string {
  return `line ${issue.line} (${issue.rule}): ${issue.message}`;
}

function showError(title: string, lines: readonly string[]): void {
  ui.catalogError.replaceChildren(create('p', 'alert-title', title));
  if (lines.length > 0) {
    const list = create('ul');
    for (const line of lines) list.append(create('li', undefined, line));
    ui.catalogError.append(list);
  }
  ui.catalogError.hidden = false;
}

function clearError(): void {
  ui.catalogError.hidden = true;
  ui.catalogError.replaceChildren();
}

async function useFile(file: File): Promise<void> {
  clearError();
  document.body.dataset['state'] = 'loading';
  ui.catalogStatus.textContent = `Reading ${file.name}…`;
  try {
    // The File itself: @spotrec/data reads it as a stream and inflates gzip by its magic bytes.
    const { tracks, report } = await loadTracks(file, { onInvalid: 'collect', allowEmpty: false });
    const left = report.rowsRejected;
    const merged = report.duplicatesMerged;
    const detail =
      ` (${plural(report.rowsRead, 'row')} read` +
      (left > 0 ? `, ${integer.format(left)} left out` : '') +
      (merged > 0 ? `, ${integer.format(merged)} merged as duplicates` : '') +
      ')';
    await useCatalog(tracks, file.name, detail);
    if (left > 0) {
      const shown = report.issues.slice(0, 8).map(issueText);
      if (report.issues.length > shown.length)
        shown.push(`… and ${plural(report.issues.length - shown.length, 'more issue')}`);
      showError(`${plural(left, 'row')} of ${file.name} left out:`, shown);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const known =
      DataError.isInstance(error) || (error instanceof Error && /Error$/.test(error.name));
    showError(`${file.name} cannot be used${known ? '' : ' (unexpected error)'}:`, [message]);
    if (catalog === undefined) {
      ui.catalogStatus.textContent = 'No catalog loaded.';
    } else {
      describeCatalog(catalog, ' (still in use)');
    }
    document.body.dataset['state'] = catalog === undefined ? 'error' : 'ready';
  } finally {
    ui.file.value = '';
  }
}

function wireFiles(): void {
  ui.file.addEventListener('change', () => {
    const file = ui.file.files?.[0];
    if (file !== undefined) void useFile(file);
  });
  // A file dropped outside the box must not replace the page.
  for (const type of ['dragover', 'drop'] as const)
    window.addEventListener(type, (event) => event.preventDefault());
  ui.dropzone.addEventListener('dragover', (event) => {
    event.preventDefault();
    ui.dropzone.classList.add('dragging');
  });
  ui.dropzone.addEventListener('dragleave', () => ui.dropzone.classList.remove('dragging'));
  ui.dropzone.addEventListener('drop', (event) => {
    event.preventDefault();
    ui.dropzone.classList.remove('dragging');
    const file = event.dataTransfer?.files[0];
    if (file !== undefined) void useFile(file);
  });
  ui.restore.addEventListener('click', () => {
    clearError();
    void useSyntheticCatalog();
  });
}

// ---------------------------------------------------------------------------------------------
// Seed search (an ARIA combobox) and seed chips

let options: Track[] = [];
let active = -1;

function trackMeta(track: Track): string {
  const artists = track.artists.join(', ') || 'unknown artist';
  const genres = track.genres.join(', ');
  return genres === '' ? artists : `${artists} · ${genres}`;
}

function closeSuggestions(): void {
  options = [];
  active = -1;
  ui.suggestions.hidden = true;
  ui.suggestions.replaceChildren();
  ui.search.setAttribute('aria-expanded', 'false');
  ui.search.removeAttribute('aria-activedescendant');
}

function highlight(index: number): void {
  active = index;
  const items = ui.suggestions.children;
  for (let at = 0; at < items.length; at += 1)
    items[at]?.setAttribute('aria-selected', String(at === index));
  const item = items[index];
  if (item === undefined) {
    ui.search.removeAttribute('aria-activedescendant');
  } else {
    ui.search.setAttribute('aria-activedescendant', item.id);
    item.scrollIntoView({ block: 'nearest' });
  }
}

function openSuggestions(): void {
  if (catalog === undefined) return;
  options = suggest(catalog, ui.search.value, 8, new Set(seeds));
  ui.suggestions.replaceChildren();
  if (options.length === 0) {
    if (ui.search.value.trim() !== '') {
      const none = create('li', 'none', 'No track matches.');
      none.setAttribute('role', 'presentation');
      ui.suggestions.append(none);
      ui.suggestions.hidden = false;
      ui.search.setAttribute('aria-expanded', 'true');
    } else {
      closeSuggestions();
    }
    return;
  }
  options.forEach((track, at) => {
    const item = create('li', 'option');
    item.id = `seed-option-${at}`;
    item.setAttribute('role', 'option');
    item.dataset['trackId'] = track.id;
    item.append(
      create('span', 'option-name', track.name),
      create('span', 'option-meta', trackMeta(track)),
    );
    item.addEventListener('mousedown', (event) => {
      event.preventDefault();
      pick(track);
    });
    ui.suggestions.append(item);
  });
  ui.suggestions.hidden = false;
  ui.search.setAttribute('aria-expanded', 'true');
  highlight(0);
}

function pick(track: Track): void {
  if (!seeds.includes(track.id) && seeds.length < MAX_SEEDS) seeds.push(track.id);
  ui.search.value = '';
  closeSuggestions();
  renderSeeds();
  schedule();
}

function wireSearch(): void {
  ui.search.addEventListener('input', openSuggestions);
  ui.search.addEventListener('focus', () => {
    if (ui.search.value.trim() !== '') openSuggestions();
  });
  ui.search.addEventListener('blur', closeSuggestions);
  ui.search.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (options.length === 0) {
        openSuggestions();
        return;
      }
      const step = event.key === 'ArrowDown' ? 1 : -1;
      highlight((active + step + options.length) % options.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const track = options[active];
      if (track !== undefined) pick(track);
    } else if (event.key === 'Escape') {
      closeSuggestions();
    }
  });
}

function renderSeeds(): void {
  ui.seeds.replaceChildren();
  if (catalog === undefined) return;
  for (const id of seeds) {
    const track = catalog.byId.get(id);
    if (track === undefined) continue;
    const chip = create('li', 'seed');
    chip.dataset['trackId'] = id;
    const text = create('span', 'seed-text');
    text.append(
      create('span', 'seed-name', track.name),
      create('span', 'seed-meta', trackMeta(track)),
    );
    const remove = create('button', 'seed-remove', '×');
    remove.type = 'button';
    remove.setAttribute('aria-label', `Remove ${track.name} from the seeds`);
    remove.addEventListener('click', () => {
      seeds = seeds.filter((seed) => seed !== id);
      renderSeeds();
      schedule();
      ui.search.focus();
    });
    chip.append(text, remove);
    ui.seeds.append(chip);
  }
  ui.search.disabled = catalog === undefined || seeds.length >= MAX_SEEDS;
  ui.search.placeholder =
    seeds.length >= MAX_SEEDS ? 'Five seeds chosen' : 'e.g. a word of a title';
}

// ---------------------------------------------------------------------------------------------
// Results

let pending = false;

function schedule(): void {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    render();
  });
}

function fieldLabel(field: string): string {
  return field.replace(/([A-Z])/g, ' $1').toLowerCase();
}

function renderHit(current: Catalog, hit: Recommendation<Track>, rank: number): HTMLLIElement {
  const { track } = hit;
  const item = create('li', 'hit');
  item.dataset['trackId'] = track.id;

  const head = create('div', 'hit-head');
  const rankBadge = create('span', 'rank', String(rank));
  rankBadge.setAttribute('aria-hidden', 'true');
  const title = create('div', 'hit-title');
  title.append(create('h3', 'hit-name', track.name), create('p', 'hit-meta', trackMeta(track)));
  const score = create('p', 'score');
  score.append(create('span', 'score-label', 'score '), hit.score.toFixed(3));
  head.append(rankBadge, title, score);

  const closest = current.byId.get(hit.closestSeed.replace(/^track:/, ''));
  const why = create('p', 'why');
  why.append(
    `similarity ${hit.similarity.toFixed(3)}` +
      (hit.targetCloseness === null
        ? ''
        : ` · closeness to targets ${hit.targetCloseness.toFixed(3)}`),
  );
  if (seeds.length > 1 && closest !== undefined) {
    why.append(' · closest seed ');
    why.append(create('strong', undefined, closest.name));
  }

  const caption = create('p', 'bars-caption', 'Most similar in (share of the similarity):');
  caption.id = `why-${rank}`;
  const bars = create('ul', 'bars');
  bars.setAttribute('aria-labelledby', caption.id);
  const total = Math.max(hit.similarity, 1e-9);
  for (const { feature, contribution } of hit.contributions.slice(0, 4)) {
    const bar = create('li', 'bar');
    const share = Math.max(0, Math.min(1, contribution / total));
    const meter = create('span', 'meter');
    const fill = create('span', 'fill');
    fill.style.width = `${(share * 100).toFixed(1)}%`;
    meter.append(fill);
    bar.append(
      create('span', 'bar-name', fieldLabel(feature)),
      meter,
      create('span', 'bar-value', `${Math.round(share * 100)}%`),
    );
    bars.append(bar);
  }

  const values = create('dl', 'values');
  for (const feature of SLIDER_FEATURES) {
    const value = track[feature.field];
    const pair = create('div', 'value');
    const setting = settings.get(feature.field);
    if (
      setting !== undefined &&
      (setting.min !== undefined || setting.max !== undefined || setting.target !== undefined)
    )
      pair.classList.add('constrained');
    pair.append(
      create('dt', undefined, feature.label.replace(/ \(.*\)$/, '')),
      create('dd', undefined, value === null ? '—' : format(feature, value)),
    );
    values.append(pair);
  }
  item.append(head, why, caption, bars, values);
  return item;
}

function render(): void {
  renders += 1;
  ui.results.dataset['version'] = String(renders);
  const current = catalog;
  if (current === undefined) return;
  if (seeds.length === 0) {
    ui.results.replaceChildren();
    ui.resultsStatus.textContent = 'Pick a seed track to see recommendations.';
    return;
  }
  const request = requestOf({
    seeds,
    k: Number(ui.count.value) || DEFAULT_K,
    genre: ui.genre.value,
    features: settings,
  });
  let response: RecommendResponse<Track>;
  try {
    response = current.bundle.recommend(request);
  } catch (error) {
    ui.results.replaceChildren();
    ui.resultsStatus.textContent = `The request was refused: ${error instanceof Error ? error.message : String(error)}`;
    return;
  }
  ui.results.replaceChildren(...response.tracks.map((hit, at) => renderHit(current, hit, at + 1)));
  const passing = response.pool.afterFilteringSize;
  const candidates = response.pool.initialPoolSize;
  ui.resultsStatus.textContent =
    response.tracks.length === 0
      ? `No track passes the filters (0 of ${integer.format(candidates)} candidates). Loosen a slider or pick another genre.`
      : `${plural(response.tracks.length, 'recommendation')}; ` +
        `${integer.format(passing)} of ${plural(candidates, 'candidate')} pass the filters.`;
}

// ---------------------------------------------------------------------------------------------

function start(): void {
  document.body.dataset['state'] = 'loading';
  ui.catalogStatus.textContent = 'Generating the synthetic catalog…';
  buildSliders();
  wireFiles();
  wireSearch();
  ui.genre.addEventListener('change', schedule);
  ui.count.addEventListener('change', schedule);
  ui.reset.addEventListener('click', resetSliders);
  useSyntheticCatalog().catch((error: unknown) => {
    document.body.dataset['state'] = 'error';
    ui.catalogStatus.textContent = 'The synthetic catalog could not be prepared.';
    showError('Error:', [error instanceof Error ? error.message : String(error)]);
  });
}

start();
