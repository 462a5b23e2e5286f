import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTimeline } from '../src/history/build-timeline.js';
import { missingSpan } from '../src/history/missing-span.js';
import { periodHistory } from '../src/history/period-history.js';
import { periodKinds } from '../src/history/periods.js';
import { resolveTopWindow } from '../src/history/top-gains.js';
import type { LoadedSnapshot, SnapshotRecord } from '../src/snapshot/snapshot.js';

// The columns of `zenodo-stats history` that a user reads besides the gains: --from/--to, start/end, records,
// new_records, totals, based_on, coverage and the anomaly texts. Each test kills mutants of
// src/history/period-history.ts or build-timeline.ts that survived `npm run mutate` (bench/mutation-survivors.md).
// Every expected value is worked out by hand in the comment next to it.

/** `[id, downloads, views]`: all-version and version figures alike, unique = the same. */
type Row = [string, number, number];

let nextId = 1;
function snap(day: string, rows: Row[], options: { complete?: boolean; source?: string } = {}): LoadedSnapshot {
  const records: SnapshotRecord[] = rows.map(([recordId, d, v]) => ({
    recordId,
    conceptId: null,
    downloads: d,
    uniqueDownloads: d,
    views: v,
    uniqueViews: v,
    versionDownloads: d,
    versionUniqueDownloads: d,
    versionViews: v,
    versionUniqueViews: v,
    volume: null,
  }));
  return {
    info: {
      id: nextId++,
      collection: 'c',
      baseUrl: null,
      takenAt: `${day}T00:00:00.000Z`,
      day,
      source: options.source ?? 'api',
      complete: options.complete ?? true,
      recordCount: records.length,
      contentHash: '',
      notes: [],
    },
    records,
  };
}

describe('history --from / --to', () => {
  // 2026-01-01 → 2026-04-01 is 90 days (31 + 28 + 31); 90 downloads: one a day. April only touches the last
  // snapshot (taken at midnight on the 1st), so it gains nothing.
  const t = buildTimeline([snap('2026-01-01', [['1', 0, 0]]), snap('2026-04-01', [['1', 90, 0]])]);
  const labels = (from?: string, to?: string) => periodHistory(t, { period: 'month', from, to }).map((r) => r.period);

  it('without bounds, every period from the first snapshot to the last', () => {
    assert.deepEqual(
      periodHistory(t, { period: 'month' }).map((r) => [r.period, r.start, r.end, r.downloads]),
      [
        ['2026-01', '2026-01-01', '2026-01-31', 31],
        ['2026-02', '2026-02-01', '2026-02-28', 28],
        ['2026-03', '2026-03-01', '2026-03-31', 31],
        ['2026-04', '2026-04-01', '2026-04-30', 0],
      ],
    );
  });

  it('--from keeps the periods ending on or after the day', () => {
    assert.deepEqual(labels('2026-02-28'), ['2026-02', '2026-03', '2026-04']);
    assert.deepEqual(labels('2026-03-01'), ['2026-03', '2026-04']);
  });

  it('--to keeps the periods starting on or before the day', () => {
    assert.deepEqual(labels(undefined, '2026-03-01'), ['2026-01', '2026-02', '2026-03']);
    assert.deepEqual(labels(undefined, '2026-02-28'), ['2026-01', '2026-02']);
  });

  it('both bounds: only the periods between, with their figures unchanged', () => {
    const rows = periodHistory(t, { period: 'month', from: '2026-02-10', to: '2026-02-10' });
    assert.deepEqual(rows.map((r) => [r.period, r.downloads]), [['2026-02', 28]]);
  });
});

describe('history coverage column', () => {
  it('full when snapshots cover the whole period, including a first snapshot on its first instant', () => {
    // First snapshot 2026-01-01 00:00 (the start of January), last 2026-04-01 00:00 (the end of March).
    const t = buildTimeline([snap('2026-01-01', [['1', 0, 0]]), snap('2026-04-01', [['1', 90, 0]])]);
    assert.deepEqual(
      periodHistory(t, { period: 'month' }).map((r) => r.coverage),
      ['full', 'full', 'full', 'partial'],
    );
  });

  it('partial for a first and a last period the snapshots only cover in part', () => {
    const t = buildTimeline([snap('2026-01-15', [['1', 0, 0]]), snap('2026-03-10', [['1', 54, 0]])]);
    assert.deepEqual(
      periodHistory(t, { period: 'month' }).map((r) => r.coverage),
      ['partial', 'full', 'partial'],
    );
  });
});

