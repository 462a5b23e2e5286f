import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTimeline } from '../src/history/build-timeline.js';
import { periodHistory } from '../src/history/period-history.js';
import { topGains } from '../src/history/top-gains.js';
import type { LoadedSnapshot, SnapshotRecord } from '../src/snapshot/snapshot.js';

// Cases for src/history/build-timeline.ts and top-gains.ts whose mutants survived `npm run mutate`
// (bench/mutation-survivors.md). Every expected value is worked out by hand in the comment next to it.

/** Figures `[downloads, uniqueDownloads, views, uniqueViews]`, used for the version counters too; null = missing. */
type Figures = [number | null, number | null, number | null, number | null];

let nextId = 1;
function snap(day: string, rows: Array<[string, Figures] | [string, Figures, string]>, source = 'api'): LoadedSnapshot {
  const records: SnapshotRecord[] = rows.map(([recordId, [a, b, c, d], conceptId]) => ({
    recordId,
    conceptId: conceptId ?? null,
    downloads: a,
    uniqueDownloads: b,
    views: c,
    uniqueViews: d,
    versionDownloads: a,
    versionUniqueDownloads: b,
    versionViews: c,
    versionUniqueViews: d,
    volume: null,
  }));
  return {
    info: { id: nextId++, collection: 'c', baseUrl: null, takenAt: `${day}T00:00:00.000Z`, day, source, complete: true, recordCount: records.length, contentHash: '', notes: [] },
    records,
  };
}
const same = (x: number): Figures => [x, x, x, x];

describe('a record with one of its four counters missing in a snapshot', () => {
  // Records 1, 2, 3, 4 each lack a different counter (unique downloads, views, unique views, downloads) on
  // Jan 12. Each is then not observed there at all: it neither gains nor loses, and its gain 10 → 30 spans
  // Jan 5 → Jan 19.
  const t = buildTimeline([
    snap('2026-01-05', [['1', same(10)], ['2', same(10)], ['3', same(10)], ['4', same(10)]]),
    snap('2026-01-12', [['1', [20, null, 20, 20]], ['2', [20, 20, null, 20]], ['3', [20, 20, 20, null]], ['4', [null, 20, 20, 20]]]),
    snap('2026-01-19', [['1', same(30)], ['2', same(30)], ['3', same(30)], ['4', same(30)]]),
  ]);

  it('keeps the totals of the last full observation, and finite', () => {
    assert.deepEqual(t.totals, [same(40), same(40), same(120)]);
  });

  it('takes the gain over the whole stretch: half in each week', () => {
    assert.deepEqual([...t.intervals.keys()], ['0:2']);
    // 4 records × 20 = 80 per counter over 14 days: 40 in W02 (Jan 5–11), 40 in W03 (Jan 12–18).
    assert.deepEqual(
      periodHistory(t, { period: 'week' }).map((r) => [r.downloads, r.unique_downloads, r.views, r.unique_views]),
      [same(40), same(40), same(0)],
    );
    assert.deepEqual(t.unitCounts, [4, 4, 4]);
    assert.deepEqual(t.anomalies, []);
  });

  it('top records skip it there too: each gains 20 on every counter over the fortnight', () => {
    const top = topGains(t, { label: '', start: Date.parse('2026-01-05T00:00:00Z'), end: Date.parse('2026-01-19T00:00:00Z') }, { by: 'downloads', limit: 10 });
    assert.deepEqual(top.map((g) => [g.recordId, g.downloads, g.uniqueDownloads, g.views, g.uniqueViews]), [
      ['1', 20, 20, 20, 20],
      ['2', 20, 20, 20, 20],
      ['3', 20, 20, 20, 20],
      ['4', 20, 20, 20, 20],
    ]);
  });
});

