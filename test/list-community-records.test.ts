import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { NotFoundError, PaginationError, ValidationError } from '../src/errors.js';
import { createZenodoClient, type ZenodoClientOptions } from '../src/zenodo/client.js';
import { getCommunity } from '../src/zenodo/get-community.js';
import { iterateCommunityPages, type ListProgress } from '../src/zenodo/iterate-community-pages.js';
import { fetchCommunityRecords, listCommunityRecords } from '../src/zenodo/list-community-records.js';
import { loadCommunityFixture, makeSyntheticRecords, type LegacyRecord } from './helpers/dataset.js';
import { createFakeClock, type FakeClock } from './helpers/fake-clock.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';

const token = 'list-test-token';
const fixture = loadCommunityFixture();
const isLatest = (r: LegacyRecord) => r.metadata.relations?.version?.[0]?.is_last !== false;
const inCommunity = (r: LegacyRecord, slug: string) =>
  ((r.metadata.communities ?? []) as { id: string }[]).some((c) => c.id === slug);
const expectedLatest = fixture.records.filter((r) => isLatest(r) && inCommunity(r, 'nfdi4bioimage'));
const expectedAll = fixture.records.filter((r) => inCommunity(r, 'nfdi4bioimage'));

describe('listing a community', () => {
  let server: FakeZenodo;
  let clock: FakeClock;

  before(async () => {
    // One clock for the server's rate limiter and every client, moved a window on between tests, as if each
    // test were a run of its own a minute after the last.
    clock = createFakeClock();
    server = await startFakeZenodo({ records: fixture.records, communities: fixture.communities, tokens: [token], now: () => clock.now() });
  });
  after(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    server.clearFaults();
    clock.advance(61_000);
    clock.sleeps.length = 0;
  });
  const client = (options: ZenodoClientOptions = {}) =>
    createZenodoClient({ baseUrl: server.url, now: clock.now, sleep: clock.sleep, random: () => 0.5, ...options });

  it('lists every latest record exactly once, in the fewest requests (pages of 25 anonymous)', async () => {
    const progress: ListProgress[] = [];
    const c = client();
    // The legacy listing (`/api/records?communities=`); the default goes through the community's own endpoint.
    const listing = await fetchCommunityRecords(c, 'nfdi4bioimage', { format: 'legacy', onProgress: (p) => progress.push(p) });
    assert.equal(expectedLatest.length, 149);
    assert.deepEqual(listing.records.map((r) => r.id).sort(), expectedLatest.map((r) => String(r.id)).sort());
    assert.equal(listing.total, 149);
    assert.deepEqual(listing.warnings, []);
    assert.equal(c.requestCount, 1 + Math.ceil(149 / 25));
    assert.deepEqual(progress.map((p) => `${p.page}/${p.pages} ${p.records}/${p.total}`), [
      '1/6 25/149', '2/6 50/149', '3/6 75/149', '4/6 100/149', '5/6 125/149', '6/6 149/149',
    ]);
    const searches = server.requests.filter((r) => /^\/api\/(records|communities\/[^/]+\/records)$/.test(r.path));
    assert.ok(searches.every((r) => r.query.size === '25' && r.query.communities === 'nfdi4bioimage'));
    // A sort under which records created during the run land on the last page.
    assert.equal(searches[0]?.query.sort, 'oldest');
    assert.equal(server.requests[0]?.path, '/api/communities/nfdi4bioimage');
    assert.equal(listing.hits.length, 149);
  });

  it('uses pages of 100 with a token', async () => {
    const c = client({ token });
    const listing = await fetchCommunityRecords(c, 'nfdi4bioimage');
    assert.equal(listing.records.length, 149);
    assert.equal(c.requestCount, 3);
    assert.ok(server.requests.filter((r) => r.path.endsWith('/records')).every((r) => r.query.size === '100'));
  });

  it('lists every version with allVersions', async () => {
    const listing = await fetchCommunityRecords(client(), 'nfdi4bioimage', { allVersions: true });
    assert.ok(expectedAll.length > expectedLatest.length);
    assert.deepEqual(listing.records.map((r) => r.id).sort(), expectedAll.map((r) => String(r.id)).sort());
  });

  it('is an async iterator callers may leave early', async () => {
    const c = client();
    const ids: string[] = [];
    for await (const record of listCommunityRecords(c, 'nfdi4bioimage')) {
      ids.push(record.id);
      if (ids.length === 30) break;
    }
    assert.equal(ids.length, 30);
    assert.equal(c.requestCount, 3);
  });

  it('stops with "not found" for an unknown community, before any search (which would list all of Zenodo)', async () => {
    const c = client();
    await assert.rejects(fetchCommunityRecords(c, 'nfdi4bioimag'), (error: unknown) => {
      assert.ok(error instanceof NotFoundError);
      assert.equal(
        error.message,
        `community 'nfdi4bioimag' not found on ${server.url} (GET ${server.url}/api/communities/nfdi4bioimag: 404 The persistent identifier does not exist.)`,
      );
      assert.equal(error.exitCode, 3);
      return true;
    });
    assert.deepEqual(server.requests.map((r) => r.path), ['/api/communities/nfdi4bioimag']);
  });

  it('stops when the search ignored the community filter (the unknown-community trap)', async () => {
    // Simulate a site that resolves the community object but drops the slug from the search, on a site with
    // many older records of other communities, as zenodo.org has.
    const others = makeSyntheticRecords(60, { community: 'other', seed: 3 });
    others.forEach((r, i) => {
      r.id = 1_000 + i;
      r.created = `2014-01-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00+00:00`;
      server.addRecord(r);
    });
    const dropFilter: typeof fetch = (input, init) => {
      const url = new URL(String(input instanceof Request ? input.url : input));
      if (url.pathname === '/api/records') url.searchParams.set('communities', 'no-such-community');
      return fetch(url, init);
    };
    // The trap is the legacy listing's (`communities=` on `/api/records`); the community endpoint has none.
    await assert.rejects(fetchCommunityRecords(client({ fetch: dropFilter }), 'nfdi4bioimage', { format: 'legacy' }), (error: unknown) => {
      assert.ok(error instanceof PaginationError);
      assert.match(error.message, /not in community 'nfdi4bioimage' \(25 of 25 on the first page\): the site ignored the community filter/);
      return true;
    });
  });

  it('fails on a links.next that loops', async () => {
    server.inject({ kind: 'loop-next', page: 2 });
    await assert.rejects(fetchCommunityRecords(client(), 'nfdi4bioimage'), (error: unknown) => {
      assert.ok(error instanceof PaginationError);
      assert.match(error.message, /^links\.next of page 2 loops back to http:\/\/127\.0\.0\.1:\d+\/api\/(records|communities\/[^/]+\/records)\?.*page=2/);
      return true;
    });
  });

  it('follows a links.next that names another host on --base-url, and sends nothing there', async () => {
    server.inject({ kind: 'offsite-next', page: 1 });
    const { records } = await fetchCommunityRecords(client({ token }), 'nfdi4bioimage');
    assert.equal(records.length, 149);
    const searches = server.requests.filter((r) => /^\/api\/(records|communities\/[^/]+\/records)$/.test(r.path));
    assert.deepEqual(searches.map((r) => r.query.page), ['1', '2'], 'page 2 asked of --base-url');
    assert.equal(searches[0]?.fault, 'offsite-next');
  });

  it('names the record and field of a hit that does not fit the schema', async () => {
    server.inject({ kind: 'bad-record', page: 3 });
    await assert.rejects(fetchCommunityRecords(client(), 'nfdi4bioimage'), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.match(error.message, /^record \d+: stats\.(all_versions\.)?downloads: expected number, received string$/m);
      assert.equal(error.exitCode, 5);
      return true;
    });
  });

  it('fails when fewer records arrive than hits.total announced (a short page): nothing lost passes for complete', async () => {
    server.inject({ kind: 'short-page', page: 2 });
    await assert.rejects(fetchCommunityRecords(client(), 'nfdi4bioimage'), (error: unknown) => {
      assert.ok(error instanceof PaginationError);
      assert.match(error.message, /^Zenodo announced 149 records for community 'nfdi4bioimage' but only 148 arrived \(short: page 2: 24 of 25 hits\); the listing is incomplete/);
      return true;
    });
  });

  it('warns when hits.total changes between pages', async () => {
    server.inject({ kind: 'total-change', page: 4 });
    const listing = await fetchCommunityRecords(client(), 'nfdi4bioimage');
    assert.equal(listing.records.length, 149);
    assert.match(listing.warnings[0] ?? '', /^hits\.total changed from 149 to 150 during the run \(page 4\)/);
  });

  it('keeps records created during the run from shifting earlier pages', async () => {
    const c = client();
    const ids: string[] = [];
    let added = false;
    const community = await getCommunity(c, 'nfdi4bioimage');
    for await (const page of iterateCommunityPages(c, community)) {
      ids.push(...page.records.map((r) => r.id));
      if (!added) {
        const [extra] = makeSyntheticRecords(1, { community: 'nfdi4bioimage', seed: 7 });
        assert.ok(extra);
        extra.id = 99_999_999;
        extra.created = '2026-11-25T12:00:00+00:00';
        server.addRecord(extra);
        added = true;
      }
    }
    assert.equal(new Set(ids).size, ids.length);
    for (const r of expectedLatest) assert.ok(ids.includes(String(r.id)), `record ${r.id} missing`);
  });
});

