import { escapeHtml } from './escape-html.js';
import { escapeMarkdownText, renderMarkdownTable } from '../output/render-markdown.js';
import type { ReportData, ReportPeriodFigures } from './report-data.js';
import type { ReportChart, ReportParts } from './report-parts.js';
import type { Tabular } from '../output/tabular.js';
import { describePeriodChange } from './describe-period-change.js';
import { formatNumber } from './format-figures.js';
import { reportText } from './report-text.js';

/**
 * The report as `README.md` for GitHub (a repository or GitHub Pages): the same sections as the HTML, charts
 * as `charts/<id>.svg` beside it, and every table also as `data/<id>.csv`, linked.
 *
 * @example
 * await writeFile('report/README.md', renderReportMarkdown(data, buildReportParts(data)));
 */
export function renderReportMarkdown(data: ReportData, parts: ReportParts, prefix = ''): string {
  const t = reportText[data.lang];
  const n = (v: number) => formatNumber(v, data.lang);
  const e = escapeMarkdownText;
  const h = data.headline;
  const out: string[] = [];
  out.push(`# ${e(data.title)}`, '');
  out.push(`${e(data.collection)} · ${e(data.site)}  `, `${e(t.snapshotsLine(data.snapshots.count, data.snapshots.first, data.snapshots.last))} ${e(t.generated)} ${data.generatedAt.slice(0, 10)}.`, '');

  out.push(`## ${e(t.headline)}`, '', `${e(t.table)}: [CSV](data/${prefix}headline.csv)`, '');
  const periodLine = (label: string, current: ReportPeriodFigures | null, previous: ReportPeriodFigures | null, key: 'downloads' | 'views') =>
    current ? [`| ${e(label)} ${e(t.inPeriod(current.label))} | ${n(current[key])}${((said) => (said ? ` (${e(said)})` : ''))(describePeriodChange(current, previous, key, data.lang))} |`] : [];
  out.push(
    `| | |`,
    `| --- | ---: |`,
    `| ${e(t.records)} | ${n(h.records)} |`,
    `| ${e(t.downloads)}, ${e(t.allTime)} | ${n(h.downloads)} |`,
    `| ${e(t.uniqueDownloads)}, ${e(t.allTime)} | ${n(h.uniqueDownloads)} |`,
    `| ${e(t.views)}, ${e(t.allTime)} | ${n(h.views)} |`,
    `| ${e(t.uniqueViews)}, ${e(t.allTime)} | ${n(h.uniqueViews)} |`,
    ...(data.snapshots.count > 1 ? [...periodLine(t.downloads, h.lastPeriod, h.previousPeriod, 'downloads'), ...periodLine(t.views, h.lastPeriod, h.previousPeriod, 'views')] : []),
    '',
  );

  out.push(`## ${e(t.topRecords)}`, '', `### ${e(parts.topAllTime.title)}`, '', chartMarkdown(parts.topAllTime, data));
  if (parts.topLastPeriod) out.push(`### ${e(parts.topLastPeriod.title)}`, '', chartMarkdown(parts.topLastPeriod, data));

  out.push(`## ${e(t.overTime)}`, '');
  if (parts.overTime) {
    for (const chart of [parts.overTime.downloadsViews, parts.overTime.records, parts.overTime.perPeriod]) {
      out.push(`### ${e(chart.title)}`, '', chartMarkdown(chart, data));
    }
    if (data.periods.some((p) => /frozen|fell/.test(p.anomalies))) out.push(`_${e(t.flaggedNote)}_`, '');
    out.push(`### ${e(t.periodTable)}`, '', `[CSV](data/${prefix}periods.csv)`, '', renderMarkdownTable(localized(parts.periodTable, data)));
  } else {
    out.push(e(t.historyStartsToday(data.snapshots.last)), '');
  }

  out.push(`## ${e(t.breakdowns)}`, '');
  for (const chart of [parts.byResourceType, parts.byPublicationYear, parts.keywords]) out.push(`### ${e(chart.title)}`, '', chartMarkdown(chart, data));

  // Every record is in the HTML page's table; here, for GitHub, as a CSV (a Markdown table of thousands of rows reads as noise).
  out.push(`## ${e(t.allRecords)}`, '', `${e(t.allRecordsCount(data.allRecords.length))}: [CSV](data/${prefix}records.csv)`, '');
  out.push(`## ${e(t.dataQuality)}`, '');
  const q = data.quality;
  const items = [
    ...q.groups.map((g) => g.summary),
    ...(q.recordsWithoutStats > 0 ? [t.recordsWithoutStats(q.recordsWithoutStats)] : []),
    ...(q.recordsWithoutMetadata > 0 ? [t.recordsWithoutMetadata(q.recordsWithoutMetadata)] : []),
    ...(q.recordsGone > 0 ? [t.recordsGone(q.recordsGone)] : []),
  ];
  out.push(...(items.length > 0 ? items.map((i) => `- ${e(i)}`) : [e(t.noAnomalies)]), '');
  // GitHub renders <details> folded; the lines inside stay Markdown (a blank line after <summary>).
  const details = q.groups.flatMap((g) => g.details);
  if (details.length > 0) out.push(`<details><summary>${escapeHtml(t.details)}</summary>`, '', ...details.map((d) => `- ${e(d)}`), '', '</details>', '');
  if (q.importNotes.length > 0) out.push(`### ${e(t.importNotes)}`, '', ...q.importNotes.map((i) => `- ${e(i)}`), '');

  out.push(`## ${e(t.howCounted)}`, '', ...t.howCountedText(data.rule).flatMap((p) => [e(p), '']));
  return `${out.join('\n').trimEnd()}\n`;
}

function chartMarkdown(chart: ReportChart, data: ReportData): string {
  const t = reportText[data.lang];
  const note = chart.note === null ? [] : [`_${escapeMarkdownText(chart.note)}_`, ''];
  if (chart.svg === null) return [...note].join('\n');
  return [`![${escapeMarkdownText(chart.title)}](charts/${chart.id}.svg)`, '', ...note, `${escapeMarkdownText(t.table)}: [CSV](data/${chart.id}.csv)`, '', renderMarkdownTable(localized(chart.table, data)), ''].join('\n');
}

/**
 * A table with its numbers written as the report's headline writes them (47,122 or 47.122), as the HTML tables
 * do; the CSV beside it keeps the plain numbers for a spreadsheet.
 */
function localized(table: Tabular, data: ReportData): Tabular {
  const numeric = table.columns.filter((c) => c.numeric).map((c) => c.key);
  const rows = table.rows.map((row) => {
    const out = { ...row };
    for (const key of numeric) {
      const value = row[key];
      if (typeof value === 'number') out[key] = formatNumber(value, data.lang);
    }
    return out;
  });
  return { columns: table.columns, rows };
}