describe('counters that fell, in detail', () => {
  // Seven records at 10. On Jan 12 records 1–6 have downloads (and unique downloads) 0 while their views grow to
  // 12; record 7 grows to 11 everywhere. On Jan 19 records 1–6 are back at 15 downloads, 14 views; record 7 at 12.
  const ids = ['1', '2', '3', '4', '5', '6'];
  const t = buildTimeline([
    snap('2026-01-05', [...ids.map((id): [string, Figures] => [id, same(10)]), ['7', same(10)]]),
    snap('2026-01-12', [...ids.map((id): [string, Figures] => [id, [0, 0, 12, 12]]), ['7', same(11)]]),
    snap('2026-01-19', [...ids.map((id): [string, Figures] => [id, [15, 15, 14, 14]]), ['7', same(12)]]),
  ]);

  it('reports 6 of the 7 records observed again, per counter, with the first five examples', () => {
    assert.deepEqual(t.anomalies, [
      {
        kind: 'fallen',
        day: '2026-01-12',
        source: 'api',
        units: 6,
        of: 7,
        counts: { downloads: 6, uniqueDownloads: 6, views: 0, uniqueViews: 0 },
        examples: [
          { recordId: '1', metric: 'downloads', last: 10, value: 0 },
          { recordId: '1', metric: 'uniqueDownloads', last: 10, value: 0 },
          { recordId: '2', metric: 'downloads', last: 10, value: 0 },
          { recordId: '2', metric: 'uniqueDownloads', last: 10, value: 0 },
          { recordId: '3', metric: 'downloads', last: 10, value: 0 },
        ],
      },
    ]);
  });

  it('keeps the last good downloads in the totals, counts the views that grew', () => {
    // Jan 12: downloads 6 × 10 (kept) + 11 = 71; views 6 × 12 + 11 = 83. Jan 19: 6 × 15 + 12 = 102, 6 × 14 + 12 = 96.
    assert.deepEqual(t.totals, [
      [70, 70, 70, 70],
      [71, 71, 83, 83],
      [102, 102, 96, 96],
    ]);
  });

  it('spreads the downloads regained over the two weeks since the last good figure', () => {
    assert.deepEqual([...t.intervals.keys()].sort(), ['0:1', '0:2', '1:2']);
    // Downloads: records 1–6 gain 5 each over Jan 5 → 19 (15 per week), record 7 gains 1 each week: 16, 16.
    // Views: 6 × 2 + 1 = 13 each week.
    assert.deepEqual(
      periodHistory(t, { period: 'week' }).map((r) => [r.downloads, r.unique_downloads, r.views, r.unique_views]),
      [
        [16, 16, 13, 13],
        [16, 16, 13, 13],
        [0, 0, 0, 0],
      ],
    );
  });
});

describe('top records: which count as new', () => {
  // Record 1 is in the first snapshot (the baseline); record 2 first appears on Jan 12, record 3 on Jan 19.
  const t = buildTimeline([
    snap('2026-01-05', [['1', same(0)]]),
    snap('2026-01-12', [['1', same(7)], ['2', same(0)]]),
    snap('2026-01-19', [['1', same(14)], ['2', same(5)], ['3', same(0)]]),
  ]);
  const isNew = (start: string, end: string) =>
    Object.fromEntries(topGains(t, { label: '', start: Date.parse(start), end: Date.parse(end) }, { by: 'downloads', limit: 10 }).map((g) => [g.recordId, g.isNew]));

  it('a record first seen after the window starts and by its end is new; one first seen at its start is not', () => {
    assert.deepEqual(isNew('2026-01-12T00:00:00Z', '2026-01-19T00:00:00Z'), { '1': false, '2': false, '3': true });
    assert.deepEqual(isNew('2026-01-11T00:00:00Z', '2026-01-18T00:00:00Z'), { '1': false, '2': true, '3': false });
  });

  it('a record of the first snapshot is never new, even in a window that starts before it', () => {
    assert.deepEqual(isNew('2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z'), { '1': false, '2': true, '3': true });
  });

  it('gains inside the window, by time', () => {
    // Jan 9 → Jan 16: record 1 gains 1 a day (7 days); record 2 gains 5 over Jan 12 → 19, 4 of those 7 days in.
    const top = topGains(t, { label: '', start: Date.parse('2026-01-09T00:00:00Z'), end: Date.parse('2026-01-16T00:00:00Z') }, { by: 'downloads', limit: 10 });
    assert.deepEqual(top.map((g) => [g.recordId, g.downloads, g.uniqueDownloads, g.views, g.uniqueViews]), [
      ['1', 7, 7, 7, 7],
      ['2', 3, 3, 3, 3],
      ['3', 0, 0, 0, 0],
    ]);
  });
});

