import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadCommunityFixture, makeSyntheticRecords, type LegacyRecord } from './helpers/dataset.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';

interface SearchBody {
  hits: { hits: LegacyRecord[]; total: number };
  aggregations: object;
  sortBy: string;
  links: { self: string; next?: string; prev?: string };
}

const fixture = loadCommunityFixture();
const isLatest = (r: LegacyRecord) => r.metadata.relations?.version?.[0]?.is_last !== false;
const inCommunity = (r: LegacyRecord, slug: string) => (r.metadata.communities ?? []).some((c) => c.id === slug);

async function getJson<T = SearchBody>(url: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: T }> {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
}

describe('fixture dataset', () => {
  it('has the 149 latest community records, older versions and outsiders', () => {
    const community = fixture.records.filter((r) => inCommunity(r, 'nfdi4bioimage'));
    assert.equal(community.filter(isLatest).length, 149);
    assert.equal(community.length, 159);
    assert.ok(fixture.records.some((r) => !inCommunity(r, 'nfdi4bioimage')));
    assert.equal(new Set(fixture.records.map((r) => r.id)).size, fixture.records.length);
    assert.ok(fixture.records.some((r) => !('stats' in r)));
    assert.ok(fixture.communities.some((c) => c.slug === 'nfdi4bioimage'));
  });

  it('makes deterministic synthetic records with versions', () => {
    const a = makeSyntheticRecords(300, { versionsEvery: 3, seed: 7 });
    const b = makeSyntheticRecords(300, { versionsEvery: 3, seed: 7 });
    assert.deepEqual(a, b);
    assert.equal(a.length, 300);
    assert.equal(a.filter(isLatest).length, 200);
    assert.notDeepEqual(makeSyntheticRecords(5, { seed: 8 }), makeSyntheticRecords(5, { seed: 9 }));
    const created = a.map((r) => Date.parse(r.created));
    assert.ok(created.every((t, i) => i === 0 || t < (created[i - 1] ?? Infinity)), 'newest first, created grows with id');
  });
});

