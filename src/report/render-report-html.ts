import type { Tabular } from '../output/tabular.js';
import { escapeHtml } from './escape-html.js';
import type { ReportData, ReportPeriodFigures } from './report-data.js';
import type { ReportChart, ReportParts } from './report-parts.js';
import { describePeriodChange } from './describe-period-change.js';
import { formatNumber } from './format-figures.js';
import { reportText } from './report-text.js';
import { dashboardHeadScript, dashboardScript, dashboardScriptHash } from './dashboard-script.js';
import { renderRecordsSection } from './records-section.js';
import { periodKinds } from '../history/periods.js';

/**
 * Self-contained, print-friendly and phone-readable: inline CSS, inline SVG, no script, no request to any other
 * host (links to record pages are plain links, followed only when clicked).
 */
const css = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --rule: #d0d7de; --accent: #0072b2; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 960px; margin: 0 auto; padding: 24px 16px 48px; }
h1 { font-size: 1.8rem; margin: 0 0 4px; line-height: 1.2; overflow-wrap: anywhere; }
h2 { font-size: 1.3rem; margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.05rem; margin: 24px 0 8px; }
p.meta { color: var(--muted); margin: 0 0 4px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--rule); border-radius: 8px; padding: 12px 14px; }
.card .value { font-size: 1.6rem; font-weight: 650; font-variant-numeric: tabular-nums; }
.card .label { color: var(--muted); font-size: 0.9rem; }
.card .detail { font-size: 0.85rem; color: var(--muted); }
figure { margin: 16px 0; }
figure svg { width: 100%; height: auto; max-width: 100%; display: block; }
details { margin: 4px 0 20px; }
summary { cursor: pointer; color: var(--accent); }
.table-wrap { overflow-x: auto; }
/* The table of every record is below the first screen: its layout (10 000 rows, issue 15) waits until it is
   scrolled near, and stays searchable with the browser's find and readable by assistive technology. */
section[data-records] > .table-wrap { content-visibility: auto; contain-intrinsic-size: auto 60em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; margin: 8px 0; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td { overflow-wrap: anywhere; }
td:first-child { white-space: nowrap; }
a { color: var(--accent); }
ul.quality li { margin: 4px 0; }
ul.quality details summary { cursor: pointer; }
.note { color: var(--muted); font-size: 0.9rem; }
.record-controls { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; margin: 8px 0; }
.record-controls[hidden] { display: none; }
.record-controls input[type="search"] { min-width: 16em; font: inherit; padding: 4px 6px; }
.record-controls select, .record-controls button { font: inherit; padding: 3px 6px; }
.record-count { color: var(--muted); }
.period-controls { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; margin: 12px 0; padding: 8px 12px; border: 1px solid var(--rule); border-radius: 8px; background: #f6f8fa; }
.period-controls[hidden] { display: none; }
.period-controls select, .period-controls input, .period-controls button { font: inherit; padding: 3px 6px; }
.period-controls .legend { font-weight: 600; }
table.records td:first-child { white-space: normal; min-width: 14em; }
table.records td:nth-child(2), table.records td:nth-child(3) { white-space: nowrap; overflow-wrap: normal; }
table.records th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; text-align: inherit; }
table.records th[aria-sort="ascending"] button::after { content: " ▲"; }
table.records th[aria-sort="descending"] button::after { content: " ▼"; }
.record-link { font-size: 0.85em; display: none; }
.dashboard .record-link { display: inline; }
.record-view { border: 1px solid var(--rule); border-radius: 8px; padding: 4px 16px 16px; margin: 24px 0; }
.record-view svg { width: 100%; height: auto; display: block; }
@media (max-width: 600px) { body { font-size: 14px; } main { padding: 16px 10px 32px; } h1 { font-size: 1.4rem; } }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  figure, table, .card { break-inside: avoid; }
  section[data-records], .period-controls { display: none; }
  .record-link, .dashboard .record-link { display: none; }
  details { display: block; }
  summary { display: none; }
  a { color: inherit; text-decoration: none; }
}
`;

/**
 * The report as one HTML page.
 *
 * @example
 * await writeFile('report/index.html', renderReportHtml(data, buildReportParts(data)));
 */
export function renderReportHtml(data: ReportData, parts: ReportParts): string {
  const t = reportText[data.lang];
  return renderPage(
    data,
    data.title,
    `<p class="meta">${escapeHtml(data.collection)} · ${escapeHtml(data.site)}</p>
