import type { Timeline } from '../history/build-timeline.js';
import type { Tabular } from '../output/tabular.js';
import { renderBarChart } from './charts.js';
import type { ReportData } from './report-data.js';
import type { ReportChart } from './report-parts.js';
import { reportText } from './report-text.js';

export interface Comparison {
  chart: ReportChart;
  table: Tabular;
  /** All collections together, a record (or concept) in several of them counted once. */
  combined: { records: number; downloads: number; views: number; shared: number };
}

/**
 * The comparison section of a report on several collections: their headline figures side by side, and a
 * combined total that counts a record belonging to several collections once.
 *
 * @example
 * const comparison = buildComparison([dataA, dataB], [timelineA, timelineB]);
 */
export function buildComparison(datas: readonly ReportData[], timelines: readonly Timeline[]): Comparison {
  const lang = datas[0]?.lang ?? 'en';
  const t = reportText[lang];
  const latest = new Map<string, [number, number]>();
  let listed = 0;
  timelines.forEach((timeline) => {
    const rows = timeline.rows[timeline.rows.length - 1];
    if (!rows) return;
    rows.unit.forEach((u, i) => {
      const key = timeline.unitList[u]?.key ?? '';
      const downloads = rows.a[i] ?? Number.NaN;
      const views = rows.c[i] ?? Number.NaN;
      listed += 1;
      if (Number.isNaN(downloads) || Number.isNaN(views)) {
        if (!latest.has(key)) latest.set(key, [0, 0]);
        return;
      }
      const seen = latest.get(key);
      latest.set(key, seen ? [Math.max(seen[0], downloads), Math.max(seen[1], views)] : [downloads, views]);
    });
  });
  const combined = {
    records: latest.size,
    downloads: [...latest.values()].reduce((s, v) => s + v[0], 0),
    views: [...latest.values()].reduce((s, v) => s + v[1], 0),
    shared: listed - latest.size,
  };
  const rows = datas.map((d) => ({
    collection: d.collection,
    records: d.headline.records,
    downloads: d.headline.downloads,
    views: d.headline.views,
    last_period: d.headline.lastPeriod?.label ?? null,
    downloads_last_period: d.headline.lastPeriod?.downloads ?? null,
    views_last_period: d.headline.lastPeriod?.views ?? null,
  }));
  const title = lang === 'de' ? 'Downloads nach Community, insgesamt' : 'Downloads by community, all time';
  return {
    combined,
    table: {
      columns: [
        { key: 'collection' },
        { key: 'records', numeric: true },
        { key: 'downloads', numeric: true },
        { key: 'views', numeric: true },
        { key: 'last_period' },
        { key: 'downloads_last_period', numeric: true },
        { key: 'views_last_period', numeric: true },
      ],
      rows,
    },
    chart: {
      id: 'comparison',
      title,
      note: null,
      svg: renderBarChart({ title, xLabel: t.downloads.toLowerCase(), items: datas.map((d) => ({ label: d.collection, value: d.headline.downloads })), showShare: true, lang }),
      table: { columns: [{ key: 'collection' }, { key: 'downloads', numeric: true }], rows },
    },
  };
}