describe('history records, new_records, totals and based_on columns', () => {
  // Record 1 from the start; record 2 appears on Feb 1, record 3 on Mar 1.
  const t = buildTimeline([
    snap('2026-01-01', [['1', 10, 100]]),
    snap('2026-02-01', [['1', 20, 110], ['2', 5, 50]]),
    snap('2026-03-01', [['1', 30, 120], ['2', 6, 60], ['3', 7, 70]]),
  ]);
  const rows = periodHistory(t, { period: 'month' });

  it('records and totals are those of the last snapshot before the period ends; new records those first seen in it', () => {
    // January ends before the Feb 1 snapshot: 1 record, 10 downloads, 100 views. February: the Feb 1 snapshot,
    // 20 + 5 = 25 downloads, 110 + 50 = 160 views. March: 30 + 6 + 7 = 43, 120 + 60 + 70 = 250.
    assert.deepEqual(
      rows.map((r) => [r.period, r.records, r.new_records, r.total_downloads, r.total_unique_downloads, r.total_views, r.total_unique_views]),
      [
        ['2026-01', 1, 0, 10, 10, 100, 100],
        ['2026-02', 2, 1, 25, 25, 160, 160],
        ['2026-03', 3, 1, 43, 43, 250, 250],
      ],
    );
  });

  it('gains per period: January takes Jan 1 → Feb 1, February Feb 1 → Mar 1, March nothing', () => {
    // Record 1 gains 10 downloads and 10 views each month; record 2 gains 1 and 10 in February; record 3 is new
    // on Mar 1, so its figures are a baseline, not a gain.
    assert.deepEqual(
      rows.map((r) => [r.downloads, r.unique_downloads, r.views, r.unique_views]),
      [
        [10, 10, 10, 10],
        [11, 11, 20, 20],
        [0, 0, 0, 0],
      ],
    );
  });

  it('based_on names the first and last day of the stretches overlapping the period, and how many snapshots', () => {
    // The Jan 1 → Feb 1 stretch only touches February at an instant, so February rests on Feb 1 → Mar 1 alone;
    // March is only touched by the last snapshot, so it rests on no stretch.
    assert.deepEqual(
      rows.map((r) => r.based_on),
      ['2026-01-01 → 2026-02-01 (2 snapshots)', '2026-02-01 → 2026-03-01 (2 snapshots)', ''],
    );
    assert.equal(periodHistory(t, { period: 'year' })[0]?.based_on, '2026-01-01 → 2026-03-01 (3 snapshots)');
  });
});

