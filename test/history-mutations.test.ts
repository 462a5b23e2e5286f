import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apportion } from '../src/history/apportion.js';
import { buildTimeline, chooseCountingRule } from '../src/history/build-timeline.js';
import { periodHistory } from '../src/history/period-history.js';
import { isoDay, periodContaining, periodsBetween } from '../src/history/periods.js';
import { resolveTopWindow, topGains } from '../src/history/top-gains.js';
import type { LoadedSnapshot, SnapshotRecord } from '../src/snapshot/snapshot.js';

// Each test here fails under one hand mutation of the counting code that the rest of the suite let through
// (issue 11, point 9). Every expected figure is worked out by hand in the comment next to it.

interface Row {
  id: string;
  concept?: string;
  /** All-version downloads and views (what Zenodo's `stats.downloads` / `stats.views` are). */
  d: number;
  v: number;
  /** This-version downloads and views (`stats.version_downloads` / `version_views`); default: as `d`, `v`. */
  vd?: number;
  vv?: number;
}

let nextId = 1;
function snap(day: string, rows: Row[], source = 'api'): LoadedSnapshot {
  const records: SnapshotRecord[] = rows.map((r) => ({
    recordId: r.id,
    conceptId: r.concept ?? null,
    downloads: r.d,
    uniqueDownloads: r.d,
    views: r.v,
    uniqueViews: r.v,
    versionDownloads: r.vd ?? r.d,
    versionUniqueDownloads: r.vd ?? r.d,
    versionViews: r.vv ?? r.v,
    versionUniqueViews: r.vv ?? r.v,
    volume: null,
  }));
  return {
    info: { id: nextId++, collection: 'c', baseUrl: null, takenAt: `${day}T00:00:00.000Z`, day, source, complete: true, recordCount: records.length, contentHash: '', notes: [] },
    records,
  };
}

describe('all-version figures of one concept that lag between its versions', () => {
  it('counts the largest of the versions\' figures, whichever version carries it', () => {
    // zenodo/zenodo#1680: versions of one concept can carry all-version figures of different ages.
    // Concept c1: the older version is ahead (130 vs 125); concept c2: the newer one is (50 vs 45).
    const t = buildTimeline([
      snap('2026-01-05', [
        { id: '11', concept: 'c1', d: 100, v: 200 },
        { id: '12', concept: 'c1', d: 100, v: 200 },
        { id: '21', concept: 'c2', d: 40, v: 80 },
        { id: '22', concept: 'c2', d: 40, v: 80 },
      ]),
      snap('2026-01-12', [
        { id: '11', concept: 'c1', d: 130, v: 210 },
        { id: '12', concept: 'c1', d: 125, v: 230 },
        { id: '21', concept: 'c2', d: 45, v: 95 },
        { id: '22', concept: 'c2', d: 50, v: 90 },
      ]),
    ]);
    assert.equal(t.rule, 'all-versions-per-concept');
    // Largest per concept and metric: downloads 100+40 = 140, then 130+50 = 180; views 200+80, then 230+95.
    assert.deepEqual(t.totals, [
      [140, 140, 280, 280],
      [180, 180, 325, 325],
    ]);
    const [year] = periodHistory(t, { period: 'year' });
    assert.equal(year?.downloads, 40);
    assert.equal(year?.views, 45);
    // The unit stands for its newest version (highest id), not for the one whose figure won.
    assert.equal(t.units.get('c1')?.recordId, '12');
    assert.equal(t.units.get('c2')?.recordId, '22');
  });
});

