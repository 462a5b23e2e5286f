import { escapeHtml } from './escape-html.js';
import type { ReportData, ReportRecordRow } from './report-data.js';
import { periodKinds } from '../history/periods.js';
import { formatNumber } from './format-figures.js';
import { reportText } from './report-text.js';

/** How many keywords the keyword filter offers at most (the most used first). */
const keywordChoices = 200;

/**
 * "All records" (issue 15, point 1): every record of the collection in one table, most downloaded first. It is
 * all there without JavaScript; the page's script (`dashboard-script.ts`) then shows the controls above it — a
 * search box, filters by type, year and keyword, a count, a CSV of the rows shown — and makes the headers sort.
 * Each row carries what the script searches and exports in `data-` attributes, so the script reads no other
 * format and the HTML stays the single source.
 */
export function renderRecordsSection(data: ReportData, prefix: string): string {
  const t = reportText[data.lang];
  const records = data.allRecords;
  const gainLabel = data.headline.lastPeriod && data.snapshots.count > 1 ? t.gainIn(data.headline.lastPeriod.label) : null;
  const choices = (values: (string | null)[], sort: (a: [string, number], b: [string, number]) => number) => {
    const counts = new Map<string, number>();
    for (const v of values) if (v !== null && v !== '') counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts].sort(sort);
  };
  const byCount = (a: [string, number], b: [string, number]) => b[1] - a[1] || a[0].localeCompare(b[0]);
  const select = (name: string, label: string, all: string, options: [string, number][]) =>
    `<label>${escapeHtml(label)} <select name="${name}"><option value="">${escapeHtml(all)}</option>${options
      .map(([value, n]) => `<option value="${escapeHtml(value)}">${escapeHtml(value)} (${formatNumber(n, data.lang)})</option>`)
      .join('')}</select></label>`;
  const keywordsOf = (r: ReportRecordRow) => [...new Set(r.keywords.map((k) => k.trim().toLowerCase()).filter(Boolean))];
  const controls = [
    `<label>${escapeHtml(t.searchRecords)} <input type="search" placeholder="${escapeHtml(t.searchPlaceholder)}" autocomplete="off"></label>`,
    select('type', t.filterType, t.allTypes, choices(records.map((r) => r.type), byCount)),
    select('year', t.filterYear, t.allYears, choices(records.map((r) => r.year), (a, b) => b[0].localeCompare(a[0]))),
    select('keyword', t.filterKeyword, t.allKeywords, choices(records.flatMap(keywordsOf), byCount).slice(0, keywordChoices)),
    `<span class="record-count" aria-live="polite" data-format="${escapeHtml(t.recordsShown)}"></span>`,
    `<button type="button" class="record-csv" data-file="${escapeHtml(`${prefix}records.csv`)}">${escapeHtml(t.downloadView)}</button>`,
  ];
  // "where known" (issue 15, point 1): the column only when some record has both its size and bytes downloaded.
  const withEstimate = records.some((r) => r.estFullDownloads !== null);
  const columns: { label: string; numeric: boolean; key?: 'gain' | 'est' }[] = [
    { label: t.title, numeric: false },
    { label: t.resourceType, numeric: false },
    { label: t.year, numeric: false },
    { label: t.downloads, numeric: true },
    { label: t.uniqueDownloads, numeric: true },
    { label: t.views, numeric: true },
    ...(gainLabel === null ? [] : [{ label: gainLabel, numeric: true, key: 'gain' as const }]),
    ...(withEstimate ? [{ label: t.estFullDownloads, numeric: true, key: 'est' as const }] : []),
  ];
  const head = columns
    .map((c) => `<th scope="col" aria-sort="none"${c.numeric ? ' class="num"' : ''}${c.key ? ` data-${c.key}` : ''}><button type="button">${escapeHtml(c.label)}</button></th>`)
    .join('');
  const n = (v: number) => `<td class="num" data-value="${v}">${escapeHtml(formatNumber(v, data.lang))}</td>`;
  // An unknown estimate sorts below every known one (the script reads a missing data-value as -1).
  const estimate = (v: number | null) => (v === null ? '<td class="num"></td>' : n(v));
  const body = records
    .map((r, index) => {
      const keywords = keywordsOf(r);
      // What the script filters and exports that the cells do not show; the title, link and figures it reads off
      // the cells themselves, so the page carries each once (issue 15: 10 000 records within 12 MB).
      const attributes: [string, string][] = [
        ['id', r.id],
        ['rank', String(index + 1)],
        ['type', r.type ?? ''],
        ['year', r.year ?? ''],
        ['keyword', keywords.join('\n')],
        ['doi', r.doi ?? ''],
        ['creators', r.creators.join('\n')],
      ];
      const title = `${r.url === null ? escapeHtml(r.title) : `<a href="${escapeHtml(r.url)}">${escapeHtml(r.title)}</a>`} <a class="record-link" href="#record=${encodeURIComponent(r.id)}">${escapeHtml(t.recordView.details)}</a>`;
      // Empty ones are left out (the script reads a missing one as empty): 10 000 rows, each byte counts.
      const shown = attributes.filter(([, v]) => v !== '');
      return `<tr ${shown.map(([k, v]) => `data-${k}="${escapeHtml(v).replaceAll('\n', '&#10;')}"`).join(' ')}><td>${title}</td><td>${escapeHtml(r.type ?? '')}</td><td>${escapeHtml(r.year ?? '')}</td>${n(r.downloads)}${n(r.uniqueDownloads)}${n(r.views)}${gainLabel === null ? '' : n(r.gain)}${withEstimate ? estimate(r.estFullDownloads) : ''}</tr>`;
    })
    .join('\n');
  const json = JSON.stringify(dashboardData(data)).replace(/</g, '\\u003c');
  return `<section id="${prefix}record-view" class="record-view" hidden></section>
<section id="${prefix}records" data-records data-prefix="${prefix}" data-period-prefix="${prefix}" data-view="${prefix}record-view"><h2>${escapeHtml(t.allRecords)}</h2>
<script type="application/json" id="${prefix}dashboard-data">${json}</script>
<p class="note">${escapeHtml(t.allRecordsNote(records.length))}${withEstimate ? ` ${escapeHtml(t.estFullDownloadsNote)}` : ''}</p>
<div class="record-controls" hidden>${controls.join('\n')}</div>
<div class="table-wrap"><table class="records"><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></div></section>`;
}