describe('history anomaly texts', () => {
  // 2026-01-05, -12, -19 and -26 are Mondays: each snapshot opens its ISO week (W02, W03, W04, W05).
  it('a partial snapshot, in the week it was taken only', () => {
    const t = buildTimeline([
      snap('2026-01-05', [['1', 0, 0], ['2', 0, 0]]),
      snap('2026-01-12', [['1', 1, 1]]),
      snap('2026-01-19', [['1', 2, 2], ['2', 2, 2]]),
    ]);
    assert.deepEqual(
      periodHistory(t, { period: 'week' }).map((r) => [r.period, r.anomalies]),
      [
        ['2026-W02', ''],
        ['2026-W03', 'partial snapshot 2026-01-12 (1 missing)'],
        ['2026-W04', ''],
      ],
    );
  });

  it('an incomplete snapshot that nobody is missing from; a partial one that is also incomplete reads as partial', () => {
    const t = buildTimeline([
      snap('2026-01-05', [['1', 0, 0], ['2', 0, 0]]),
      snap('2026-01-12', [['1', 1, 1]], { complete: false }),
      snap('2026-01-19', [['1', 2, 2], ['2', 2, 2]], { complete: false }),
      snap('2026-01-26', [['1', 3, 3], ['2', 3, 3]]),
    ]);
    assert.deepEqual(
      periodHistory(t, { period: 'week' }).map((r) => r.anomalies),
      ['', 'partial snapshot 2026-01-12 (1 missing)', 'incomplete snapshot 2026-01-19', ''],
    );
  });

  it('counters that fell: how many records of how many observed again', () => {
    // Record 1 falls to 0 on Jan 12; record 2 grows. 1 of the 2 records observed again fell.
    const t = buildTimeline([
      snap('2026-01-05', [['1', 10, 10], ['2', 5, 5]]),
      snap('2026-01-12', [['1', 0, 0], ['2', 6, 6]]),
    ]);
    assert.deepEqual(
      periodHistory(t, { period: 'week' }).map((r) => r.anomalies),
      ['', 'counters fell 2026-01-12 (1 of 2 records; not counted)'],
    );
    // Only record 2's step counts: 1 download, 1 view, all in W02.
    assert.deepEqual(periodHistory(t, { period: 'week' }).map((r) => r.downloads), [1, 0]);
  });

  it('frozen downloads: shown in the week of either end of the stretch, not after', () => {
    // 20 records. Jan 5 → 12: one record's downloads move (19 of 20 = 95 % still), 7 records' views move (35 %).
    // Jan 12 → 19: every figure moves.
    const ids = Array.from({ length: 20 }, (_, i) => String(i + 1));
    const t = buildTimeline([
      snap('2026-01-05', ids.map((id): Row => [id, 10, 10])),
      snap('2026-01-12', ids.map((id, i): Row => [id, i === 0 ? 11 : 10, i < 7 ? 11 : 10])),
      snap('2026-01-19', ids.map((id): Row => [id, 20, 20])),
    ]);
    assert.deepEqual(t.anomalies, [{ kind: 'frozen', metric: 'downloads', from: '2026-01-05', to: '2026-01-12', unchangedShare: 0.95, viewsChangedShare: 0.35 }]);
    assert.deepEqual(
      periodHistory(t, { period: 'week' }).map((r) => r.anomalies),
      ['downloads frozen 2026-01-05→2026-01-12', 'downloads frozen 2026-01-05→2026-01-12', ''],
    );
  });

  it('frozen downloads at the thresholds: exactly 30 % of views moving and exactly 10 records still count', () => {
    // 10 records, none of whose downloads moved, 3 of whose views did.
    const ids = Array.from({ length: 10 }, (_, i) => String(i + 1));
    const t = buildTimeline([
      snap('2026-01-05', ids.map((id): Row => [id, 10, 10])),
      snap('2026-01-12', ids.map((id, i): Row => [id, 10, i < 3 ? 11 : 10])),
    ]);
    assert.deepEqual(t.anomalies, [{ kind: 'frozen', metric: 'downloads', from: '2026-01-05', to: '2026-01-12', unchangedShare: 1, viewsChangedShare: 0.3 }]);
  });
});

describe('missingSpan: the snapshots a record counts as missing from', () => {
  it('between two appearances, only where both sides are within two snapshots', () => {
    assert.deepEqual(missingSpan(3, 5, 10), [4, 4]);
    assert.deepEqual(missingSpan(3, 6, 10), [4, 5]);
    // Gone at 4, 5, 6: only 5 has it both two before (3) and two after (7).
    assert.deepEqual(missingSpan(3, 7, 10), [5, 5]);
    assert.equal(missingSpan(3, 8, 10), null);
    assert.equal(missingSpan(3, 4, 10), null);
  });

  it('the first snapshot lacks a record of the second, when the first edge counts', () => {
    assert.deepEqual(missingSpan(-1, 1, 10), [0, 0]);
    assert.equal(missingSpan(-1, 2, 10), null);
    assert.equal(missingSpan(-1, 1, 10, { first: false, last: true }), null);
  });

  it('the last snapshot lacks a record of the one before, when the last edge counts', () => {
    assert.deepEqual(missingSpan(8, 10, 10), [9, 9]);
    assert.equal(missingSpan(7, 10, 10), null);
    assert.equal(missingSpan(8, 10, 10, { first: true, last: false }), null);
    assert.deepEqual(missingSpan(0, 2, 2), [1, 1]);
  });

  it('a single snapshot has nothing to compare with', () => {
    assert.equal(missingSpan(-1, 1, 1), null);
    assert.equal(missingSpan(0, 1, 1), null);
  });
});

describe('names of periods a user can ask for', () => {
  it('history --period: week, month, quarter, year', () => {
    assert.deepEqual(periodKinds, ['week', 'month', 'quarter', 'year']);
  });

  it('top --period: a month must be the whole argument', () => {
    const times = [Date.parse('2026-01-05T00:00:00Z')];
    assert.throws(() => resolveTopWindow('x2026-08', times), { name: 'RangeError', message: "period 'x2026-08' is not one of last-week, last-month, all, YYYY, YYYY-MM, YYYY-Qn, YYYY-Www" });
    assert.deepEqual(resolveTopWindow('2026-08', times), { label: '2026-08', start: Date.parse('2026-08-01T00:00:00Z'), end: Date.parse('2026-09-01T00:00:00Z') });
  });

  it('an empty history has no rows', () => {
    assert.deepEqual(periodHistory(buildTimeline([]), { period: 'month' }), []);
  });
});
