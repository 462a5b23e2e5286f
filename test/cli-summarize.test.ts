import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { loadCommunityFixture, type LegacyRecord } from './helpers/dataset.js';
import { createFakeClock, type FakeClock } from './helpers/fake-clock.js';
import { startFakeZenodo, type FakeZenodo, type FaultSpec } from './helpers/fake-zenodo.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const token = 'cli-secret-token-0000';
const fixture = loadCommunityFixture();
const header =
  'zenodo_url,downloads,unique_downloads,views,unique_views,version_downloads,version_unique_downloads,version_views,version_unique_views,id,concept_id,doi,concept_doi,title,resource_type,publication_date,version,est_full_downloads,files,size_bytes';

/** A small RFC 4180 reader, written for these tests so they do not trust our own writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 1; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i += 1; }
    else cell += ch;
  }
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push(row); }
  return rows;
}

/** What the CSV must say about one fixture record, worked out from the raw JSON without our parser. */
function expectedCells(r: LegacyRecord, origin: string): Record<string, string> {
  const s = (r.stats ?? {}) as Record<string, number | undefined>;
  const m = r.metadata as Record<string, any>;
  const cell = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const text = (v: unknown) => {
    const t = cell(v);
    return /^[=+\-@\t\r]/.test(t) ? `'${t}` : t;
  };
  const type = m.resource_type ? (m.resource_type.subtype ? `${m.resource_type.type}-${m.resource_type.subtype}` : m.resource_type.type) : '';
  return {
    zenodo_url: String((r.links as Record<string, string>).self_html).replace('https://zenodo.org', origin),
    downloads: cell(s.downloads),
    unique_downloads: cell(s.unique_downloads),
    views: cell(s.views),
    unique_views: cell(s.unique_views),
    version_downloads: cell(s.version_downloads),
    version_unique_downloads: cell(s.version_unique_downloads),
    version_views: cell(s.version_views),
    version_unique_views: cell(s.version_unique_views),
    id: String(r.id),
    concept_id: cell(r.conceptrecid),
    doi: cell(r.doi),
    concept_doi: cell(r.conceptdoi),
    title: text(m.title),
    resource_type: text(type),
    publication_date: cell(m.publication_date),
    version: text(m.version),
    // Legacy JSON carries no byte volume since 2023 (SHAPES.md): no estimate.
    est_full_downloads: '',
    files: '',
    size_bytes: '',
  };
}

const latestInCommunity = fixture.records.filter(
  (r) =>
    r.metadata.relations?.version?.[0]?.is_last !== false &&
    (r.metadata.communities ?? []).some((c) => c.id === 'nfdi4bioimage'),
);