/**
 * What the page's script needs beyond the rows (issue 15, points 2 and 3), as one JSON data block: the words it
 * shows, the report's own period kind, each kind's rows (`history --period`), the snapshots' totals and
 * instants, and per record its encoded observations and its other versions. A data block is not run, so the
 * page's Content-Security-Policy is not asked; `<` is escaped so no text can close the element.
 */
function dashboardData(data: ReportData) {
  const t = reportText[data.lang];
  const views = data.periodViews;
  const none = '';
  return {
    labels: {
      recordView: t.recordView,
      anomaliesHeading: t.recordAnomaly.heading,
      compareTitle: t.compareTitle,
      ...t.periodControls,
      perPeriod: Object.fromEntries(periodKinds.map((k) => [k, t.downloadsPerPeriod(k)])),
      kinds: Object.fromEntries(periodKinds.map((k) => [k, t.periodName(k)])),
      inPeriod: t.inPeriod('{label}'),
      gainIn: t.gainIn('{label}'),
      topLastPeriod: t.topLastPeriod('{label}'),
      newRecords: t.newRecords,
      downloads: t.downloads,
      views: t.views,
      records: t.records,
      downloadsViewsOverTime: t.downloadsViewsOverTime,
      recordsOverTime: t.recordsOverTime,
      table: t.table,
      periodTable: t.periodTable,
      partial: t.recordView.partial,
    },
    collection: data.collection,
    period: data.period,
    top: data.top,
    // One snapshot has no stretch to spread: the page needs no instants (whose time of day would change the file
    // when a lost store is rebuilt and today's snapshot taken again, test/action.test.ts) and no observations.
    times: data.snapshots.count > 1 ? views.times : [],
    snapshots: views.snapshots,
    kinds: views.kinds,
    records: Object.fromEntries(
      data.allRecords.map((r) => {
        const [d, v] = (data.snapshots.count > 1 ? views.observations.get(r.unit) : undefined) ?? [none, none];
        const touched = views.anomalies.get(r.unit);
        return [r.id, { d, v, o: r.otherVersions.map((o) => [o.id, o.title]), ...(touched ? { a: touched } : {}) }];
      }),
    ),
  };
}