describe('fake Zenodo: listing', () => {
  let zenodo: FakeZenodo;
  before(async () => {
    zenodo = await startFakeZenodo({ ...fixture, tokens: ['good-token'], limits: { search: 10_000, guest: 10_000 } });
  });
  after(() => zenodo.close());

  it('serves the community object by slug or uuid, 404 for unknown ones', async () => {
    const c = fixture.communities.find((x) => x.slug === 'nfdi4bioimage');
    assert.ok(c);
    const bySlug = await getJson<Record<string, unknown>>(`${zenodo.url}/api/communities/nfdi4bioimage`);
    assert.equal(bySlug.status, 200);
    assert.equal(bySlug.body['id'], c.id);
    assert.deepEqual((bySlug.body['links'] as Record<string, string>)['self_html'], `${zenodo.url}/communities/nfdi4bioimage`);
    const byUuid = await getJson<Record<string, unknown>>(`${zenodo.url}/api/communities/${c.id}`);
    assert.equal(byUuid.body['slug'], 'nfdi4bioimage');
    const missing = await getJson<Record<string, unknown>>(`${zenodo.url}/api/communities/nfdi4bioimag`);
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { status: 404, message: 'The persistent identifier does not exist.' });
  });

  it('caps size at 25 anonymous and 100 with an accepted token', async () => {
    const base = `${zenodo.url}/api/records?communities=nfdi4bioimage`;
    assert.equal((await fetch(`${base}&size=25`)).status, 200);
    const over = await getJson<Record<string, unknown>>(`${base}&size=26`);
    assert.equal(over.status, 400);
    // The real envelope (zenodo-rdm site/tests/test_search.py): the reason is in errors[], not in message.
    assert.deepEqual(over.body, {
      status: 400,
      message: 'A validation error occurred.',
      errors: [{ field: 'size', messages: ['Page size cannot be greater than 25. Please use authenticated requests to increase the limit to 100.'] }],
    });
    const auth = await getJson(`${base}&size=100`, { headers: { Authorization: 'Bearer good-token' } });
    assert.equal(auth.status, 200);
    assert.equal(auth.body.hits.hits.length, 100);
    const unknownToken = await getJson<Record<string, unknown>>(`${base}&size=100`, { headers: { Authorization: 'Bearer typo' } });
    assert.equal(unknownToken.status, 400, 'an unknown token is anonymous, not a 401');
    assert.deepEqual(unknownToken.body, over.body);
    const overToken = await getJson<Record<string, unknown>>(`${base}&size=101`, { headers: { Authorization: 'Bearer good-token' } });
    assert.deepEqual(overToken.body['errors'], [{ field: 'size', messages: ['Page size cannot be greater than 100.'] }]);
    for (const bad of ['0', '-1', '2.5', 'x']) assert.equal((await fetch(`${base}&size=${bad}`)).status, 400, `size=${bad}`);
  });

  it('accepts ?access_token= but never carries it into links', async () => {
    const res = await getJson(`${zenodo.url}/api/records?communities=nfdi4bioimage&size=100&access_token=good-token`);
    assert.equal(res.status, 200);
    assert.ok(res.body.links.next);
    assert.doesNotMatch(JSON.stringify(res.body.links), /access_token/);
  });

  it('paginates with absolute, sorted links until the last page', async () => {
    let url: string | undefined = `${zenodo.url}/api/records?communities=nfdi4bioimage`;
    const ids: number[] = [];
    let pages = 0;
    while (url) {
      const { body }: { body: SearchBody } = await getJson(url);
      pages++;
      assert.equal(body.hits.total, 149);
      assert.equal(body.sortBy, 'newest');
      assert.deepEqual(body.aggregations, {});
      ids.push(...body.hits.hits.map((h) => h.id));
      assert.equal(pages > 1, body.links.prev !== undefined);
      url = body.links.next;
      if (url) assert.equal(url, `${zenodo.url}/api/records?communities=nfdi4bioimage&page=${pages + 1}&q=&size=25&sort=newest`);
    }
    assert.equal(pages, 6);
    assert.equal(new Set(ids).size, 149);
  });

  it('lists latest versions by default and every version with all_versions', async () => {
    const latest = await getJson(`${zenodo.url}/api/records?communities=nfdi4bioimage&size=1`);
    assert.equal(latest.body.hits.total, 149);
    for (const flag of ['all_versions=1', 'all_versions=true', 'allversions=True']) {
      const all = await getJson(`${zenodo.url}/api/records?communities=nfdi4bioimage&size=1&${flag}`);
      assert.equal(all.body.hits.total, 159, flag);
      assert.match(all.body.links.self, /^[^?]+\?allversions=True&communities=nfdi4bioimage&page=1&q=&size=1&sort=newest$/);
    }
  });

  it('drops unknown community slugs, and with none left returns every record (the trap)', async () => {
    const everything = fixture.records.filter(isLatest).length;
    const typo = await getJson(`${zenodo.url}/api/records?communities=nfdi4bioimag&size=1`);
    assert.equal(typo.status, 200);
    assert.equal(typo.body.hits.total, everything);
    assert.ok(everything > 149);
    const mixed = await getJson(`${zenodo.url}/api/records?communities=nfdi4bioimag&communities=nfdi4bioimage&size=1`);
    assert.equal(mixed.body.hits.total, 149);
    const viaPath = await fetch(`${zenodo.url}/api/communities/nfdi4bioimag/records`);
    assert.equal(viaPath.status, 404);
    const c = fixture.communities.find((x) => x.slug === 'nfdi4bioimage');
    const community = await getJson(`${zenodo.url}/api/communities/${c?.id}/records?size=1`);
    assert.equal(community.body.hits.total, 149);
  });

  it('sorts newest, oldest and most downloaded, ties by id', async () => {
    const ids = async (sort: string) =>
      (await getJson(`${zenodo.url}/api/records?communities=nfdi4bioimage&size=25&sort=${sort}`)).body.hits.hits;
    const newest = await ids('mostrecent');
    assert.ok(newest.every((r, i) => i === 0 || r.created <= (newest[i - 1]?.created ?? '')));
    const oldest = await ids('-mostrecent');
    assert.ok(oldest.every((r, i) => i === 0 || r.created >= (oldest[i - 1]?.created ?? '')));
    const downloads = (await ids('mostdownloaded')).map((r) => Number(r.stats?.['downloads']));
    assert.deepEqual(downloads, [...downloads].sort((a, b) => b - a));
    assert.equal((await fetch(`${zenodo.url}/api/records?sort=nonsense`)).status, 400);
  });

  it('filters created:[A TO B] with whole-day bounds', async () => {
    const latest = fixture.records.filter((r) => isLatest(r) && inCommunity(r, 'nfdi4bioimage'));
    const count = async (q: string) =>
      (await getJson(`${zenodo.url}/api/records?communities=nfdi4bioimage&size=1&q=${encodeURIComponent(q)}`)).body.hits.total;
    const years = ['2021', '2022', '2023', '2024', '2025'];
    const perYear = await Promise.all(years.map((y) => count(`created:[${y}-01-01 TO ${y}-12-31]`)));
    assert.equal(perYear.reduce((a, b) => a + b, 0), 149);
    const newest = latest.reduce((a, b) => (a.created > b.created ? a : b));
    const day = newest.created.slice(0, 10);
    assert.ok((await count(`created:[${day} TO ${day}]`)) >= 1, 'the upper bound day is included whole');
    assert.equal(await count(`created:{${day} TO *]`), 0);
    assert.equal(await count(`created:[* TO *]`), 149);
    assert.equal((await fetch(`${zenodo.url}/api/records?q=microscopy`)).status, 400);
  });

  it('serves deep copies with links on its own origin', async () => {
    const { body } = await getJson<LegacyRecord>(`${zenodo.url}/api/records/15858127`);
    assert.equal(body.links['self'], `${zenodo.url}/api/records/15858127`);
    assert.equal(body['doi_url'], 'https://doi.org/10.5281/zenodo.15858127');
    const files = body['files'] as { links: { self: string } }[];
    assert.ok(files[0]?.links.self.startsWith(zenodo.url));
    const original = fixture.records.find((r) => r.id === 15858127);
    assert.equal(original?.links['self'], 'https://zenodo.org/api/records/15858127');
    assert.equal((await fetch(`${zenodo.url}/api/records/1`)).status, 404);
    assert.equal((await fetch(`${zenodo.url}/api/nothing`)).status, 404);
  });

  it('logs every request with lower-cased headers', async () => {
    await fetch(`${zenodo.url}/api/records/15858127?x=1`, { headers: { 'User-Agent': 'zenodo-stats-test/1', Authorization: 'Bearer good-token' } });
    const log = zenodo.requests.at(-1);
    assert.equal(log?.path, '/api/records/15858127');
    assert.equal(log?.url, '/api/records/15858127?x=1');
    assert.deepEqual(log?.query, { x: '1' });
    assert.equal(log?.headers['user-agent'], 'zenodo-stats-test/1');
    assert.equal(log?.headers['authorization'], 'Bearer good-token');
    assert.equal(log?.status, 200);
  });
});

