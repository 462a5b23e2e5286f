import type { Tabular } from '../output/tabular.js';
import { renderBarChart, renderColumnChart, renderLineChart } from './charts.js';
import type { BreakdownCoverage, ReportData, ReportRecord, ReportShare } from './report-data.js';
import { reportText } from './report-text.js';

/** One chart of the report: a file name stem (`charts/<id>.svg`, `data/<id>.csv`), its SVG, its data. */
export interface ReportChart {
  id: string;
  title: string;
  /** `null` when there is nothing to draw (a breakdown known for no record): the note says why. */
  svg: string | null;
  /** A sentence under the chart: how much of a breakdown is known, which periods are partial. */
  note: string | null;
  /** The numbers behind the chart, also written as CSV and shown as a table. */
  table: Tabular;
}

/** The time charts, or `null` when there is a single snapshot (history starts today). */
export interface ReportParts {
  topAllTime: ReportChart;
  topLastPeriod: ReportChart | null;
  overTime: { downloadsViews: ReportChart; records: ReportChart; perPeriod: ReportChart } | null;
  byResourceType: ReportChart;
  byPublicationYear: ReportChart;
  keywords: ReportChart;
  periodTable: Tabular;
  /** The headline figures as a table (`data/headline.csv`). */
  headlineTable: Tabular;
  /** Every record (`data/records.csv`, the dashboard's "All records"). */
  recordsTable: Tabular;
}

/**
 * Renders every chart of the report and the table behind each, deterministically (same data → same bytes).
 *
 * @example
 * const parts = buildReportParts(data);
 * parts.topAllTime.svg; // '<svg xmlns="http://www.w3.org/2000/svg" …'
 */