describe('a collection that starts with imported snapshots and goes on with API snapshots', () => {
  // Imported CSVs have no concept ids; the API snapshots that follow do. Records 11 and 12 are two versions of
  // one concept: their all-version figures (d) are the same, their version figures (vd) add up to them.
  const imported = () => snap('2026-01-05', [{ id: '11', d: 100, v: 10, vd: 60, vv: 6 }, { id: '12', d: 100, v: 10, vd: 40, vv: 4 }], 'import:20260105.csv');
  const api = (day: string, d: number, vd11: number) =>
    snap(day, [{ id: '11', concept: 'c1', d, v: 10, vd: vd11, vv: 6 }, { id: '12', concept: 'c1', d, v: 10, vd: d - vd11, vv: 4 }]);

  it('counts by version counters throughout, so the imported week is not counted twice', () => {
    const snapshots = [imported(), api('2026-01-12', 120, 70), api('2026-01-19', 150, 80)];
    assert.equal(chooseCountingRule(snapshots), 'version-counters');
    const t = buildTimeline(snapshots);
    assert.equal(t.rule, 'version-counters');
    // Version counters: 60+40 = 100, 70+50 = 120, 80+70 = 150 (the concept's all-version figure each time).
    assert.deepEqual(t.totals.map((v) => v[0]), [100, 120, 150]);
    assert.deepEqual([...t.units.keys()].sort(), ['11', '12']);
    assert.deepEqual(t.newUnits, [0, 0, 0]);
    assert.equal(periodHistory(t, { period: 'year' })[0]?.downloads, 50);
  });

  it('also when the imported snapshot is not the first or the last', () => {
    const snapshots = [api('2025-12-29', 90, 55), imported(), api('2026-01-12', 120, 70)];
    assert.equal(chooseCountingRule(snapshots), 'version-counters');
    // 55+35 = 90, 100, 70+50 = 120.
    assert.deepEqual(buildTimeline(snapshots).totals.map((v) => v[0]), [90, 100, 120]);
  });

  it('counts once per concept when every snapshot carries concept ids', () => {
    const snapshots = [api('2026-01-12', 120, 70), api('2026-01-19', 150, 80)];
    assert.equal(chooseCountingRule(snapshots), 'all-versions-per-concept');
    assert.deepEqual(buildTimeline(snapshots).totals.map((v) => v[0]), [120, 150]);
  });
});

describe('apportioning a gain over periods', () => {
  it('gives the leftover units to the largest remainders, one each, ties to the earlier part', () => {
    // 10 over six equal parts: 1.67 each, floors 1 × 6 = 6, the 4 left go one each to the first four.
    assert.deepEqual(apportion(10, [1, 1, 1, 1, 1, 1]), [2, 2, 2, 2, 1, 1]);
    // 2 over three equal parts: 0.67 each, floors 0; ties go to the earlier parts.
    assert.deepEqual(apportion(2, [1, 1, 1]), [1, 1, 0]);
    // 3 over 1:2:4 = 0.43, 0.86, 1.71: floors 0, 0, 1; remainders .43 < .71 < .86, so parts 2 and 3 get one each.
    assert.deepEqual(apportion(3, [1, 2, 4]), [0, 1, 2]);
    // Weights need not be integers: 5 over .1/.45/.45 = 0.5, 2.25, 2.25 → floors 0, 2, 2 and the largest remainder (.5) takes 1.
    assert.deepEqual(apportion(5, [0.1, 0.45, 0.45]), [1, 2, 2]);
  });

  it('puts a gain with no time to spread it over into the first part, and nothing when there is no part', () => {
    assert.deepEqual(apportion(7, [0, 0]), [7, 0]);
    assert.deepEqual(apportion(7, []), []);
    assert.deepEqual(apportion(0, [3, 1]), [0, 0]);
  });

  it('spreads a stretch over the weeks it overlaps in proportion to days, to the unit', () => {
    // Mon 2026-01-05 → Thu 2026-01-22 is 17 days: 7 in W02, 7 in W03, 3 in W04. 100 × 7/17 = 41.18,
    // 100 × 3/17 = 17.65: floors 41, 41, 17 and the one left goes to W04's larger remainder.
    const t = buildTimeline([snap('2026-01-05', [{ id: '1', d: 0, v: 0 }]), snap('2026-01-22', [{ id: '1', d: 100, v: 17 }])]);
    const rows = periodHistory(t, { period: 'week' });
    assert.deepEqual(rows.map((r) => [r.period, r.downloads, r.views]), [
      ['2026-W02', 41, 7],
      ['2026-W03', 41, 7],
      ['2026-W04', 18, 3],
    ]);
  });
});

