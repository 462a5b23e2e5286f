/**
 * The fault matrix: one test per fault the fake Zenodo can play, each run of `summarize` ending in one of two
 * ways (README, "Exit codes" and "How it works"):
 *
 * - recovered: exit 0, an output byte-identical to a fault-free run, and the store's newest snapshot holding
 *   exactly the fault-free run's records;
 * - failed loudly: the documented exit code, a message that names the URL or record and says nothing was
 *   written, and the earlier output file and snapshot store byte-for-byte as they were.
 *
 * A third way is for figures that arrive fine but must not be read as they are (a statistics outage's zeros):
 * warned, exit 0 with the warning on stderr, the figures kept as served and the earlier snapshot untouched.
 *
 * Nothing is lost either way. Every case starts in its own folder where an earlier run already left `out.csv`
 * and a store with a snapshot of the day before. Retries wait on the fake clock; only `--timeout` waits for real.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { LoadedSnapshot, SnapshotRecord } from '../src/snapshot/snapshot.js';
import { loadCommunityFixture } from './helpers/dataset.js';
import { createFakeClock, type FakeClock } from './helpers/fake-clock.js';
import { startFakeZenodo, type FakeZenodo, type FakeZenodoOptions, type FaultSpec } from './helpers/fake-zenodo.js';
import { runCli, tempDir, type CliRun } from './helpers/run-cli.js';

const community = 'nfdi4bioimage';
const token = 'fault-matrix-token-0000';
/** 149 latest records in pages of 25: five full pages and a last one of 24. */
const pageCount = 6;
const earlierCsv = Buffer.from('zenodo_url,downloads\r\nhttps://zenodo.org/records/1,1\r\n');
/** The day before the reference run; every case's store starts with this day's snapshot. */
const earlierDay = '2026-11-24';
const referenceDay = '2026-11-25';
/** How a connection lost mid-response reads (undici reports a reset peer or a cut body as either code). */
const connectionLost = 'the connection was (closed before the response was complete|reset) \\((UND_ERR_SOCKET|ECONNRESET)\\)';
/** A community the fake answers 410 for. */
const deletedCommunity = { id: '5f0c1f7e-2a8d-4d7b-b1de-6c0f6a0e9d41', slug: 'retired-community', title: 'Retired', deleted: true };
const commonArgs = ['--out', 'out.csv', '--db', 'store.sqlite', '--timeout', '0.3', '--max-attempts', '4'];

/** What a case's expectation may refer to; filled in by `before`. */
interface MatrixContext {
  server: FakeZenodo;
  /** Record ids of each page (1-based), as the fake lists them oldest first. */
  pageIds: string[][];
  /** `server.url` escaped for a RegExp. */
  origin: string;
  /** A RegExp source matching the URL of search page `n` as the client requests it. */
  pageUrl: (n: number) => string;
}

interface CaseBase {
  name: string;
  faults: FaultSpec[];
  args?: string[];
  env?: Record<string, string>;
  /** Appended to the fake's URL for `ZENODO_BASE_URL` (a wrong base URL). */
  baseUrlSuffix?: string;
  /** Extra assertions on what the server saw. */
  check?: (ctx: MatrixContext, run: CliRun) => void;
}

interface RecoveredCase extends CaseBase {
  outcome: 'recovered';
}

interface FailedCase extends CaseBase {
  outcome: 'failed';
  code: number;
  /** What stderr must say: the URL or record id at fault. */
  message: (ctx: MatrixContext) => RegExp;
}

/**
 * Not an error for the client, but figures that must not be read as they are: exit 0, the warning on stderr,
 * the output and the new snapshot as served (nothing lost), the earlier snapshot unchanged.
 */
interface WarnedCase extends CaseBase {
  outcome: 'warned';
  /** What stderr must say. */
  message: (ctx: MatrixContext) => RegExp;
}