export function buildReportParts(data: ReportData, idPrefix = ''): ReportParts {
  const t = reportText[data.lang];
  const lang = data.lang;
  const last = data.headline.lastPeriod;

  const recordChart = (id: string, title: string, subtitle: string, records: readonly ReportRecord[]): ReportChart => ({
    id,
    title,
    note: null,
    svg: renderBarChart({
      title,
      subtitle,
      xLabel: t.downloads.toLowerCase(),
      items: records.map((r) => ({ label: r.title, value: r.downloads, href: r.url ?? undefined, tooltip: r.title })),
      lang,
    }),
    table: {
      columns: [{ key: 'rank', numeric: true }, { key: 'downloads', numeric: true }, { key: 'views', numeric: true }, { key: 'id' }, { key: 'title', linkFrom: 'url' }, { key: 'url' }],
      rows: records.map((r) => ({ rank: r.rank, downloads: r.downloads, views: r.views, id: r.recordId, title: r.title, url: r.url })),
    },
  });

  const shareChart = (id: string, title: string, shares: readonly ReportShare[], showShare: boolean, coverage: BreakdownCoverage): ReportChart => ({
    id,
    title,
    note: t.breakdownCoverage(coverage),
    svg:
      coverage.knownRecords === 0 && coverage.records > 0
        ? null
        : renderBarChart({
            title,
            xLabel: showShare ? t.downloads.toLowerCase() : t.keywordRecords,
            items: shares.map((s) => ({ label: s.label, value: showShare ? s.downloads : s.records, tooltip: s.label })),
            showShare,
            lang,
          }),
    table: {
      columns: [{ key: 'label' }, { key: 'records', numeric: true }, { key: 'downloads', numeric: true }, { key: 'share', numeric: true }],
      rows: shares.map((s) => ({ label: s.label, records: s.records, downloads: s.downloads, share: Math.round(s.share * 1000) / 10 })),
    },
  });

  // Issue 13, honest periods: a partial period (the first or the last, which the snapshots cover only in part)
  // is marked in the chart and the tables per period; the cumulative charts have a point per snapshot instead.
  const partialLabels = data.periods.filter((p) => p.coverage === 'partial').map((p) => p.period);
  const partialNote = t.partialPeriods(partialLabels);
  const points = data.cumulative;

  // Hatched: periods whose figures are in doubt (frozen counters, counters that fell). Partial snapshots are not:
  // their records' gains are spread over the surrounding stretch and nothing is lost.
  const flagged = new Set(data.periods.filter((p) => /frozen|fell/.test(p.anomalies)).map((p) => p.period));
  const periodTable: Tabular = {
    columns: [
      { key: 'period' },
      { key: 'records', numeric: true },
      { key: 'new_records', numeric: true },
      { key: 'downloads', numeric: true },
      { key: 'views', numeric: true },
      { key: 'total_downloads', numeric: true },
      { key: 'total_views', numeric: true },
      { key: 'coverage' },
      { key: 'anomalies' },
    ],
    rows: data.periods,
  };

  const overTime =
    data.snapshots.count < 2
      ? null
      : {
          downloadsViews: {
            id: 'downloads-views-over-time',
            title: t.downloadsViewsOverTime,
            note: null,
            svg: renderLineChart({
              title: t.downloadsViewsOverTime,
              yLabel: `${t.downloads.toLowerCase()} / ${t.views.toLowerCase()}`,
              series: [
                { name: t.downloads, points: points.map((p) => ({ date: p.date, value: p.total_downloads })) },
                { name: t.views, points: points.map((p) => ({ date: p.date, value: p.total_views })) },
              ],
              lang,
            }),
            table: {
              columns: [{ key: 'date' }, { key: 'total_downloads', numeric: true }, { key: 'total_views', numeric: true }],
              rows: points,
            },
          },
          records: {
            id: 'records-over-time',
            title: t.recordsOverTime,
            note: null,
            svg: renderLineChart({
              title: t.recordsOverTime,
              yLabel: t.records.toLowerCase(),
              series: [{ name: t.records, points: points.map((p) => ({ date: p.date, value: p.records })) }],
              lang,
            }),
            table: { columns: [{ key: 'date' }, { key: 'records', numeric: true }], rows: points },
          },
          perPeriod: {
            id: 'downloads-per-period',
            title: t.downloadsPerPeriod(data.period),
            note: partialNote,
            svg: renderColumnChart({
              title: t.downloadsPerPeriod(data.period),
              yLabel: t.downloads.toLowerCase(),
              items: data.periods.map((p) => ({ label: p.period, value: p.downloads, flagged: flagged.has(p.period), partial: p.coverage === 'partial' })),
              lang,
            }),
            table: { columns: [{ key: 'period' }, { key: 'coverage' }, { key: 'downloads', numeric: true }, { key: 'views', numeric: true }, { key: 'anomalies' }], rows: data.periods },
          },
        };

  const recordsTable: Tabular = {
    columns: [
      { key: 'id' },
      { key: 'title', linkFrom: 'url' },
      { key: 'url' },
      { key: 'type' },
      { key: 'year' },
      { key: 'doi' },
      { key: 'downloads', numeric: true },
      { key: 'unique_downloads', numeric: true },
      { key: 'views', numeric: true },
      { key: 'gain', numeric: true },
      { key: 'est_full_downloads', numeric: true },
    ],
    rows: data.allRecords.map((r) => ({ id: r.id, title: r.title, url: r.url, type: r.type, year: r.year, doi: r.doi, downloads: r.downloads, unique_downloads: r.uniqueDownloads, views: r.views, gain: r.gain, est_full_downloads: r.estFullDownloads })),
  };

  const parts: ReportParts = {
    recordsTable,
    topAllTime: recordChart('top-all-time', t.topAllTime, t.allTime, data.topAllTime),
    topLastPeriod: last && data.snapshots.count > 1 ? recordChart('top-last-period', t.topLastPeriod(last.label), last.label, data.topLastPeriod) : null,
    overTime,
    byResourceType: shareChart('by-resource-type', t.byResourceType, data.byResourceType, true, data.coverage.resourceType),
    byPublicationYear: shareChart('by-publication-year', t.byPublicationYear, data.byPublicationYear, true, data.coverage.publicationYear),
    keywords: shareChart('top-keywords', t.topKeywords, data.keywords, false, data.coverage.keywords),
    periodTable,
    headlineTable: {
      columns: [{ key: 'figure' }, { key: 'value', numeric: true }],
      rows: [
        { figure: 'records', value: data.headline.records },
        { figure: 'downloads', value: data.headline.downloads },
        { figure: 'unique_downloads', value: data.headline.uniqueDownloads },
        { figure: 'views', value: data.headline.views },
        { figure: 'unique_views', value: data.headline.uniqueViews },
        ...(last && data.snapshots.count > 1
          ? [
              { figure: `downloads_${last.label}`, value: last.downloads },
              { figure: `views_${last.label}`, value: last.views },
              { figure: `new_records_${last.label}`, value: last.newRecords },
            ]
          : []),
        ...(data.headline.previousPeriod && data.snapshots.count > 1
          ? [
              { figure: `downloads_${data.headline.previousPeriod.label}`, value: data.headline.previousPeriod.downloads },
              { figure: `views_${data.headline.previousPeriod.label}`, value: data.headline.previousPeriod.views },
            ]
          : []),
      ],
    },
  };
  // Several collections in one report: every chart (and its files) named after its collection.
  for (const chart of [parts.topAllTime, parts.topLastPeriod, parts.overTime?.downloadsViews, parts.overTime?.records, parts.overTime?.perPeriod, parts.byResourceType, parts.byPublicationYear, parts.keywords]) {
    if (chart) chart.id = `${idPrefix}${chart.id}`;
  }
  return parts;
}