describe('zenodo-stats summarize (in process, against a fake Zenodo)', () => {
  let server: FakeZenodo;
  let clock: FakeClock;
  let dir: string;
  let removeDir: () => Promise<void>;
  let env: Record<string, string>;

  before(async () => {
    clock = createFakeClock();
    server = await startFakeZenodo({ records: fixture.records, communities: fixture.communities, tokens: [token], now: () => clock.now() });
    ({ dir, remove: removeDir } = await tempDir());
    env = { ZENODO_BASE_URL: server.url };
  });
  after(async () => {
    await server.close();
    await removeDir();
  });
  beforeEach(() => {
    server.requests.length = 0;
    server.clearFaults();
    clock.advance(61_000);
  });

  const run = (args: string[], extraEnv: Record<string, string> = {}) =>
    runCli(args, { cwd: dir, env: { ...env, ...extraEnv }, clock });

  it('writes zenodo_nfdi4bioimage_downloads.csv whose every row matches the site, and a summary on stderr', async () => {
    // The legacy JSON, whose rows are read off the fixture here; the default RDM listing has its own tests.
    const result = await run(['summarize', '--api-format', 'legacy']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
    const csv = await readFile(path.join(dir, 'zenodo_nfdi4bioimage_downloads.csv'), 'utf8');
    assert.ok(csv.startsWith(`${header}\r\n`));
    const [head, ...rows] = parseCsv(csv);
    assert.deepEqual(head, header.split(','));
    assert.equal(rows.length, 149);
    const byId = new Map(rows.map((cells) => [cells[9], Object.fromEntries(header.split(',').map((h, i) => [h, cells[i] ?? '']))]));
    for (const record of latestInCommunity) {
      assert.deepEqual(byId.get(String(record.id)), expectedCells(record, server.url), `record ${record.id}`);
    }
    // Sorted by downloads descending, then id; the two records without stats (empty cells) last.
    const downloads = rows.map((cells) => (cells[1] === '' ? -1 : Number(cells[1])));
    assert.deepEqual(downloads, [...downloads].sort((a, b) => b - a));
    assert.deepEqual(rows.slice(-2).map((cells) => cells[1]), ['', '']);

    const total = latestInCommunity.reduce((sum, r) => sum + Number((r.stats as { downloads?: number } | undefined)?.downloads ?? 0), 0);
    assert.match(result.stderr, /^nfdi4bioimage \(NFDI4BIOIMAGE\) on http:\/\/127\.0\.0\.1:\d+$/m);
    assert.match(result.stderr, new RegExp(`^149 records · ${total.toLocaleString('en-US')} downloads · `, 'm'));
    assert.match(result.stderr, /^top downloads:\n {2}1\. .+\n {2}2\. .+\n {2}3\. .+$/m);
    assert.match(result.stderr, /^7 requests in \d+\.\d s · wrote zenodo_nfdi4bioimage_downloads\.csv · snapshot \d{4}-\d\d-\d\d saved in zenodo-stats\.sqlite$/m);
    assert.match(result.stderr, /^warning: 2 records have no statistics or only some; their cells are empty, not 0$/m);
    assert.match(result.stderr, /^page 1\/6 · 25\/149 records$/m);
  });

  it('uses pages of 100 with a token from ZENODO_TOKEN, and never shows or stores the token', async () => {
    const result = await run(['summarize', 'nfdi4bioimage', '--verbose', '--raw', 'raw.json', '--out', 'with-token.csv'], { ZENODO_TOKEN: token });
    assert.equal(result.code, 0, result.stderr);
    const searches = server.requests.filter((r) => r.path.endsWith('/records'));
    assert.deepEqual(searches.map((r) => r.query.size), ['100', '100']);
    assert.ok(server.requests.every((r) => r.headers.authorization === `Bearer ${token}` && !r.url.includes(token)));
    assert.match(result.stderr, /^GET http:\/\/127\.0\.0\.1:\d+\/api\/communities\/nfdi4bioimage → 200 in \d+ ms$/m);
    for (const file of await readdir(dir)) {
      assert.ok(!(await readFile(path.join(dir, file), 'utf8')).includes(token), file);
    }
    assert.ok(!result.stderr.includes(token) && !result.stdout.includes(token));
    const raw = JSON.parse(await readFile(path.join(dir, 'raw.json'), 'utf8')) as { id: number | string; stats?: unknown }[];
    assert.equal(raw.length, 149);
    assert.deepEqual(raw.map((h) => String(h.id)).sort(), latestInCommunity.map((r) => String(r.id)).sort());
  });

  it('gives the same CSV through 429, 503, reset and slow faults as without them', async () => {
    assert.equal((await run(['summarize', '--out', 'clean.csv'])).code, 0);
    const faults: FaultSpec[] = [
      { kind: '429', page: 2, retryAfter: '2', times: 2 },
      { kind: '429', page: 3 },
      { kind: '503', page: 4, times: 3 },
      { kind: 'reset', page: 5 },
      { kind: 'slow', page: 6, delayMs: 1_000 },
      { kind: 'truncated', page: 1 },
      { kind: '503', path: '/api/communities/nfdi4bioimage' },
    ];
    for (const fault of faults) server.inject(fault);
    const result = await run(['summarize', '--out', 'faulty.csv', '--timeout', '0.2']);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(server.requests.filter((r) => r.fault).length >= 10);
    assert.equal(await readFile(path.join(dir, 'faulty.csv'), 'utf8'), await readFile(path.join(dir, 'clean.csv'), 'utf8'));
    assert.ok(!server.requests.some((r) => r.status === 429 && !r.fault), 'a 429 that was not injected');
  });

  for (const [name, setup, args, code, message] of [
    ['invalid JSON on every attempt', (s: FakeZenodo) => s.inject({ kind: 'invalid-json', page: 2, times: Infinity }), ['--max-attempts', '2'], 5, /returned a body that is not valid JSON .* after 2 attempts/],
    ['a looping links.next', (s: FakeZenodo) => s.inject({ kind: 'loop-next', page: 3 }), [], 4, /links\.next of page 3 loops back to/],
    ['an unknown community', () => {}, ['nfdi4bioimag'], 3, /^error: community 'nfdi4bioimag' not found on http:\/\/127\.0\.0\.1:\d+ \(GET \S+\/api\/communities\/nfdi4bioimag: 404 The persistent identifier does not exist\.\)$/m],
    ['a record with a string where a number belongs', (s: FakeZenodo) => s.inject({ kind: 'bad-record', page: 2 }), [], 5, /record \d+: stats\.(all_versions\.)?downloads: expected number, received string/],
    ['503 on every attempt', (s: FakeZenodo) => s.inject({ kind: '503', page: 2, times: Infinity }), ['--max-attempts', '3'], 4, /failed: 503 Service Unavailable after 3 attempts/],
    ['a token Zenodo does not accept', () => {}, ['--token', 'wrong-token-xyz'], 4, /the token was not accepted by http:\/\/127\.0\.0\.1:\d+/],
  ] as const) {
    it(`exits non-zero on ${name}, says what went wrong, and leaves earlier files untouched`, async () => {
      const out = path.join(dir, 'kept.csv');
      await writeFile(out, 'earlier run\r\n');
      setup(server);
      const result = await run(['summarize', ...args, '--out', 'kept.csv', '--raw', 'kept-raw.json']);
      assert.equal(result.code, code, result.stderr);
      assert.match(result.stderr, message);
      assert.match(result.stderr, /nothing was written/);
      assert.equal(await readFile(out, 'utf8'), 'earlier run\r\n');
      assert.ok(!existsSync(path.join(dir, 'kept-raw.json')));
      assert.ok(!result.stderr.includes('wrong-token-xyz'));
      assert.deepEqual((await readdir(dir)).filter((f) => f.endsWith('.tmp')), []);
    });
  }

  it('creates no file when the first run fails', async () => {
    const result = await run(['summarize', 'nfdi4bioimag']);
    assert.equal(result.code, 3);
    assert.ok(!existsSync(path.join(dir, 'zenodo_nfdi4bioimag_downloads.csv')));
  });

  it('writes to stdout with --out -, in every format', async () => {
    const csv = await run(['summarize', '--out', '-', '--quiet']);
    assert.equal(csv.code, 0);
    assert.ok(csv.stdout.startsWith(header));
    // --quiet drops progress and summary; warnings about the numbers still show.
    assert.equal(csv.stderr, 'warning: 2 records have no statistics or only some; their cells are empty, not 0\n');

    const json = await run(['summarize', '-o', '-', '-q', '--format', 'json']);
    const rows = JSON.parse(json.stdout) as { id: string; downloads: number | null }[];
    assert.equal(rows.length, 149);
    assert.equal(rows.filter((r) => r.downloads === null).length, 2);

    const ndjson = await run(['summarize', '-o', '-', '-q', '--format', 'ndjson']);
    assert.equal(ndjson.stdout.trimEnd().split('\n').length, 149);

    const table = await run(['summarize', '-o', '-', '-q', '--format', 'table']);
    assert.match(table.stdout.split('\n')[0] ?? '', /downloads.*title/);

    const md = await run(['summarize', '-o', '-', '-q', '--format', 'markdown']);
    assert.match(md.stdout, /^\| title \|/);
    assert.equal(md.stdout.trimEnd().split('\n').length, 151);
  });

  it('names the default file after the format', async () => {
    const result = await run(['summarize', '--format', 'json', '--quiet']);
    assert.equal(result.code, 0);
    assert.ok(existsSync(path.join(dir, 'zenodo_nfdi4bioimage_downloads.json')));
  });

  it('adds a byte-order mark with --excel', async () => {
    await run(['summarize', '--excel', '--out', 'excel.csv', '-q']);
    const bytes = await readFile(path.join(dir, 'excel.csv'));
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  });

  it('lists every version with --all-versions and still counts each concept once', async () => {
    const result = await run(['summarize', '--all-versions', '--out', 'all.csv']);
    assert.equal(result.code, 0, result.stderr);
    const rows = parseCsv(await readFile(path.join(dir, 'all.csv'), 'utf8')).slice(1);
    const all = fixture.records.filter((r) => (r.metadata.communities ?? []).some((c) => c.id === 'nfdi4bioimage'));
    assert.equal(rows.length, all.length);
    const perConcept = new Map(all.map((r) => [r.conceptrecid, Number((r.stats as { downloads?: number } | undefined)?.downloads ?? 0)]));
    const total = [...perConcept.values()].reduce((a, b) => a + b, 0);
    assert.match(result.stderr, new RegExp(`^${all.length} records \\(all versions of ${perConcept.size} concepts\\) · ${total.toLocaleString('en-US')} downloads`, 'm'));
  });

  it('prints no colour when stderr is not a TTY, and honours NO_COLOR on a TTY', async () => {
    const plain = await run(['summarize', 'nfdi4bioimag']);
    assert.ok(!plain.stderr.includes('\x1b['));
    const tty = await runCli(['summarize', 'nfdi4bioimag'], { cwd: dir, env: { ...env, NO_COLOR: '1' }, clock, isTTY: true });
    assert.ok(!tty.stderr.includes('\x1b[31m'));
    const colour = await runCli(['summarize', 'nfdi4bioimag'], { cwd: dir, env, clock, isTTY: true });
    assert.ok(colour.stderr.includes('\x1b[31merror:'));
  });

  it('redraws progress in place on a TTY', async () => {
    const result = await runCli(['summarize', '--out', 'tty.csv'], { cwd: dir, env, clock, isTTY: true });
    assert.equal(result.code, 0);
    assert.match(result.stderr, /\r\x1b\[2Kpage 3\/6 · 75\/149 records/);
  });

  it('exits 2 on usage errors, 0 on --help and --version', async () => {
    const bad = await run(['summarize', '--format', 'xml']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /argument 'xml' is invalid/);
    assert.equal((await run(['summarize', '--page-size', '0'])).code, 2);
    assert.equal((await run(['frobnicate'])).code, 2);
    assert.equal((await run(['summarize', '--base-url', 'not a url'])).code, 2);

    const help = await run(['summarize', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--base-url <url>/);
    assert.match(help.stdout, /Examples:/);
    const version = await run(['--version']);
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('stops with exit 130 when interrupted, writing nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await runCli(['summarize', '--out', 'interrupted.csv'], { cwd: dir, env, clock, signal: controller.signal });
    assert.equal(result.code, 130);
    assert.ok(!existsSync(path.join(dir, 'interrupted.csv')));
  });
});
