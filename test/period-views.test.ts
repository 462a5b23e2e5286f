import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTimeline } from '../src/history/build-timeline.js';
import type { LoadedSnapshot, SnapshotRecord } from '../src/snapshot/snapshot.js';
import { buildPeriodViews, encodeNumber, encodeObservations } from '../src/report/period-views.js';
import { recordAnomalies } from '../src/report/record-anomalies.js';

// The dashboard's data (issue 15, point 3): each record's good observations, encoded compactly for the page's
// script to spread over any period. Every expected string is worked out by hand in the comment next to it.

let nextId = 1;
function snap(day: string, rows: { id: string; d: number; v: number }[]): LoadedSnapshot {
  const records: SnapshotRecord[] = rows.map((r) => ({
    recordId: r.id,
    conceptId: null,
    downloads: r.d,
    uniqueDownloads: r.d,
    views: r.v,
    uniqueViews: r.v,
    versionDownloads: r.d,
    versionUniqueDownloads: r.d,
    versionViews: r.v,
    versionUniqueViews: r.v,
    volume: null,
  }));
  return {
    info: { id: nextId++, collection: 'c', baseUrl: null, takenAt: `${day}T00:00:00.000Z`, day, source: 'api', complete: true, recordCount: records.length, contentHash: '', notes: [] },
    records,
  };
}

describe('the observations the dashboard spreads over periods', () => {
  it('writes numbers in base 32, low digits first, every digit but the last from the upper half', () => {
    assert.equal(encodeNumber(0), '0');
    assert.equal(encodeNumber(9), '9');
    assert.equal(encodeNumber(10), 'a');
    assert.equal(encodeNumber(31), 'v');
    // 32 = 0 + 1 × 32: digit 0 with "more follows" (index 32, 'w'), then 1.
    assert.equal(encodeNumber(32), 'w1');
    // 1000 = 8 + 31 × 32: index 40 ('E'), then 31 ('v').
    assert.equal(encodeNumber(1000), 'Ev');
    // 1 048 576 = 32^4: four zero digits that continue ('w'), then 1.
    assert.equal(encodeNumber(1_048_576), 'wwww1');
  });

  it('gives each rise since the last good figure, skips a fall and an absence as a missing observation, and shortens runs of them', () => {
    const timeline = buildTimeline([
      snap('2026-01-01', [{ id: '1', d: 10, v: 5 }]),
      snap('2026-01-08', [{ id: '1', d: 12, v: 5 }]),
      snap('2026-01-15', [{ id: '9', d: 1, v: 1 }]),
      snap('2026-01-22', [{ id: '1', d: 11, v: 9 }, { id: '9', d: 1, v: 1 }]),
      snap('2026-01-29', [{ id: '1', d: 20, v: 9 }, { id: '2', d: 3, v: 1 }]),
      snap('2026-02-05', [{ id: '1', d: 1020, v: 9 }, { id: '2', d: 3, v: 2 }]),
    ]);
    const encoded = encodeObservations(timeline);
    // Downloads 10, 12, absent, 11 (fell: missing), 20, 1020 → first 0, +2, ., ., +8 (20 − 12), +1000.
    // Views 5, 5, absent, 9, 9, 9 → 0, 0, ., +4, 0, 0.
    assert.deepEqual(encoded.get('1'), ['02..8Ev', '00.400']);
    // Record 2 first seen at the fifth snapshot: four missing in a row are written "~4".
    assert.deepEqual(encoded.get('2'), ['~400', '~401']);
    // Record 9 seen at the third and fourth only: two missing written out, the trailing ones left off.
    assert.deepEqual(encoded.get('9'), ['..00', '..00']);
  });

  it("gives every kind's rows as history --period does, with the headline's words on the change", () => {
    const timeline = buildTimeline([
      snap('2026-01-01', [{ id: '1', d: 0, v: 0 }]),
      snap('2026-02-01', [{ id: '1', d: 31, v: 62 }]),
      snap('2026-03-01', [{ id: '1', d: 59, v: 90 }]),
      snap('2026-04-01', [{ id: '1', d: 121, v: 152 }]),
    ]);
    const views = buildPeriodViews(timeline, { lang: 'en' });
    // One a day in January and February, two a day in March (62 in 31 days).
    assert.deepEqual(views.kinds.month.map((r) => [r.label, r.downloads, r.partial]), [['2026-01', 31, false], ['2026-02', 28, false], ['2026-03', 62, false], ['2026-04', 0, true]]);
    assert.equal(views.kinds.month[2]?.changeDownloads, '+34 (+121.4 %) vs. 2026-02');
    assert.equal(views.kinds.month[0]?.changeDownloads, '');
    assert.deepEqual(views.kinds.quarter.map((r) => [r.label, r.downloads]), [['2026-Q1', 121], ['2026-Q2', 0]]);
    assert.deepEqual(views.kinds.year.map((r) => [r.label, r.totalDownloads]), [['2026', 121]]);
    assert.deepEqual(views.snapshots, [['2026-01-01', 1, 0, 0], ['2026-02-01', 1, 31, 62], ['2026-03-01', 1, 59, 90], ['2026-04-01', 1, 121, 152]]);
    assert.deepEqual(views.times, [Date.UTC(2026, 0, 1), Date.UTC(2026, 1, 1), Date.UTC(2026, 2, 1), Date.UTC(2026, 3, 1)]);
    // The report's own --from/--to narrow every kind.
    assert.deepEqual(buildPeriodViews(timeline, { lang: 'en', from: '2026-02-10', to: '2026-03-05' }).kinds.month.map((r) => r.label), ['2026-02', '2026-03']);
  });
});

