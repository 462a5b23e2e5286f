import type { Timeline } from '../history/timeline-types.js';
import type { ReportLang } from './report-data.js';
import { reportText } from './report-text.js';
import { unitValues } from './unit-values.js';

/** How many lines a record's view lists at most; the rest is counted. */
const shownAtMost = 12;

/**
 * The anomalies that touched each unit (issue 15, point 2: a record's own view says what touched its figures), in
 * the order of the snapshots:
 * - a counter read below its last good figure (a Zenodo statistics outage indexes zeros, zenodo-api.md §8b): the
 *   figure is skipped as a missing observation, as `top-gains.ts` and `period-history.ts` skip it;
 * - its absence from a partial snapshot, between two that have it (its gain is spread over the stretch);
 * - a stretch in which the collection's download counters froze (`frozen`), when its own downloads did not move.
 * Units nothing touched are left out.
 */
export function recordAnomalies(timeline: Timeline, lang: ReportLang): Map<string, string[]> {
  const words = reportText[lang].recordAnomaly;
  const { snapshots, downloads, views } = unitValues(timeline);
  const dayIndex = new Map(timeline.snapshots.map((s, k) => [s.day, k]));
  const partial = timeline.anomalies.flatMap((a) => (a.kind === 'partial' ? [dayIndex.get(a.day) ?? -1] : []));
  const frozen = timeline.anomalies.flatMap((a) => (a.kind === 'frozen' ? [{ from: a.from, to: a.to, k0: dayIndex.get(a.from) ?? -1, k1: dayIndex.get(a.to) ?? -1 }] : []));
  const result = new Map<string, string[]>();
  timeline.unitList.forEach((unit, u) => {
    const events: { k: number; text: string }[] = [];
    const at = (values: Float64Array, k: number) => values[u * snapshots + k] ?? Number.NaN;
    for (const [values, counter] of [[downloads, 'downloads'], [views, 'views']] as const) {
      let last = Number.NaN;
      for (let k = 0; k < snapshots; k += 1) {
        const x = at(values, k);
        if (Number.isNaN(x)) continue;
        if (x < last) events.push({ k, text: words.fell(timeline.snapshots[k]?.day ?? '', counter, last, x) });
        else last = x;
      }
    }
    const seen = (k: number) => !Number.isNaN(at(downloads, k));
    for (const k of partial) {
      if (k < 0 || seen(k)) continue;
      let before = false;
      let after = false;
      for (let j = 0; j < k && !before; j += 1) before = seen(j);
      for (let j = k + 1; j < snapshots && !after; j += 1) after = seen(j);
      if (before && after) events.push({ k, text: words.missing(timeline.snapshots[k]?.day ?? '') });
    }
    for (const f of frozen) {
      if (f.k0 < 0 || f.k1 < 0 || !seen(f.k0) || !seen(f.k1)) continue;
      if (at(downloads, f.k1) === at(downloads, f.k0)) events.push({ k: f.k1, text: words.frozen(f.from, f.to) });
    }
    if (events.length === 0) return;
    events.sort((x, y) => x.k - y.k);
    const lines = events.slice(0, shownAtMost).map((e) => e.text);
    if (events.length > shownAtMost) lines.push(words.more(events.length - shownAtMost));
    result.set(unit.key, lines);
  });
  return result;
}
