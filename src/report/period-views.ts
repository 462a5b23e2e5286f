import type { Timeline } from '../history/timeline-types.js';
import { periodHistory, type HistoryRow } from '../history/period-history.js';
import { periodKinds, type PeriodKind } from '../history/periods.js';
import type { ReportLang } from './report-data.js';
import { describePeriodChange } from './describe-period-change.js';
import { recordAnomalies } from './record-anomalies.js';
import { unitValues } from './unit-values.js';

/** One period of one kind, as the page's script redraws it: the figures `history --period <kind>` gives. */
export interface PeriodViewRow {
  label: string;
  start: string;
  end: string;
  records: number;
  newRecords: number;
  downloads: number;
  views: number;
  totalDownloads: number;
  totalViews: number;
  partial: boolean;
  anomalies: string;
  /** The headline card's line on the change against the period before (as the static page says it), or ''. */
  changeDownloads: string;
  changeViews: string;
}

/**
 * What the dashboard needs to follow a switch of period (week, month, quarter, year) and a date range (issue 15,
 * point 3): the collection's rows of each kind, the running totals at each snapshot, and, per unit, its good
 * observations encoded compactly (see {@link encodeObservations}) so the page spreads them over any periods the
 * way `top --period` does.
 */
export interface PeriodViews {
  /** Instants of the snapshots (ms), in order. */
  times: number[];
  /** Each snapshot's day, units, total downloads and total views (the cumulative charts). */
  snapshots: [string, number, number, number][];
  kinds: Record<PeriodKind, PeriodViewRow[]>;
  /** By unit key: downloads then views, each encoded by {@link encodeObservations}. */
  observations: Map<string, [string, string]>;
  /** By unit key: the anomalies that touched it, as lines (only units something touched). */
  anomalies: Map<string, string[]>;
}

/**
 * The rows of every period kind, from the same `periodHistory` as `history --period` (so the page's figures are
 * that command's), within the report's own `--from`/`--to`.
 */
export function buildPeriodViews(
  timeline: Timeline,
  options: { from?: string | undefined; to?: string | undefined; lang: ReportLang; /** Rows the caller has already computed for a kind, with the same from/to. */ known?: Partial<Record<PeriodKind, HistoryRow[]>> },
): PeriodViews {
  const coveredDays = (row: HistoryRow) => daysCovered(timeline, row);
  const kinds = {} as Record<PeriodKind, PeriodViewRow[]>;
  for (const kind of periodKinds) {
    const rows = options.known?.[kind] ?? periodHistory(timeline, { period: kind, from: options.from, to: options.to });
    const figures = (row: HistoryRow) => ({ label: row.period, coverage: row.coverage, days: coveredDays(row), downloads: row.downloads, views: row.views });
    kinds[kind] = rows.map((row, i) => {
      const before = rows[i - 1];
      const previous = before === undefined ? null : figures(before);
      return {
        label: row.period,
        start: row.start,
        end: row.end,
        records: row.records,
        newRecords: row.new_records,
        downloads: row.downloads,
        views: row.views,
        totalDownloads: row.total_downloads,
        totalViews: row.total_views,
        partial: row.coverage === 'partial',
        anomalies: row.anomalies,
        changeDownloads: describePeriodChange(figures(row), previous, 'downloads', options.lang) ?? '',
        changeViews: describePeriodChange(figures(row), previous, 'views', options.lang) ?? '',
      };
    });
  }
  const snapshots = timeline.snapshots.map((s, k): [string, number, number, number] => {
    const totals = timeline.totals[k];
    return [s.day, timeline.unitCounts[k] ?? 0, totals?.[0] ?? 0, totals?.[2] ?? 0];
  });
  return { times: [...timeline.times], snapshots, kinds, observations: encodeObservations(timeline), anomalies: recordAnomalies(timeline, options.lang) };
}

/** 64 characters that need no escaping in JSON or HTML: a digit each, 0–31 final, 32–63 "more follows". */
export const observationDigits = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_';

/**
 * Each unit's good observations of downloads and of views, one character group per snapshot, as the page's script
 * reads them (`period-script.ts`):
 * - `.` no good figure at that snapshot: the unit is absent, a counter is missing (then neither counter counts, as
 *   in `top-gains.ts`), or the figure is below the last good one (a missing observation, never a loss);
 * - `~` and a number: that many such snapshots in a row;
 * - otherwise a number: the rise since the last good figure (0 for the first), in base 32, low digits first, each
 *   digit but the last taken from the upper half of {@link observationDigits}.
 * Trailing `.` are left out. A record gaining a few downloads a week costs a character a week.
 */
export function encodeObservations(timeline: Timeline): Map<string, [string, string]> {
  const { snapshots, downloads, views } = unitValues(timeline);
  const encoded = new Map<string, [string, string]>();
  timeline.unitList.forEach((unit, u) => {
    const counter = (m: number): string => {
      let text = '';
      let gap = 0;
      let last = Number.NaN;
      const flush = () => {
        if (gap >= 3) text += `~${encodeNumber(gap)}`;
        else text += '.'.repeat(gap);
        gap = 0;
      };
      for (let k = 0; k < snapshots; k += 1) {
        const x = (m === 0 ? downloads : views)[u * snapshots + k] ?? Number.NaN;
        if (Number.isNaN(x) || x < last) {
          gap += 1;
          continue;
        }
        flush();
        text += encodeNumber(Number.isNaN(last) ? 0 : x - last);
        last = x;
      }
      return text;
    };
    encoded.set(unit.key, [counter(0), counter(1)]);
  });
  return encoded;
}

/** A non-negative integer in {@link observationDigits}' base 32, low digits first. */
export function encodeNumber(value: number): string {
  let rest = Math.max(0, Math.round(value));
  let text = '';
  while (rest >= 32) {
    text += observationDigits[32 + (rest % 32)];
    rest = Math.floor(rest / 32);
  }
  return text + observationDigits[rest];
}

/** The days of a period that the snapshots cover (for a fair comparison of a partial period, by daily rate). */
export function daysCovered(timeline: Timeline, row: HistoryRow): number {
  const from = Math.max(Date.parse(`${row.start}T00:00:00Z`), timeline.times[0] ?? 0);
  const to = Math.min(Date.parse(`${row.end}T00:00:00Z`) + 86_400_000, timeline.times.at(-1) ?? 0);
  return Math.max(0, Math.round((to - from) / 86_400_000));
}