<p class="meta">${escapeHtml(t.snapshotsLine(data.snapshots.count, data.snapshots.first, data.snapshots.last))} ${escapeHtml(t.generated)} ${escapeHtml(data.generatedAt.slice(0, 10))}.</p>
${renderReportSections(data, parts, '')}
${howCountedSection(data)}`,
  );
}

/** The page around the report's body: head, inline CSS, title. */
export function renderPage(data: ReportData, title: string, body: string): string {
  return `<!doctype html>
<html lang="${data.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${dashboardScriptHash}">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
<script>${dashboardHeadScript}</script>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
<script>${dashboardScript}</script>
</body>
</html>
`;
}

/** The note on how the numbers are counted. */
export function howCountedSection(data: ReportData): string {
  const t = reportText[data.lang];
  return `<section id="how-counted"><h2>${escapeHtml(t.howCounted)}</h2>${t.howCountedText(data.rule).map((p) => `<p>${escapeHtml(p)}</p>`).join('')}</section>`;
}

/** One collection's sections (ids prefixed, so several collections can share a page). */
export function renderReportSections(data: ReportData, parts: ReportParts, prefix: string): string {
  const t = reportText[data.lang];
  const n = (v: number) => formatNumber(v, data.lang);
  const h = data.headline;
  const sections: string[] = [];

  const periodCard = (label: string, current: ReportPeriodFigures | null, previous: ReportPeriodFigures | null, key: 'downloads' | 'views') => {
    if (!current) return '';
    const said = describePeriodChange(current, previous, key, data.lang);
    // The detail is always there (empty when nothing is said) so a view of another period can fill it in.
    const change = `<div class="detail">${said ? escapeHtml(said) : ''}</div>`;
    return `<div class="card" data-period-card="${key}"><div class="value">${n(current[key])}</div><div class="label">${escapeHtml(label)} ${escapeHtml(t.inPeriod(current.label))}</div>${change}</div>`;
  };
  if (data.snapshots.count > 1) sections.push(periodControls(data, prefix));
  sections.push(`<section id="${prefix}headline" data-period-prefix="${prefix}"><h2>${escapeHtml(t.headline)}</h2><div class="cards">
