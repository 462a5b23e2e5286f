import { groupAnomalies } from '../history/group-anomalies.js';
import { reportText } from './report-text.js';
import type { CountingRule, Timeline } from '../history/build-timeline.js';
import { periodHistory, type HistoryRow } from '../history/period-history.js';
import type { PeriodKind } from '../history/periods.js';
import { topGains } from '../history/top-gains.js';
import { buildPeriodViews, daysCovered, type PeriodViews } from './period-views.js';
import { compareIds } from '../records/to-summary-rows.js';
import { estimateFullDownloads } from '../records/estimate-full-downloads.js';
import type { RecordMetadata } from '../snapshot/snapshot.js';

export type ReportLang = 'en' | 'de';

export interface ReportRecord {
  rank: number;
  recordId: string;
  title: string;
  /** The record's page, only when it is an http(s) record page of the site the data came from; else null. */
  url: string | null;
  downloads: number;
  views: number;
  /** Its title is not known (no metadata in the store): the title reads `Record <id>`. */
  untitled: boolean;
  /** The day a look-up found the record no longer on Zenodo (its title is the last known one), else null. */
  goneAt: string | null;
}

/**
 * How much of a breakdown is known: records (and their downloads) whose metadata gives the field. The rest is
 * left out of the bars and said in words (issue 13: a breakdown that is 100 % "unknown" tells nobody anything).
 */
export interface BreakdownCoverage {
  knownRecords: number;
  records: number;
  knownDownloads: number;
  downloads: number;
}

/** One row of the table of every record (the dashboard's "All records"). */
export interface ReportRecordRow {
  id: string;
  title: string;
  url: string | null;
  type: string | null;
  year: string | null;
  doi: string | null;
  keywords: string[];
  creators: string[];
  downloads: number;
  uniqueDownloads: number;
  views: number;
  /** Downloads gained in the last full period (`ReportData.headline.lastPeriod`). */
  gain: number;
  /** Bytes downloaded ÷ the record's size (`estimateFullDownloads`), where both are known; else null. */
  estFullDownloads: number | null;
  /** The key of its unit (its concept under the concept rule): its observations in `ReportData.periodViews`. */
  unit: string;
  /** The other versions of its concept that the store knows, newest first. */
  otherVersions: { id: string; title: string }[];
}

export interface ReportShare {
  label: string;
  records: number;
  downloads: number;
  /** Share of all downloads, 0–1. */
  share: number;
}

export interface ReportPeriodFigures {
  label: string;
  start: string;
  end: string;
  /** `partial`: the snapshots cover only part of the period (the first or the last one). */
  coverage: 'full' | 'partial';
  /** Days of the period the snapshots cover, for a fair comparison of a partial period (by daily rate). */
  days: number;
  downloads: number;
  views: number;
  newRecords: number;
}

export interface ReportData {
  title: string;
  collection: string;
  /** Site the records live on (for links); `https://zenodo.org` for imports, whose CSVs do not say. */
  site: string;
  lang: ReportLang;
  /** When the report was made (ISO); injected for reproducible output. */
  generatedAt: string;
  rule: CountingRule;
  period: PeriodKind;
  snapshots: { count: number; first: string; last: string };
  headline: {
    records: number;
    downloads: number;
    uniqueDownloads: number;
    views: number;
    uniqueViews: number;
    /** The last complete period (or the last period, if none is complete). */
    lastPeriod: ReportPeriodFigures | null;
    /** The period before it. */
    previousPeriod: ReportPeriodFigures | null;
  };
  topAllTime: ReportRecord[];
  topLastPeriod: ReportRecord[];
  /** Every record of the last snapshot that has statistics, most downloaded first. */
  allRecords: ReportRecordRow[];
  /** What the dashboard redraws a view of another period kind or range from (issue 15, point 3). */
  periodViews: PeriodViews;
  /** How many records a top list shows. */
  top: number;
  periods: HistoryRow[];
  /**
   * The running totals at each snapshot inside the periods shown (issue 13: a cumulative point sits at the date
   * it was read, not at the end of a period the snapshots do not reach).
   */
  cumulative: { date: string; records: number; total_downloads: number; total_views: number }[];
  /** Only the known values; each share is of all downloads, so the bars add up to the known part. */
  byResourceType: ReportShare[];
  byPublicationYear: ReportShare[];
  keywords: ReportShare[];
  coverage: { resourceType: BreakdownCoverage; publicationYear: BreakdownCoverage; keywords: BreakdownCoverage };
  quality: {
    anomalies: string[];
    /**
     * The anomalies by kind: a line for each kind, and the anomalies' own lines as its details (a single one is
     * its own summary).
     */
    groups: { summary: string; details: string[] }[];
    recordsWithoutStats: number;
    /** Records in the last snapshot without metadata (imports know no titles or types). */
    recordsWithoutMetadata: number;
    /** Records in the last snapshot that a look-up found no longer on Zenodo. */
    recordsGone: number;
    /** Import notes about skipped or duplicate rows and unresolved DOIs, per snapshot. */
    importNotes: string[];
  };
}

