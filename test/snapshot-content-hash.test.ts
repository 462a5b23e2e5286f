/**
 * `snapshotContentHash` hashes records through the columns a store saves (`RecordColumns`), in chunks; stored
 * snapshots were hashed as one joined string of the record objects. Both must give the same value, or every
 * unchanged re-save after an upgrade would count as a change.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { snapshotContentHash } from '../src/store/prepare-snapshot.js';
import { counterNames, type SnapshotRecord } from '../src/snapshot/snapshot.js';
import { snapshotRecord } from './helpers/store-contract.js';

/** The definition the stored hashes were made with: the whole snapshot as one string. */
function hashAsOneString(sortedRecords: readonly SnapshotRecord[], complete: boolean): string {
  const lines = sortedRecords.map((r) =>
    JSON.stringify([r.recordId, r.conceptId, ...counterNames.map((name) => r[name]), r.volume]),
  );
  return createHash('sha256')
    .update(`${complete ? 'complete' : 'partial'}\n${lines.join('\n')}`)
    .digest('hex');
}

describe('snapshotContentHash', () => {
  const small = [
    snapshotRecord('1000', { conceptId: '999', downloads: 3_000_000_000, views: 12, uniqueViews: 0, volume: 1.5 }),
    snapshotRecord('20'),
    snapshotRecord('300', { conceptId: '299', downloads: 0, views: -0 }),
  ];

  it('keeps the values of the hashes already stored', () => {
    assert.equal(
      snapshotContentHash([], true),
      '37a40f08d8548dba289b9b0bb35bcf63b359f6d37ee86044ebc6b6da080b9ec1', // sha256 of "complete\n"
    );
    assert.equal(
      snapshotContentHash([], false),
      '95aebb28195b8d737effe0df18d71d39c8d8ba6569286fd3930fbc9f9767181e', // sha256 of "partial\n"
    );
    assert.equal(
      snapshotContentHash([snapshotRecord('20')], true),
      'fb4529d2a2af3cc1ebfe2055fbcc556eb8ce1375f838c61c936cf600dd8f73b7',
    );
    for (const complete of [true, false]) {
      assert.equal(snapshotContentHash(small, complete), hashAsOneString(small, complete));
    }
  });

  it('hashes a large snapshot with non-ASCII ids as the joined string did', () => {
    const records = Array.from({ length: 20_000 }, (_, i) =>
      snapshotRecord(i % 7 === 0 ? `id-ü-${i}` : String(i), { conceptId: i % 3 === 0 ? null : `c${i}`, downloads: i }),
    );
    assert.equal(snapshotContentHash(records, true), hashAsOneString(records, true));
  });

  it('hashes values as given however the columns store them (int32 until a value does not fit, then float64)', () => {
    const records = Array.from({ length: 3000 }, (_, i) =>
      snapshotRecord(String(i).padStart(5, '0'), {
        downloads: i < 2000 ? i : i + 0.5,
        uniqueDownloads: i === 2999 ? -(2 ** 31) : i % 3 === 0 ? null : -i,
        views: i === 1 ? -0 : 2 ** 31 - 1,
        uniqueViews: i === 2500 ? Number.MAX_VALUE : null,
        volume: i % 2 === 0 ? null : i * 1.5e9,
      }),
    );
    for (const complete of [true, false]) {
      assert.equal(snapshotContentHash(records, complete), hashAsOneString(records, complete));
    }
  });
});