describe('what touched a record, for its own view', () => {
  it('names a fall (a missing observation), an absence from a partial snapshot and a stall of downloads it sat through', () => {
    const many = (n: number, d: number, v: number) => Array.from({ length: n }, (_, i) => ({ id: String(100 + i), d, v }));
    const timeline = buildTimeline([
      snap('2026-01-05', [{ id: '1', d: 50, v: 10 }, { id: '2', d: 7, v: 7 }, ...many(20, 5, 5)]),
      // Record 1's downloads read 0 (an outage); record 2 is missing from an otherwise full snapshot.
      snap('2026-01-12', [{ id: '1', d: 0, v: 12 }, ...many(20, 5, 5)]),
      snap('2026-01-19', [{ id: '1', d: 60, v: 14 }, { id: '2', d: 9, v: 9 }, ...many(20, 5, 6)]),
      // A week in which no record's downloads move while every record's views do: a stall.
      snap('2026-01-26', [{ id: '1', d: 60, v: 20 }, { id: '2', d: 9, v: 10 }, ...many(20, 5, 7)]),
    ]);
    const kinds = timeline.anomalies.map((a) => a.kind).sort();
    // Two stalls: from the 12th (record 1's rise from its outage zero does not count as a move) and from the 19th.
    assert.deepEqual(kinds, ['fallen', 'frozen', 'frozen', 'partial']);
    const touched = recordAnomalies(timeline, 'en');
    assert.deepEqual(touched.get('1'), [
      '2026-01-12: its downloads read 0, below the 50 seen before — a missing observation (a Zenodo statistics outage), neither a loss nor a gain',
      "2026-01-19 → 2026-01-26: its downloads did not move while Zenodo's download counters stalled across the collection",
    ]);
    assert.deepEqual(touched.get('2'), [
      '2026-01-12: missing from a partial snapshot; its gain is spread over the stretch around it',
      "2026-01-19 → 2026-01-26: its downloads did not move while Zenodo's download counters stalled across the collection",
    ]);
    // The others' downloads stood still through both stalls, and nothing else touched them.
    assert.deepEqual(touched.get('100'), [
      "2026-01-12 → 2026-01-19: its downloads did not move while Zenodo's download counters stalled across the collection",
      "2026-01-19 → 2026-01-26: its downloads did not move while Zenodo's download counters stalled across the collection",
    ]);
    assert.equal(recordAnomalies(timeline, 'de').get('2')?.[0], '2026-01-12: fehlt in einer unvollständigen Momentaufnahme; sein Zuwachs wird über die Strecke darum verteilt');
  });
});
