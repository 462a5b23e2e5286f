import type { Timeline } from '../history/build-timeline.js';
import type { HistoryRow } from '../history/period-history.js';
import { topGains } from '../history/top-gains.js';

/** Each record's downloads and views per period: what a record's own view shows (issue 15, point 2). */
export interface RecordSeries {
  periods: { label: string; partial: boolean }[];
  /** By unit key (a record id, or a concept id under the concept rule): downloads then views, one per period. */
  byUnit: Map<string, { downloads: number[]; views: number[] }>;
}

/**
 * Every unit's gains in each period, by the same function as `top --period <period>` (each stretch spread over
 * the periods it overlaps in proportion to time), so a record's view agrees with `top` and `history`.
 */
export function recordSeries(timeline: Timeline, periods: readonly HistoryRow[]): RecordSeries {
  const byUnit = new Map<string, { downloads: number[]; views: number[] }>();
  const zeros = () => new Array<number>(periods.length).fill(0);
  periods.forEach((p, i) => {
    const window = { label: p.period, start: Date.parse(`${p.start}T00:00:00Z`), end: Date.parse(`${p.end}T00:00:00Z`) + 86_400_000 };
    for (const g of topGains(timeline, window, { by: 'downloads', limit: Number.MAX_SAFE_INTEGER })) {
      let series = byUnit.get(g.unit);
      if (series === undefined) byUnit.set(g.unit, (series = { downloads: zeros(), views: zeros() }));
      series.downloads[i] = g.downloads;
      series.views[i] = g.views;
    }
  });
  return { periods: periods.map((p) => ({ label: p.period, partial: p.coverage === 'partial' })), byUnit };
}