describe('snapshots handed over out of order', () => {
  it('are taken oldest first', () => {
    const t = buildTimeline([snap('2026-01-19', [['1', same(30)]]), snap('2026-01-05', [['1', same(10)]]), snap('2026-01-12', [['1', same(20)]])]);
    assert.deepEqual(t.snapshots.map((s) => s.day), ['2026-01-05', '2026-01-12', '2026-01-19']);
    assert.deepEqual(t.totals, [same(10), same(20), same(30)]);
  });
});

describe('one counter that fell while the other three grew', () => {
  // Each record falls on a different counter on Jan 12 (record 1 downloads, 2 unique downloads, 3 views, 4 unique
  // views); the others grow 10 → 12 → 14. Record 1's unique downloads stand still on Jan 12 (10, not a fall).
  // On Jan 19 the fallen counter is at 24: it gains 14 over Jan 5 → 19, 7 a week.
  const t = buildTimeline([
    snap('2026-01-05', [['1', same(10)], ['2', same(10)], ['3', same(10)], ['4', same(10)]]),
    snap('2026-01-12', [['1', [0, 10, 12, 12]], ['2', [12, 0, 12, 12]], ['3', [12, 12, 0, 12]], ['4', [12, 12, 12, 0]]]),
    snap('2026-01-19', [['1', [24, 14, 14, 14]], ['2', [14, 24, 14, 14]], ['3', [14, 14, 24, 14]], ['4', [14, 14, 14, 24]]]),
  ]);

  it('spreads each fallen counter\'s regain over both weeks, the others week by week', () => {
    // Per counter: the fallen record 7 + 7, the three others 2 + 2: 13 and 13. Unique downloads: record 1 gains
    // 0 then 4, record 2 gains 7 + 7, records 3 and 4 2 + 2: 11 and 15.
    assert.deepEqual(
      periodHistory(t, { period: 'week' }).map((r) => [r.downloads, r.unique_downloads, r.views, r.unique_views]),
      [
        [13, 11, 13, 13],
        [13, 15, 13, 13],
        [0, 0, 0, 0],
      ],
    );
  });

  it('based_on spans the earliest to the latest day of the stretches under the period', () => {
    // W03 rests on Jan 12 → 19 (the counters that grew) and Jan 5 → 19 (the fallen ones regained).
    assert.deepEqual(
      periodHistory(t, { period: 'week' }).map((r) => r.based_on),
      ['2026-01-05 → 2026-01-19 (3 snapshots)', '2026-01-05 → 2026-01-19 (3 snapshots)', ''],
    );
  });

  it('keeps each fallen counter at its last good figure in the totals', () => {
    // Jan 12: 10 (kept) + 3 × 12 = 46 per counter; unique downloads 10 + 10 (kept) + 12 + 12 = 44.
    // Jan 19: 24 + 3 × 14 = 66 per counter.
    assert.deepEqual(t.totals, [same(40), [46, 44, 46, 46], same(66)]);
  });

  it('reports one fall per counter, four records of four', () => {
    assert.deepEqual(t.anomalies, [
      {
        kind: 'fallen',
        day: '2026-01-12',
        source: 'api',
        units: 4,
        of: 4,
        counts: { downloads: 1, uniqueDownloads: 1, views: 1, uniqueViews: 1 },
        examples: [
          { recordId: '1', metric: 'downloads', last: 10, value: 0 },
          { recordId: '2', metric: 'uniqueDownloads', last: 10, value: 0 },
          { recordId: '3', metric: 'views', last: 10, value: 0 },
          { recordId: '4', metric: 'uniqueViews', last: 10, value: 0 },
        ],
      },
    ]);
  });
});