describe('the frozen-downloads check', () => {
  // `n` records; between the two snapshots `downloadsMoved` of them gain a download and `viewsMoved` gain a view.
  function pair(n: number, downloadsMoved: number, viewsMoved: number) {
    const ids = Array.from({ length: n }, (_, i) => String(i + 1));
    return buildTimeline([
      snap('2026-02-17', ids.map((id) => ({ id, d: 100, v: 100 }))),
      snap('2026-02-24', ids.map((id, i) => ({ id, d: i < downloadsMoved ? 101 : 100, v: i < viewsMoved ? 101 : 100 }))),
    ]).anomalies.filter((a) => a.kind === 'frozen');
  }

  it('flags a stretch where at least 95 % of downloads stood still while at least 30 % of views moved', () => {
    // 20 records, 1 moved: 95 % unchanged; 6 of 20 views moved: 30 %. Both at the threshold.
    assert.deepEqual(pair(20, 1, 6), [{ kind: 'frozen', metric: 'downloads', from: '2026-02-17', to: '2026-02-24', unchangedShare: 0.95, viewsChangedShare: 0.3 }]);
  });

  it('does not flag a quiet week, where views stood still too', () => {
    assert.deepEqual(pair(20, 0, 0), []);
    // 5 of 20 views moved is 25 %, under the 30 % that tells a stall from a quiet week.
    assert.deepEqual(pair(20, 0, 5), []);
  });

  it('does not flag a week where more than 5 % of downloads moved', () => {
    // 2 of 20 moved: 90 % unchanged.
    assert.deepEqual(pair(20, 2, 20), []);
  });

  it('needs at least 10 records seen in both snapshots', () => {
    assert.equal(pair(10, 0, 10).length, 1);
    assert.deepEqual(pair(9, 0, 9), []);
  });
});

describe('calendar periods, start and end', () => {
  it('gives each kind its first instant and the first instant after it', () => {
    assert.deepEqual(periodContaining('year', Date.UTC(2026, 11, 31, 23)), { label: '2026', start: Date.UTC(2026, 0, 1), end: Date.UTC(2027, 0, 1) });
    assert.deepEqual(periodContaining('quarter', Date.UTC(2026, 2, 31, 23)), { label: '2026-Q1', start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 3, 1) });
    assert.deepEqual(periodContaining('quarter', Date.UTC(2026, 3, 1)), { label: '2026-Q2', start: Date.UTC(2026, 3, 1), end: Date.UTC(2026, 6, 1) });
    assert.deepEqual(periodContaining('quarter', Date.UTC(2026, 11, 1)), { label: '2026-Q4', start: Date.UTC(2026, 9, 1), end: Date.UTC(2027, 0, 1) });
    assert.deepEqual(periodContaining('month', Date.UTC(2026, 11, 31, 23)), { label: '2026-12', start: Date.UTC(2026, 11, 1), end: Date.UTC(2027, 0, 1) });
    // Tuesday 2026-08-11: ISO week 33, Monday 08-10 to Sunday 08-16.
    assert.deepEqual(periodContaining('week', Date.UTC(2026, 7, 11, 15)), { label: '2026-W33', start: Date.UTC(2026, 7, 10), end: Date.UTC(2026, 7, 17) });
    // A Sunday belongs to the week that began six days before; a Monday opens its own.
    assert.equal(periodContaining('week', Date.UTC(2026, 7, 16, 23)).start, Date.UTC(2026, 7, 10));
    assert.equal(periodContaining('week', Date.UTC(2026, 7, 17)).start, Date.UTC(2026, 7, 17));
  });

  it('numbers ISO weeks by the year of their Thursday', () => {
    // 2026-01-01 is a Thursday: week 1 of 2026 starts Monday 2025-12-29. Monday 2024-12-30 opens 2025-W01.
    assert.deepEqual(periodContaining('week', Date.UTC(2025, 11, 29)), { label: '2026-W01', start: Date.UTC(2025, 11, 29), end: Date.UTC(2026, 0, 5) });
    assert.equal(periodContaining('week', Date.UTC(2024, 11, 30)).label, '2025-W01');
    assert.equal(periodContaining('week', Date.UTC(2026, 11, 31)).label, '2026-W53');
    assert.equal(periodContaining('week', Date.UTC(2026, 0, 5)).label, '2026-W02');
  });

  it('lists every period from the first to the last, across a year end', () => {
    assert.deepEqual(periodsBetween('week', Date.UTC(2026, 11, 24), Date.UTC(2027, 0, 6)).map((p) => p.label), ['2026-W52', '2026-W53', '2027-W01']);
    assert.deepEqual(periodsBetween('quarter', Date.UTC(2026, 10, 1), Date.UTC(2027, 1, 1)).map((p) => p.label), ['2026-Q4', '2027-Q1']);
    assert.deepEqual(periodsBetween('year', Date.UTC(2026, 5, 1), Date.UTC(2026, 6, 1)).map((p) => p.label), ['2026']);
    assert.equal(isoDay(Date.UTC(2026, 1, 28, 23, 59)), '2026-02-28');
  });
});

