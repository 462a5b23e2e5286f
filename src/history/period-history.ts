import { apportion } from './apportion.js';
import type { Anomaly, Timeline, Values } from './build-timeline.js';
import { isoDay, periodsBetween, type Period, type PeriodKind } from './periods.js';

/** A type alias (not an interface) so rows fit the generic table renderers. */
export type HistoryRow = {
  period: string;
  /** First day of the period. */
  start: string;
  /** Last day of the period. */
  end: string;
  /** Units (records, or concepts under the concept rule) counted at the last snapshot up to the period's end. */
  records: number;
  /** Units first seen in a snapshot inside the period (never the first snapshot, which is the baseline). */
  new_records: number;
  downloads: number;
  unique_downloads: number;
  views: number;
  unique_views: number;
  total_downloads: number;
  total_unique_downloads: number;
  total_views: number;
  total_unique_views: number;
  /** The snapshots the figures rest on: the first and last day of every stretch overlapping the period. */
  based_on: string;
  /** `full` when snapshots cover the whole period, else `partial` (the first and last periods of a history). */
  coverage: 'full' | 'partial';
  /** Anomalies touching this period, e.g. `downloads frozen 2026-02-17→2026-02-24`. */
  anomalies: string;
};

export interface PeriodHistoryOptions {
  period: PeriodKind;
  /** Keep periods ending on or after this day (`YYYY-MM-DD`). */
  from?: string | undefined;
  /** Keep periods starting on or before this day. */
  to?: string | undefined;
}

/**
 * Figures per calendar period. Snapshots are unevenly spaced, so each stretch between two observations of a
 * unit is spread over the periods it overlaps in proportion to time (a per-day rate × the days in the period),
 * rounded so that the period figures add up exactly to the gains between the snapshots.
 *
 * @example
 * const rows = periodHistory(buildTimeline(snapshots), { period: 'month' });
 */
export function periodHistory(timeline: Timeline, options: PeriodHistoryOptions): HistoryRow[] {
  const { times } = timeline;
  const first = times[0];
  const last = times[times.length - 1];
  if (first === undefined || last === undefined) return [];
  const periods = periodsBetween(options.period, first, last);
  const gains = periods.map(() => [0, 0, 0, 0] as Values);
  const stretches = periods.map(() => new Set<string>());

  for (const interval of timeline.intervals.values()) {
    const a = times[interval.from] ?? first;
    const b = times[interval.to] ?? last;
    const touched: number[] = [];
    const weights: number[] = [];
    periods.forEach((p, i) => {
      const overlap = Math.min(b, p.end) - Math.max(a, p.start);
      if (overlap > 0) {
        touched.push(i);
        weights.push(overlap);
      }
    });
    for (let m = 0; m < 4; m += 1) {
      const parts = apportion(interval.gains[m] ?? 0, weights);
      touched.forEach((i, j) => {
        const g = gains[i];
        if (g) g[m] = (g[m] ?? 0) + (parts[j] ?? 0);
      });
    }
    const label = `${timeline.snapshots[interval.from]?.day}→${timeline.snapshots[interval.to]?.day}`;
    for (const i of touched) stretches[i]?.add(label);
  }

  const rows = periods.map((p, i): HistoryRow => {
    const g = gains[i] ?? [0, 0, 0, 0];
    const lastIndex = lastSnapshotBefore(times, p.end);
    const totals = timeline.totals[lastIndex] ?? [0, 0, 0, 0];
    let newRecords = 0;
    times.forEach((t, k) => {
      if (t >= p.start && t < p.end) newRecords += timeline.newUnits[k] ?? 0;
    });
    return {
      period: p.label,
      start: isoDay(p.start),
      end: isoDay(p.end - 1),
      records: timeline.unitCounts[lastIndex] ?? 0,
      new_records: newRecords,
      downloads: g[0],
      unique_downloads: g[1],
      views: g[2],
      unique_views: g[3],
      total_downloads: totals[0],
      total_unique_downloads: totals[1],
      total_views: totals[2],
      total_unique_views: totals[3],
      based_on: describeStretches(stretches[i] ?? new Set()),
      coverage: p.start >= first && p.end <= last ? 'full' : 'partial',
      anomalies: anomaliesIn(timeline.anomalies, p).join('; '),
    };
  });
  return rows.filter((r) => (options.from === undefined || r.end >= options.from) && (options.to === undefined || r.start <= options.to));
}

function lastSnapshotBefore(times: readonly number[], end: number): number {
  let index = 0;
  times.forEach((t, k) => {
    if (t < end) index = k;
  });
  return index;
}

function describeStretches(labels: Set<string>): string {
  const days = [...labels].flatMap((l) => l.split('→')).sort();
  if (days.length === 0) return '';
  return `${days[0]} → ${days[days.length - 1]} (${new Set(days).size} snapshots)`;
}

/** Human descriptions of the anomalies that fall in a period. */
export function anomaliesIn(anomalies: readonly Anomaly[], p: Period): string[] {
  const inside = (day: string) => {
    const t = Date.parse(`${day}T00:00:00Z`);
    return t >= p.start && t < p.end;
  };
  const out: string[] = [];
  for (const a of anomalies) {
    if (a.kind === 'frozen' && (inside(a.to) || inside(a.from))) out.push(`downloads frozen ${a.from}→${a.to}`);
    else if (a.kind === 'partial' && inside(a.day)) out.push(`partial snapshot ${a.day} (${a.missing} missing)`);
    else if (a.kind === 'incomplete' && inside(a.day)) out.push(`incomplete snapshot ${a.day}`);
    else if (a.kind === 'fallen' && inside(a.day)) out.push(`counters fell ${a.day} (${a.units} of ${a.of} records; not counted)`);
  }
  return out;
}
