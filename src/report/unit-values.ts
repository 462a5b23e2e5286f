import type { Timeline } from '../history/timeline-types.js';

/**
 * Each unit's downloads and views at each snapshot, `NaN` where the unit is absent or any of its four counters is
 * missing (then neither counts, as in `src/history/top-gains.ts`): index `unit * snapshots + snapshot`.
 */
export function unitValues(timeline: Timeline): { snapshots: number; downloads: Float64Array; views: Float64Array } {
  const snapshots = timeline.rows.length;
  const downloads = new Float64Array(timeline.unitList.length * snapshots).fill(Number.NaN);
  const views = new Float64Array(timeline.unitList.length * snapshots).fill(Number.NaN);
  timeline.rows.forEach((rows, k) => {
    rows.unit.forEach((u, i) => {
      const a = rows.a[i] ?? Number.NaN;
      const b = rows.b[i] ?? Number.NaN;
      const c = rows.c[i] ?? Number.NaN;
      const d = rows.d[i] ?? Number.NaN;
      if (Number.isNaN(a) || Number.isNaN(b) || Number.isNaN(c) || Number.isNaN(d)) return;
      downloads[u * snapshots + k] = a;
      views[u * snapshots + k] = c;
    });
  });
  return { snapshots, downloads, views };
}