export interface BuildReportDataOptions {
  collection: string;
  title?: string | undefined;
  lang: ReportLang;
  period: PeriodKind;
  top: number;
  from?: string | undefined;
  to?: string | undefined;
  now: number;
  /** Import notes and anomalies as text lines (from the commands' describers), passed in to keep this pure. */
  anomalies: readonly string[];
  /** Each record's bytes downloaded at its greatest (`greatestVolumes`), for `est_full_downloads`; none if left out. */
  volumes?: ReadonlyMap<string, number> | undefined;
}

/**
 * Everything the report shows, computed from a timeline and the stored metadata. The headline figures, the
 * period table and the top lists come from the same functions as `history` and `top`, so they agree.
 *
 * @example
 * const data = buildReportData(timeline, metadata, { collection: 'nfdi4bioimage', lang: 'en', period: 'month', top: 10, now: Date.now(), anomalies: [] });
 */
export function buildReportData(timeline: Timeline, metadata: ReadonlyMap<string, RecordMetadata>, options: BuildReportDataOptions): ReportData {
  const last = timeline.snapshots.length - 1;
  const site = timeline.snapshots.findLast((s) => s.baseUrl !== null)?.baseUrl ?? 'https://zenodo.org';
  const periods = periodHistory(timeline, { period: options.period, from: options.from, to: options.to });
  const complete = periods.filter((p) => p.coverage === 'full');
  const lastRow = complete.at(-1) ?? periods.at(-1) ?? null;
  const previousRow = lastRow ? (periods[periods.indexOf(lastRow) - 1] ?? null) : null;
  const totals = timeline.totals[last] ?? [0, 0, 0, 0];

  // The last snapshot's figure per unit: all-time counts for the top list and the breakdowns.
  const rows = timeline.rows[last];
  const current: { recordId: string; key: string; downloads: number; uniqueDownloads: number; views: number }[] = [];
  let recordsWithoutStats = 0;
  if (rows) {
    rows.unit.forEach((u, i) => {
      const unit = timeline.unitList[u];
      const downloads = rows.a[i] ?? Number.NaN;
      const views = rows.c[i] ?? Number.NaN;
      if (Number.isNaN(downloads) || Number.isNaN(views)) {
        recordsWithoutStats += 1;
        return;
      }
      const recordId = rows.recordIds[i] ?? unit?.recordId ?? '';
      current.push({ recordId, key: rows.keys[i] ?? recordId, downloads, uniqueDownloads: rows.b[i] ?? 0, views });
    });
  }
  const metadataOf = recordMetadataFinder(metadata, timeline);
  const toRecord = (r: { recordId: string; downloads: number; views: number }, i: number): ReportRecord => {
    const m = metadataOf(r.recordId);
    const goneAt = m?.goneAt ?? null;
    const title = m?.title || `Record ${r.recordId}`;
    return {
      rank: i + 1,
      recordId: r.recordId,
      // A record Zenodo no longer has keeps its last known title, said to be gone, and links nowhere.
      title: goneAt === null ? title : `${title} ${reportText[options.lang].noLongerOnZenodo}`,
      url: goneAt === null ? recordPageUrl(m?.url ?? `${site}/records/${r.recordId}`, site) : null,
      downloads: r.downloads,
      views: r.views,
      untitled: !m?.title,
      goneAt,
    };
  };
  const topAllTime = [...current]
    .sort((x, y) => y.downloads - x.downloads || compareIds(x.recordId, y.recordId))
    .slice(0, options.top)
    .map(toRecord);
  const periodGains = lastRow
    ? topGains(timeline, { label: lastRow.period, start: Date.parse(`${lastRow.start}T00:00:00Z`), end: Date.parse(`${lastRow.end}T00:00:00Z`) + 86_400_000 }, { by: 'downloads', limit: Number.MAX_SAFE_INTEGER })
    : [];
  const topLastPeriod = periodGains
    // A record that gained nothing in the period is not among its most downloaded (the list stays short).
    .filter((g) => g.downloads > 0)
    .slice(0, options.top)
    .map((g, i) => toRecord({ recordId: g.recordId, downloads: g.downloads, views: g.views }, i));
  const gainOf = new Map(periodGains.map((g) => [g.unit, g.downloads]));
  const versionsOf = new Map<string, RecordMetadata[]>();
  for (const m of metadata.values()) {
    if (m.conceptId === null) continue;
    const list = versionsOf.get(m.conceptId) ?? [];
    list.push(m);
    versionsOf.set(m.conceptId, list);
  }
  const allRecords = [...current]
    .sort((x, y) => y.downloads - x.downloads || compareIds(x.recordId, y.recordId))
    .map((r, i): ReportRecordRow => {
      const m = metadataOf(r.recordId, r.key);
      const shown = toRecord(r, i);
      return {
        id: r.recordId,
        title: shown.title,
        url: shown.url,
        type: m?.resourceType ?? null,
        year: /^\d{4}/.exec(m?.publicationDate ?? '')?.[0] ?? null,
        doi: m?.doi ?? null,
        keywords: m?.keywords ?? [],
        creators: m?.creators ?? [],
        downloads: r.downloads,
        uniqueDownloads: r.uniqueDownloads,
        views: r.views,
        gain: gainOf.get(r.key) ?? 0,
        // The record's own size, never its concept's newest version's: the volume is counted under its own id.
        estFullDownloads: estimateFullDownloads(options.volumes?.get(r.recordId) ?? null, metadata.get(r.recordId)?.sizeBytes ?? null),
        unit: r.key,
        otherVersions: (m?.conceptId ? (versionsOf.get(m.conceptId) ?? []) : [])
          .filter((v) => v.recordId !== r.recordId)
          .sort((a, b) => compareIds(b.recordId, a.recordId))
          .map((v) => ({ id: v.recordId, title: v.title })),
      };
    });

  const withMeta = current.map((r) => ({ ...r, meta: metadataOf(r.recordId, r.key) }));
  const totalDownloads = current.reduce((s, r) => s + r.downloads, 0);
  /** Groups the records by the keys `keyOf` gives; a record it gives `null` for is not known. */
  const breakdown = (keyOf: (m: RecordMetadata) => string[] | null): { shares: ReportShare[]; coverage: BreakdownCoverage } => {
    const groups = new Map<string, { records: number; downloads: number }>();
    const coverage: BreakdownCoverage = { knownRecords: 0, records: withMeta.length, knownDownloads: 0, downloads: totalDownloads };
    for (const r of withMeta) {
      const keys = r.meta ? keyOf(r.meta) : null;
      if (keys === null) continue;
      coverage.knownRecords += 1;
      coverage.knownDownloads += r.downloads;
      for (const key of keys) {
        const g = groups.get(key) ?? { records: 0, downloads: 0 };
        g.records += 1;
        g.downloads += r.downloads;
        groups.set(key, g);
      }
    }
    const shares = [...groups]
      .map(([label, g]) => ({ label, ...g, share: totalDownloads > 0 ? g.downloads / totalDownloads : 0 }))
      .sort((a, b) => b.downloads - a.downloads || a.label.localeCompare(b.label));
    return { shares, coverage };
  };
  const resourceType = breakdown((m) => (m.resourceType ? [m.resourceType] : null));
  const publicationYear = breakdown((m) => {
    const year = /^\d{4}/.exec(m.publicationDate ?? '')?.[0];
    return year === undefined ? null : [year];
  });
  publicationYear.shares.sort((a, b) => a.label.localeCompare(b.label));
  // A record with metadata and no keywords is known to have none.
  const keywordsBreakdown = breakdown((m) => [...new Set(m.keywords.map((k) => k.trim().toLowerCase()).filter(Boolean))]);
  const keywords = keywordsBreakdown.shares
    .sort((a, b) => b.records - a.records || b.downloads - a.downloads || a.label.localeCompare(b.label))
    .slice(0, 15);

  const importNotes = timeline.snapshots.flatMap((s) =>
    s.notes.filter((n) => /skipped|duplicate|unresolved/.test(n)).map((n) => `${s.day}: ${n}`),
  );
  const coveredDays = (row: HistoryRow) => daysCovered(timeline, row);
  const figures = (row: HistoryRow | null): ReportPeriodFigures | null =>
    row
      ? { label: row.period, start: row.start, end: row.end, coverage: row.coverage, days: coveredDays(row), downloads: row.downloads, views: row.views, newRecords: row.new_records }
      : null;

  return {
    title: options.title ?? (options.lang === 'de' ? `Nutzungsstatistik: ${options.collection}` : `Usage statistics: ${options.collection}`),
    collection: options.collection,
    site,
    lang: options.lang,
    generatedAt: new Date(options.now).toISOString(),
    rule: timeline.rule,
    period: options.period,
    snapshots: { count: timeline.snapshots.length, first: timeline.snapshots[0]?.day ?? '', last: timeline.snapshots[last]?.day ?? '' },
    headline: {
      records: timeline.unitCounts[last] ?? 0,
      downloads: totals[0],
      uniqueDownloads: totals[1],
      views: totals[2],
      uniqueViews: totals[3],
      lastPeriod: figures(lastRow),
      previousPeriod: figures(previousRow),
    },
    topAllTime,
    topLastPeriod,
    allRecords,
    periodViews: buildPeriodViews(timeline, { from: options.from, to: options.to, lang: options.lang, known: { [options.period]: periods } }),
    top: options.top,
    periods,
    cumulative: cumulativePoints(timeline, periods),
    byResourceType: resourceType.shares,
    byPublicationYear: publicationYear.shares,
    keywords,
    coverage: { resourceType: resourceType.coverage, publicationYear: publicationYear.coverage, keywords: keywordsBreakdown.coverage },
    quality: {
      anomalies: [...options.anomalies],
      groups: groupAnomalies(timeline.anomalies).map((g) => {
        const details = g.indices.map((i) => options.anomalies[i] ?? '');
        return { summary: g.indices.length === 1 ? (details[0] ?? '') : reportText[options.lang].qualityGroup(g), details: g.indices.length === 1 ? [] : details };
      }),
      recordsWithoutStats,
      recordsWithoutMetadata: withMeta.filter((r) => r.meta === undefined).length,
      recordsGone: withMeta.filter((r) => (r.meta?.goneAt ?? null) !== null).length,
      importNotes,
    },
  };
}