describe('top records of a window', () => {
  // Record 1 gains 70 downloads from Jul 28 to Aug 4 and 14 views after; record 2 gains views throughout and 7
  // downloads in the second week; record 3 first appears on Aug 11.
  const t = buildTimeline([
    snap('2026-07-28', [{ id: '1', d: 100, v: 10 }, { id: '2', d: 50, v: 20 }]),
    snap('2026-08-04', [{ id: '1', d: 170, v: 10 }, { id: '2', d: 50, v: 27 }]),
    snap('2026-08-11', [{ id: '1', d: 170, v: 24 }, { id: '2', d: 57, v: 34 }, { id: '3', d: 1000, v: 1000 }]),
  ]);
  const pick = (g: ReturnType<typeof topGains>) => g.map((x) => [x.recordId, x.downloads, x.uniqueDownloads, x.views, x.uniqueViews, x.isNew]);

  it('names the windows by their days, and calendar windows by their span', () => {
    assert.deepEqual(resolveTopWindow('all', t.times), { label: '2026-07-28 → 2026-08-11', start: Date.UTC(2026, 6, 28), end: Date.UTC(2026, 7, 11) });
    assert.deepEqual(resolveTopWindow('last-week', t.times), { label: '2026-08-04 → 2026-08-11', start: Date.UTC(2026, 7, 4), end: Date.UTC(2026, 7, 11) });
    assert.deepEqual(resolveTopWindow('last-month', t.times), { label: '2026-07-11 → 2026-08-11', start: Date.UTC(2026, 6, 11), end: Date.UTC(2026, 7, 11) });
    assert.deepEqual(resolveTopWindow('2026', t.times), { label: '2026', start: Date.UTC(2026, 0, 1), end: Date.UTC(2027, 0, 1) });
    assert.deepEqual(resolveTopWindow('2026-08', t.times), { label: '2026-08', start: Date.UTC(2026, 7, 1), end: Date.UTC(2026, 8, 1) });
    assert.deepEqual(resolveTopWindow('2026-12', t.times), { label: '2026-12', start: Date.UTC(2026, 11, 1), end: Date.UTC(2027, 0, 1) });
    // Quarters and ISO weeks, as history --period labels them (week 1 holds the year's first Thursday).
    assert.deepEqual(resolveTopWindow('2026-Q3', t.times), { label: '2026-Q3', start: Date.UTC(2026, 6, 1), end: Date.UTC(2026, 9, 1) });
    assert.deepEqual(resolveTopWindow('2026-Q4', t.times), { label: '2026-Q4', start: Date.UTC(2026, 9, 1), end: Date.UTC(2027, 0, 1) });
    assert.deepEqual(resolveTopWindow('2026-W32', t.times), { label: '2026-W32', start: Date.UTC(2026, 7, 3), end: Date.UTC(2026, 7, 10) });
    assert.deepEqual(resolveTopWindow('2026-W01', t.times), { label: '2026-W01', start: Date.UTC(2025, 11, 29), end: Date.UTC(2026, 0, 5) });
    assert.deepEqual(resolveTopWindow('2026-W53', t.times), { label: '2026-W53', start: Date.UTC(2026, 11, 28), end: Date.UTC(2027, 0, 4) });
    assert.deepEqual(resolveTopWindow('2021-W01', t.times), { label: '2021-W01', start: Date.UTC(2021, 0, 4), end: Date.UTC(2021, 0, 11) });
    for (const bad of ['2026-13', '2026-00', '2026-8', '26', ' 2026', '2026-08 ', '2026-Q0', '2026-Q5', '2026-W00', '2026-W54', '2025-W53', '2026-w05', '2026-W5']) assert.throws(() => resolveTopWindow(bad, t.times), /is not one of last-week, last-month, all, YYYY, YYYY-MM, YYYY-Qn, YYYY-Www/, bad);
  });

  it('counts the share of each stretch inside the window, by time', () => {
    // August: record 1 gets 3 of the first week's 7 days (70 × 3/7 = 30) and the second week's 14 views;
    // record 2 gets 7 × 3/7 = 3 views, then 7 downloads and 7 views; record 3 is new in the window.
    assert.deepEqual(pick(topGains(t, resolveTopWindow('2026-08', t.times), { by: 'downloads', limit: 10 })), [
      ['1', 30, 30, 14, 14, false],
      ['2', 7, 7, 10, 10, false],
      ['3', 0, 0, 0, 0, true],
    ]);
    // July: 4 of the first week's 7 days (40 downloads; record 2: 4 views); record 3 is not new there.
    assert.deepEqual(pick(topGains(t, resolveTopWindow('2026-07', t.times), { by: 'views', limit: 10 })), [
      ['2', 0, 0, 4, 4, false],
      ['1', 40, 40, 0, 0, false],
      ['3', 0, 0, 0, 0, false],
    ]);
  });

  it('ranks by the metric asked for, ties by record id, and keeps the first `limit`', () => {
    assert.deepEqual(topGains(t, resolveTopWindow('last-week', t.times), { by: 'views', limit: 2 }).map((g) => [g.recordId, g.views]), [['1', 14], ['2', 7]]);
    // Outside every stretch: all zero, so the order is by record id.
    assert.deepEqual(topGains(t, resolveTopWindow('2025', t.times), { by: 'downloads', limit: 3 }).map((g) => [g.recordId, g.downloads, g.isNew]), [['1', 0, false], ['2', 0, false], ['3', 0, false]]);
  });
});

