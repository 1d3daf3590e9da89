import { escapeHtml, renderSvg, type ReportPart } from './render';

const STYLE = `
*, *::before, *::after { box-sizing: border-box; }
body { font-family: system-ui, sans-serif; margin: 0 auto; padding: 1.5rem 1rem 3rem; max-width: 1240px; color: #222; line-height: 1.45; }
h1 { margin: 0 0 0.3rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
h3 { font-size: 1.05rem; margin: 0 0 0.3rem; } h4 { font-size: 0.95rem; margin: 1rem 0 0.3rem; }
.source, .muted { color: #555; } .source { margin: 0.2rem 0; overflow-wrap: anywhere; }
code { overflow-wrap: anywhere; }
.synthetic { background: #fff4d6; border: 1px solid #e6c35c; padding: 0.6rem 0.9rem; border-radius: 4px; }
nav ol { padding-left: 1.2rem; } nav li { margin: 0.15rem 0; }
.block { margin: 1.6rem 0; break-inside: avoid; }
.caption { margin: 0 0 0.6rem; max-width: 60rem; }
h1, h2, h3, h4, p, li { overflow-wrap: anywhere; }
td { overflow-wrap: break-word; } td.num, table.summary td { white-space: nowrap; }
.panels { display: flex; flex-wrap: wrap; gap: 0.8rem 1.6rem; align-items: flex-start; }
.panels > svg { max-width: 100%; height: auto; }
.table-wrap { max-width: 100%; overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.85rem; }
th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid #e4e4e4; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.summary td:not(:first-child) { text-align: right; font-variant-numeric: tabular-nums; }
table.quality td:first-child { white-space: pre; }
@media (max-width: 600px) { body { padding: 0.8rem 0.6rem 2rem; } table { font-size: 0.75rem; } th, td { padding: 0.15rem 0.35rem; } }
@media print { body { max-width: none; padding: 0; } nav { display: none; } .block { break-inside: avoid; } h2 { break-after: avoid; } .table-wrap { overflow: visible; } }
`;

/** The header facts of the page. */
export interface PageHeader {
  readonly source: string;
  readonly model: string;
  readonly fingerprint: string;
  readonly settings: string;
  readonly synthetic: boolean;
}

/** Renders the parts to one self-contained HTML page (inline SVG and CSS, no script, no request). */
export async function renderPage(
  header: PageHeader,
  parts: readonly ReportPart[],
  onBlock?: (id: string) => void,
): Promise<string> {
  const sections: string[] = [];
  for (const part of parts) {
    const blocks: string[] = [];
    for (const block of part.blocks) {
      onBlock?.(block.id);
      let body: string;
      if ('html' in block.body) body = block.body.html;
      else {
        const svgs: string[] = [];
        for (const spec of block.body.specs) svgs.push(await renderSvg(spec));
        body = `<div class="panels">${svgs.join('')}</div>`;
      }
      blocks.push(
        `<section class="block" id="${block.id}" data-kind="${'html' in block.body ? 'table' : 'chart'}"><h3>${escapeHtml(block.title)}</h3><p class="caption">${escapeHtml(block.caption)}</p>${body}</section>`,
      );
    }
    sections.push(`<h2 id="${part.id}">${escapeHtml(part.title)}</h2>\n${blocks.join('\n')}`);
  }
  const contents = parts
    .map(
      (part) =>
        `<li><a href="#${part.id}">${escapeHtml(part.title)}</a>: ${part.blocks.map((block) => `<a href="#${block.id}">${escapeHtml(block.title)}</a>`).join(' · ')}</li>`,
    )
    .join('');
  const banner = header.synthetic
    ? '<p class="synthetic"><strong>Synthetic catalog.</strong> Every track below is made up, drawn from per-genre statistics of the Spotify Tracks Dataset. Run with <code>--data</code> for real data.</p>'
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>spotrec report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}</style>
</head>
<body>
<h1>spotrec report</h1>
<p class="source">Catalog: ${escapeHtml(header.source)}</p>
<p class="source">Model: ${escapeHtml(header.model)}</p>
<p class="source">Catalog fingerprint: <code>${escapeHtml(header.fingerprint)}</code></p>
<p class="source">${escapeHtml(header.settings)}</p>
${banner}
<nav><ol>${contents}</ol></nav>
${sections.join('\n')}
</body>
</html>
`;
}