<div class="card" data-period-card="new"><div class="value">${n(h.records)}</div><div class="label">${escapeHtml(t.records)}</div>${h.lastPeriod ? `<div class="detail">+${n(h.lastPeriod.newRecords)} ${escapeHtml(t.newRecords)} ${escapeHtml(t.inPeriod(h.lastPeriod.label))}</div>` : ''}</div>
<div class="card"><div class="value">${n(h.downloads)}</div><div class="label">${escapeHtml(t.downloads)}, ${escapeHtml(t.allTime)}</div><div class="detail">${n(h.uniqueDownloads)} ${escapeHtml(t.uniqueDownloads.toLowerCase())}</div></div>
<div class="card"><div class="value">${n(h.views)}</div><div class="label">${escapeHtml(t.views)}, ${escapeHtml(t.allTime)}</div><div class="detail">${n(h.uniqueViews)} ${escapeHtml(t.uniqueViews.toLowerCase())}</div></div>
${data.snapshots.count > 1 ? periodCard(t.downloads, h.lastPeriod, h.previousPeriod, 'downloads') + periodCard(t.views, h.lastPeriod, h.previousPeriod, 'views') : ''}
</div></section>`);

  const top = [chartBlock(parts.topAllTime, data)];
  if (parts.topLastPeriod) top.push(`<div class="period-static">${chartBlock(parts.topLastPeriod, data)}</div><div id="${prefix}top-live" class="period-live" hidden></div>`);
  sections.push(`<section id="${prefix}top" data-period-prefix="${prefix}"><h2>${escapeHtml(t.topRecords)}</h2>${top.join('\n')}</section>`);

  sections.push(
    `<section id="${prefix}over-time" data-period-prefix="${prefix}"><h2>${escapeHtml(t.overTime)}</h2>${
      parts.overTime
        ? [`<div class="period-static">`, chartBlock(parts.overTime.downloadsViews, data), chartBlock(parts.overTime.records, data), chartBlock(parts.overTime.perPeriod, data), ...(data.periods.some((p) => /frozen|fell/.test(p.anomalies)) ? [`<p class="note">${escapeHtml(t.flaggedNote)}</p>`] : []), `<details><summary>${escapeHtml(t.periodTable)}</summary>${tableHtml(parts.periodTable, data)}</details>`, `</div><div id="${prefix}over-time-live" class="period-live" hidden></div>`].join('\n')
        : `<p>${escapeHtml(t.historyStartsToday(data.snapshots.last))}</p>`
    }</section>`,
  );

  sections.push(
    `<section id="${prefix}breakdowns"><h2>${escapeHtml(t.breakdowns)}</h2>${[parts.byResourceType, parts.byPublicationYear, parts.keywords].map((c) => chartBlock(c, data)).join('\n')}</section>`,
  );
  sections.push(renderRecordsSection(data, prefix));

  const q = data.quality;
  // One line per kind, its details folded away (issue 13): 34 bullet points read as noise at a meeting.
  const qualityItems = [
    ...q.groups.map(
      (g) =>
        `<li>${escapeHtml(g.summary)}${g.details.length > 0 ? `<details><summary>${escapeHtml(t.details)}</summary><ul>${g.details.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul></details>` : ''}</li>`,
    ),
    ...(q.recordsWithoutStats > 0 ? [`<li>${escapeHtml(t.recordsWithoutStats(q.recordsWithoutStats))}</li>`] : []),
    ...(q.recordsWithoutMetadata > 0 ? [`<li>${escapeHtml(t.recordsWithoutMetadata(q.recordsWithoutMetadata))}</li>`] : []),
    ...(q.recordsGone > 0 ? [`<li>${escapeHtml(t.recordsGone(q.recordsGone))}</li>`] : []),
  ];
  sections.push(
    `<section id="${prefix}data-quality"><h2>${escapeHtml(t.dataQuality)}</h2>${qualityItems.length > 0 ? `<ul class="quality">${qualityItems.join('')}</ul>` : `<p>${escapeHtml(t.noAnomalies)}</p>`}${
      q.importNotes.length > 0 ? `<h3>${escapeHtml(t.importNotes)}</h3><ul class="quality">${q.importNotes.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>` : ''
    }</section>`,
  );

  return sections.join('\n');
}

/**
 * The choice of period kind and range (issue 15, point 3), shown by the page's script; a view other than the
 * report's own is drawn by it (`period-script.ts`) from the collection's data block.
 */
function periodControls(data: ReportData, prefix: string): string {
  const t = reportText[data.lang];
  const words = t.periodControls;
  const options = periodKinds.map((k) => `<option value="${k}"${k === data.period ? ' selected' : ''}>${escapeHtml(t.periodName(k))}</option>`).join('');
  const range = `min="${escapeHtml(data.snapshots.first)}" max="${escapeHtml(data.snapshots.last)}"`;
  return `<div class="period-controls" data-prefix="${prefix}" data-default="${data.period}" hidden><span class="legend">${escapeHtml(words.legend)}</span>
<label>${escapeHtml(words.period)} <select name="period">${options}</select></label>
<label>${escapeHtml(words.from)} <input type="date" name="from" ${range}></label>
<label>${escapeHtml(words.to)} <input type="date" name="to" ${range}></label>
<button type="button" class="period-reset">${escapeHtml(words.reset)}</button></div>`;
}

function chartBlock(chart: ReportChart, data: ReportData): string {
  const t = reportText[data.lang];
  const note = chart.note === null ? '' : `\n<p class="note">${escapeHtml(chart.note)}</p>`;
  if (chart.svg === null) return `<h3 id="chart-${chart.id}">${escapeHtml(chart.title)}</h3>${note}`;
  return `<figure id="chart-${chart.id}">${chart.svg}</figure>${note}
<details><summary>${escapeHtml(t.table)}: ${escapeHtml(chart.title)}</summary>${tableHtml(chart.table, data)}</details>`;
}

/** A table with a header row; linked cells only where the row carries a URL already checked for the site. */
export function tableHtml(table: Tabular, data: ReportData): string {
  const head = table.columns.map((c) => `<th scope="col"${c.numeric ? ' class="num"' : ''}>${escapeHtml(c.key)}</th>`).join('');
  const body = table.rows
    .map((row) => {
      const cells = table.columns.map((c) => {
        const value = row[c.key];
        if (value === null || value === undefined) return `<td${c.numeric ? ' class="num"' : ''}></td>`;
        if (typeof value === 'number') return `<td class="num">${escapeHtml(formatNumber(value, data.lang))}</td>`;
        const link = c.linkFrom !== undefined ? row[c.linkFrom] : undefined;
        const text = escapeHtml(value);
        return `<td>${typeof link === 'string' && /^https?:\/\//.test(link) ? `<a href="${escapeHtml(link)}">${text}</a>` : text}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}