type FaultCase = RecoveredCase | FailedCase | WarnedCase;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Record searches, on `/api/records` (legacy) or the community's own endpoint (the default, RDM JSON). */
const searchesOf = (server: FakeZenodo) => server.requests.filter((r) => r.path === '/api/records' || /^\/api\/communities\/[^/]+\/records$/.test(r.path));

const cases: FaultCase[] = [
  {
    name: '429 burst with Retry-After: 3 in a row on page 3',
    faults: [{ kind: '429', page: 3, retryAfter: '2', times: 3 }],
    outcome: 'recovered',
    check: ({ server }) => {
      const times = searchesOf(server).filter((r) => r.query.page === '3').map((r) => r.at);
      assert.equal(times.length, 4);
      for (let i = 1; i < times.length; i += 1) {
        assert.ok((times[i] ?? 0) - (times[i - 1] ?? 0) >= 2_000, `Retry-After: 2 not obeyed between attempts: ${times.join(', ')}`);
      }
    },
  },
  {
    name: '429 burst without Retry-After: 3 in a row on page 2',
    faults: [{ kind: '429', page: 2, times: 3 }],
    outcome: 'recovered',
  },
  {
    name: '503 run: 3 in a row on page 4',
    faults: [{ kind: '503', page: 4, times: 3 }],
    outcome: 'recovered',
  },
  {
    name: '500 once on page 2',
    faults: [{ kind: '500', page: 2 }],
    outcome: 'recovered',
  },
  {
    name: 'connection reset once on page 5',
    faults: [{ kind: 'reset', page: 5 }],
    outcome: 'recovered',
  },
  {
    name: 'slow response past the timeout once on page 3, then fine',
    faults: [{ kind: 'slow', page: 3, delayMs: 1_500 }],
    outcome: 'recovered',
  },
  {
    name: 'truncated body once on page 4',
    faults: [{ kind: 'truncated', page: 4 }],
    outcome: 'recovered',
  },
  {
    // The fake only changes the announced number; every record is still listed once, so the output is complete.
    name: 'hits.total changing between pages (page 3 announces one more)',
    faults: [{ kind: 'total-change', page: 3 }],
    outcome: 'recovered',
  },
  {
    name: '503 once on the community lookup',
    faults: [{ kind: '503', path: `/api/communities/${community}` }],
    outcome: 'recovered',
  },
  {
    name: 'with a token (pages of 100): a 429 with Retry-After, then a reset on page 2',
    faults: [
      { kind: '429', page: 2, retryAfter: '1' },
      { kind: 'reset', page: 2 },
    ],
    env: { ZENODO_TOKEN: token },
    outcome: 'recovered',
    check: ({ server }) => {
      const searches = searchesOf(server);
      assert.ok(searches.every((r) => r.query.size === '100'), `page sizes: ${searches.map((r) => r.query.size).join(', ')}`);
      assert.deepEqual([...new Set(searches.map((r) => r.query.page ?? '1'))], ['1', '2']);
      assert.ok(server.requests.every((r) => r.headers.authorization === `Bearer ${token}`));
    },
  },
  {
    name: '503 on every attempt at page 2',
    faults: [{ kind: '503', page: 2, times: Infinity }],
    outcome: 'failed',
    code: 4,
    message: ({ pageUrl }) => new RegExp(`GET ${pageUrl(2)} failed: 503 Service Unavailable after 4 attempts`),
    check: ({ server }) => assert.equal(searchesOf(server).filter((r) => r.query.page === '2').length, 4),
  },
  {
    name: '429 on every attempt at page 2 (more than --max-attempts)',
    faults: [{ kind: '429', page: 2, retryAfter: '1', times: Infinity }],
    outcome: 'failed',
    code: 4,
    message: ({ pageUrl }) => new RegExp(`GET ${pageUrl(2)} failed: 429 Too Many Requests after 4 attempts`),
  },
  {
    name: 'slow response past the timeout on every attempt at page 2',
    faults: [{ kind: 'slow', page: 2, delayMs: 2_000, times: Infinity }],
    outcome: 'failed',
    code: 4,
    message: ({ pageUrl }) => new RegExp(`GET ${pageUrl(2)} failed: timed out after 0\\.3 s after 4 attempts`),
  },
  {
    name: 'connection reset on every attempt at page 2',
    faults: [{ kind: 'reset', page: 2, times: Infinity }],
    outcome: 'failed',
    code: 4,
    // Said in words, with the code for searching; not fetch's bare "fetch failed".
    message: ({ pageUrl }) => new RegExp(`GET ${pageUrl(2)} failed: ${connectionLost} after 4 attempts`),
  },
  {
    name: 'truncated body on every attempt at page 3',
    faults: [{ kind: 'truncated', page: 3, times: Infinity }],
    outcome: 'failed',
    code: 4,
    message: ({ pageUrl }) => new RegExp(`GET ${pageUrl(3)} failed: ${connectionLost} after 4 attempts`),
  },
  {
    name: 'invalid JSON (an HTML page with status 200) once on page 2: retried',
    faults: [{ kind: 'invalid-json', page: 2 }],
    outcome: 'recovered',
  },
  {
    name: 'non-JSON 200 (a text/html maintenance page) twice on page 3: retried like a 5xx',
    faults: [{ kind: 'maintenance-200', page: 3, times: 2 }],
    outcome: 'recovered',
  },
  {
    name: 'non-JSON 200 (a text/html maintenance page) on every attempt at page 2',
    faults: [{ kind: 'maintenance-200', page: 2, times: Infinity }],
    outcome: 'failed',
    code: 5,
    message: ({ pageUrl }) => new RegExp(`GET ${pageUrl(2)} returned a body that is not valid JSON \\(200, text/html[^)]*\\).* after 4 attempts`),
    check: ({ server }) => assert.equal(searchesOf(server).filter((r) => r.query.page === '2').length, 4, 'the retry budget, no more'),
  },
  {
    name: 'a record with a string where a number belongs on page 2',
    faults: [{ kind: 'bad-record', page: 2 }],
    outcome: 'failed',
    code: 5,
    message: ({ pageIds }) => new RegExp(`record ${pageIds[2]?.[0]}: stats\\.(all_versions\\.)?downloads: expected number, received string`),
  },
  {
    name: 'links.next that loops (page 3 links to itself)',
    faults: [{ kind: 'loop-next', page: 3 }],
    outcome: 'failed',
    code: 4,
    message: ({ pageUrl }) => new RegExp(`links\\.next of page 3 loops back to ${pageUrl(3)}`),
  },
  {
    // Zenodo names its configured server in links, whatever host was asked (zenodo-api.md §8b): the path and query
    // are followed on --base-url's origin; evil.example itself is never asked (this machine could not reach it).
    name: 'links.next on another host (page 3 links to evil.example): followed on --base-url',
    faults: [{ kind: 'offsite-next', page: 3 }],
    outcome: 'recovered',
    check: ({ server }) => {
      const pages = searchesOf(server).map((r) => r.query.page ?? '1');
      assert.deepEqual(pages, ['1', '2', '3', '4', '5', '6'], 'every page once, from --base-url');
    },
  },
  {
    name: 'other link origin: both pages of 100 link to https://zenodo.org (an alias or proxy), with a token',
    faults: [{ kind: 'other-origin-links', times: 2 }],
    env: { ZENODO_TOKEN: token },
    outcome: 'recovered',
    check: ({ server }) => {
      assert.deepEqual(searchesOf(server).map((r) => r.query.page ?? '1'), ['1', '2']);
      assert.ok(server.requests.every((r) => r.headers.authorization === `Bearer ${token}`), 'the token went with every request, to this host');
    },
  },
  {
    // Decision (see the report): every page announces 149 and links.next goes on, yet page 2 holds 24 of 25
    // hits. The missing record cannot have been deleted meanwhile (the total did not move), so the listing is
    // incomplete and cannot be trusted: exit 4, like a looping links.next. A warning with 148 rows and a
    // "complete" snapshot would lose a record without a failure.
    name: 'a page shorter than announced (page 2 holds 24 hits, total unchanged)',
    faults: [{ kind: 'short-page', page: 2 }],
    outcome: 'failed',
    code: 4,
    message: ({ pageUrl }) => new RegExp(`${pageUrl(2)}|\\b148\\b[^\\n]*\\b149\\b|\\b149\\b[^\\n]*\\b148\\b`),
  },
  {
    name: '503 on every attempt at the community lookup',
    faults: [{ kind: '503', path: `/api/communities/${community}`, times: Infinity }],
    outcome: 'failed',
    code: 4,
    message: ({ origin }) => new RegExp(`GET ${origin}/api/communities/${community} failed: 503 Service Unavailable after 4 attempts`),
    check: ({ server }) => assert.equal(searchesOf(server).length, 0, 'no search without a community'),
  },
  {
    name: 'a 404 community (typo: nfdi4bioimag)',
    faults: [],
    args: ['nfdi4bioimag'],
    outcome: 'failed',
    code: 3,
    message: ({ origin }) => new RegExp(`community 'nfdi4bioimag' not found on ${origin}`),
    check: ({ server }) => assert.equal(searchesOf(server).length, 0, 'an unknown community must not reach the unfiltered search'),
  },
  {
    name: 'a route 404: --base-url ending in /api (asks for /api/api/communities/…)',
    faults: [],
    baseUrlSuffix: '/api',
    outcome: 'failed',
    code: 2,
    message: ({ origin }) => new RegExp(`GET ${origin}/api/api/communities/${community} failed: 404: .*--base-url looks wrong`),
    check: ({ server }) => assert.deepEqual(server.requests.map((r) => r.path), [`/api/api/communities/${community}`]),
  },
  {
    name: 'a deleted community (410)',
    faults: [],
    args: [deletedCommunity.slug],
    outcome: 'failed',
    code: 3,
    message: ({ origin }) => new RegExp(`community '${deletedCommunity.slug}' was deleted from ${origin} \\(GET \\S+: 410 The record has been deleted\\.\\)`),
    check: ({ server }) => assert.equal(searchesOf(server).length, 0, 'no search for a deleted community'),
  },
  {
    name: 'fault on the last page: 503 on every attempt at page 6',
    faults: [{ kind: '503', page: 6, times: Infinity }],
    outcome: 'failed',
    code: 4,
    message: ({ pageUrl }) => new RegExp(`GET ${pageUrl(6)} failed: 503 Service Unavailable after 4 attempts`),
    check: ({ server }) => assertPagesArrived(server, 5),
  },
  {
    name: 'fault on the last page: a record with a string where a number belongs on page 6',
    faults: [{ kind: 'bad-record', page: 6 }],
    outcome: 'failed',
    code: 5,
    message: ({ pageIds }) => new RegExp(`record ${pageIds[6]?.[0]}: stats\\.(all_versions\\.)?downloads: expected number, received string`),
    check: ({ server }) => assertPagesArrived(server, 5),
  },
  {
    // A statistics outage (zenodo-api.md §8b): every page served with zero counters. The snapshot keeps them as
    // served, and history skips them (test/cli-outage.test.ts); summarize says so against the day before.
    name: 'zero stats: every record served with zero counters',
    faults: [{ kind: 'zero-stats', times: pageCount }],
    outcome: 'warned',
    message: () => new RegExp(`^warning: 147 of 147 records' downloads and views fell against the snapshot of ${earlierDay}: Zenodo's statistics were probably unavailable; history will skip these figures$`, 'm'),
  },
];

