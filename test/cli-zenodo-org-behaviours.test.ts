/**
 * What zenodo.org really does that a kind fake would not (zenodo-api.md §8b), each played by the fake and met by
 * `summarize` through the CLI: verified owners sorted first, the community's own records endpoint in RDM JSON,
 * restricted files, a renamed community's stale slug, restricted records that only a token sees.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { normalizeRdmRecord } from '../src/records/normalize-rdm-record.js';
import { loadCommunityFixture, makeSyntheticRecords } from './helpers/dataset.js';
import { createFakeClock } from './helpers/fake-clock.js';
import { startFakeZenodo, type FakeZenodoOptions } from './helpers/fake-zenodo.js';
import { runCli, tempDir, type CliRun } from './helpers/run-cli.js';

const big = { id: '6f1c2a7e-5b1d-4c55-9a43-0d1e2f3a4b5c', slug: 'big', title: 'Big' };

/** Runs `summarize <args>` against a fresh fake built from `options`; returns the run and the CSV's data lines. */
async function summarize(options: FakeZenodoOptions, args: string[]): Promise<{ run: CliRun; rows: string[]; header: string[]; requests: Awaited<ReturnType<typeof startFakeZenodo>>['requests'] }> {
  const clock = createFakeClock(Date.UTC(2026, 10, 25, 12));
  const server = await startFakeZenodo({ ...options, now: () => clock.now() });
  const { dir, remove } = await tempDir();
  try {
    const run = await runCli(['summarize', ...args, '--out', 'out.csv', '--no-db'], { cwd: dir, env: { ZENODO_BASE_URL: server.url }, clock });
    let lines: string[] = [];
    try {
      lines = (await readFile(path.join(dir, 'out.csv'), 'utf8')).trimEnd().split('\r\n');
    } catch {
      // No output: the run failed; the caller asserts on `run`.
    }
    return { run, header: (lines[0] ?? '').split(','), rows: lines.slice(1), requests: server.requests };
  } finally {
    await server.close();
    await remove();
  }
}

/** The record ids in a CSV, from its `id` column. */
function idsOf(header: string[], rows: string[]): string[] {
  const column = header.indexOf('id');
  assert.ok(column >= 0, `no id column in ${header.join(',')}`);
  return rows.map((row) => row.split(',')[column] ?? '');
}

/** A cell of a column after `title` (which may hold commas), counted from the end of the line. */
function cellOf(header: string[], cells: string[], name: string): string | undefined {
  return cells[cells.length - (header.length - header.indexOf(name))];
}

describe('zenodo.org sorts /api/records by verified owners first (point 2)', () => {
  it('lists every one of 10 444 records exactly once when the oldest hit of sort=oldest is not the oldest record', async () => {
    const records = makeSyntheticRecords(10_444, { community: 'big', seed: 11 });
    // Owners 100 000 + i % 5 000: verifying owners 104 000–104 099 puts records from the middle of the range first.
    const verifiedOwners = Array.from({ length: 100 }, (_, k) => String(104_000 + k));
    const { run, header, rows } = await summarize({ records, communities: [big], verifiedOwners }, ['big', '--api-format', 'legacy']);
    assert.equal(run.code, 0, run.stderr);
    const ids = idsOf(header, rows);
    const expected = records.map((r) => String(r.id)).sort();
    assert.equal(ids.length, 10_444, `${ids.length} rows`);
    assert.deepEqual([...ids].sort(), expected);
    assert.doesNotMatch(run.stderr, /incomplete|announced/);
  });
});

describe('one default format for zenodo.org and any InvenioRDM site (point 3)', () => {
  const fixture = loadCommunityFixture();
  const nfdi = fixture.communities.find((c) => c.slug === 'nfdi4bioimage');
  const latest = fixture.records.filter(
    (r) => r.metadata.relations?.version?.[0]?.is_last !== false && (r.metadata.communities ?? []).some((c) => c.id === 'nfdi4bioimage'),
  );

  for (const site of ['both', 'rdm'] as const) {
    const name = site === 'both' ? 'zenodo.org (legacy and RDM JSON)' : 'a plain InvenioRDM site (RDM JSON only)';
    it(`lists ${name} with no --api-format, through the community's own endpoint, in no extra request`, async () => {
      assert.ok(nfdi);
      const { run, header, rows, requests } = await summarize({ records: fixture.records, communities: fixture.communities, format: site }, ['nfdi4bioimage']);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(idsOf(header, rows).sort(), latest.map((r) => String(r.id)).sort());
      const searches = requests.filter((r) => r.path.endsWith('/records'));
      assert.ok(searches.length > 0);
      for (const r of searches) {
        assert.equal(r.path, `/api/communities/${nfdi.id}/records`);
        assert.equal(r.headers['accept'], 'application/vnd.inveniordm.v1+json');
      }
      // The community lookup, then ⌈149 ÷ 25⌉ pages: nothing more.
      assert.equal(requests.length, 1 + Math.ceil(149 / 25));
      // Record 17897525 (fixture): 855 downloads of two files, 3 572 332 + 18 193 bytes; the fake sends
      // bytes downloaded = downloads × mean file size, so the estimate is 855 ÷ 2.
      const cells = rows.map((row) => row.split(',')).find((c) => c[header.indexOf('id')] === '17897525');
      assert.ok(cells, 'record 17897525 listed');
      assert.equal(cellOf(header, cells, 'files'), '2');
      assert.equal(cellOf(header, cells, 'size_bytes'), String(3_572_332 + 18_193));
      assert.equal(cellOf(header, cells, 'est_full_downloads'), '427.5');
    });
  }
});

