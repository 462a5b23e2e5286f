import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, dayOf, daysBetween, densityAfterOverflow, sliceDays } from '../src/zenodo/created-slices.js';
import { createZenodoClient } from '../src/zenodo/client.js';
import { getCommunity } from '../src/zenodo/get-community.js';
import { iterateCommunityPages } from '../src/zenodo/iterate-community-pages.js';
import { makeSyntheticRecords } from './helpers/dataset.js';
import { createFakeClock } from './helpers/fake-clock.js';
import { startFakeZenodo } from './helpers/fake-zenodo.js';

describe('day arithmetic of created-date slices', () => {
  it('reads the UTC day of an instant or of a Zenodo created timestamp', () => {
    assert.equal(dayOf(Date.UTC(2024, 1, 29, 23, 59, 59)), '2024-02-29');
    assert.equal(dayOf('2024-03-01T00:30:00.000000+01:00'), '2024-02-29');
    assert.equal(dayOf('2024-03-01T10:00:00.000000+00:00'), '2024-03-01');
  });

  it('adds days across month, leap-day and year ends, and counts days with both ends included', () => {
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    assert.equal(addDays('2024-12-31', 1), '2025-01-01');
    assert.equal(addDays('2024-03-01', -1), '2024-02-29');
    assert.equal(addDays('2024-03-01', 0), '2024-03-01');
    assert.equal(daysBetween('2024-03-01', '2024-03-01'), 1);
    assert.equal(daysBetween('2024-02-01', '2024-03-01'), 30);
    assert.equal(daysBetween('2023-01-01', '2024-01-01'), 366);
  });

  it('sizes a slice to hold about the target at the density seen, at least one day', () => {
    assert.equal(sliceDays(9_000, 120), 75);
    assert.equal(sliceDays(9_000, 121), 74); // 74.4 days: rounded down, never over the target
    assert.equal(sliceDays(9_000, 20_000), 1);
    // No density known yet (an empty stretch): ten years at once.
    assert.equal(sliceDays(9_000, 0), 3650);
    assert.equal(sliceDays(9_000, Number.NaN), 3650);
  });
});

describe('re-splitting a multi-day slice that overflowed the window', () => {
  it('resizes from the density the slice showed, so the next try holds at most the target', () => {
    // A 90-day slice sized for 100 a day held 20 000: 222.2 a day, so 9 000 / 222.2 = 40.5 → 40 days.
    assert.equal(densityAfterOverflow(100, 20_000, 90), 20_000 / 90);
    assert.equal(sliceDays(9_000, densityAfterOverflow(100, 20_000, 90)), 40);
  });

  it('shrinks by at least a third even when the slice only just overflowed, so splitting always ends', () => {
    // 10 001 in 90 days is 111 a day, barely above the 100 it was sized with: 1.5 × 100 = 150 wins → 60 days.
    assert.equal(densityAfterOverflow(100, 10_001, 90), 150);
    assert.equal(sliceDays(9_000, densityAfterOverflow(100, 10_001, 90)), 60);
    // Retrying a 2-day slice ends at one day.
    assert.equal(sliceDays(9_000, densityAfterOverflow(4_500, 10_001, 2)), 1);
  });

  it('lists every record exactly once when a burst makes a long slice overflow', async () => {
    // 3 000 records over ten years, and 9 000 more created within three days of March 2018: a slice sized from
    // the average density spans years and holds the burst, so it comes back with more than 10 000 and is split.
    const records = makeSyntheticRecords(12_000, { community: 'big', seed: 11 });
    records.forEach((r, i) => {
      if (i % 4 !== 0) r.created = `2018-03-0${1 + (i % 3)}T12:00:00.000000+00:00`;
    });
    const today = Date.UTC(2026, 10, 25, 12);
    const clock = createFakeClock(today);
    const server = await startFakeZenodo({ records, communities: [{ id: 'b1g', slug: 'big', title: 'Big' }], tokens: ['big-token'], now: () => clock.now() });
    try {
      const client = createZenodoClient({ baseUrl: server.url, token: 'big-token', now: clock.now, sleep: clock.sleep });
      const warnings: string[] = [];
      const ids: string[] = [];
      for await (const page of iterateCommunityPages(client, await getCommunity(client, 'big'), { now: clock.now, onWarning: (w) => warnings.push(w) })) {
        ids.push(...page.records.map((r) => r.id));
      }
      assert.equal(ids.length, 12_000);
      assert.equal(new Set(ids).size, 12_000);
      assert.deepEqual(new Set(ids), new Set(records.map((r) => String(r.id))));
      assert.deepEqual(warnings, []);
      assert.deepEqual(server.requests.filter((r) => r.status !== 200), [], 'no request past the window');
    } finally {
      await server.close();
    }
  });
});