/** Pages 1..n were each answered with 200: most of the data had arrived before the failure. */
function assertPagesArrived(server: FakeZenodo, n: number): void {
  const ok = new Set(searchesOf(server).filter((r) => r.status === 200).map((r) => r.query.page ?? '1'));
  for (let page = 1; page <= n; page += 1) assert.ok(ok.has(String(page)), `page ${page} was never answered`);
}

/** A snapshot's records, without the store's ids and times. */
const recordsOf = (snapshot: LoadedSnapshot | undefined): SnapshotRecord[] | undefined => snapshot?.records;

async function loadSnapshots(file: string): Promise<LoadedSnapshot[]> {
  const store = await openSqliteStore(file);
  try {
    return await store.loadCollection(community);
  } finally {
    await store.close();
  }
}

describe('fault matrix: summarize against a faulty fake Zenodo', () => {
  let clock: FakeClock;
  let server: FakeZenodo;
  let dir: string;
  let removeDir: () => Promise<void>;
  let ctx: MatrixContext;
  let referenceCsv: Buffer;
  let referenceRecords: SnapshotRecord[];
  let earlierStore: Buffer;
  let earlierRecords: SnapshotRecord[];

  const run = (args: string[], cwd: string, env: Record<string, string> = {}, baseUrlSuffix = '') =>
    runCli(args, { cwd, env: { ZENODO_BASE_URL: server.url + baseUrlSuffix, ...env }, clock });

  before(async () => {
    // The clock starts a day early for the earlier snapshot, then moves to the reference day.
    clock = createFakeClock(Date.parse(`${earlierDay}T12:00:00Z`));
    const { records, communities } = loadCommunityFixture();
    server = await startFakeZenodo({ records, communities: [...communities, deletedCommunity], tokens: [token], now: () => clock.now() });
    ({ dir, remove: removeDir } = await tempDir());

    const earlier = await run(['summarize', '--out', 'earlier.csv', '--db', 'earlier.sqlite', '--quiet'], dir);
    assert.equal(earlier.code, 0, earlier.stderr);
    const earlierSnapshots = await loadSnapshots(path.join(dir, 'earlier.sqlite'));
    assert.deepEqual(earlierSnapshots.map((s) => s.info.day), [earlierDay]);
    earlierRecords = recordsOf(earlierSnapshots[0]) ?? [];
    earlierStore = await readFile(path.join(dir, 'earlier.sqlite'));

    clock.advance(24 * 3_600_000);
    const reference = await run(['summarize', '--out', 'reference.csv', '--db', 'reference.sqlite', '--quiet'], dir);
    assert.equal(reference.code, 0, reference.stderr);
    referenceCsv = await readFile(path.join(dir, 'reference.csv'));
    const referenceSnapshots = await loadSnapshots(path.join(dir, 'reference.sqlite'));
    assert.deepEqual(referenceSnapshots.map((s) => s.info.day), [referenceDay]);
    referenceRecords = recordsOf(referenceSnapshots[0]) ?? [];
    assert.equal(referenceRecords.length, 149);
    assert.ok(!server.requests.some((r) => r.status === 429), 'the fault-free runs met a 429');

    // Which record opens each page, asked of the fake directly rather than through the code under test.
    clock.advance(61_000);
    const pageIds: string[][] = [[]];
    for (let page = 1; page <= pageCount; page += 1) {
      const res = await fetch(`${server.url}/api/records?communities=${community}&size=25&sort=oldest&page=${page}`);
      const body = (await res.json()) as { hits: { hits: { id: number }[] } };
      pageIds.push(body.hits.hits.map((h) => String(h.id)));
    }
    assert.equal(pageIds.flat().length, 149);

    const origin = escapeRegExp(server.url);
    ctx = {
      server,
      pageIds,
      origin,
      pageUrl: (n) => `${origin}/api/(records|communities/[^/\\s]+/records)\\?\\S*\\bpage=${n}(?![0-9])\\S*`,
    };
  });

  after(async () => {
    await server?.close();
    await removeDir?.();
  });

  beforeEach(() => {
    server.clearFaults();
    server.requests.length = 0;
    // Past the fake's one-minute rate-limit window, so each case starts with a full budget.
    clock.advance(61_000);
  });

  cases.forEach((c, index) => {
    it(c.name, async () => {
      const caseDir = path.join(dir, `case-${String(index + 1).padStart(2, '0')}`);
      await mkdir(caseDir);
      const outFile = path.join(caseDir, 'out.csv');
      const storeFile = path.join(caseDir, 'store.sqlite');
      await writeFile(outFile, earlierCsv);
      await writeFile(storeFile, earlierStore);
      for (const fault of c.faults) server.inject(fault);

      const result = await run(['summarize', ...(c.args ?? []), ...commonArgs], caseDir, c.env, c.baseUrlSuffix);
      const shown = `exit ${result.code}; stderr:\n${result.stderr}`;
      const faulted = server.requests.filter((r) => r.fault !== undefined).length;
      const files = (await readdir(caseDir)).sort();

      if (c.outcome === 'recovered') {
        assert.equal(result.code, 0, `${c.name}: expected the run to recover (exit 0), got ${shown}`);
        const injected = c.faults.reduce((sum, f) => sum + (f.times ?? 1), 0);
        assert.equal(faulted, injected, `${c.name}: ${faulted} of ${injected} injected faults were met`);
        assert.ok(
          (await readFile(outFile)).equals(referenceCsv),
          `${c.name}: out.csv differs from the fault-free reference.csv`,
        );
        const snapshots = await loadSnapshots(storeFile);
        assert.deepEqual(snapshots.map((s) => s.info.day), [earlierDay, referenceDay], `${c.name}: snapshots in the store`);
        assert.deepEqual(recordsOf(snapshots[0]), earlierRecords, `${c.name}: the earlier snapshot changed`);
        assert.equal(snapshots[1]?.info.complete, true);
        assert.deepEqual(recordsOf(snapshots[1]), referenceRecords, `${c.name}: the new snapshot differs from the reference`);
        const unasked = server.requests.filter((r) => r.status === 429 && r.fault === undefined);
        assert.deepEqual(unasked.map((r) => r.url), [], `${c.name}: a 429 that was not injected`);
        assert.deepEqual(files, ['out.csv', 'store.sqlite'], `${c.name}: files left in the folder`);
      } else if (c.outcome === 'warned') {
        assert.equal(result.code, 0, `${c.name}: expected exit 0 with a warning, got ${shown}`);
        assert.equal(faulted, pageCount, `${c.name}: ${faulted} of ${pageCount} pages were served with the fault`);
        assert.match(result.stderr, c.message(ctx), `${c.name}: stderr does not warn`);
        const snapshots = await loadSnapshots(storeFile);
        assert.deepEqual(snapshots.map((s) => s.info.day), [earlierDay, referenceDay], `${c.name}: snapshots in the store`);
        assert.deepEqual(recordsOf(snapshots[0]), earlierRecords, `${c.name}: the earlier snapshot changed`);
        const served = recordsOf(snapshots[1]) ?? [];
        assert.deepEqual(served.map((r) => r.recordId), referenceRecords.map((r) => r.recordId), `${c.name}: records lost`);
        assert.deepEqual(served.filter((r) => (r.downloads ?? 0) !== 0 || (r.views ?? 0) !== 0 || (r.versionDownloads ?? 0) !== 0), [], `${c.name}: not all zeros`);
        assert.deepEqual(files, ['out.csv', 'store.sqlite'], `${c.name}: files left in the folder`);
      } else {
        assert.equal(result.code, c.code, `${c.name}: expected a loud failure with exit ${c.code}, got ${shown}`);
        assert.ok(faulted > 0 || c.faults.length === 0, `${c.name}: the fault was never met`);
        assert.match(result.stderr, c.message(ctx), `${c.name}: stderr does not name what went wrong`);
        assert.match(result.stderr, /nothing was written/, `${c.name}: stderr does not say nothing was written`);
        assert.ok((await readFile(outFile)).equals(earlierCsv), `${c.name}: the earlier out.csv was changed`);
        assert.ok((await readFile(storeFile)).equals(earlierStore), `${c.name}: the earlier store.sqlite was changed`);
        assert.deepEqual(files, ['out.csv', 'store.sqlite'], `${c.name}: files left behind (temp files, locks)`);
      }
      assert.ok(!result.stderr.includes(token), `${c.name}: the token shows on stderr`);
      c.check?.(ctx, result);
    });
  });
});

