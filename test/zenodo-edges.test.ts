/**
 * Issue 11 (mutation testing of the pure parts of src/zenodo): edges the run of stryker.zenodo.config.json showed
 * untested. Expected values are written by hand.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sliceDays } from '../src/zenodo/created-slices.js';
import { Pacer, publishedRateLimits } from '../src/zenodo/pacer.js';
import { parseRateLimits } from '../src/zenodo/parse-rate-limits.js';
import { parseRetryAfter } from '../src/zenodo/retry-timing.js';
import { createFakeClock } from './helpers/fake-clock.js';

describe('edges of the pure parts of src/zenodo', () => {
  it('sizes a slice for ten years when the density is 0', () => {
    assert.equal(sliceDays(9_000, 0), 3650);
  });

  it('reads a Retry-After of several digits', () => {
    assert.equal(parseRetryAfter('120', 0), 120_000);
  });

  it('allows a --rate-limit of one request', () => {
    assert.deepEqual(parseRateLimits('search=1/min'), { search: { limit: 1, windowMs: 60_000 } });
  });

  it('takes nothing from a response whose remaining count or limit is not all digits', () => {
    const clock = createFakeClock(Date.UTC(2026, 0, 1));
    const pacer = new Pacer({ limits: publishedRateLimits(false), now: clock.now, sleep: clock.sleep });
    const reset = String(Math.floor(clock.now() / 1000) + 10);
    for (const remaining of ['5x', 'x5', '0x1']) {
      pacer.observe('search', new Headers({ 'x-ratelimit-remaining': remaining, 'x-ratelimit-reset': reset, 'x-ratelimit-limit': '500' }));
    }
    for (const limit of ['1e3', '0x100', '500x', 'x500']) {
      pacer.observe('search', new Headers({ 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': reset, 'x-ratelimit-limit': limit }));
    }
    assert.deepEqual(pacer.limits, publishedRateLimits(false));
    pacer.observe('search', new Headers({ 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': reset, 'x-ratelimit-limit': '500' }));
    assert.equal(pacer.limits.search.limit, 500);
  });
});
