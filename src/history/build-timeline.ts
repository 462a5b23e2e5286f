import { missingSpan } from './missing-span.js';
import { compareIds } from '../records/to-summary-rows.js';
import { toSnapshotColumns } from '../snapshot/snapshot-columns.js';
import type { LoadedSnapshot, SnapshotColumns, SnapshotInfo } from '../snapshot/snapshot.js';

import { metrics } from './timeline-types.js';
export { metrics };
export type { Anomaly, CountingRule, FallenExample, Metric, Timeline, Unit, UnitInterval, UnitRows, Values } from './timeline-types.js';
import type { Anomaly, CountingRule, FallenExample, Metric, Timeline, Unit, UnitInterval, UnitRows, Values } from './timeline-types.js';

/**
 * Picks the counting rule: all-version counters once per concept when every record has a concept id,
 * otherwise the `version_*` counters.
 */
export function chooseCountingRule(snapshots: readonly (LoadedSnapshot | SnapshotColumns)[]): CountingRule {
  for (const s of snapshots) {
    const conceptIds = 'records' in s ? s.records.map((r) => r.conceptId) : s.conceptIds;
    if (conceptIds.includes(null)) return 'version-counters';
  }
  return 'all-versions-per-concept';
}

/**
 * Turns a collection's snapshots (oldest first) into per-unit observations, the gains between consecutive
 * observations, carried-forward totals and anomalies. Gains are taken between a unit's own consecutive
 * observations, so a record missing from a partial snapshot is neither lost there nor gained back later: its
 * gain is spread over the whole stretch. A unit first seen after the first snapshot is new; its earlier
 * downloads are not counted as gained.
 *
 * A counter never really falls (zenodo-api.md §8b, §11): when Zenodo's statistics index cannot be queried,
 * records are indexed with zeros. So a counter below its last good figure is a missing observation of that
 * counter for that unit: it neither loses nor gains, and its next good figure (at least the last good one) gains
 * from the last good one, over the whole stretch between them. Each counter keeps its own last good figure
 * (Zenodo's views and downloads fail apart). Such snapshots are reported as `fallen` anomalies.
 *
 * @example
 * const timeline = buildTimeline(await store.loadCollection('nfdi4bioimage'));
 * timeline.totals.at(-1); // [downloads, uniqueDownloads, views, uniqueViews] at the last snapshot
 */
