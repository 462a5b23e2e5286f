import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PaginationError } from '../src/errors.js';
import { addDays, createdQuery, dayOf, daysBetween, densityAfterOverflow, sliceDays } from '../src/zenodo/created-slices.js';
import { Pacer, publishedRateLimits } from '../src/zenodo/pacer.js';
import { parseRateLimits } from '../src/zenodo/parse-rate-limits.js';
import { formatServerErrors, readErrorBody } from '../src/zenodo/read-error-body.js';
import { rebaseLink } from '../src/zenodo/rebase-link.js';
import { parseRateLimitReset, parseRetryAfter, retryDelayMs } from '../src/zenodo/retry-timing.js';
import { createFakeClock } from './helpers/fake-clock.js';

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

describe('Retry-After and X-RateLimit-Reset, edge by edge', () => {
  const now = Date.UTC(2026, 6, 23, 6, 9, 21); // Thu, 23 Jul 2026 06:09:21 GMT

  it('reads Retry-After as delta-seconds (spaces around allowed) or an HTTP date, in any letter case', () => {
    assert.equal(parseRetryAfter(' 4 ', now), 4_000);
    assert.equal(parseRetryAfter('0', now), 0);
    assert.equal(parseRetryAfter('Thu, 23 Jul 2026 06:09:33 GMT', now), 12_000);
    assert.equal(parseRetryAfter('THU, 23 JUL 2026 06:09:33 GMT', now), 12_000);
    assert.equal(parseRetryAfter(' Thu, 23 Jul 2026 06:10:21 GMT ', now), 60_000);
    assert.equal(parseRetryAfter('Thu, 23 Jul 2026 06:09:20 GMT', now), 0);
  });

  it('refuses a Retry-After that is neither: absent, a bare date without letters, a word that is no date', () => {
    assert.equal(parseRetryAfter(undefined, now), undefined);
    assert.equal(parseRetryAfter('', now), undefined);
    assert.equal(parseRetryAfter('2026-07-24', now), undefined);
    assert.equal(parseRetryAfter('4s', now), undefined);
    assert.equal(parseRetryAfter('in a minute', now), undefined);
  });

  it('reads X-RateLimit-Reset as unix seconds from 1 000 000 000 on, below it as seconds from now', () => {
    assert.equal(parseRateLimitReset(' 30 ', now), 30_000);
    assert.equal(parseRateLimitReset('1.5', now), 1_500);
    assert.equal(parseRateLimitReset('0.0004', now), 1);
    assert.equal(parseRateLimitReset('999999999', now), 999_999_999_000);
    assert.equal(parseRateLimitReset('1000000000', now), 0);
    assert.equal(parseRateLimitReset('1784786971', now), 10_000);
    assert.equal(parseRateLimitReset('1784786961.0004', now), 1);
    assert.equal(parseRateLimitReset('1784786900', now), 0);
    assert.equal(parseRateLimitReset(undefined, now), undefined);
    assert.equal(parseRateLimitReset('', now), undefined);
    assert.equal(parseRateLimitReset('-5', now), undefined);
    assert.equal(parseRateLimitReset('5.', now), undefined);
    assert.equal(parseRateLimitReset('x5', now), undefined);
    assert.equal(parseRateLimitReset('5x', now), undefined);
  });

  it('waits for the reset only when the remaining budget is exactly 0, and reads headers in any case', () => {
    const reset = '1784786991'; // now + 30 s
    assert.equal(retryDelayMs({ status: 500, headers: { 'X-RateLimit-Remaining': ' 0 ', 'X-RateLimit-Reset': reset }, attempt: 1, now, random: 0.5 }), 30_000);
    assert.equal(retryDelayMs({ status: 500, headers: new Headers({ 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': reset }), attempt: 1, now, random: 0.5 }), 30_000);
    assert.equal(retryDelayMs({ status: 500, headers: { 'x-ratelimit-remaining': '00', 'x-ratelimit-reset': reset }, attempt: 1, now, random: 0.5 }), 500);
    assert.equal(retryDelayMs({ status: 500, headers: { 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': reset }, attempt: 1, now, random: 0.5 }), 500);
    // Remaining 0 but no readable reset: the backoff.
    assert.equal(retryDelayMs({ status: 500, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': 'soon' }, attempt: 2, now, random: 0.5 }), 1_000);
    // A 503 whose Retry-After is unreadable still waits for the reset.
    assert.equal(retryDelayMs({ status: 503, headers: { 'retry-after': 'later', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, attempt: 1, now, random: 0.5 }), 30_000);
    // Retry-After is only read on 429 and 503.
    for (const status of [200, 408, 428, 430, 500, 502, 504]) {
      assert.equal(retryDelayMs({ status, headers: { 'retry-after': '9' }, attempt: 1, now, random: 0.5 }), 500, String(status));
    }
    assert.equal(retryDelayMs({ headers: { 'retry-after': '9' }, attempt: 1, now, random: 0.5 }), 500);
  });

  it('backs off from the first step for attempt 0 or 1, with default base 1 s and cap 30 s, rounded to the ms', () => {
    assert.equal(retryDelayMs({ attempt: 0, now, random: 1 }), 1_000);
    assert.equal(retryDelayMs({ attempt: -2, now, random: 1 }), 1_000);
    assert.equal(retryDelayMs({ attempt: 1, now, random: 0.3333 }), 333);
    assert.equal(retryDelayMs({ attempt: 1, now, random: 0.9996 }), 1_000);
    assert.equal(retryDelayMs({ attempt: 5, now, random: 1 }), 16_000);
    assert.equal(retryDelayMs({ attempt: 6, now, random: 1 }), 30_000);
    assert.equal(retryDelayMs({ attempt: 2, now, random: 1, baseMs: 300 }), 600);
    assert.equal(retryDelayMs({ attempt: 9, now, random: 1, capMs: 5_000 }), 5_000);
    assert.equal(retryDelayMs({ attempt: 1, now, random: 0.5, headers: undefined }), 500);
  });
});

describe('the error envelope, shape by shape', () => {
  it('is JSON without a message or errors when the body is null, an array, a number or a string', () => {
    for (const text of ['null', '[{"message":"x"}]', '42', '"Bad request"']) {
      assert.deepEqual(readErrorBody(text), { isJson: true, errors: [] }, text);
    }
  });

  it('drops an empty or blank message and a message that is not text', () => {
    assert.deepEqual(readErrorBody('{"message":""}'), { isJson: true, message: undefined, errors: [] });
    assert.deepEqual(readErrorBody('{"message":"  "}'), { isJson: true, message: undefined, errors: [] });
    assert.deepEqual(readErrorBody('{"message":404}'), { isJson: true, message: undefined, errors: [] });
    assert.deepEqual(readErrorBody('{"message":" Gone. "}'), { isJson: true, message: ' Gone. ', errors: [] });
  });

  it('reads errors given as text, as {message}, as {messages} lists or objects, and skips the empty ones', () => {
    const body = readErrorBody(
      JSON.stringify({
        errors: [
          'plain text',
          { field: 'q', message: 'Bad query.' },
          { field: '', messages: ['No field.'] },
          { field: 7, messages: 'Field not text.' },
          { field: 'size', messages: ['', '  ', 'Too big.'] },
          { field: 'empty', messages: [] },
          { field: 'blank', messages: '   ' },
          { field: 'none' },
          { field: 'nested', messages: { a: { b: ['deep'] }, c: 'flat', d: 5 } },
          null,
          5,
        ],
      }),
    );
    assert.deepEqual(body.errors, [
      { messages: ['plain text'] },
      { field: 'q', messages: ['Bad query.'] },
      { field: undefined, messages: ['No field.'] },
      { field: undefined, messages: ['Field not text.'] },
      { field: 'size', messages: ['Too big.'] },
      { field: 'nested', messages: ['a: b: deep', 'c: flat'] },
    ]);
    assert.equal(formatServerErrors(body.errors), 'plain text; q: Bad query.; No field.; Field not text.; size: Too big.; nested: a: b: deep c: flat');
    assert.deepEqual(readErrorBody('{"errors":{"field":"q"}}').errors, []);
  });

  it('formats nothing for no errors, and leaves out an error whose text is empty', () => {
    assert.equal(formatServerErrors([]), '');
    assert.equal(formatServerErrors([{ messages: [] }, { field: 'q', messages: ['Bad.'] }, { messages: [''] }]), 'q: Bad.');
  });
});

describe('created-date slices, by hand', () => {
  it('writes the query of a first, a middle and a last slice', () => {
    assert.equal(createdQuery(undefined, '2024-06-30'), 'created:[* TO 2024-06-30]');
    assert.equal(createdQuery('2024-01-01', '2024-06-30'), 'created:[2024-01-01 TO 2024-06-30]');
    assert.equal(createdQuery('2024-07-01', undefined), 'created:[2024-07-01 TO *]');
    assert.equal(createdQuery(undefined, undefined), 'created:[* TO *]');
  });

  it('reads days of instants and timestamps, adds and counts days', () => {
    assert.equal(dayOf(Date.UTC(2024, 0, 1)), '2024-01-01');
    assert.equal(dayOf('2023-12-31T23:59:59.999+00:00'), '2023-12-31');
    assert.equal(addDays('2024-01-31', 30), '2024-03-01');
    assert.equal(addDays('2024-01-01', -366), '2022-12-31');
    assert.equal(daysBetween('2024-01-01', '2024-01-02'), 2);
    assert.equal(daysBetween('2024-01-01', '2024-12-31'), 366);
    assert.equal(daysBetween('2024-01-02', '2024-01-01'), 0);
  });

  it('sizes slices: at least one day, ten years when no density is known', () => {
    assert.equal(sliceDays(9_000, 9_000), 1);
    assert.equal(sliceDays(9_000, 8_999), 1);
    assert.equal(sliceDays(9_000, 4_500), 2);
    assert.equal(sliceDays(9_000, 0.5), 18_000);
    assert.equal(sliceDays(9_000, -1), 3650);
    assert.equal(densityAfterOverflow(10, 10_001, 1), 10_001);
    assert.equal(densityAfterOverflow(200, 10_001, 100), 300);
  });
});

describe('links followed on --base-url', () => {
  it('drops trailing slashes of the base URL', () => {
    assert.equal(rebaseLink('https://zenodo.org/api/records?page=2', 'https://mirror.example///').href, 'https://mirror.example/api/records?page=2');
    assert.equal(rebaseLink('https://zenodo.org/zenodo/api/records?page=2', 'https://host.example/zenodo//').href, 'https://host.example/zenodo/api/records?page=2');
    assert.equal(rebaseLink('https://zenodo.org/api/records', 'https://mirror.example').href, 'https://mirror.example/api/records');
  });

  it('says which link is not a URL, and which is not http(s)', () => {
    assert.throws(() => rebaseLink('http://[bad', 'https://zenodo.org'), (error: unknown) => {
      assert.ok(error instanceof PaginationError);
      assert.equal(error.message, 'the link "http://[bad" is not a URL');
      assert.ok(error.cause instanceof TypeError);
      return true;
    });
    assert.throws(() => rebaseLink('mailto:info@zenodo.org', 'https://zenodo.org'), { name: 'PaginationError', message: 'the link mailto:info@zenodo.org is not an http(s) URL' });
    assert.throws(() => rebaseLink('https://zenodo.org/api', 'https://host.example/zenodo'), {
      message:
        "the link https://zenodo.org/api is outside --base-url https://host.example/zenodo (its path /api does not start with /zenodo/); a base URL with a path (a proxy) must be the path under which the site's own /api lives",
    });
  });
});

describe('the pacer, edge by edge', () => {
  const small = { search: { limit: 1, windowMs: 1_000 }, other: { limit: 2, windowMs: 1_000 } };

  it('reads the budget headers with spaces around, and ignores a remaining count or a limit that is no number', async () => {
    const clock = createFakeClock(Date.UTC(2026, 0, 1));
    const pacer = new Pacer({ limits: publishedRateLimits(false), now: clock.now, sleep: clock.sleep });
    const reset = String(Math.floor(clock.now() / 1000) + 10);
    pacer.observe('search', new Headers({ 'x-ratelimit-remaining': 'none', 'x-ratelimit-reset': reset, 'x-ratelimit-limit': '500' }));
    assert.deepEqual(pacer.limits, publishedRateLimits(false));
    pacer.observe('search', new Headers({ 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': 'soon', 'x-ratelimit-limit': '500' }));
    assert.deepEqual(pacer.limits, publishedRateLimits(false));
    pacer.observe('search', new Headers({ 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': reset, 'x-ratelimit-limit': 'lots' }));
    assert.deepEqual(pacer.limits, publishedRateLimits(false));
    pacer.observe('other', new Headers({ 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': reset, 'x-ratelimit-limit': '75' }));
    assert.deepEqual(pacer.limits, { search: { limit: 30, windowMs: 60_000 }, other: { limit: 75, windowMs: 60_000 } });
    pacer.observe('search', new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }));
    assert.equal(await pacer.acquire('search'), 10_000);
  });

  it('a remaining count without a reset changes nothing', async () => {
    const clock = createFakeClock(Date.UTC(2026, 0, 1));
    const pacer = new Pacer({ limits: publishedRateLimits(false), now: clock.now, sleep: clock.sleep });
    pacer.observe('search', new Headers({ 'x-ratelimit-remaining': '0' }));
    assert.equal(await pacer.acquire('search'), 0);
    assert.deepEqual(clock.sleeps, []);
  });

  it('gives copies of its limits', () => {
    const clock = createFakeClock();
    const pacer = new Pacer({ limits: small, now: clock.now, sleep: clock.sleep });
    const limits = pacer.limits;
    limits.search.limit = 99;
    assert.deepEqual(pacer.limits, small);
  });

  it('lets the next caller go after one was cancelled while waiting', async () => {
    const clock = createFakeClock();
    const pacer = new Pacer({ limits: small, now: clock.now, sleep: clock.sleep });
    assert.equal(await pacer.acquire('search'), 0);
    const cancelled = new AbortController();
    cancelled.abort();
    await assert.rejects(pacer.acquire('search', cancelled.signal), { name: 'AbortedError' });
    assert.equal(await pacer.acquire('search'), 1_010);
  });

  it('counts the window from the planned starts: a request a full window later does not wait', async () => {
    const clock = createFakeClock();
    const pacer = new Pacer({ limits: small, now: clock.now, sleep: clock.sleep });
    assert.equal(await pacer.acquire('other'), 0);
    clock.advance(500);
    assert.equal(await pacer.acquire('other'), 0);
    // The first start is 1 010 ms old at 1 010: it leaves the window; the second (at 500) still counts.
    clock.advance(510);
    assert.equal(await pacer.acquire('other'), 0);
    assert.equal(await pacer.acquire('other'), 500);
    assert.deepEqual(clock.sleeps, [500]);
  });
});
