import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRateLimits } from '../src/zenodo/parse-rate-limits.js';

// Cases the mutation run (npm run mutate) showed untested in the pure parts of src/zenodo.

describe('--rate-limit parsing', () => {
  it('reads every unit spelling the message names', () => {
    assert.deepEqual(parseRateLimits('search=3/sec'), { search: { limit: 3, windowMs: 1_000 } });
    assert.deepEqual(parseRateLimits('search=3/m'), { search: { limit: 3, windowMs: 60_000 } });
    assert.deepEqual(parseRateLimits('search=3/min'), { search: { limit: 3, windowMs: 60_000 } });
    assert.deepEqual(parseRateLimits('other=3/hour'), { other: { limit: 3, windowMs: 3_600_000 } });
    assert.deepEqual(parseRateLimits('other=3/h'), { other: { limit: 3, windowMs: 3_600_000 } });
    assert.deepEqual(parseRateLimits('other=3/2h'), { other: { limit: 3, windowMs: 7_200_000 } });
  });

  it('skips empty parts and spaces, and leaves kinds not named out', () => {
    assert.deepEqual(parseRateLimits(' search=30/min , ,other=60/min,'), { search: { limit: 30, windowMs: 60_000 }, other: { limit: 60, windowMs: 60_000 } });
    assert.deepEqual(parseRateLimits(''), {});
  });

  it('refuses a window of zero, an unknown kind or unit, and anything around a valid part', () => {
    assert.throws(() => parseRateLimits('search=10/0s'), /'search=10\/0s' must allow at least one request/);
    assert.throws(() => parseRateLimits('records=10/min'), /'records=10\/min' is not like/);
    assert.throws(() => parseRateLimits('search=10/day'), /is not like search=30\/min or other=60\/min \(units: s, min, h\)/);
    assert.throws(() => parseRateLimits('xsearch=10/min'), /is not like/);
    assert.throws(() => parseRateLimits('search=10/minx'), /is not like/);
  });
});