describe('fake Zenodo: 10 000-result window', () => {
  let zenodo: FakeZenodo;
  before(async () => {
    zenodo = await startFakeZenodo({ records: makeSyntheticRecords(10_050), communities: [{ id: 'u-1', slug: 'synthetic', title: 'Synthetic' }] });
  });
  after(() => zenodo.close());

  it('answers page 400 of 25 with a next link to page 401, which it refuses like 402', async () => {
    const last = await getJson(`${zenodo.url}/api/records?communities=synthetic&size=25&page=400`);
    assert.equal(last.status, 200);
    assert.equal(last.body.hits.total, 10_050);
    const edge = await getJson(`${zenodo.url}/api/records?communities=synthetic&size=25&page=401`);
    assert.equal(edge.status, 400, '(401 - 1) * 25 = 10 000 is already outside');
    const beyond = await getJson<Record<string, unknown>>(`${zenodo.url}/api/records?communities=synthetic&size=25&page=402`);
    assert.equal(beyond.status, 400);
    assert.equal(beyond.body['message'], 'Invalid querystring parameters.');
    assert.match(last.body.links.next ?? '', /page=401/, 'next may point past the window');
  });
});

describe('fake Zenodo: rate limits', () => {
  it('sends X-RateLimit-* and Retry-After on every response, 429 over the limit, resets with the clock', async () => {
    let clock = 1_784_787_000_000;
    const zenodo = await startFakeZenodo({ ...fixture, now: () => clock, limits: { search: 3, guest: 5 } });
    try {
      const first = await fetch(`${zenodo.url}/api/records?size=1`);
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('x-ratelimit-limit'), '3');
      assert.equal(first.headers.get('x-ratelimit-remaining'), '2');
      assert.equal(first.headers.get('x-ratelimit-reset'), String((clock + 60_000) / 1000));
      assert.equal(first.headers.get('retry-after'), '60');
      assert.equal(first.headers.get('content-type'), 'application/json');
      clock += 30_500;
      await fetch(`${zenodo.url}/api/records?size=1`);
      const third = await fetch(`${zenodo.url}/api/records?size=1`);
      assert.equal(third.headers.get('x-ratelimit-remaining'), '0');
      assert.equal(third.headers.get('retry-after'), '30');
      const limited = await getJson<Record<string, unknown>>(`${zenodo.url}/api/records?size=1`);
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '30');
      assert.equal(limited.body['status'], 429);
      const other = await fetch(`${zenodo.url}/api/records/15858127`);
      assert.equal(other.status, 200, 'the guest bucket is separate from search');
      assert.equal(other.headers.get('x-ratelimit-limit'), '5');
      clock += 30_000;
      assert.equal((await fetch(`${zenodo.url}/api/records?size=1`)).status, 200, 'a new window opens');
    } finally {
      await zenodo.close();
    }
  });

  it('honours a shrunken window and keys authenticated requests by token', async () => {
    let clock = 0;
    const zenodo = await startFakeZenodo({ ...fixture, now: () => clock, windowMs: 50, limits: { search: 1, authenticated: 1 }, tokens: ['t'] });
    try {
      assert.equal((await fetch(`${zenodo.url}/api/records?size=1`)).status, 200);
      assert.equal((await fetch(`${zenodo.url}/api/records?size=1`)).status, 429);
      assert.equal((await fetch(`${zenodo.url}/api/records?size=1`, { headers: { Authorization: 'Bearer t' } })).status, 200);
      clock = 50;
      assert.equal((await fetch(`${zenodo.url}/api/records?size=1`)).status, 200);
      const auth = await fetch(`${zenodo.url}/api/records/15858127`, { headers: { Authorization: 'Bearer t' } });
      assert.equal(auth.headers.get('x-ratelimit-limit'), '1');
    } finally {
      await zenodo.close();
    }
  });
});

