import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apportion } from '../src/history/apportion.js';
import { buildTimeline, chooseCountingRule } from '../src/history/build-timeline.js';
import { periodHistory } from '../src/history/period-history.js';
import { periodContaining, periodsBetween } from '../src/history/periods.js';
import { resolveTopWindow, topGains } from '../src/history/top-gains.js';
import type { LoadedSnapshot, SnapshotRecord } from '../src/snapshot/snapshot.js';

let nextId = 1;
/** A snapshot on `day` whose records are `[id, downloads, views]` (version counters) or with a concept id. */
function snap(day: string, records: Array<[string, number, number] | [string, number, number, string]>, complete = true): LoadedSnapshot {
  const rows: SnapshotRecord[] = records.map(([recordId, downloads, views, conceptId]) => ({
    recordId,
    conceptId: conceptId ?? null,
    downloads,
    uniqueDownloads: Math.floor(downloads / 2),
    views,
    uniqueViews: Math.floor(views / 2),
    versionDownloads: downloads,
    versionUniqueDownloads: Math.floor(downloads / 2),
    versionViews: views,
    versionUniqueViews: Math.floor(views / 2),
    volume: null,
  }));
  return {
    info: { id: nextId++, collection: 'c', baseUrl: null, takenAt: `${day}T00:00:00.000Z`, day, source: 'test', complete, recordCount: rows.length, contentHash: '', notes: [] },
    records: rows,
  };
}

describe('periods', () => {
  it('names ISO weeks, months, quarters and years in UTC', () => {
    assert.equal(periodContaining('week', Date.UTC(2026, 7, 11)).label, '2026-W33');
    assert.equal(periodContaining('week', Date.UTC(2021, 0, 1)).label, '2020-W53');
    assert.equal(periodContaining('month', Date.UTC(2026, 7, 11)).label, '2026-08');
    assert.equal(periodContaining('quarter', Date.UTC(2026, 7, 11)).label, '2026-Q3');
    assert.equal(periodContaining('year', Date.UTC(2026, 7, 11)).label, '2026');
    assert.deepEqual(periodsBetween('month', Date.UTC(2026, 0, 15), Date.UTC(2026, 1, 28)).map((p) => p.label), ['2026-01', '2026-02']);
    // A snapshot at midnight on the 1st opens its month, which then carries its totals.
    assert.deepEqual(periodsBetween('month', Date.UTC(2026, 0, 15), Date.UTC(2026, 2, 1)).map((p) => p.label), ['2026-01', '2026-02', '2026-03']);
  });

  it('apportions integers exactly', () => {
    assert.deepEqual(apportion(10, [1, 1, 1]), [4, 3, 3]);
    assert.deepEqual(apportion(7, [3, 0, 4]), [3, 0, 4]);
    assert.equal(apportion(1_000_003, [0.1, 0.7, 0.2]).reduce((a, b) => a + b, 0), 1_000_003);
  });
});

