import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTimeline } from '../src/history/build-timeline.js';
import { periodHistory } from '../src/history/period-history.js';
import { topGains } from '../src/history/top-gains.js';
import type { LoadedSnapshot, SnapshotRecord } from '../src/store/snapshot.js';

// Cases for src/history/build-timeline.ts and top-gains.ts whose mutants survived `npm run mutate`
// (bench/mutation-survivors.md). Every expected value is worked out by hand in the comment next to it.

/** Figures `[downloads, uniqueDownloads, views, uniqueViews]`, used for the version counters too; null = missing. */
type Figures = [number | null, number | null, number | null, number | null];

let nextId = 1;
function snap(day: string, rows: Array<[string, Figures]>): LoadedSnapshot {
  const records: SnapshotRecord[] = rows.map(([recordId, [a, b, c, d]]) => ({
    recordId,
    conceptId: null,
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
    info: { id: nextId++, collection: 'c', baseUrl: null, takenAt: `${day}T00:00:00.000Z`, day, source: 'api', complete: true, recordCount: records.length, contentHash: '', notes: [] },
    records,
  };
}
const same = (x: number): Figures => [x, x, x, x];

describe('a record with one of its four counters missing in a snapshot', () => {
  // Records 1, 2, 3 each lack a different counter (unique downloads, views, unique views) on Jan 12. Each is
  // then not observed there at all: it neither gains nor loses, and its gain 10 → 30 spans Jan 5 → Jan 19.
  const t = buildTimeline([
    snap('2026-01-05', [['1', same(10)], ['2', same(10)], ['3', same(10)]]),
    snap('2026-01-12', [['1', [20, null, 20, 20]], ['2', [20, 20, null, 20]], ['3', [20, 20, 20, null]]]),
    snap('2026-01-19', [['1', same(30)], ['2', same(30)], ['3', same(30)]]),
  ]);

  it('keeps the totals of the last full observation, and finite', () => {
    assert.deepEqual(t.totals, [same(30), same(30), same(90)]);
  });

  it('takes the gain over the whole stretch: half in each week', () => {
    assert.deepEqual([...t.intervals.keys()], ['0:2']);
    // 3 records × 20 = 60 per counter over 14 days: 30 in W02 (Jan 5–11), 30 in W03 (Jan 12–18).
    assert.deepEqual(
      periodHistory(t, { period: 'week' }).map((r) => [r.downloads, r.unique_downloads, r.views, r.unique_views]),
      [same(30), same(30), same(0)],
    );
    assert.deepEqual(t.unitCounts, [3, 3, 3]);
    assert.deepEqual(t.anomalies, []);
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