describe('a collection larger than the first block of unit slots', () => {
  it('keeps every unit\'s last figures when more than 1 024 units appear', () => {
    // 1 000 records, then 1 500: the slots grow while the first 1 000 hold figures. Each old record gains exactly
    // 2 downloads and 1 view (2 000 and 1 000); the 500 new ones gain nothing yet.
    const ids = Array.from({ length: 1_500 }, (_, i) => String(i + 1));
    const t = buildTimeline([
      snap('2026-01-05', ids.slice(0, 1_000).map((id, i) => ({ id, d: i, v: i }))),
      snap('2026-01-12', ids.map((id, i) => ({ id, d: i + 2, v: i + 1 }))),
    ]);
    const [year] = periodHistory(t, { period: 'year' });
    assert.equal(year?.downloads, 2_000);
    assert.equal(year?.views, 1_000);
    assert.equal(year?.new_records, 500);
    // Σ i for i < 1 000 = 499 500; Σ (i + 2) for i < 1 500 = 1 124 250 + 3 000.
    assert.deepEqual(t.totals.map((v) => v[0]), [499_500, 1_127_250]);
  });
});

describe('a record whose counters are missing in one snapshot', () => {
  it('stays present there, and its gain is spread over the whole stretch around it', () => {
    // Record 1 has no downloads figure on 01-12 (its other counters are 0 there and are not used either).
    const missing = snap('2026-01-12', [{ id: '1', d: 0, v: 0 }, { id: '2', d: 5, v: 5 }]);
    const row = missing.records[0];
    assert.ok(row);
    row.downloads = null;
    row.versionDownloads = null;
    const t = buildTimeline([
      snap('2026-01-05', [{ id: '1', d: 10, v: 10 }, { id: '2', d: 5, v: 5 }]),
      missing,
      snap('2026-01-19', [{ id: '1', d: 24, v: 10 }, { id: '2', d: 5, v: 5 }]),
    ]);
    // Record 1 is counted present in all three, observed in two: 14 downloads over two weeks, 7 + 7.
    assert.deepEqual(t.unitCounts, [2, 2, 2]);
    assert.equal(t.units.get('1')?.observations, 2);
    assert.deepEqual(periodHistory(t, { period: 'week' }).map((r) => r.downloads), [7, 7, 0]);
  });
});
