import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRateLimitReset, parseRetryAfter, retryDelayMs } from '../src/zenodo/retry-timing.js';

const now = Date.UTC(2026, 6, 23, 6, 9, 21); // the Date of a real capture, response-headers-2026-07.json

describe('retryDelayMs', () => {
  it('uses Retry-After seconds on a 429', () => {
    assert.equal(retryDelayMs({ status: 429, headers: { 'Retry-After': '7' }, attempt: 1, now, random: 0.5 }), 7_000);
  });

  it('uses Retry-After as an HTTP date on a 503', () => {
    const date = new Date(now + 12_000).toUTCString();
    assert.equal(retryDelayMs({ status: 503, headers: { 'retry-after': date }, attempt: 3, now, random: 0.5 }), 12_000);
  });

  it('treats an HTTP date in the past as no wait', () => {
    const date = new Date(now - 60_000).toUTCString();
    assert.equal(retryDelayMs({ status: 429, headers: { 'retry-after': date }, attempt: 1, now, random: 0.9 }), 0);
  });

  it('ignores Retry-After on other statuses: Zenodo sends it on every response (zenodo-api.md §8a)', () => {
    const delay = retryDelayMs({ status: 500, headers: { 'retry-after': '59' }, attempt: 1, now, random: 0.5 });
    assert.equal(delay, 500);
  });

  it('waits for X-RateLimit-Reset when X-RateLimit-Remaining is 0', () => {
    const headers = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(now / 1000) + 30) };
    assert.equal(retryDelayMs({ status: 500, headers, attempt: 1, now, random: 0.5 }), 30_000);
  });

  it('prefers Retry-After over X-RateLimit-Reset on a 429', () => {
    const headers = { 'retry-after': '3', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(now / 1000) + 30) };
    assert.equal(retryDelayMs({ status: 429, headers, attempt: 1, now, random: 0.5 }), 3_000);
  });

  it('falls back to X-RateLimit-Reset on a 429 without Retry-After', () => {
    const headers = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(now / 1000) + 5) };
    assert.equal(retryDelayMs({ status: 429, headers, attempt: 2, now, random: 0.1 }), 5_000);
  });

  it('does not wait for the reset while requests remain', () => {
    const headers = { 'x-ratelimit-remaining': '12', 'x-ratelimit-reset': String(Math.floor(now / 1000) + 30) };
    assert.equal(retryDelayMs({ status: 502, headers, attempt: 1, now, random: 1 }), 1_000);
  });

  it('backs off exponentially with full jitter, capped', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((attempt) => retryDelayMs({ attempt, now, random: 1 }));
    assert.deepEqual(delays, [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    assert.equal(retryDelayMs({ attempt: 4, now, random: 0.25 }), 2_000);
    assert.equal(retryDelayMs({ attempt: 4, now, random: 0 }), 0);
    assert.equal(retryDelayMs({ attempt: 3, now, random: 1, baseMs: 100, capMs: 250 }), 250);
  });

  it('reads a Headers object as well as a plain record', () => {
    const headers = new Headers({ 'Retry-After': '2' });
    assert.equal(retryDelayMs({ status: 429, headers, attempt: 1, now, random: 0 }), 2_000);
  });

  it('ignores a malformed Retry-After', () => {
    assert.equal(retryDelayMs({ status: 429, headers: { 'retry-after': 'soon' }, attempt: 1, now, random: 0.5 }), 500);
    assert.equal(parseRetryAfter('-3', now), undefined);
    assert.equal(parseRetryAfter('1.5', now), undefined);
  });

  it('reads small X-RateLimit-Reset values as seconds from now', () => {
    assert.equal(parseRateLimitReset('30', now), 30_000);
    assert.equal(parseRateLimitReset(String(Math.floor(now / 1000) + 60), now), 60_000);
    assert.equal(parseRateLimitReset('abc', now), undefined);
  });
});
