import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeSinceLast } from '../src/commands/since-last.js';
import { countFalls, describeFalls } from '../src/history/count-falls.js';
import { toSnapshotColumns } from '../src/snapshot/snapshot-columns.js';
import type { SnapshotRecord } from '../src/snapshot/snapshot.js';

/** A record with all-version `[downloads, views]` and this version's `[downloads, views]`; unique = half. */
function rec(recordId: string, all: [number, number] | null, version: [number, number] | null = all): SnapshotRecord {
  return {
    recordId,
    conceptId: `c${recordId}`,
    downloads: all?.[0] ?? null,
    uniqueDownloads: all ? Math.floor(all[0] / 2) : null,
    views: all?.[1] ?? null,
    uniqueViews: all ? Math.floor(all[1] / 2) : null,
    versionDownloads: version?.[0] ?? null,
    versionUniqueDownloads: version ? Math.floor(version[0] / 2) : null,
    versionViews: version?.[1] ?? null,
    versionUniqueViews: version ? Math.floor(version[1] / 2) : null,
    volume: null,
  };
}

const previous = toSnapshotColumns({
  info: { id: 1, collection: 'c', baseUrl: null, takenAt: '2026-11-26T09:00:00.000Z', day: '2026-11-26', source: 'api', complete: true, recordCount: 4, contentHash: '', notes: [] },
  records: [rec('1', [100, 50]), rec('2', [10, 5]), rec('3', [0, 0]), rec('4', null)],
});

describe('countFalls: a listing against the previous snapshot (issue 11, point 4)', () => {
  it('an outage: every record with figures to lose lost them', () => {
    const falls = countFalls(previous, [rec('1', [0, 0]), rec('2', [0, 0]), rec('3', [0, 0]), rec('4', [0, 0]), rec('5', [0, 0])]);
    // Record 3 had nothing to lose, record 4 no figures before, record 5 is new.
    assert.deepEqual(falls, { day: '2026-11-26', compared: 3, downloads: 2, views: 2 });
    assert.equal(
      describeFalls(falls),
      "2 of 3 records' downloads and views fell against the snapshot of 2026-11-26: Zenodo's statistics were probably unavailable; history will skip these figures",
    );
  });

  it('downloads only, a partial fall, a version counter: each counted in its half', () => {
    // Record 1: downloads to 0, views grew. Record 2: only this version's views fell (5 → 4).
    const falls = countFalls(previous, [rec('1', [0, 60]), rec('2', [12, 6], [12, 4]), rec('3', [1, 1])]);
    assert.deepEqual(falls, { day: '2026-11-26', compared: 3, downloads: 1, views: 1 });
    assert.equal(
      describeFalls({ ...falls, views: 0 }),
      "1 of 3 records' downloads fell against the snapshot of 2026-11-26: Zenodo's statistics were probably unavailable; history will skip these figures",
    );
    assert.equal(
      describeFalls({ day: '2026-11-26', compared: 1500, downloads: 1234, views: 2 }),
      "1,234 of 1,500 records' downloads and 2 of 1,500 records' views fell against the snapshot of 2026-11-26: Zenodo's statistics were probably unavailable; history will skip these figures",
    );
  });

  it('nothing fell: no warning', () => {
    const falls = countFalls(previous, [rec('1', [100, 50]), rec('2', [11, 5]), rec('4', [0, 0])]);
    assert.deepEqual(falls, { day: '2026-11-26', compared: 2, downloads: 0, views: 0 });
    assert.equal(describeFalls(falls), null);
  });
});

describe('--since-last after an outage', () => {
  const at = (day: string, records: SnapshotRecord[]) => ({
    info: { id: 0, collection: 'c', baseUrl: null, takenAt: `${day}T09:00:00.000Z`, day, source: 'api', complete: true, recordCount: records.length, contentHash: '', notes: [] },
    records,
  });

  it('on the outage day: nothing gained, the fall noted', () => {
    const lines = describeSinceLast([at('2026-11-25', [rec('1', [100, 50])])], { takenAt: '2026-11-26T09:00:00.000Z', records: [rec('1', [0, 0])] }, () => 'A');
    assert.deepEqual(lines, [
      'since 2026-11-25 (1 day): +0 downloads · +0 views · 0 new records',
      "  note: 1 of 1 records' counters fell since 2026-11-25 (Zenodo's statistics were probably unavailable): not counted",
    ]);
  });

  it('the day after: the gain from the last good figure, the share that falls in the last day', () => {
    // 100 → (0) → 120 over two days: 20 gained, 10 of them in the last day; views 50 → (0) → 54: 2.
    const earlier = [at('2026-11-25', [rec('1', [100, 50])]), at('2026-11-26', [rec('1', [0, 0])])];
    const lines = describeSinceLast(earlier, { takenAt: '2026-11-27T09:00:00.000Z', records: [rec('1', [120, 54])] }, () => 'A');
    assert.deepEqual(lines, [
      'since 2026-11-26 (1 day): +10 downloads · +2 views · 0 new records',
      '  1. +10  A',
      "  note: 1 of 1 records' counters had fallen in the snapshot of 2026-11-26: their gains are taken from their last good figure",
    ]);
  });
});

describe('countFalls and describeFalls: missing figures and views alone (mutation testing)', () => {
  it('a counter missing now is no fall; a record with no figures now is not compared', () => {
    // Record 1 has no all-version figures now, its version figures as before; record 2 has no figures at all.
    const falls = countFalls(previous, [rec('1', null, [100, 50]), rec('2', null)]);
    assert.deepEqual(falls, { day: '2026-11-26', compared: 1, downloads: 0, views: 0 });
  });

  it('views alone fell', () => {
    assert.equal(
      describeFalls({ day: '2026-11-26', compared: 5, downloads: 0, views: 2 }),
      "2 of 5 records' views fell against the snapshot of 2026-11-26: Zenodo's statistics were probably unavailable; history will skip these figures",
    );
  });
});