describe('one counter that fell, with the rows of the last snapshot in reverse order', () => {
  it('gives the same figures: each record is judged on its own counters', () => {
    const t = buildTimeline([
      snap('2026-01-05', [['1', same(10)], ['2', same(10)], ['3', same(10)], ['4', same(10)]]),
      snap('2026-01-12', [['1', [0, 10, 12, 12]], ['2', [12, 0, 12, 12]], ['3', [12, 12, 0, 12]], ['4', [12, 12, 12, 0]]]),
      snap('2026-01-19', [['4', [14, 14, 14, 24]], ['3', [14, 14, 24, 14]], ['2', [14, 24, 14, 14]], ['1', [24, 14, 14, 14]]]),
    ]);
    // As in the test above: 13 per counter and week, unique downloads 11 then 15.
    assert.deepEqual(
      periodHistory(t, { period: 'week' }).map((r) => [r.downloads, r.unique_downloads, r.views, r.unique_views]),
      [
        [13, 11, 13, 13],
        [13, 15, 13, 13],
        [0, 0, 0, 0],
      ],
    );
  });
});

describe('a stretch nobody took from the snapshot before', () => {
  it('is not named in based_on', () => {
    // Record 1 lacks its figures on Jan 12; on Jan 19 its unique views fell (5 < 10) while the rest grew: its
    // gains run from Jan 5, and no gain rests on Jan 12 → 19.
    const t = buildTimeline([
      snap('2026-01-05', [['1', same(10)]]),
      snap('2026-01-12', [['1', [null, null, null, null]]]),
      snap('2026-01-19', [['1', [24, 24, 24, 5]]]),
    ]);
    assert.deepEqual([...t.intervals.keys()], ['0:2']);
    assert.deepEqual(
      periodHistory(t, { period: 'week' }).map((r) => [r.downloads, r.unique_views, r.based_on]),
      [
        [7, 0, '2026-01-05 → 2026-01-19 (2 snapshots)'],
        [7, 0, '2026-01-05 → 2026-01-19 (2 snapshots)'],
        [0, 0, ''],
      ],
    );
  });
});

describe('more units than the first block of slots', () => {
  // 1 000 records at 5 on Jan 5. Jan 12: record 1 at 0 on every counter (a fall), records 2–1000 at 6, 100 new
  // records 1001–1100 at 3. Jan 19: all 1 100 at 7.
  const old = Array.from({ length: 1000 }, (_, i) => String(i + 1));
  const added = Array.from({ length: 100 }, (_, i) => String(i + 1001));
  const t = buildTimeline([
    snap('2026-01-05', old.map((id): [string, Figures] => [id, same(5)])),
    snap('2026-01-12', [...old.map((id): [string, Figures] => [id, same(id === '1' ? 0 : 6)]), ...added.map((id): [string, Figures] => [id, same(3)])]),
    snap('2026-01-19', [...old, ...added].map((id): [string, Figures] => [id, same(7)])),
  ]);

  it('counts the gains of every unit, past the 1 024th', () => {
    // Jan 5 → 12: 999 × 1. Jan 12 → 19: 999 × 1 + 100 × 4 = 1 399. Record 1: 5 → 7 over Jan 5 → 19, 1 a week.
    assert.deepEqual([...t.intervals.keys()].sort(), ['0:1', '0:2', '1:2']);
    assert.deepEqual(t.intervals.get('1:2')?.gains, same(1399));
    assert.deepEqual(t.intervals.get('0:2')?.gains, same(2));
    assert.deepEqual(
      periodHistory(t, { period: 'week' }).map((r) => r.downloads),
      [1000, 1400, 0],
    );
    // Jan 12: 5 (record 1, kept) + 999 × 6 + 100 × 3 = 6 299. Jan 19: 1 100 × 7.
    assert.deepEqual(t.totals, [same(5000), same(6299), same(7700)]);
    assert.deepEqual(t.unitCounts, [1000, 1100, 1100]);
    assert.deepEqual(t.newUnits, [0, 100, 0]);
  });

  it('counts a fall among the 1 000 records observed again, not the new ones', () => {
    assert.deepEqual(
      t.anomalies.map((a) => (a.kind === 'fallen' ? [a.day, a.units, a.of] : a.kind)),
      [['2026-01-12', 1, 1000]],
    );
  });
});