describe('listing past the 10 000-result window', () => {
  const today = Date.UTC(2026, 10, 25, 12);

  async function listBig(records: LegacyRecord[], options: { token?: boolean; allVersions?: boolean; during?: (server: FakeZenodo) => void } = {}) {
    const clock = createFakeClock(today);
    const server = await startFakeZenodo({ records, communities: [{ id: 'b1g', slug: 'big', title: 'Big' }], tokens: ['big-token'], now: () => clock.now() });
    try {
      const c = createZenodoClient({ baseUrl: server.url, token: options.token ? 'big-token' : undefined, now: clock.now, sleep: clock.sleep });
      const warnings: string[] = [];
      const ids: string[] = [];
      const community = await getCommunity(c, 'big');
      let first = true;
      for await (const page of iterateCommunityPages(c, community, { allVersions: options.allVersions, now: clock.now, onWarning: (w) => warnings.push(w) })) {
        ids.push(...page.records.map((r) => r.id));
        if (first) options.during?.(server);
        first = false;
      }
      return { ids, warnings, requests: c.requestCount, size: c.maxPageSize, served: server.requests };
    } finally {
      await server.close();
    }
  }

  it('slices by created date: every record exactly once, few requests beyond the minimum', async () => {
    const records = makeSyntheticRecords(22_000, { community: 'big', seed: 1 });
    const { ids, warnings, requests, size, served } = await listBig(records, { token: true });
    assert.equal(ids.length, 22_000);
    assert.equal(new Set(ids).size, 22_000);
    assert.deepEqual(warnings, []);
    const minimum = 1 + Math.ceil(22_000 / size);
    const slices = served.filter((r) => r.path.endsWith('/records') && r.query.page === '1' && r.query.q).length;
    // One probe of the whole query, plus at most one partly filled page per slice, plus any slice that overflowed.
    assert.ok(requests <= minimum + 1 + slices + 2, `${requests} requests, minimum ${minimum}, ${slices} slices`);
    assert.ok(slices >= 3 && slices <= 5, `${slices} slices`);
    assert.ok(served.every((r) => r.status !== 400), 'no request past the window');
    assert.ok(served.filter((r) => r.query.q).every((r) => /^created:\[(\d{4}-\d\d-\d\d|\*) TO (\d{4}-\d\d-\d\d|\*)\]$/.test(r.query.q ?? '')));
  });

  it('lists 50 000 records exactly once, within the minimum plus the slicing probes, at the rate-limit floor', async () => {
    const records = makeSyntheticRecords(50_000, { community: 'big', seed: 8 });
    const clock = createFakeClock(today);
    const server = await startFakeZenodo({ records, communities: [{ id: 'b1g', slug: 'big', title: 'Big' }], tokens: ['big-token'], now: () => clock.now(), limits: { search: 30, guest: 60, authenticated: 100 } });
    try {
      const c = createZenodoClient({ baseUrl: server.url, token: 'big-token', now: clock.now, sleep: clock.sleep });
      const started = clock.now();
      const listing = await fetchCommunityRecords(c, 'big', { now: clock.now, keepHits: false });
      const elapsed = clock.now() - started;
      assert.equal(listing.records.length, 50_000);
      assert.equal(new Set(listing.records.map((r) => r.id)).size, 50_000);
      const minimum = 1 + Math.ceil(50_000 / 100);
      const slices = server.requests.filter((r) => r.path.endsWith('/records') && r.query.page === '1' && r.query.q).length;
      assert.ok(c.requestCount <= minimum + 1 + slices, `${c.requestCount} requests, minimum ${minimum}, ${slices} slices`);
      assert.deepEqual(server.requests.filter((r) => r.status === 429), []);
      const searches = server.requests.filter((r) => r.path.endsWith('/records')).length;
      const floor = Math.floor((searches - 1) / 30) * 60_000;
      assert.ok(elapsed >= floor && elapsed <= floor * 1.05, `${elapsed} ms for a floor of ${floor} ms`);
    } finally {
      await server.close();
    }
  });

  it('picks up records created while the run goes on, in the open-ended last slice', async () => {
    const records = makeSyntheticRecords(10_500, { community: 'big', seed: 2 });
    const [late] = makeSyntheticRecords(1, { community: 'big', seed: 3 });
    assert.ok(late);
    late.id = 99_999_999;
    late.created = '2026-11-25T11:00:00.000000+00:00';
    const { ids } = await listBig(records, { during: (server) => server.addRecord(late) });
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(ids.length, 10_501);
    assert.ok(ids.includes('99999999'));
  });

  it('slices an --all-versions listing the same way', async () => {
    const records = makeSyntheticRecords(12_000, { community: 'big', seed: 4, versionsEvery: 3 });
    const { ids } = await listBig(records, { token: true, allVersions: true });
    assert.equal(new Set(ids).size, 12_000);
  });

  it('fails clearly when a single day holds more than the window', async () => {
    const records = makeSyntheticRecords(10_100, { community: 'big', seed: 5 });
    for (const r of records) r.created = '2024-03-01T10:00:00.000000+00:00';
    await assert.rejects(listBig(records, { token: true }), /more than 10000 records of community 'big' were created on 2024-03-01 alone/);
  });
});