describe('delta rules', () => {
  it('spreads a gain over unevenly spaced snapshots by time', () => {
    // 31 days from Jan 1 to Feb 1, then 28 days to Mar 1: 310 downloads then 28.
    const t = buildTimeline([snap('2026-01-01', [['1', 0, 0]]), snap('2026-02-01', [['1', 310, 0]]), snap('2026-03-01', [['1', 338, 0]])]);
    const rows = periodHistory(t, { period: 'month' });
    assert.deepEqual(rows.map((r) => [r.period, r.downloads]), [['2026-01', 310], ['2026-02', 28], ['2026-03', 0]]);
    // A stretch across a month boundary is split by days: 10 days in Jan, 20 in Feb.
    const u = buildTimeline([snap('2026-01-22', [['1', 0, 0]]), snap('2026-02-21', [['1', 300, 0]])]);
    assert.deepEqual(periodHistory(u, { period: 'month' }).map((r) => r.downloads), [100, 200]);
  });

  it('counts a new record from its first snapshot: listed as new, earlier downloads not gained', () => {
    const t = buildTimeline([
      snap('2026-01-05', [['1', 10, 5]]),
      snap('2026-01-12', [['1', 20, 9], ['2', 500, 100]]),
      snap('2026-01-19', [['1', 25, 9], ['2', 530, 120]]),
    ]);
    assert.deepEqual(t.newUnits, [0, 1, 0]);
    const rows = periodHistory(t, { period: 'week' });
    assert.deepEqual(rows.map((r) => [r.period, r.new_records, r.downloads, r.total_downloads]), [
      ['2026-W02', 0, 10, 10],
      ['2026-W03', 1, 35, 520],
      ['2026-W04', 0, 0, 555],
    ]);
  });

  it('drops a deleted record from the totals without counting a loss', () => {
    const t = buildTimeline([snap('2026-01-05', [['1', 10, 0], ['2', 40, 0]]), snap('2026-01-12', [['1', 15, 0]])]);
    assert.deepEqual(t.totals.map((v) => v[0]), [50, 15]);
    assert.deepEqual(t.unitCounts, [2, 1]);
    assert.equal(periodHistory(t, { period: 'year' })[0]?.downloads, 5);
    assert.deepEqual(t.anomalies, []);
  });

  it('does not count a partial fall, nor its recovery: gains run from the last good figure', () => {
    // Was "does not use a negative step": the step back up from 90 to 95 used to count 5 downloads gained,
    // but 95 is still below the last good 100, so nothing was gained (issue 11, point 4).
    const t = buildTimeline([snap('2026-01-05', [['1', 100, 10]]), snap('2026-01-12', [['1', 90, 12]]), snap('2026-01-19', [['1', 95, 14]])]);
    assert.deepEqual(t.anomalies.map((a) => (a.kind === 'fallen' ? [a.day, a.units, a.of, a.counts.downloads, a.counts.views] : a.kind)), [
      ['2026-01-12', 1, 1, 1, 0],
      ['2026-01-19', 1, 1, 1, 0],
    ]);
    const rows = periodHistory(t, { period: 'year' });
    assert.equal(rows[0]?.downloads, 0);
    assert.equal(rows[0]?.views, 4);
    assert.match(rows[0]?.anomalies ?? '', /counters fell 2026-01-12 \(1 of 1 records; not counted\); counters fell 2026-01-19/);
  });

  it('flags downloads frozen for the whole collection while views grow', () => {
    const ids = Array.from({ length: 20 }, (_, i) => String(i + 1));
    const week = (day: string, d: number, v: number) => snap(day, ids.map((id, i) => [id, d + i, v + i] as [string, number, number]));
    const t = buildTimeline([week('2026-02-10', 100, 100), week('2026-02-17', 110, 120), week('2026-02-24', 110, 140), week('2026-03-03', 125, 160)]);
    const frozen = t.anomalies.filter((a) => a.kind === 'frozen');
    assert.deepEqual(frozen.map((a) => [a.from, a.to]), [['2026-02-17', '2026-02-24']]);
    const rows = periodHistory(t, { period: 'week' });
    assert.match(rows.find((r) => r.period === '2026-W09')?.anomalies ?? '', /downloads frozen 2026-02-17→2026-02-24/);
  });

  it('neither loses nor gains records missing from a partial snapshot', () => {
    const t = buildTimeline([
      snap('2026-01-05', [['1', 10, 0], ['2', 100, 0]]),
      snap('2026-01-12', [['1', 12, 0]], false),
      snap('2026-01-19', [['1', 14, 0], ['2', 114, 0]]),
    ]);
    assert.deepEqual(t.anomalies, [{ kind: 'partial', day: '2026-01-12', missing: 1, source: 'test' }]);
    assert.deepEqual(t.newUnits, [0, 0, 0]);
    assert.deepEqual(t.totals.map((v) => v[0]), [110, 112, 128]);
    const rows = periodHistory(t, { period: 'week' });
    assert.equal(rows.reduce((s, r) => s + r.downloads, 0), 18);
    // Record 2's 14 over two weeks is spread 7 + 7; record 1 gained 2 each week.
    assert.deepEqual(rows.map((r) => r.downloads), [9, 9, 0]);
  });

  it('counts a multi-version concept once under the concept rule', () => {
    // Two versions of concept c1 carry the same all-version figures.
    const t = buildTimeline([
      snap('2026-01-05', [['11', 100, 50, 'c1'], ['12', 100, 50, 'c1'], ['20', 7, 3, 'c2']]),
      snap('2026-01-12', [['11', 130, 60, 'c1'], ['12', 130, 60, 'c1'], ['20', 9, 3, 'c2']]),
    ]);
    assert.equal(t.rule, 'all-versions-per-concept');
    assert.deepEqual(t.totals.map((v) => v[0]), [107, 139]);
    assert.equal(t.units.get('c1')?.recordId, '12');
    assert.equal(periodHistory(t, { period: 'year' })[0]?.downloads, 32);
  });

  it('falls back to version counters when concept ids are unknown, and says so', () => {
    const s = [snap('2026-01-05', [['1', 10, 0]])];
    assert.equal(chooseCountingRule(s), 'version-counters');
    assert.equal(buildTimeline(s).rule, 'version-counters');
  });

  it('sums of period gains equal each record\'s gain between its first and last snapshot', () => {
    const days = ['2026-01-03', '2026-01-09', '2026-01-20', '2026-02-14', '2026-03-02', '2026-04-30'];
    const t = buildTimeline(days.map((d, k) => snap(d, [['1', 10 * k * k, k], ['2', 3 * k, 7 * k], ...(k >= 2 ? [['3', 100 + k, k] as [string, number, number]] : [])])));
    for (const period of ['week', 'month', 'quarter', 'year'] as const) {
      const rows = periodHistory(t, { period });
      assert.equal(rows.reduce((s, r) => s + r.downloads, 0), 250 + 15 + 3, period);
      assert.equal(rows.reduce((s, r) => s + r.views, 0), 5 + 35 + 3, period);
    }
  });

  it('ranks records by what they gained in a window', () => {
    const t = buildTimeline([
      snap('2026-07-28', [['1', 100, 0], ['2', 50, 0]]),
      snap('2026-08-04', [['1', 110, 0], ['2', 90, 0]]),
      snap('2026-08-11', [['1', 140, 0], ['2', 95, 0], ['3', 1000, 0]]),
    ]);
    const week = resolveTopWindow('last-week', t.times);
    assert.equal(week.label, '2026-08-04 → 2026-08-11');
    const top = topGains(t, week, { by: 'downloads', limit: 10 });
    assert.deepEqual(top.map((g) => [g.recordId, g.downloads, g.isNew]), [['1', 30, false], ['2', 5, false], ['3', 0, true]]);
    assert.deepEqual(topGains(t, resolveTopWindow('all', t.times), { by: 'downloads', limit: 1 }).map((g) => g.recordId), ['2']);
    assert.throws(() => resolveTopWindow('yesterday', t.times), /not one of/);
  });
});

