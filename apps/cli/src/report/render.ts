import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** One block of the report: a chart (Vega-Lite, drawn to SVG) or an HTML table, with its words. */
export interface ReportBlock {
  /** The HTML id of the section (stable: tests and links use it). */
  readonly id: string;
  /** The heading. */
  readonly title: string;
  /** One or two sentences computed from the data: what the block shows. */
  readonly caption: string;
  /**
   * Vega-Lite specs, each drawn to its own inline SVG (panels wrap to the page width), or
   * ready HTML (a table).
   */
  readonly body: { readonly specs: readonly TopLevelSpec[] } | { readonly html: string };
}

/** The report's page sections, each a heading over its blocks. */
export interface ReportPart {
  readonly id: string;
  readonly title: string;
  readonly blocks: readonly ReportBlock[];
}

/** The look shared by every chart: system fonts, readable labels, no background. */
const CONFIG = {
  font: 'system-ui, sans-serif',
  background: null,
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  view: { stroke: null },
  mark: { aria: false },
} as const;

/** Renders a Vega-Lite spec to an SVG string on the server (no browser, no network). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(
    vega.parse(
      compile({ ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec).spec,
    ),
    { renderer: 'none' },
  );
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** `text` safe inside HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char] as string,
  );
}

/** A count with thousands separators. */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** A share in percent with `digits` decimals. */
export function percent(part: number, whole: number, digits = 1): string {
  return `${whole === 0 ? '0' : ((100 * part) / whole).toFixed(digits)}%`;
}

/** A signed number with a true minus sign: `+0.74`, `−0.73`. */
export function signed(value: number, digits = 2): string {
  const text = Math.abs(value).toFixed(digits);
  return value < 0 ? `−${text}` : `+${text}`;
}

/** A correlation as a caption writes it: `r = 0.74`, `r = −0.73`. */
export function r(value: number): string {
  return `r = ${value < 0 ? '−' : ''}${Math.abs(value).toFixed(2)}`;
}

/** A seeded sample of `size` items (Fisher–Yates on an LCG), or all of them when fewer. */
export function sampleOf<T>(items: readonly T[], size: number, seed: number): T[] {
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

/** An HTML table with a header row; cells are escaped, numeric columns right-aligned. */
export function htmlTable(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  className = '',
): string {
  const cell = (value: string | number, tag: 'td' | 'th') =>
    `<${tag}${typeof value === 'number' ? ' class="num"' : ''}>${escapeHtml(typeof value === 'number' ? count(value) : value)}</${tag}>`;
  return `<div class="table-wrap"><table${className === '' ? '' : ` class="${className}"`}><thead><tr>${header.map((name) => `<th>${escapeHtml(name)}</th>`).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map((value) => cell(value, 'td')).join('')}</tr>`).join('')}</tbody></table></div>`;
}
