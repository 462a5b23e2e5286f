import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  HttpError,
  InvalidResponseError,
  NetworkError,
  PaginationError,
  TokenRejectedError,
  UsageError,
} from '../src/errors.js';
import { createZenodoClient, type RequestEvent, type ZenodoClientOptions } from '../src/zenodo/client.js';
import { loadCommunityFixture } from './helpers/dataset.js';
import { createFakeClock, type FakeClock } from './helpers/fake-clock.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';

const token = 'test-token-1234567890';
const searchPath = '/api/records?communities=nfdi4bioimage&size=25&page=1';

describe('createZenodoClient against a fake Zenodo', () => {
  let server: FakeZenodo;
  let clock: FakeClock;

  before(async () => {
    const { records, communities } = loadCommunityFixture();
    // The fake's limiter runs on real time here; these tests script their 429s, so its window must not fill.
    server = await startFakeZenodo({ records, communities, tokens: [token], limits: { search: 1_000 } });
  });
  after(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    clock = createFakeClock();
  });

  const client = (options: ZenodoClientOptions = {}) =>
    createZenodoClient({ baseUrl: server.url, now: clock.now, sleep: clock.sleep, random: () => 0.5, ...options });

  it('identifies itself and sends the token only as a Bearer header', async () => {
    const c = client({ token });
    assert.equal(c.maxPageSize, 100);
    await c.getJson(`${searchPath}&access_token=leak`, { kind: 'search' });
    const [request] = server.requests;
    assert.ok(request);
    assert.match(request.headers['user-agent'] ?? '', /^zenodo-stats\/\d+\.\d+\.\d+ \(\+https:\/\/\S+\)$/);
    assert.equal(request.headers.authorization, `Bearer ${token}`);
    assert.doesNotMatch(request.url, /access_token|test-token/);
  });

  it('sends no Authorization header without a token, and a custom User-Agent when asked', async () => {
    const c = client({ userAgent: 'my-script/1.0 (mailto:me@example.org)' });
    assert.equal(c.maxPageSize, 25);
    await c.getJson(searchPath, { kind: 'search' });
    assert.equal(server.requests[0]?.headers.authorization, undefined);
    assert.equal(server.requests[0]?.headers['user-agent'], 'my-script/1.0 (mailto:me@example.org)');
  });

  it('does not wait on the Retry-After that Zenodo sends with every 200', async () => {
    const { status, headers } = await client().getJson(searchPath, { kind: 'search' });
    assert.equal(status, 200);
    assert.ok(headers.get('retry-after'));
    assert.deepEqual(clock.sleeps, []);
  });

  it('retries a 429 after the Retry-After it names', async () => {
    server.inject({ kind: '429', retryAfter: '3', times: 2 });
    const events: RequestEvent[] = [];
    const { status } = await client({ onRequest: (e) => events.push(e) }).getJson(searchPath, { kind: 'search' });
    assert.equal(status, 200);
    assert.deepEqual(clock.sleeps, [3_000, 3_000]);
    assert.deepEqual(events.map((e) => e.status), [429, 429, 200]);
    assert.equal(server.requests.length, 3);
  });

  it('retries a 429 without Retry-After with jittered backoff', async () => {
    server.inject({ kind: '429', times: 2 });
    await client().getJson(searchPath, { kind: 'search' });
    assert.deepEqual(clock.sleeps, [500, 1_000]);
  });

  it('retries 503 and 500, reset connections and truncated bodies', async () => {
    server.inject({ kind: '503' });
    server.inject({ kind: '500' });
    server.inject({ kind: 'reset' });
    server.inject({ kind: 'truncated' });
    const c = client();
    const { body } = await c.getJson(searchPath, { kind: 'search' });
    assert.equal((body as { hits: { total: number } }).hits.total, 149);
    assert.equal(c.requestCount, 5);
    assert.deepEqual(server.requests.map((r) => r.fault ?? 'ok'), ['503', '500', 'reset', 'truncated', 'ok']);
  });

  it('retries a response slower than the timeout', async () => {
    server.inject({ kind: 'slow', delayMs: 2_000 });
    const events: RequestEvent[] = [];
    const c = client({ timeoutMs: 150, onRequest: (e) => events.push(e) });
    const { status } = await c.getJson(searchPath, { kind: 'search' });
    assert.equal(status, 200);
    assert.match(events[0]?.error ?? '', /timed out after 0\.1|timed out after 0\.2|timed out/);
    assert.equal(events.length, 2);
  });

  it('gives up after the maximum number of attempts, naming the request', async () => {
    server.inject({ kind: '503', times: Infinity });
    const c = client({ maxAttempts: 5 });
    await assert.rejects(c.getJson(searchPath, { kind: 'search' }), (error: unknown) => {
      assert.ok(error instanceof HttpError);
      assert.equal(error.message.split(' (server said')[0], `GET ${server.url}${searchPath.replace(/&/g, '&')} failed: 503 Service Unavailable after 5 attempts`);
      assert.equal(error.exitCode, 4);
      return true;
    });
    assert.equal(c.requestCount, 5);
    server.clearFaults();
  });

  it('does not retry a 4xx and passes the server message on', async () => {
    const c = client();
    await assert.rejects(c.getJson('/api/records?size=26', { kind: 'search' }), (error: unknown) => {
      assert.ok(error instanceof HttpError && !(error instanceof TokenRejectedError));
      assert.equal(error.status, 400);
      assert.match(error.message, /failed: 400 .*Page size cannot be greater than 25/);
      return true;
    });
    assert.equal(c.requestCount, 1);
  });

  it('error envelope: a 400 names the field and reason from errors[], not only the generic message', async () => {
    const c = client();
    await assert.rejects(c.getJson('/api/records?size=26', { kind: 'search' }), (error: unknown) => {
      assert.ok(error instanceof HttpError);
      assert.equal(error.serverMessage, 'A validation error occurred.');
      assert.deepEqual(error.serverErrors, [
        { field: 'size', messages: ['Page size cannot be greater than 25. Please use authenticated requests to increase the limit to 100.'] },
      ]);
      assert.match(
        error.message,
        /failed: 400 .*\(server said: A validation error occurred\. size: Page size cannot be greater than 25\. Please use authenticated requests/,
      );
      return true;
    });
  });

  it('reports a size-100 400 with a token as a token that was not accepted, without showing the token', async () => {
    const c = client({ token: 'not-a-token-zenodo-knows' });
    await assert.rejects(c.getJson('/api/records?size=100', { kind: 'search' }), (error: unknown) => {
      assert.ok(error instanceof TokenRejectedError);
      assert.match(error.message, /the token was not accepted/);
      // The reason comes from the real body's errors[].messages (zenodo-api.md §8b).
      assert.match(error.message, /size: Page size cannot be greater than 25/);
      assert.doesNotMatch(error.message, /not-a-token-zenodo-knows/);
      return true;
    });
  });

  it('non-JSON 200: a maintenance page (text/html, status 200) is retried like a 5xx and then succeeds', async () => {
    server.inject({ kind: 'maintenance-200', times: 2 });
    const events: RequestEvent[] = [];
    const c = client({ onRequest: (e) => events.push(e) });
    const { body } = await c.getJson(searchPath, { kind: 'search' });
    assert.equal((body as { hits: { hits: unknown[] } }).hits.hits.length, 25);
    assert.equal(c.requestCount, 3);
    assert.deepEqual(events.map((e) => [e.status, e.error]), [[200, 'the body is not JSON'], [200, 'the body is not JSON'], [200, undefined]]);
    assert.equal(clock.sleeps.length, 2, 'a backoff before each retry');
    server.clearFaults();
  });

  it('non-JSON 200: after the retry budget, an InvalidResponseError (exit 5) naming the URL and content type', async () => {
    server.inject({ kind: 'maintenance-200', times: Infinity });
    const c = client({ maxAttempts: 3 });
    await assert.rejects(c.getJson(searchPath, { kind: 'search' }), (error: unknown) => {
      assert.ok(error instanceof InvalidResponseError);
      assert.equal(error.exitCode, 5);
      assert.match(error.message, /^GET http:\/\/127\.0\.0\.1:\d+\/api\/records\?\S+ returned a body that is not valid JSON \(200, text\/html; charset=utf-8, .* after 3 attempts$/);
      return true;
    });
    assert.equal(c.requestCount, 3);
    server.clearFaults();
  });

  it('fails on a body that is not JSON (with a JSON content type) after retrying', async () => {
    server.inject({ kind: 'invalid-json', times: Infinity });
    const c = client({ maxAttempts: 2 });
    await assert.rejects(c.getJson(searchPath, { kind: 'search' }), (error: unknown) => {
      assert.ok(error instanceof InvalidResponseError, String(error));
      assert.match(error.message, /^GET http:\/\/127\.0\.0\.1:\d+\/api\/records\?.* returned a body that is not valid JSON \(200, application\/json/);
      return true;
    });
    assert.equal(c.requestCount, 2);
    server.clearFaults();
  });

  it('refuses to send a request (and the token) to another site', async () => {
    const c = client({ token });
    await assert.rejects(c.getJson('https://evil.example/api/records', { kind: 'search' }), PaginationError);
    assert.equal(server.requests.length, 0);
  });

  it('reports an unreachable server as a network error after retries', async () => {
    const c = createZenodoClient({ baseUrl: 'http://127.0.0.1:9', now: clock.now, sleep: clock.sleep, maxAttempts: 2 });
    await assert.rejects(c.getJson('/api/records', { kind: 'search' }), (error: unknown) => {
      assert.ok(error instanceof NetworkError);
      assert.match(error.message, /^GET http:\/\/127\.0\.0\.1:9\/api\/records failed: .*after 2 attempts/);
      return true;
    });
  });

  it('stops at once when the caller aborts', async () => {
    server.inject({ kind: '503', times: Infinity });
    const controller = new AbortController();
    const c = client({
      sleep: async (ms, signal) => {
        controller.abort();
        await clock.sleep(ms, signal);
      },
    });
    await assert.rejects(c.getJson(searchPath, { kind: 'search', signal: controller.signal }), { name: 'AbortedError' });
    assert.equal(c.requestCount, 1);
    server.clearFaults();
  });

  it('rejects a base URL that is not http(s)', () => {
    assert.throws(() => createZenodoClient({ baseUrl: 'ftp://zenodo.org' }), UsageError);
    assert.throws(() => createZenodoClient({ baseUrl: 'zenodo' }), UsageError);
  });
});