/** One record with all eight counters given: all-version `[downloads, uniqueDownloads, views, uniqueViews]`, then
 * the same four for this version. */
function full(day: string, records: Array<[string, string | null, number[], number[]]>): LoadedSnapshot {
  const rows: SnapshotRecord[] = records.map(([recordId, conceptId, all, version]) => ({
    recordId,
    conceptId,
    downloads: all[0] ?? 0,
    uniqueDownloads: all[1] ?? 0,
    views: all[2] ?? 0,
    uniqueViews: all[3] ?? 0,
    versionDownloads: version[0] ?? 0,
    versionUniqueDownloads: version[1] ?? 0,
    versionViews: version[2] ?? 0,
    versionUniqueViews: version[3] ?? 0,
    volume: null,
  }));
  return {
    info: { id: nextId++, collection: 'c', baseUrl: null, takenAt: `${day}T00:00:00.000Z`, day, source: 'test', complete: true, recordCount: rows.length, contentHash: '', notes: [] },
    records: rows,
  };
}

describe('a counter that falls is a missing observation (issue 11, point 4)', () => {
  const yearOf = (t: ReturnType<typeof buildTimeline>) => {
    const r = periodHistory(t, { period: 'year' })[0];
    return [r?.downloads, r?.unique_downloads, r?.views, r?.unique_views];
  };

  it('a fall to 0 between two equal snapshots gains 0, keeps the totals, and is reported with counts', () => {
    const t = buildTimeline([
      snap('2026-01-05', [['1', 100, 10], ['2', 20, 4]]),
      snap('2026-01-12', [['1', 0, 0], ['2', 30, 6]]),
      snap('2026-01-19', [['1', 100, 10], ['2', 40, 8]]),
    ]);
    // Record 1: nothing; record 2: 20 downloads, 4 views (unique 10 and 2), record 2 took 10 a week.
    assert.deepEqual(yearOf(t), [20, 10, 4, 2]);
    assert.deepEqual(periodHistory(t, { period: 'week' }).map((r) => r.downloads), [10, 10, 0]);
    assert.deepEqual(t.totals.map((v) => v[0]), [120, 130, 140]);
    assert.deepEqual(t.anomalies, [
      {
        kind: 'fallen',
        day: '2026-01-12',
        source: 'test',
        units: 1,
        of: 2,
        counts: { downloads: 1, uniqueDownloads: 1, views: 1, uniqueViews: 1 },
        examples: [
          { recordId: '1', metric: 'downloads', last: 100, value: 0 },
          { recordId: '1', metric: 'uniqueDownloads', last: 50, value: 0 },
          { recordId: '1', metric: 'views', last: 10, value: 0 },
          { recordId: '1', metric: 'uniqueViews', last: 5, value: 0 },
        ],
      },
    ]);
    const top = topGains(t, resolveTopWindow('all', t.times), { by: 'downloads', limit: 2 });
    assert.deepEqual(top.map((g) => [g.recordId, g.downloads, g.views]), [['2', 20, 4], ['1', 0, 0]]);
  });

  it('a partial fall: only the part above the last good figure is gained, over the whole stretch', () => {
    const t = buildTimeline([
      snap('2026-01-05', [['1', 100, 10]]),
      snap('2026-01-12', [['1', 90, 12]]),
      snap('2026-01-19', [['1', 95, 14]]),
      snap('2026-01-26', [['1', 120, 16]]),
    ]);
    // 20 downloads from the 100 of 01-05 to the 120 of 01-26, spread over three weeks 7 + 7 + 6.
    assert.deepEqual(periodHistory(t, { period: 'week' }).map((r) => [r.period, r.downloads, r.views]), [
      ['2026-W02', 7, 2],
      ['2026-W03', 7, 2],
      ['2026-W04', 6, 2],
      ['2026-W05', 0, 0],
    ]);
    assert.deepEqual(t.totals.map((v) => v[0]), [100, 100, 100, 120]);
    assert.deepEqual(t.anomalies.map((a) => (a.kind === 'fallen' ? [a.day, a.counts.downloads, a.counts.uniqueDownloads, a.counts.views] : a.kind)), [
      ['2026-01-12', 1, 1, 0],
      ['2026-01-19', 1, 1, 0],
    ]);
  });

  it('a fall then a recovery above the last good figure gains only the difference', () => {
    const t = buildTimeline([snap('2026-01-05', [['1', 100, 10]]), snap('2026-01-12', [['1', 0, 0]]), snap('2026-01-19', [['1', 130, 16]])]);
    assert.deepEqual(yearOf(t), [30, 15, 6, 3]);
    const top = topGains(t, resolveTopWindow('last-week', t.times), { by: 'downloads', limit: 1 });
    // The 30 are spread over the two weeks from 01-05: 15 fall in the last week.
    assert.deepEqual(top.map((g) => [g.recordId, g.downloads, g.views]), [['1', 15, 3]]);
  });

  it('two consecutive falls: both skipped, both reported', () => {
    const t = buildTimeline([
      snap('2026-01-05', [['1', 100, 10]]),
      snap('2026-01-12', [['1', 0, 0]]),
      snap('2026-01-19', [['1', 0, 0]]),
      snap('2026-01-26', [['1', 100, 12]]),
    ]);
    assert.deepEqual(yearOf(t), [0, 0, 2, 1]);
    assert.deepEqual(t.anomalies.map((a) => (a.kind === 'fallen' ? a.day : a.kind)), ['2026-01-12', '2026-01-19']);
    assert.deepEqual([...t.intervals.keys()], ['0:3']);
  });

  it('downloads and views fall apart: each counter keeps its own last good figure', () => {
    // Zenodo's view and download statistics fail independently (get_record_stats).
    const t = buildTimeline([
      full('2026-01-05', [['1', 'c1', [100, 50, 10, 5], [100, 50, 10, 5]]]),
      full('2026-01-12', [['1', 'c1', [0, 0, 12, 6], [0, 0, 12, 6]]]),
      full('2026-01-19', [['1', 'c1', [104, 52, 0, 0], [104, 52, 0, 0]]]),
      full('2026-01-26', [['1', 'c1', [106, 53, 20, 9], [106, 53, 20, 9]]]),
    ]);
    assert.deepEqual(yearOf(t), [6, 3, 10, 4]);
    assert.deepEqual(t.anomalies.map((a) => (a.kind === 'fallen' ? [a.day, a.counts.downloads, a.counts.views] : a.kind)), [
      ['2026-01-12', 1, 0],
      ['2026-01-19', 0, 1],
    ]);
  });

  it('version_* counters that fall are skipped too (version rule), and all-version ones (concept rule)', () => {
    // No concept id: the version_* counters count. Version downloads fall to 0, all-version ones do not.
    const byVersion = buildTimeline([
      full('2026-01-05', [['1', null, [500, 250, 50, 25], [100, 50, 10, 5]]]),
      full('2026-01-12', [['1', null, [500, 250, 50, 25], [0, 0, 0, 0]]]),
      full('2026-01-19', [['1', null, [520, 260, 60, 30], [110, 55, 14, 7]]]),
    ]);
    assert.equal(byVersion.rule, 'version-counters');
    assert.deepEqual(yearOf(byVersion), [10, 5, 4, 2]);
    assert.equal(byVersion.anomalies[0]?.kind === 'fallen' && byVersion.anomalies[0].counts.downloads, 1);
    // With a concept id: the all-version counters count; here they fall and the version_* ones do not.
    const byConcept = buildTimeline([
      full('2026-01-05', [['1', 'c1', [500, 250, 50, 25], [100, 50, 10, 5]]]),
      full('2026-01-12', [['1', 'c1', [0, 0, 0, 0], [105, 52, 11, 5]]]),
      full('2026-01-19', [['1', 'c1', [520, 260, 60, 30], [110, 55, 14, 7]]]),
    ]);
    assert.equal(byConcept.rule, 'all-versions-per-concept');
    assert.deepEqual(yearOf(byConcept), [20, 10, 10, 5]);
    assert.deepEqual(byConcept.totals.map((v) => v[0]), [500, 500, 520]);
    assert.equal(byConcept.anomalies.length, 1);
  });
});