/**
 * A link target only if it is an http(s) record page (`/records/<id>` or `/record/<id>`) on the site the data
 * came from; anything else (another host, `javascript:`, a malformed URL) gives no link.
 */
export function recordPageUrl(url: string, site: string): string | null {
  if (!URL.canParse(url) || !URL.canParse(site)) return null;
  const u = new URL(url);
  const s = new URL(site);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  if (u.host !== s.host) return null;
  if (!/^\/records?\/[\w-]+\/?$/.test(u.pathname)) return null;
  return u.href;
}

/**
 * Finds a record's metadata: its own, else that of the newest record of its concept. A history imported from
 * weekly CSVs keys some rows by a concept id (a `/record/<concept>` URL names the concept on Zenodo), and a
 * concept's unit may stand for an older version whose metadata was never stored.
 */
function recordMetadataFinder(metadata: ReadonlyMap<string, RecordMetadata>, timeline: Timeline): (recordId: string, key?: string) => RecordMetadata | undefined {
  const newestOfConcept = new Map<string, RecordMetadata>();
  for (const m of metadata.values()) {
    if (m.conceptId === null) continue;
    const seen = newestOfConcept.get(m.conceptId);
    if (seen === undefined || compareIds(seen.recordId, m.recordId) < 0) newestOfConcept.set(m.conceptId, m);
  }
  const unitKeyOf = new Map<string, string>();
  for (const unit of timeline.unitList) unitKeyOf.set(unit.recordId, unit.key);
  return (recordId, key = unitKeyOf.get(recordId)) =>
    metadata.get(recordId) ?? (key === undefined ? undefined : newestOfConcept.get(key)) ?? newestOfConcept.get(recordId);
}

/** The totals of every snapshot from the first period's start to the last period's end. */
function cumulativePoints(timeline: Timeline, periods: readonly HistoryRow[]): ReportData['cumulative'] {
  const from = periods[0]?.start ?? '';
  const to = periods.at(-1)?.end ?? '';
  return timeline.snapshots.flatMap((s, k) => {
    const totals = timeline.totals[k];
    if (s.day < from || s.day > to || totals === undefined) return [];
    return [{ date: s.day, records: timeline.unitCounts[k] ?? 0, total_downloads: totals[0], total_views: totals[2] }];
  });
}