export function buildTimeline(snapshots: readonly (LoadedSnapshot | SnapshotColumns)[], rule = chooseCountingRule(snapshots)): Timeline {
  const ordered = snapshots
    .map((s) => ('records' in s ? toSnapshotColumns(s) : s))
    .sort((a, b) => Date.parse(a.info.takenAt) - Date.parse(b.info.takenAt));
  const times = ordered.map((s) => Date.parse(s.info.takenAt));
  const days = ordered.map((s) => s.info.day);
  const n = ordered.length;
  const units = new Map<string, Unit>();
  const unitList: Unit[] = [];
  const unitIndex = new Map<string, number>();
  const anomalies: Anomaly[] = [];
  const newUnits = new Array<number>(n).fill(0);
  // Per consecutive pair: units seen in both, and how many changed downloads / views (for frozen counters).
  const pairSeen = new Array<number>(n).fill(0);
  const pairDownloadsChanged = new Array<number>(n).fill(0);
  const pairViewsChanged = new Array<number>(n).fill(0);
  // Units missing from a snapshot although its neighbours have them (missingSpan: the same rule as import's).
  const missing = new Array<number>(n).fill(0);
  // Carried totals as differences: +value where a unit's figure starts to count, −value where it stops.
  const totalsDiff = Array.from({ length: n + 1 }, () => new Float64Array(4));
  // Gains per stretch, indexed by the later snapshot, then by the earlier one (almost always k − 1).
  const gainsByTo: Map<number, Float64Array>[] = Array.from({ length: n }, () => new Map());

  // The last observation of every unit (with figures, good or not), by unit index; grown as units appear.
  let capacity = 1024;
  let lastK = new Int32Array(capacity).fill(-1);
  // Per unit and counter (index u * 4 + m): the snapshot of its last good figure, and that figure.
  let goodK = new Int32Array(capacity * 4).fill(-1);
  let good = new Float64Array(capacity * 4);
  // Per snapshot: stretches from the snapshot before that some counter took; falls found there.
  const taken = new Uint8Array(n);
  const fallen: { units: number; of: number; counts: number[]; examples: FallenExample[] }[] = [];
  // Position → unit, per array of keys. Snapshots with the same records share their id array (the store hands
  // them out that way), so a week's join costs array lookups, not string hashing.
  const positions = new WeakMap<readonly string[], Int32Array>();
  const rowsPerSnapshot: UnitRows[] = [];
  const value = new Float64Array(4);

  ordered.forEach((snapshot, k) => {
    const columns = unitColumns(snapshot, rule);
    let index = positions.get(columns.keys);
    if (!index) {
      const found = new Int32Array(columns.keys.length);
      columns.keys.forEach((key, i) => {
        let at = unitIndex.get(key);
        if (at === undefined) {
          // First appearance: a unit is new unless it is in the first snapshot, the baseline.
          const unit: Unit = { key, recordId: columns.recordIds[i] ?? key, firstPresent: k, lastPresent: k, observations: 0 };
          units.set(key, unit);
          at = unitList.push(unit) - 1;
          unitIndex.set(key, at);
          if (k > 0) newUnits[k] = (newUnits[k] ?? 0) + 1;
        }
        found[i] = at;
      });
      index = found;
      positions.set(columns.keys, index);
    }
    if (unitList.length > capacity) {
      while (unitList.length > capacity) capacity *= 2;
      const grownK = new Int32Array(capacity).fill(-1);
      grownK.set(lastK);
      lastK = grownK;
      const grownGoodK = new Int32Array(capacity * 4).fill(-1);
      grownGoodK.set(goodK);
      goodK = grownGoodK;
      const grownGood = new Float64Array(capacity * 4);
      grownGood.set(good);
      good = grownGood;
    }
    const rows: UnitRows = { ...columns, unit: index };
    rowsPerSnapshot.push(rows);

    const consecutive = new Float64Array(4);
    if (k > 0) gainsByTo[k]?.set(k - 1, consecutive);
    const stretchFrom = (from: number): Float64Array => {
      if (from === k - 1) return consecutive;
      let gains = gainsByTo[k]?.get(from);
      if (!gains) {
        gains = new Float64Array(4);
        gainsByTo[k]?.set(from, gains);
      }
      return gains;
    };
    const falls = { units: 0, of: 0, counts: [0, 0, 0, 0], examples: [] as FallenExample[] };
    const start = totalsDiff[k] ?? new Float64Array(4);
    const { a: A, b: B, c: C, d: D, recordIds } = rows;
    for (let i = 0; i < index.length; i += 1) {
      const u = index[i] ?? 0;
      const unit = unitList[u];
      if (!unit) continue;
      // Back after an absence: the snapshots in between that count it as missing (the edges are added below).
      if (unit.firstPresent < k && unit.lastPresent < k - 1) {
        const span = missingSpan(unit.lastPresent, k, n);
        if (span) for (let j = span[0]; j <= span[1]; j += 1) missing[j] = (missing[j] ?? 0) + 1;
      }
      unit.lastPresent = k;
      const a = A[i] ?? Number.NaN;
      const b = B[i] ?? Number.NaN;
      const c = C[i] ?? Number.NaN;
      const d = D[i] ?? Number.NaN;
      // NaN marks a missing counter: the record is present, but has no figures to compare.
      if (a !== a || b !== b || c !== c || d !== d) continue;
      const from = lastK[u] ?? -1;
      const base = u * 4;
      const recordId = recordIds[i] ?? unit.recordId;
      // Downloads and views both taken from the snapshot before (for frozen counters), and their steps.
      const g0 = good[base] ?? 0;
      const g1 = good[base + 1] ?? 0;
      const g2 = good[base + 2] ?? 0;
      const g3 = good[base + 3] ?? 0;
      const f0 = goodK[base] ?? -1;
      const pairDownloads = f0 === k - 1 && a >= g0;
      const pairViews = goodK[base + 2] === k - 1 && c >= g2;
      const downloadsStep = a - g0;
      const viewsStep = c - g2;
      let fell = false;
      if (f0 >= 0 && f0 === goodK[base + 1] && f0 === goodK[base + 2] && f0 === goodK[base + 3] && a >= g0 && b >= g1 && c >= g2 && d >= g3) {
        // The usual case: no counter fell, and all four were last good at the same snapshot.
        const gains = stretchFrom(f0);
        gains[0] = (gains[0] ?? 0) + a - g0;
        gains[1] = (gains[1] ?? 0) + b - g1;
        gains[2] = (gains[2] ?? 0) + c - g2;
        gains[3] = (gains[3] ?? 0) + d - g3;
        start[0] = (start[0] ?? 0) + a - g0;
        start[1] = (start[1] ?? 0) + b - g1;
        start[2] = (start[2] ?? 0) + c - g2;
        start[3] = (start[3] ?? 0) + d - g3;
        if (f0 === k - 1) taken[k] = 1;
        goodK[base] = k;
        goodK[base + 1] = k;
        goodK[base + 2] = k;
        goodK[base + 3] = k;
        good[base] = a;
        good[base + 1] = b;
        good[base + 2] = c;
        good[base + 3] = d;
      } else {
        value[0] = a;
        value[1] = b;
        value[2] = c;
        value[3] = d;
        for (let m = 0; m < 4; m += 1) {
          const cell = base + m;
          const x = value[m] ?? 0;
          const f = goodK[cell] ?? -1;
          const last = good[cell] ?? 0;
          if (f >= 0 && x < last) {
            // A fall: a missing observation of this counter. Its last good figure stays, for totals and gains.
            fell = true;
            falls.counts[m] = (falls.counts[m] ?? 0) + 1;
            if (falls.examples.length < 5) falls.examples.push({ recordId, metric: metrics[m] ?? 'downloads', last, value: x });
            continue;
          }
          // The unit's figure counts from here on instead of its previous good one.
          start[m] = (start[m] ?? 0) + x - last;
          if (f >= 0) {
            const gains = stretchFrom(f);
            gains[m] = (gains[m] ?? 0) + x - last;
            if (f === k - 1) taken[k] = 1;
          }
          goodK[cell] = k;
          good[cell] = x;
        }
      }
      if (from >= 0) {
        falls.of += 1;
        if (fell) falls.units += 1;
        if (pairDownloads && pairViews) {
          pairSeen[k] = (pairSeen[k] ?? 0) + 1;
          if (downloadsStep !== 0) pairDownloadsChanged[k] = (pairDownloadsChanged[k] ?? 0) + 1;
          if (viewsStep !== 0) pairViewsChanged[k] = (pairViewsChanged[k] ?? 0) + 1;
        }
      }
      unit.recordId = recordId;
      unit.observations += 1;
      lastK[u] = k;
    }
    fallen.push(falls);
  });

  // The first and the last snapshot are judged against their one neighbour when they are imports (missingSpan).
  const edges = { first: isImport(ordered[0]?.info), last: isImport(ordered[n - 1]?.info) };
  for (const unit of unitList) {
    for (const span of [missingSpan(-1, unit.firstPresent, n, edges), missingSpan(unit.lastPresent, n, n, edges)]) {
      if (span) for (let j = span[0]; j <= span[1]; j += 1) missing[j] = (missing[j] ?? 0) + 1;
    }
  }

  // A unit's last figure stops counting after its last observation (a deleted record leaves the totals).
  unitList.forEach((_, u) => {
    const k = lastK[u] ?? -1;
    if (k < 0) return;
    const stop = totalsDiff[k + 1];
    if (!stop) return;
    for (let m = 0; m < 4; m += 1) stop[m] = (stop[m] ?? 0) - (good[u * 4 + m] ?? 0);
  });
  const totals: Values[] = [];
  const running: Values = [0, 0, 0, 0];
  for (let k = 0; k < n; k += 1) {
    for (let m = 0; m < 4; m += 1) running[m] = (running[m] ?? 0) + (totalsDiff[k]?.[m] ?? 0);
    totals.push([...running] as Values);
  }

  const intervals = new Map<string, UnitInterval>();
  gainsByTo.forEach((byFrom, to) => {
    for (const [from, g] of byFrom) {
      if (from === to - 1 && taken[to] === 0) continue; // nobody took the stretch from the snapshot before
      intervals.set(`${from}:${to}`, { from, to, gains: [g[0] ?? 0, g[1] ?? 0, g[2] ?? 0, g[3] ?? 0] });
    }
  });

  anomalies.push(...frozenStretches(pairSeen, pairDownloadsChanged, pairViewsChanged, days));
  ordered.forEach((s, k) => {
    const f = fallen[k];
    if (f && f.units > 0) {
      const counts = Object.fromEntries(metrics.map((m, i) => [m, f.counts[i] ?? 0])) as Record<Metric, number>;
      anomalies.push({ kind: 'fallen', day: s.info.day, source: s.info.source, units: f.units, of: f.of, counts, examples: f.examples });
    }
    if ((missing[k] ?? 0) > 0) anomalies.push({ kind: 'partial', day: s.info.day, missing: missing[k] ?? 0, source: s.info.source });
    else if (!s.info.complete) anomalies.push({ kind: 'incomplete', day: s.info.day, source: s.info.source });
  });
  return {
    rule,
    snapshots: ordered.map((s) => s.info),
    times,
    units,
    unitList,
    rows: rowsPerSnapshot,
    intervals,
    totals,
    unitCounts: carriedCounts(units, n),
    newUnits,
    anomalies,
  };
}