describe('records that leave the list', () => {
  it('the first record deleted: it stops counting, and the count drops', () => {
    // Record 1 (figures 10, 5, 20, 8) is gone from Jan 19 on; record 2 (1, 1, 1, 1) stays.
    const t = buildTimeline([
      snap('2026-01-05', [['1', [10, 5, 20, 8]], ['2', same(1)]]),
      snap('2026-01-12', [['1', [10, 5, 20, 8]], ['2', same(1)]]),
      snap('2026-01-19', [['2', same(1)]]),
    ]);
    assert.deepEqual(t.unitCounts, [2, 2, 1]);
    assert.deepEqual(t.totals, [
      [11, 6, 21, 9],
      [11, 6, 21, 9],
      [1, 1, 1, 1],
    ]);
  });

  it('two records deleted at once: both leave the count', () => {
    const t = buildTimeline([
      snap('2026-01-05', [['1', same(1)], ['2', same(1)], ['3', same(1)]]),
      snap('2026-01-12', [['3', same(2)]]),
    ]);
    assert.deepEqual(t.unitCounts, [3, 1]);
  });

  it('a record gone for five snapshots is removed, then re-added; two missing from one snapshot are both counted', () => {
    // Record 2 is in the first and the seventh snapshot only; records 3 and 4 skip the second.
    const days = ['2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26', '2026-02-02', '2026-02-09', '2026-02-16'];
    const t = buildTimeline(
      days.map((day, k) => {
        const rows: Array<[string, Figures]> = [['1', same(k)]];
        if (k === 0 || k === 6) rows.push(['2', same(k)]);
        if (k !== 1) rows.push(['3', same(k)], ['4', same(k)]);
        return snap(day, rows);
      }),
    );
    assert.deepEqual(t.anomalies, [{ kind: 'partial', day: '2026-01-12', missing: 2, source: 'api' }]);
  });
});

describe('imported snapshots: the first and the last judged against their one neighbour', () => {
  it('an imported first file that lacks a record of the second, and a last file that lacks one of the one before', () => {
    const t = buildTimeline([
      snap('2026-01-05', [['1', same(1)]], 'import:a.csv'),
      snap('2026-01-12', [['1', same(2)], ['2', same(2)], ['3', same(2)]], 'import:b.csv'),
      snap('2026-01-19', [['1', same(3)], ['2', same(3)]], 'import:c.csv'),
    ]);
    assert.deepEqual(t.anomalies, [
      { kind: 'partial', day: '2026-01-05', missing: 2, source: 'import:a.csv' },
      { kind: 'partial', day: '2026-01-19', missing: 1, source: 'import:c.csv' },
    ]);
  });

  it('the same snapshots listed from the site: records added, then one deleted, nothing missing', () => {
    const t = buildTimeline([
      snap('2026-01-05', [['1', same(1)]], 'api'),
      snap('2026-01-12', [['1', same(2)], ['2', same(2)], ['3', same(2)]], 'api'),
      snap('2026-01-19', [['1', same(3)], ['2', same(3)]], 'api'),
    ]);
    assert.deepEqual(t.anomalies, []);
  });
});