describe('restricted files hide their sizes (point 5)', () => {
  it('reads `files: {"enabled": true}` as unknown files, and `{"enabled": false}` as none', () => {
    const hit = (files: unknown) => ({ id: '1', parent: { id: '0' }, metadata: { title: 't' }, files });
    assert.equal(normalizeRdmRecord(hit({ enabled: true }), { baseUrl: 'https://zenodo.org' }).files, null);
    assert.deepEqual(normalizeRdmRecord(hit({ enabled: false }), { baseUrl: 'https://zenodo.org' }).files, { count: 0, totalBytes: 0 });
    assert.deepEqual(normalizeRdmRecord(hit({ enabled: true, count: 1, total_bytes: 5 }), { baseUrl: 'https://zenodo.org' }).files, { count: 1, totalBytes: 5 });
  });

  it('leaves files, size_bytes and est_full_downloads empty, never 0, for records whose files are restricted', async () => {
    const fixture = loadCommunityFixture();
    // Record 17897525 (fixture): two files, 855 downloads; 10793700 listed too, files left readable.
    const { run, header, rows } = await summarize({ records: fixture.records, communities: fixture.communities, restrictedFiles: [17897525] }, ['nfdi4bioimage']);
    assert.equal(run.code, 0, run.stderr);
    const cells = (id: string) => rows.map((row) => row.split(',')).find((c) => c[header.indexOf('id')] === id);
    const restricted = cells('17897525');
    assert.ok(restricted);
    assert.equal(restricted[header.indexOf('downloads')], '855', 'the statistics are still there');
    for (const column of ['files', 'size_bytes', 'est_full_downloads']) assert.equal(cellOf(header, restricted, column), '', column);
    const open = rows.map((row) => row.split(',')).filter((c) => c[header.indexOf('id')] !== '17897525' && cellOf(header, c, 'files') !== '');
    assert.equal(open.length, 148, 'the other records keep their file figures');
  });
});

describe('a renamed community and records only a token sees (point 7)', () => {
  it('lists a community whose legacy hits still carry its old slug (renamed within 24 h), checked by id in one extra request', async () => {
    const fixture = loadCommunityFixture();
    const communities = fixture.communities.map((c) => (c.slug === 'nfdi4bioimage' ? { ...c, formerSlug: 'nfdi4bioimage-old' } : c));
    const { run, header, rows, requests } = await summarize({ records: fixture.records, communities, format: 'legacy' }, ['nfdi4bioimage', '--api-format', 'legacy']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(idsOf(header, rows).length, 149);
    assert.match(run.stderr, /renamed within the last 24 hours/);
    // Said once, not once per record or page.
    assert.doesNotMatch(run.stderr, /do(es)? not list it in metadata\.communities/);
    // The community lookup, the check by id, and six pages.
    assert.equal(requests.length, 1 + 1 + 6);
  });

  it('still refuses a search that dropped the community filter: the check by id announces another total', async () => {
    const fixture = loadCommunityFixture();
    const communities = fixture.communities.map((c) => (c.slug === 'nfdi4bioimage' ? { ...c, formerSlug: 'nfdi4bioimage-old' } : c));
    // `communities=` names a community that is not there: zenodo.org then applies no filter (§8).
    const clock = createFakeClock(Date.UTC(2026, 10, 25, 12));
    const server = await startFakeZenodo({ records: fixture.records, communities, format: 'legacy', now: () => clock.now() });
    const { dir, remove } = await tempDir();
    try {
      const dropFilter: typeof fetch = (input, init) => {
        const url = new URL(String(input instanceof Request ? input.url : input));
        if (url.pathname === '/api/records') url.searchParams.set('communities', 'no-such-community');
        return fetch(url, init);
      };
      const run = await runCli(['summarize', 'nfdi4bioimage', '--api-format', 'legacy', '--no-db', '--out', 'out.csv'], { cwd: dir, env: { ZENODO_BASE_URL: server.url }, clock, fetch: dropFilter });
      assert.equal(run.code, 4, run.stderr);
      assert.match(run.stderr, /the site ignored the community filter/);
    } finally {
      await server.close();
      await remove();
    }
  });

  it('says how many listed records are not public when a token lists restricted ones', async () => {
    const fixture = loadCommunityFixture();
    const options = { records: fixture.records, communities: fixture.communities, tokens: ['curator-token'], restrictedRecords: [17897525, 10793700] };
    const withToken = await summarize(options, ['nfdi4bioimage', '--token', 'curator-token']);
    assert.equal(withToken.run.code, 0, withToken.run.stderr);
    assert.equal(withToken.rows.length, 149);
    assert.match(withToken.run.stderr, /^warning: 2 of 149 listed records are not public/m);
    const anonymous = await summarize(options, ['nfdi4bioimage']);
    assert.equal(anonymous.run.code, 0, anonymous.run.stderr);
    assert.equal(anonymous.rows.length, 147);
    assert.doesNotMatch(anonymous.run.stderr, /not public/);
  });
});
