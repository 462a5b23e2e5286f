import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { greatestVolumes } from '../src/history/greatest-volumes.js';
import { counterNames, type SnapshotColumns } from '../src/snapshot/snapshot.js';

/** A snapshot of the given record ids and volumes (NaN: none given); the counters do not matter here. */
function snapshot(day: string, volumes: Record<string, number>): SnapshotColumns {
  const recordIds = Object.keys(volumes);
  const empty = () => new Float64Array(recordIds.length).fill(Number.NaN);
  return {
    info: { id: 1, collection: 'c', baseUrl: null, takenAt: `${day}T12:00:00.000Z`, day, source: 'api', complete: true, recordCount: recordIds.length, contentHash: '', notes: [] },
    recordIds,
    conceptIds: recordIds.map(() => null),
    values: { ...(Object.fromEntries(counterNames.map((n) => [n, empty()])) as Record<(typeof counterNames)[number], Float64Array>), volume: Float64Array.from(Object.values(volumes)) },
  };
}

describe('greatestVolumes', () => {
  it("takes each record's greatest bytes downloaded: an outage's zero or a missing figure never lowers it", () => {
    const volumes = greatestVolumes([
      snapshot('2026-06-01', { '1': 100, '2': 200, '3': Number.NaN, '4': 300 }),
      snapshot('2026-06-08', { '1': 0, '2': Number.NaN, '3': Number.NaN, '4': 350 }),
      snapshot('2026-06-15', { '1': 150, '2': Number.NaN, '4': 0 }),
    ]);
    assert.deepEqual(volumes, new Map([['1', 150], ['2', 200], ['4', 350]]));
  });

  it('knows no volume for a history without any (legacy listings, imports)', () => {
    assert.deepEqual(greatestVolumes([snapshot('2026-06-01', { '1': Number.NaN })]), new Map());
    assert.deepEqual(greatestVolumes([]), new Map());
  });
});