/**
 * The units of one snapshot. Under the version rule they are the records themselves, columns as stored (no
 * copy). Under the concept rule, records are grouped by concept: versions carry the same all-version figures,
 * and if they lag behind one another (zenodo/zenodo#1680) the largest is the newest aggregation; the unit's
 * record is the highest id seen. A record missing a counter stays a unit (present) with `NaN` values.
 */
function unitColumns(snapshot: SnapshotColumns, rule: CountingRule): Omit<UnitRows, 'unit'> {
  const { recordIds, conceptIds, values } = snapshot;
  if (rule === 'version-counters') {
    return { keys: recordIds, recordIds, a: values.versionDownloads, b: values.versionUniqueDownloads, c: values.versionViews, d: values.versionUniqueViews };
  }
  const { downloads: pa, uniqueDownloads: pb, views: pc, uniqueViews: pd } = values;
  const byConcept = new Map<string, [string, Values]>();
  for (let i = 0; i < recordIds.length; i += 1) {
    const recordId = recordIds[i] ?? '';
    const key = conceptIds[i] ?? recordId;
    const v: Values = [pa[i] ?? Number.NaN, pb[i] ?? Number.NaN, pc[i] ?? Number.NaN, pd[i] ?? Number.NaN];
    const seen = byConcept.get(key);
    if (!seen) {
      byConcept.set(key, [recordId, v]);
      continue;
    }
    const newer = compareIds(recordId, seen[0]) > 0 ? recordId : seen[0];
    // A version without figures does not hide its siblings' (NaN loses to any number here).
    const merged = seen[1].map((x, m) => {
      const y = v[m] ?? Number.NaN;
      return Number.isNaN(x) ? y : Number.isNaN(y) ? x : Math.max(x, y);
    }) as Values;
    byConcept.set(key, [newer, merged]);
  }
  const keys = [...byConcept.keys()];
  const columns = [0, 1, 2, 3].map(() => new Float64Array(keys.length));
  const ids: string[] = [];
  keys.forEach((key, i) => {
    const [recordId, v] = byConcept.get(key) ?? ['', [0, 0, 0, 0]];
    ids.push(recordId);
    v.forEach((x, m) => {
      const column = columns[m];
      if (column) column[i] = x;
    });
  });
  const [a = new Float64Array(0), b = new Float64Array(0), c = new Float64Array(0), d = new Float64Array(0)] = columns;
  return { keys, recordIds: ids, a, b, c, d };
}