describe('fake Zenodo: faults', () => {
  let zenodo: FakeZenodo;
  const search = (page = 1) => `${zenodo.url}/api/records?communities=nfdi4bioimage&page=${page}`;
  before(async () => {
    zenodo = await startFakeZenodo({ ...fixture, limits: { search: 10_000, guest: 10_000 } });
  });
  after(() => zenodo.close());

  it('429 and 503 with or without Retry-After, and 500', async () => {
    zenodo.inject({ kind: '429', retryAfter: '2' });
    zenodo.inject({ kind: '429' });
    zenodo.inject({ kind: '503', retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT' });
    zenodo.inject({ kind: '500' });
    const a = await fetch(search());
    assert.equal(a.status, 429);
    assert.equal(a.headers.get('retry-after'), '2');
    assert.notEqual(a.headers.get('x-ratelimit-remaining'), '0', 'a scripted 429 is not the limiter');
    const b = await fetch(search());
    assert.equal(b.status, 429);
    assert.equal(b.headers.get('retry-after'), null);
    const c = await fetch(search());
    assert.equal(c.status, 503);
    assert.equal(c.headers.get('retry-after'), 'Wed, 21 Oct 2026 07:28:00 GMT');
    assert.equal((await fetch(search())).status, 500);
    assert.equal((await fetch(search())).status, 200, 'faults are used up');
    assert.deepEqual(zenodo.requests.slice(-5).map((r) => [r.fault, r.status]), [['429', 429], ['429', 429], ['503', 503], ['500', 500], [undefined, 200]]);
  });

  it('matches faults by page, path and count', async () => {
    zenodo.inject({ kind: '503', page: 2, times: 2 });
    zenodo.inject({ kind: '500', path: /^\/api\/records\/\d+$/ });
    assert.equal((await fetch(search(1))).status, 200);
    assert.equal((await fetch(search(2))).status, 503);
    assert.equal((await fetch(`${zenodo.url}/api/records/15858127`)).status, 500);
    assert.equal((await fetch(search(2))).status, 503);
    assert.equal((await fetch(search(2))).status, 200);
    zenodo.inject({ kind: '500', times: Infinity });
    assert.equal((await fetch(search())).status, 500);
    zenodo.clearFaults();
    assert.equal((await fetch(search())).status, 200);
  });

  it('reset destroys the socket, truncated cuts the body', async () => {
    zenodo.inject({ kind: 'reset' });
    await assert.rejects(fetch(search()));
    assert.equal(zenodo.requests.at(-1)?.fault, 'reset');
    zenodo.inject({ kind: 'truncated' });
    const res = await fetch(search());
    assert.equal(res.status, 200);
    await assert.rejects(res.text());
  });

  it('slow answers late, survives a client timeout, and does not block close()', async () => {
    zenodo.inject({ kind: 'slow', delayMs: 30 });
    assert.equal((await fetch(search())).status, 200);
    zenodo.inject({ kind: 'slow', delayMs: 300 });
    await assert.rejects(fetch(search(), { signal: AbortSignal.timeout(30) }), { name: 'TimeoutError' });
    assert.equal((await fetch(search())).status, 200, 'still serving');
    const other = await startFakeZenodo(fixture);
    other.inject({ kind: 'slow', delayMs: 60_000 });
    const pending = fetch(`${other.url}/api/records`).catch((e: unknown) => e);
    while (other.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    await other.close();
    assert.ok((await pending) instanceof Error);
  });

  it('invalid-json sends an HTML page with status 200', async () => {
    zenodo.inject({ kind: 'invalid-json' });
    const res = await fetch(search());
    assert.equal(res.status, 200);
    await assert.rejects(res.json(), SyntaxError);
  });

  it('bad-record, loop-next, offsite-next, short-page and total-change alter the page', async () => {
    zenodo.inject({ kind: 'bad-record' });
    assert.equal((await getJson(search())).body.hits.hits[0]?.stats?.['downloads'], '12');

    zenodo.inject({ kind: 'loop-next', page: 2 });
    const loop = (await getJson(search(2))).body;
    assert.equal(loop.links.next, loop.links.self);

    zenodo.inject({ kind: 'offsite-next' });
    assert.match((await getJson(search())).body.links.next ?? '', /^https:\/\/evil\.example\/api\/records\?.*page=2/);

    zenodo.inject({ kind: 'short-page' });
    const short = (await getJson(search())).body;
    assert.equal(short.hits.hits.length, 24);
    assert.equal(short.hits.total, 149);

    zenodo.inject({ kind: 'total-change', page: 3 });
    assert.equal((await getJson(search(3))).body.hits.total, 150);
    assert.deepEqual(
      zenodo.requests.slice(-5).map((r) => r.fault),
      ['bad-record', 'loop-next', 'offsite-next', 'short-page', 'total-change'],
    );
  });

  it('addRecord shows a record published during the run', async () => {
    const [template] = makeSyntheticRecords(1, { community: 'nfdi4bioimage' });
    assert.ok(template);
    zenodo.addRecord({ ...template, created: '2026-08-12T10:00:00.000000+00:00' });
    const { body } = await getJson(`${search()}&size=1`);
    assert.equal(body.hits.total, 150);
    assert.equal(body.hits.hits[0]?.id, template.id);
  });
});

describe('fake Zenodo: latency', () => {
  it('delays every response by latencyMs', async () => {
    const zenodo = await startFakeZenodo({ ...fixture, latencyMs: 40 });
    try {
      const t = performance.now();
      await fetch(`${zenodo.url}/api/records/15858127`);
      assert.ok(performance.now() - t >= 35);
    } finally {
      await zenodo.close();
    }
  });
});

describe('fake Zenodo: statistics outages (zero-stats, zero-downloads, zero-views)', () => {
  let zenodo: FakeZenodo;
  before(async () => {
    zenodo = await startFakeZenodo({ ...fixture, format: 'both', limits: { search: 10_000, guest: 10_000 } });
  });
  after(() => zenodo.close());
  const page = `/api/records?communities=nfdi4bioimage&size=25&sort=mostdownloaded`;
  type Stats = Record<string, number>;
  const legacyStats = async () => (await getJson(`${zenodo.url}${page}`)).body.hits.hits.map((h) => h.stats as Stats | undefined);
  const rdmStats = async () =>
    (await getJson<{ hits: { hits: { stats?: { this_version: Stats; all_versions: Stats } }[] } }>(`${zenodo.url}${page}`, { headers: { accept: 'application/vnd.inveniordm.v1+json' } })).body.hits.hits.map((h) => h.stats);

  it('zero-stats zeroes every counter of every hit, in legacy and RDM JSON, and only while injected', async () => {
    const before = await legacyStats();
    assert.ok((before[0]?.['downloads'] ?? 0) > 0);
    zenodo.inject({ kind: 'zero-stats', times: 2 });
    const legacy = await legacyStats();
    assert.deepEqual(legacy[0], { downloads: 0, unique_downloads: 0, views: 0, unique_views: 0, version_downloads: 0, version_unique_downloads: 0, version_unique_views: 0, version_views: 0 });
    assert.ok(legacy.every((s) => s === undefined || Object.values(s).every((v) => v === 0)));
    const rdm = await rdmStats();
    assert.deepEqual(rdm[0]?.all_versions, { downloads: 0, unique_downloads: 0, views: 0, unique_views: 0, data_volume: 0 });
    assert.deepEqual(rdm[0]?.this_version, { downloads: 0, unique_downloads: 0, views: 0, unique_views: 0, data_volume: 0 });
    assert.deepEqual(await legacyStats(), before);
  });

  it('zero-downloads and zero-views zero one half each (the two indices fail apart)', async () => {
    const before = await legacyStats();
    const top = before[0] ?? {};
    zenodo.inject({ kind: 'zero-downloads' });
    assert.deepEqual((await legacyStats())[0], { ...top, downloads: 0, unique_downloads: 0, version_downloads: 0, version_unique_downloads: 0 });
    zenodo.inject({ kind: 'zero-views' });
    assert.deepEqual((await legacyStats())[0], { ...top, views: 0, unique_views: 0, version_views: 0, version_unique_views: 0 });
    zenodo.inject({ kind: 'zero-downloads' });
    const rdm = (await rdmStats())[0];
    assert.equal(rdm?.all_versions['downloads'], 0);
    assert.equal(rdm?.all_versions['data_volume'], 0);
    assert.equal(rdm?.all_versions['views'], top['views']);
  });
});

describe('fake Zenodo: error bodies, deleted communities, maintenance pages and link origins', () => {
  let zenodo: FakeZenodo;
  before(async () => {
    const communities = [...fixture.communities, { id: 'c-deleted', slug: 'gone', title: 'Gone', deleted: true }];
    zenodo = await startFakeZenodo({ records: fixture.records, communities, linkOrigin: 'https://zenodo.org', limits: { search: 10_000, guest: 10_000 } });
  });
  after(() => zenodo.close());

  it('answers 410 for a deleted community, by slug and id, and for its records', async () => {
    for (const p of ['/api/communities/gone', '/api/communities/c-deleted', '/api/communities/c-deleted/records']) {
      const res = await getJson<Record<string, unknown>>(`${zenodo.url}${p}`);
      assert.equal(res.status, 410, p);
      assert.deepEqual(res.body, { status: 410, message: 'The record has been deleted.' });
    }
  });

  it('answers a route 404: JSON with Werkzeug text under /api, an HTML page elsewhere', async () => {
    const api = await getJson<Record<string, unknown>>(`${zenodo.url}/api/api/communities/nfdi4bioimage`);
    assert.equal(api.status, 404);
    assert.match(String(api.body['message']), /^The requested URL was not found on the server\./);
    const ui = await fetch(`${zenodo.url}/zenodo/api/communities/nfdi4bioimage`);
    assert.equal(ui.status, 404);
    assert.match(ui.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await ui.text(), /<html/);
  });

  it('maintenance-200 serves a text/html page with status 200, only while injected', async () => {
    zenodo.inject({ kind: 'maintenance-200' });
    const page = await fetch(`${zenodo.url}/api/records?communities=nfdi4bioimage`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.doesNotMatch((await page.text()).slice(0, 20), /^\s*[{[]/);
    assert.equal((await fetch(`${zenodo.url}/api/records?communities=nfdi4bioimage`)).headers.get('content-type'), 'application/json');
  });

  it('linkOrigin names another origin in search and community links, not in record links', async () => {
    const page = await getJson(`${zenodo.url}/api/records?communities=nfdi4bioimage&size=25`);
    const links = (page.body as unknown as { links: Record<string, string> }).links;
    assert.match(links['next'] ?? '', /^https:\/\/zenodo\.org\/api\/records\?/);
    assert.match(links['self'] ?? '', /^https:\/\/zenodo\.org\/api\/records\?/);
    const community = await getJson<{ links: Record<string, string> }>(`${zenodo.url}/api/communities/nfdi4bioimage`);
    assert.match(community.body.links['records'] ?? '', /^https:\/\/zenodo\.org\/api\/communities\//);
  });
});
