/**
 * `summarize` writes its outputs from a spool on disk, a record at a time (issue 6, "memory stays flat"). These
 * tests hold the streamed outputs to what rendering the whole listing in memory gives, byte for byte, and check
 * that no spool is left behind.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { outputFormats, renderRows, renderTabular } from '../src/output/render-rows.js';
import { numericColumns, summaryColumns } from '../src/records/summary-row.js';
import { compareIds, toSummaryRows } from '../src/records/to-summary-rows.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { snapshotFromRecords } from '../src/snapshot/snapshot-from-records.js';
import { createZenodoClient } from '../src/zenodo/client.js';
import { fetchCommunityRecords, type CommunityListing } from '../src/zenodo/list-community-records.js';
import { makeSyntheticRecords } from './helpers/dataset.js';
import { createFakeClock } from './helpers/fake-clock.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const clock = createFakeClock(Date.UTC(2026, 10, 25, 8));

/** Spools this process left in the temporary directory. */
async function leftoverSpools(): Promise<string[]> {
  return (await readdir(os.tmpdir())).filter((f) => f.startsWith(`zenodo-stats-${process.pid}-`));
}

describe('summarize streams its outputs from the spool', () => {
  let server: FakeZenodo;
  let dir: string;
  let remove: () => Promise<void>;
  const listings = new Map<string, CommunityListing>();

  before(async () => {
    // Two communities sharing some records; `big` spans more than 20 pages (a checkpoint), `small` fewer.
    const big = makeSyntheticRecords(600, { community: 'big', seed: 5 });
    const small = makeSyntheticRecords(120, { community: 'small', seed: 6 }).map((r) => ({ ...r, id: r.id + 1 }));
    for (const r of big.slice(0, 30)) r.metadata.communities = [{ id: 'big' }, { id: 'small' }];
    // Titles a renderer must quote or escape.
    big[3]!.metadata.title = 'Quotes "and", commas\nnew lines, =1+1 | pipes * stars';
    server = await startFakeZenodo({
      records: [...big, ...small],
      communities: [
        { id: 'b1g', slug: 'big', title: 'Big' },
        { id: 'sm4ll', slug: 'small', title: 'Small' },
        { id: 'em9ty', slug: 'empty', title: 'Empty' },
      ],
      now: () => clock.now(),
    });
    ({ dir, remove } = await tempDir());
    const client = createZenodoClient({ baseUrl: server.url, now: clock.now, sleep: clock.sleep });
    for (const slug of ['big', 'small']) listings.set(slug, await fetchCommunityRecords(client, slug));
    clock.advance(61_000);
  });
  after(async () => {
    await server.close();
    await remove();
  });

  const run = (args: string[]) => runCli(args, { cwd: dir, env: { ZENODO_BASE_URL: server.url }, clock });

  for (const format of outputFormats) {
    it(`writes ${format} exactly as rendering the whole listing in memory would`, async () => {
      const result = await run(['summarize', 'big', '--format', format, '--out', '-', '--no-db', '-q']);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, renderRows(toSummaryRows(listings.get('big')?.records ?? []), format));
      assert.deepEqual(await leftoverSpools(), []);
    });
  }

  it('merges several communities into one table in the in-memory order', async () => {
    const result = await run(['summarize', 'big', 'small', '--format', 'csv', '--out', 'both.csv', '--no-db', '--excel']);
    assert.equal(result.code, 0, result.stderr);
    const rows = ['big', 'small']
      .flatMap((slug) => toSummaryRows(listings.get(slug)?.records ?? []).map((row) => ({ community: slug, ...row })))
      .sort((x, y) => (y.downloads ?? -1) - (x.downloads ?? -1) || compareIds(x.id, y.id) || x.community.localeCompare(y.community));
    const expected = renderTabular(
      { columns: [{ key: 'community' }, ...summaryColumns.map((key) => ({ key, numeric: numericColumns.has(key) }))], rows },
      'csv',
      { bom: true },
    );
    assert.equal(await readFile(path.join(dir, 'both.csv'), 'utf8'), expected);
    assert.match(result.stderr, /^all 2 communities: 720 records · .* \(30 records in more than one community counted once\)$/m);
  });

  it('writes --raw as the hits Zenodo sent, in listing order', async () => {
    const result = await run(['summarize', 'big', '--raw', 'raw.json', '--out', 'raw.csv', '--no-db', '-q']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await readFile(path.join(dir, 'raw.json'), 'utf8'), `${JSON.stringify(listings.get('big')?.hits, null, 2)}\n`);
  });

  it('saves the same snapshot as one built from the whole listing in memory', async () => {
    const result = await run(['summarize', 'big', '--out', 'snap.csv', '--db', 'snap.sqlite', '-q']);
    assert.equal(result.code, 0, result.stderr);
    const listing = listings.get('big');
    assert.ok(listing);
    const store = await openSqliteStore(path.join(dir, 'snap.sqlite'));
    try {
      const [saved] = await store.loadCollection('big');
      const expected = snapshotFromRecords({ collection: 'big', baseUrl: server.url, takenAt: clock.now(), records: listing.records });
      assert.deepEqual(saved?.records, [...expected.records].sort((a, b) => (a.recordId < b.recordId ? -1 : 1)));
      const metadata = await store.recordMetadata();
      assert.deepEqual(
        [...metadata.values()],
        [...(expected.metadata ?? [])].sort((a, b) => (a.recordId < b.recordId ? -1 : 1)),
      );
    } finally {
      await store.close();
    }
  });

  it('summarizes a community without records: a header-only CSV, an empty snapshot, no spool left', async () => {
    const result = await run(['summarize', 'empty', '--out', 'empty.csv', '--db', 'empty.sqlite']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await readFile(path.join(dir, 'empty.csv'), 'utf8'), renderRows([], 'csv'));
    assert.match(result.stderr, /^0 records · 0 downloads/m);
    const store = await openSqliteStore(path.join(dir, 'empty.sqlite'));
    try {
      assert.deepEqual((await store.listSnapshots()).map((s) => [s.collection, s.recordCount, s.complete]), [['empty', 0, true]]);
    } finally {
      await store.close();
    }
    assert.deepEqual(await leftoverSpools(), []);
  });

  it('leaves no spool behind when the run fails after the listing', async () => {
    // A name longer than the file system allows (NAME_MAX 255) passes the check made before listing and
    // fails when the output is written, after the spool was read.
    const before = server.requests.length;
    const result = await run(['summarize', 'small', '--out', `${'x'.repeat(300)}.csv`, '--no-db', '-q']);
    assert.equal(result.code, 6, result.stderr);
    assert.match(result.stderr, /cannot write .*x{300}\.csv: the name is too long \(ENAMETOOLONG\)/);
    assert.ok(server.requests.length > before, 'the community was listed first');
    assert.deepEqual(await leftoverSpools(), []);
  });

  it('refuses an output in a missing folder, or named like a folder, before asking Zenodo anything', async () => {
    const before = server.requests.length;
    const missing = await run(['summarize', 'small', '--out', 'missing/dir/out.csv', '--no-db', '-q']);
    assert.equal(missing.code, 6, missing.stderr);
    assert.match(missing.stderr, /cannot write .*missing\/dir\/out\.csv: directory .*missing\/dir does not exist/);
    const slash = await run(['summarize', 'small', '--out', 'somedir/', '--no-db', '-q']);
    assert.equal(slash.code, 6, slash.stderr);
    assert.match(slash.stderr, /cannot write .*somedir\/: the name ends in '\/', so it names a folder; give a file name/);
    const raw = await run(['summarize', 'small', '--out', 'ok.csv', '--raw', 'gone/raw.json', '--no-db', '-q']);
    assert.equal(raw.code, 6, raw.stderr);
    assert.equal(server.requests.length, before, 'no request was made');
    assert.deepEqual((await readdir(dir)).filter((f) => f === 'somedir' || f === 'ok.csv'), [], 'no file named somedir, no CSV');
    assert.deepEqual(await leftoverSpools(), []);
  });
});