/** Units present at each snapshot, counting each from its first to its last appearance. */
function carriedCounts(units: Map<string, Unit>, n: number): number[] {
  const diff = new Array<number>(n + 1).fill(0);
  for (const { firstPresent: first, lastPresent: last } of units.values()) {
    diff[first] = (diff[first] ?? 0) + 1;
    diff[last + 1] = (diff[last + 1] ?? 0) - 1;
  }
  const counts: number[] = [];
  let running = 0;
  for (let k = 0; k < n; k += 1) {
    running += diff[k] ?? 0;
    counts.push(running);
  }
  return counts;
}

/**
 * Downloads frozen for the whole collection while views grow: Zenodo-side statistics stalls
 * (zenodo/zenodo-rdm#1357, #1398; zenodo-api.md §11). In the NFDI4BIOIMAGE weekly data a normal week leaves at
 * most ~75 % of records' downloads unchanged; the two stalls leave 99–100 % unchanged while views move on most.
 */
function frozenStretches(seen: number[], downloadsChanged: number[], viewsChanged: number[], days: string[]): Anomaly[] {
  const found: Anomaly[] = [];
  for (let k = 1; k < seen.length; k += 1) {
    const both = seen[k] ?? 0;
    if (both < 10) continue;
    const unchangedShare = 1 - (downloadsChanged[k] ?? 0) / both;
    const viewsChangedShare = (viewsChanged[k] ?? 0) / both;
    if (unchangedShare >= 0.95 && viewsChangedShare >= 0.3) {
      found.push({
        kind: 'frozen',
        metric: 'downloads',
        from: days[k - 1] ?? '',
        to: days[k] ?? '',
        unchangedShare: round3(unchangedShare),
        viewsChangedShare: round3(viewsChangedShare),
      });
    }
  }
  return found;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** A snapshot imported from a CSV file (`source` `import:<file>`), not listed from the site by zenodo-stats. */
function isImport(info: SnapshotInfo | undefined): boolean {
  return info?.source.startsWith('import:') ?? false;
}
