import { compareIds } from '../records/to-summary-rows.js';
import type { Timeline } from './build-timeline.js';
import { isoDay, periodContaining } from './periods.js';

/** `last-week`, `last-month`, `all`, a year `2026`, a quarter `2026-Q3`, a month `2026-08` or an ISO week `2026-W32`. */
export type TopWindowSpec = string;

export interface TopWindow {
  label: string;
  start: number;
  end: number;
}

const dayMs = 86_400_000;

/**
 * The time window a `--period` names. `last-week` and `last-month` end at the newest snapshot; a year, quarter,
 * month or ISO week is the calendar span (the labels `history --period` gives); `all` runs from the first snapshot to the last.
 *
 * @example
 * resolveTopWindow('2026-08', timeline.times).label; // '2026-08'
 */
export function resolveTopWindow(spec: TopWindowSpec, times: readonly number[]): TopWindow {
  const first = times[0] ?? 0;
  const last = times[times.length - 1] ?? 0;
  if (spec === 'all') return { label: `${isoDay(first)} → ${isoDay(last)}`, start: first, end: last };
  if (spec === 'last-week') return { label: `${isoDay(last - 7 * dayMs)} → ${isoDay(last)}`, start: last - 7 * dayMs, end: last };
  if (spec === 'last-month') {
    const d = new Date(last);
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, d.getUTCDate());
    return { label: `${isoDay(start)} → ${isoDay(last)}`, start, end: last };
  }
  const year = /^(\d{4})$/.exec(spec);
  if (year) return { label: spec, start: Date.UTC(Number(year[1]), 0, 1), end: Date.UTC(Number(year[1]) + 1, 0, 1) };
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(spec);
  if (month) {
    const y = Number(month[1]);
    const m = Number(month[2]) - 1;
    return { label: spec, start: Date.UTC(y, m, 1), end: Date.UTC(y, m + 1, 1) };
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(spec);
  if (quarter) {
    const y = Number(quarter[1]);
    const q = Number(quarter[2]) - 1;
    return { label: spec, start: Date.UTC(y, q * 3, 1), end: Date.UTC(y, q * 3 + 3, 1) };
  }
  // An ISO week (Monday to Sunday; week 1 holds the year's first Thursday), as `history --period week` labels it.
  const week = /^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$/.exec(spec);
  if (week) {
    const y = Number(week[1]);
    const january4 = Date.UTC(y, 0, 4);
    const mondayOfWeek1 = january4 - ((new Date(january4).getUTCDay() + 6) % 7) * dayMs;
    const start = mondayOfWeek1 + (Number(week[2]) - 1) * 7 * dayMs;
    if (periodContaining('week', start).label === spec) return { label: spec, start, end: start + 7 * dayMs };
  }
  throw new RangeError(`period '${spec}' is not one of last-week, last-month, all, YYYY, YYYY-MM, YYYY-Qn, YYYY-Www`);
}

export interface UnitGain {
  /** Concept or record id the figures are kept under. */
  unit: string;
  /** The latest record id of the unit. */
  recordId: string;
  downloads: number;
  uniqueDownloads: number;
  views: number;
  uniqueViews: number;
  /** First seen inside the window (not in the first snapshot). */
  isNew: boolean;
}

/**
 * Each unit's gains inside a window, spread by time like the period figures, largest first.
 *
 * @example
 * const top = topGains(timeline, resolveTopWindow('last-week', timeline.times), { by: 'downloads', limit: 10 });
 */
export function topGains(timeline: Timeline, window: TopWindow, options: { by: 'downloads' | 'views'; limit: number }): UnitGain[] {
  const { times, unitList } = timeline;
  const count = unitList.length;
  const sums = new Float64Array(count * 4);
  // Per unit and counter (u * 4 + m): the snapshot of its last good figure, and that figure. A counter below it
  // is a missing observation (an outage indexes zeros, zenodo-api.md §8b): skipped, as in buildTimeline.
  const goodK = new Int32Array(count * 4).fill(-1);
  const good = new Float64Array(count * 4);
  // Replay every unit's observations; each stretch adds the share of its gain that lies inside the window.
  timeline.rows.forEach((rows, k) => {
    const t = times[k] ?? 0;
    const columns = [rows.a, rows.b, rows.c, rows.d];
    rows.unit.forEach((u, i) => {
      const a = rows.a[i] ?? Number.NaN;
      const b = rows.b[i] ?? Number.NaN;
      const c = rows.c[i] ?? Number.NaN;
      const d = rows.d[i] ?? Number.NaN;
      if (a !== a || b !== b || c !== c || d !== d) return;
      for (let m = 0; m < 4; m += 1) {
        const cell = u * 4 + m;
        const x = columns[m]?.[i] ?? 0;
        const from = goodK[cell] ?? -1;
        const last = good[cell] ?? 0;
        if (from >= 0) {
          if (x < last) continue;
          const start = times[from] ?? 0;
          const overlap = Math.min(t, window.end) - Math.max(start, window.start);
          if (overlap > 0 && t > start) sums[cell] = (sums[cell] ?? 0) + (x - last) * (overlap / (t - start));
        }
        goodK[cell] = k;
        good[cell] = x;
      }
    });
  });
  const results: UnitGain[] = unitList.map((unit, u) => {
    const firstSeen = times[unit.firstPresent] ?? 0;
    return {
      unit: unit.key,
      recordId: unit.recordId,
      downloads: Math.round(sums[u * 4] ?? 0),
      uniqueDownloads: Math.round(sums[u * 4 + 1] ?? 0),
      views: Math.round(sums[u * 4 + 2] ?? 0),
      uniqueViews: Math.round(sums[u * 4 + 3] ?? 0),
      isNew: unit.firstPresent > 0 && firstSeen > window.start && firstSeen <= window.end,
    };
  });
  const key = options.by;
  results.sort((x, y) => y[key] - x[key] || compareIds(x.recordId, y.recordId));
  return results.slice(0, options.limit);
}