describe('pacing against a server as strict as the published limits', () => {
  for (const withToken of [false, true]) {
    it(`lists 2 000 records ${withToken ? 'with' : 'without'} a token in the minimum requests, with no 429`, async () => {
      const clock = createFakeClock();
      const records = makeSyntheticRecords(2_000, { community: 'paced', seed: 5 });
      const server = await startFakeZenodo({
        records,
        communities: [{ id: 'p4ced', slug: 'paced', title: 'Paced' }],
        tokens: ['paced-token'],
        now: () => clock.now(),
        limits: { search: 30, guest: 60, authenticated: 100 },
      });
      try {
        const c = createZenodoClient({ baseUrl: server.url, token: withToken ? 'paced-token' : undefined, now: clock.now, sleep: clock.sleep });
        const started = clock.now();
        const listing = await fetchCommunityRecords(c, 'paced');
        const pages = Math.ceil(2_000 / c.maxPageSize);
        assert.equal(new Set(listing.records.map((r) => r.id)).size, 2_000);
        assert.equal(c.requestCount, 1 + pages);
        assert.deepEqual(server.requests.filter((r) => r.status === 429), []);
        // 80 pages of 25 at 30 a minute cannot finish before two full windows have passed, and need not take longer.
        const floor = Math.floor((pages - 1) / 30) * 60_000;
        assert.ok(clock.now() - started >= floor, `${clock.now() - started} ms < floor ${floor} ms`);
        assert.ok(clock.now() - started <= floor * 1.05 + 1_000, `${clock.now() - started} ms, floor ${floor} ms`);
      } finally {
        await server.close();
      }
    });
  }
});
