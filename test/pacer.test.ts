import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Pacer, publishedRateLimits } from '../src/zenodo/pacer.js';
import { createFakeClock } from './helpers/fake-clock.js';

describe('Pacer', () => {
  it('uses the published limits: 30 searches/min, other 60/min anonymous and 100/min with a token', () => {
    assert.deepEqual(publishedRateLimits(false), { search: { limit: 30, windowMs: 60_000 }, other: { limit: 60, windowMs: 60_000 } });
    assert.equal(publishedRateLimits(true).other.limit, 100);
    assert.equal(publishedRateLimits(true).search.limit, 30);
  });

  it('never starts more than `limit` requests in any window', async () => {
    const clock = createFakeClock();
    const pacer = new Pacer({ limits: { search: { limit: 3, windowMs: 1_000 }, other: { limit: 10, windowMs: 1_000 } }, now: clock.now, sleep: clock.sleep });
    const starts: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      await pacer.acquire('search');
      starts.push(clock.now());
    }
    const t0 = starts[0] ?? 0;
    assert.deepEqual(starts.map((t) => t - t0), [0, 0, 0, 1_010, 1_010, 1_010, 2_020, 2_020, 2_020, 3_030]);
    for (let i = 3; i < starts.length; i += 1) assert.ok((starts[i] ?? 0) - (starts[i - 3] ?? 0) >= 1_000);
  });

  it('keeps the two kinds apart', async () => {
    const clock = createFakeClock();
    const pacer = new Pacer({ limits: { search: { limit: 1, windowMs: 1_000 }, other: { limit: 1, windowMs: 1_000 } }, now: clock.now, sleep: clock.sleep });
    await pacer.acquire('search');
    await pacer.acquire('other');
    assert.deepEqual(clock.sleeps, []);
    await pacer.acquire('search');
    assert.deepEqual(clock.sleeps, [1_010]);
  });

  it('serialises concurrent callers so they cannot share the last slot', async () => {
    const clock = createFakeClock();
    const pacer = new Pacer({ limits: { search: { limit: 2, windowMs: 1_000 }, other: { limit: 2, windowMs: 1_000 } }, now: clock.now, sleep: clock.sleep });
    const waits = await Promise.all([1, 2, 3, 4].map(() => pacer.acquire('search')));
    assert.deepEqual(waits, [0, 0, 1_010, 0]);
    assert.equal(clock.sleeps.length, 1);
  });

  it('waits until X-RateLimit-Reset when X-RateLimit-Remaining is 0, and no longer', async () => {
    const clock = createFakeClock();
    const pacer = new Pacer({ limits: publishedRateLimits(false), now: clock.now, sleep: clock.sleep });
    await pacer.acquire('other');
    const reset = Math.floor(clock.now() / 1000) + 42;
    pacer.observe('other', new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }));
    const waited = await pacer.acquire('other');
    assert.equal(clock.now(), reset * 1000);
    assert.ok(waited <= 42_000 && waited > 41_000);
    // The budget refilled: the next request goes at once.
    assert.equal(await pacer.acquire('other'), 0);
  });

  it('spends what the server says remains, then waits for its reset, even below the published limit', async () => {
    const clock = createFakeClock(Date.UTC(2026, 0, 1));
    const pacer = new Pacer({ limits: publishedRateLimits(false), now: clock.now, sleep: clock.sleep });
    const reset = Math.floor(clock.now() / 1000) + 30;
    pacer.observe('search', new Headers({ 'x-ratelimit-remaining': '2', 'x-ratelimit-reset': String(reset) }));
    const waits = [await pacer.acquire('search'), await pacer.acquire('search'), await pacer.acquire('search')];
    assert.deepEqual(waits, [0, 0, 30_000]);
  });

  it('uses a fresh budget once the reset has passed', async () => {
    const clock = createFakeClock(Date.UTC(2026, 0, 1));
    const pacer = new Pacer({ limits: publishedRateLimits(false), now: clock.now, sleep: clock.sleep });
    pacer.observe('search', new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(clock.now() / 1000) + 5) }));
    clock.advance(6_000);
    assert.equal(await pacer.acquire('search'), 0);
  });

  it('does not slow down while plenty remain, and ignores missing headers', async () => {
    const clock = createFakeClock();
    const pacer = new Pacer({ limits: publishedRateLimits(false), now: clock.now, sleep: clock.sleep });
    pacer.observe('search', new Headers({ 'x-ratelimit-remaining': '25', 'x-ratelimit-reset': String(Math.floor(clock.now() / 1000) + 30) }));
    pacer.observe('search', new Headers({ 'retry-after': '59' }));
    await pacer.acquire('search');
    assert.deepEqual(clock.sleeps, []);
  });
});

describe('server-reported limits and --rate-limit', () => {
  it('uses a server that allows more than the published limit at its real pace', async () => {
    const clock = createFakeClock(Date.UTC(2026, 0, 1));
    const pacer = new Pacer({ limits: publishedRateLimits(false), now: clock.now, sleep: clock.sleep });
    pacer.observe('search', new Headers({ 'x-ratelimit-limit': '120', 'x-ratelimit-remaining': '119', 'x-ratelimit-reset': String(Math.floor(clock.now() / 1000) + 60) }));
    assert.equal(pacer.limits.search.limit, 120);
    for (let i = 0; i < 100; i += 1) await pacer.acquire('search');
    assert.deepEqual(clock.sleeps, []);
  });

  it('never lowers its own limit from a header, but obeys the remaining budget', async () => {
    const clock = createFakeClock(Date.UTC(2026, 0, 1));
    const pacer = new Pacer({ limits: publishedRateLimits(false), now: clock.now, sleep: clock.sleep });
    pacer.observe('search', new Headers({ 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(clock.now() / 1000) + 20) }));
    assert.equal(pacer.limits.search.limit, 30);
    assert.equal(await pacer.acquire('search'), 20_000);
  });

  it('parses --rate-limit', async () => {
    const { parseRateLimits } = await import('../src/zenodo/parse-rate-limits.js');
    assert.deepEqual(parseRateLimits('search=100/min,other=5/s'), { search: { limit: 100, windowMs: 60_000 }, other: { limit: 5, windowMs: 1_000 } });
    assert.deepEqual(parseRateLimits('other=2000/h'), { other: { limit: 2000, windowMs: 3_600_000 } });
    assert.deepEqual(parseRateLimits('search=10/15s'), { search: { limit: 10, windowMs: 15_000 } });
    assert.throws(() => parseRateLimits('search=fast'), /--rate-limit: 'search=fast' is not like search=30\/min/);
    assert.throws(() => parseRateLimits('search=0/min'), /at least one request/);
  });
});