/**
 * zenodo.org's own habits (zenodo-api.md §8b), each played by a fake of its own: the run comes out as on a site
 * without the habit (the same CSV, a complete snapshot of every record), or with exactly the documented difference.
 */
describe('fault matrix: zenodo.org behaviours', () => {
  const fixture = loadCommunityFixture();
  /** Record 17897525 of the fixture: two files, 855 downloads. */
  const restrictedId = 17897525;

  async function summarizeOn(options: Partial<FakeZenodoOptions>, args: string[]) {
    const clock = createFakeClock(Date.parse(`${referenceDay}T12:00:00Z`));
    const server = await startFakeZenodo({ records: fixture.records, communities: fixture.communities, ...options, now: () => clock.now() });
    const { dir, remove } = await tempDir();
    try {
      const run = await runCli(['summarize', community, ...args, '--out', 'out.csv', '--db', 'store.sqlite'], { cwd: dir, env: { ZENODO_BASE_URL: server.url }, clock });
      assert.equal(run.code, 0, run.stderr);
      const csv = (await readFile(path.join(dir, 'out.csv'), 'utf8')).replaceAll(server.url, '<origin>');
      const snapshots = await loadSnapshots(path.join(dir, 'store.sqlite'));
      assert.equal(snapshots.length, 1);
      assert.equal(snapshots[0]?.info.complete, true);
      assert.equal(recordsOf(snapshots[0])?.length, 149);
      return { run, csv };
    } finally {
      await server.close();
      await remove();
    }
  }

  it('verified owners sorted first on /api/records (legacy listing): the same CSV as without', async () => {
    const plain = await summarizeOn({}, ['--api-format', 'legacy']);
    // The owners of the 40 newest records verified: sort=oldest then starts with records from the middle.
    const owners = fixture.records.slice(0, 40).flatMap((r) => ((r['owners'] as { id?: unknown }[] | undefined) ?? []).map((o) => String(o.id)));
    const verified = await summarizeOn({ verifiedOwners: owners }, ['--api-format', 'legacy']);
    assert.equal(verified.csv, plain.csv);
  });

  it('restricted files (default listing): the same CSV but for that record, whose file figures are empty, not 0', async () => {
    const plain = await summarizeOn({}, []);
    const restricted = await summarizeOn({ restrictedFiles: [restrictedId] }, []);
    const before = plain.csv.split('\r\n');
    const after = restricted.csv.split('\r\n');
    assert.equal(after.length, before.length);
    const changed = after.filter((line, i) => line !== before[i]);
    assert.equal(changed.length, 1, changed.join('\n'));
    assert.match(changed[0] ?? '', new RegExp(`/records/${restrictedId},855,.*,,,$`));
  });

  it('a stale slug after a rename (legacy listing): the same CSV as under the current slug, one warning', async () => {
    const plain = await summarizeOn({}, ['--api-format', 'legacy']);
    const communities = fixture.communities.map((c) => (c.slug === community ? { ...c, formerSlug: `${community}-before-rename` } : c));
    const stale = await summarizeOn({ communities }, ['--api-format', 'legacy']);
    assert.equal(stale.csv, plain.csv);
    assert.equal(stale.run.stderr.match(/renamed within the last 24 hours/g)?.length, 1);
  });
});