describe('versions of one concept', () => {
  it('the unit takes the newest version as it appears, whatever the order of the rows', () => {
    // Concept c1: version 11 alone on Jan 5; versions 12 (listed first) and 11 on Jan 12.
    const t = buildTimeline([
      snap('2026-01-05', [['11', same(10), 'c1']]),
      snap('2026-01-12', [['12', same(14), 'c1'], ['11', same(14), 'c1']]),
    ]);
    assert.equal(t.rule, 'all-versions-per-concept');
    assert.equal(t.units.get('c1')?.recordId, '12');
    assert.deepEqual(t.unitCounts, [1, 1]);
    assert.deepEqual(t.totals, [same(10), same(14)]);
  });

  it('a concept never observed with figures still names its record, not its concept id', () => {
    const t = buildTimeline([snap('2026-01-05', [['11', [null, null, null, null], 'c1']]), snap('2026-01-12', [['11', [null, null, null, null], 'c1']])]);
    assert.equal(t.units.get('c1')?.recordId, '11');
  });
});

describe('the frozen-downloads check counts only records observed in both snapshots, every counter good', () => {
  const ten = Array.from({ length: 10 }, (_, i) => String(i + 1));
  // Ten records whose downloads stand still, `moved` of whose views grow by 1.
  const still = (views: number, moved: number) => ten.map((id, i): [string, Figures] => [id, [10, 10, i < moved ? views + 1 : views, i < moved ? views + 1 : views]]);

  it('leaves out a record whose downloads fell (it would count as a download that moved)', () => {
    // 10 still, 3 of 10 views moved: frozen. Record 11's downloads fell to 0, its views grew.
    const t = buildTimeline([
      snap('2026-01-05', [...still(10, 0), ['11', same(10)]]),
      snap('2026-01-12', [...still(10, 3), ['11', [0, 0, 11, 11]]]),
    ]);
    assert.deepEqual(
      t.anomalies.map((a) => (a.kind === 'frozen' ? [a.kind, a.from, a.to, a.unchangedShare, a.viewsChangedShare] : [a.kind, a.day])),
      [
        ['frozen', '2026-01-05', '2026-01-12', 1, 0.3],
        ['fallen', '2026-01-12'],
      ],
    );
  });

  it('leaves out records whose views fell (they would count as views that moved)', () => {
    // 10 still, 2 of 10 views moved: not frozen. Records 11 and 12: downloads still, views fell to 0.
    const t = buildTimeline([
      snap('2026-01-05', [...still(10, 0), ['11', same(10)], ['12', same(10)]]),
      snap('2026-01-12', [...still(10, 2), ['11', [10, 10, 0, 0]], ['12', [10, 10, 0, 0]]]),
    ]);
    assert.deepEqual(t.anomalies.map((a) => a.kind), ['fallen']);
  });

  it('leaves out a record whose downloads were last good two snapshots before', () => {
    // Jan 12 → 19: 10 still, 3 of 10 views moved: frozen. Record 11's downloads fell on Jan 12 and are at 15 on
    // Jan 19, its views stood at 10.
    const t = buildTimeline([
      snap('2026-01-05', [...still(10, 0), ['11', same(10)]]),
      snap('2026-01-12', [...still(10, 0), ['11', [0, 0, 10, 10]]]),
      snap('2026-01-19', [...still(10, 3), ['11', [15, 15, 10, 10]]]),
    ]);
    assert.deepEqual(
      t.anomalies.map((a) => (a.kind === 'frozen' ? [a.kind, a.from, a.to] : [a.kind, a.day])),
      [
        ['frozen', '2026-01-12', '2026-01-19'],
        ['fallen', '2026-01-12'],
      ],
    );
  });

  it('leaves out records whose views were last good two snapshots before', () => {
    // Jan 12 → 19: 10 still, 2 of 10 views moved: not frozen. Records 11 and 12: views fell on Jan 12, at 15 on
    // Jan 19; downloads still.
    const t = buildTimeline([
      snap('2026-01-05', [...still(10, 0), ['11', same(10)], ['12', same(10)]]),
      snap('2026-01-12', [...still(10, 0), ['11', [10, 10, 0, 0]], ['12', [10, 10, 0, 0]]]),
      snap('2026-01-19', [...still(10, 2), ['11', [10, 10, 15, 15]], ['12', [10, 10, 15, 15]]]),
    ]);
    assert.deepEqual(t.anomalies.map((a) => a.kind), ['fallen']);
  });
});
