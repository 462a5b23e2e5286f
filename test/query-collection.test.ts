/**
 * Issue 13, point 1: `summarize --query 'Q' [--as NAME]`, a collection defined by a search. Against the fake's
 * `/api/records`, which zenodo.org sorts by verified owners first (zenodo-api.md §8b), sliced by `created` date
 * past 10 000 like a community, and kept under NAME.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadCommunityFixture, loadTrainingFixture, makeSyntheticRecords } from './helpers/dataset.js';
import { createFakeClock, type FakeClock } from './helpers/fake-clock.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';
import { runCli, tempDir } from './helpers/run-cli.js';

/**
 * The latest versions of the curated list's records tagged "Research Data Management" (any case), from
 * test/fixtures/nfdi4bioimage-training.json: 58 are tagged, 2 of them are older versions.
 */
const rdmTagged = (
  '3490058 3778431 4071471 4461261 4630788 4748510 4748534 4778265 6602101 7018750 7018929 7890311 7928332 8070038 ' +
  '8323588 8329306 8340247 8349563 8414318 10083555 10609770 10687658 10796364 10805204 10816895 10942559 10970869 ' +
  '10972692 10990107 11066250 11107798 11235513 11350689 11396199 11472148 11473803 11474407 11501662 11548617 ' +
  '12546808 12578084 12744715 13640979 13837146 13861026 14178789 14186101 14234608 14278058 14626054 14988921 ' +
  '15026373 15152576 15379632 15796252 17472821'
).split(' ');

/** The UTC day of a time, as the snapshots list it. */
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The `id` column of a CSV of ours (ids never hold commas or quotes). */
async function idsIn(file: string): Promise<string[]> {
  const [header = '', ...rows] = (await readFile(file, 'utf8')).trimEnd().split('\r\n');
  const column = header.split(',').indexOf('id');
  assert.ok(column >= 0, header);
  return rows.map((row) => row.split(',')[column] ?? '');
}

describe('summarize --query: the records a search finds, as a collection', () => {
  let server: FakeZenodo;
  let clock: FakeClock;
  let dir: string;
  let remove: () => Promise<void>;
  const run = (args: string[]) => runCli(args, { cwd: dir, env: { ZENODO_BASE_URL: server.url }, clock });

  before(async () => {
    clock = createFakeClock(Date.UTC(2026, 7, 12, 6));
    server = await startFakeZenodo({ records: loadTrainingFixture().records, communities: loadCommunityFixture().communities, now: () => clock.now() });
    ({ dir, remove } = await tempDir());
  });
  after(async () => {
    await server.close();
    await remove();
  });

  it('lists every record the search finds, once, in ceil(56 / 25) = 3 requests, and keeps them under --as', async () => {
    const before = server.requests.length;
    const result = await run(['summarize', '--query', 'keywords:"Research Data Management"', '--as', 'rdm-training', '--db', 's.sqlite', '-o', 'rdm.csv']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual((await idsIn(path.join(dir, 'rdm.csv'))).sort(), [...rdmTagged].sort());
    const requests = server.requests.slice(before);
    assert.deepEqual(
      requests.map((r) => [r.path, r.query['q'], r.query['sort'], r.query['page']]),
      [
        ['/api/records', 'keywords:"Research Data Management"', 'oldest', '1'],
        ['/api/records', 'keywords:"Research Data Management"', 'oldest', '2'],
        ['/api/records', 'keywords:"Research Data Management"', 'oldest', '3'],
      ],
    );
    assert.match(result.stderr, /56 records/);
    const listed = await run(['snapshots', '--db', 's.sqlite']);
    assert.match(listed.stdout, new RegExp(`rdm-training\\s+${day(clock.now())}`));
  });

  it('goes on with --since-last a day later, like a community', async () => {
    const args = ['summarize', '--query', 'keywords:"Research Data Management"', '--as', 'again', '--db', 'since.sqlite', '-o', 'since.csv'];
    const first = day(clock.now());
    assert.equal((await run([...args, '-q'])).code, 0);
    clock.advance(86_400_000);
    const result = await run([...args, '--since-last']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, new RegExp(`^since ${first} `, 'm'));
    assert.match((await run(['snapshots', '--db', 'since.sqlite'])).stdout, new RegExp(`again\\s+${day(clock.now())}`));
  });

  it('names the collection after the search without --as', async () => {
    const result = await run(['summarize', '--query', 'keywords:omero', '--db', 'named.sqlite', '-o', 'omero.csv', '-q']);
    assert.equal(result.code, 0, result.stderr);
    assert.match((await run(['snapshots', '--db', 'named.sqlite'])).stdout, new RegExp(`keywords-omero\\s+${day(clock.now())}`));
  });

  for (const [what, args, message] of [
    ['an empty search (it would list every record of the site)', ['--query', '  '], /--query is empty: a search for nothing lists every record of the site/],
    ['a search and a community', ['nfdi4bioimage', '--query', 'keywords:omero'], /give either communities \(nfdi4bioimage\) or --query, not both/],
    ['a search and a list', ['--query', 'keywords:omero', '--records', 'list.txt'], /give either --records or --query, not both/],
    ['a name with a slash', ['--query', 'keywords:omero', '--as', 'a/b'], /--as: 'a\/b' may only contain letters, digits/],
  ] as const) {
    it(`refuses ${what} before any request (exit 2)`, async () => {
      const before = server.requests.length;
      const result = await run(['summarize', ...args, '--no-db', '-o', 'x.csv']);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.equal(server.requests.length, before);
    });
  }

  it('fails with exit 3 and writes nothing when the search finds no record', async () => {
    const result = await run(['summarize', '--query', 'keywords:"no such tag"', '--db', 'none.sqlite', '-o', 'none.csv']);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /the search 'keywords:"no such tag"' found no record on http:\/\/127\.0\.0\.1:\d+; nothing was written/);
    await assert.rejects(readFile(path.join(dir, 'none.csv')));
    await assert.rejects(readFile(path.join(dir, 'none.sqlite')));
  });

  it('passes on the server\'s own reason for a search it cannot parse (exit 4 or 5, never an empty CSV)', async () => {
    const result = await run(['summarize', '--query', 'title:(unbalanced', '--no-db', '-o', 'bad.csv']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /400/);
    await assert.rejects(readFile(path.join(dir, 'bad.csv')));
  });
});

describe('summarize --query past 10 000 hits, with verified owners sorted first', () => {
  it('lists every one of the 10 240 matching records exactly once, in created slices AND-ed with the search', async () => {
    // 10 444 records: every 50th from the 250th on (204 of them) is tagged "other", the rest "Bulk": 10 240.
    const records = makeSyntheticRecords(10_444, { community: 'big', seed: 11 });
    records.forEach((r, i) => {
      (r.metadata as { keywords?: string[] }).keywords = i % 50 === 0 && i >= 250 ? ['other'] : ['Bulk'];
    });
    const expected = records.filter((_, i) => !(i % 50 === 0 && i >= 250)).map((r) => String(r.id)).sort();
    assert.equal(expected.length, 10_240);
    const clock = createFakeClock(Date.UTC(2026, 10, 25, 12));
    // Owners 100 000 + i % 5 000: verifying 104 000–104 099 puts records from the middle of the range first.
    const server = await startFakeZenodo({ records, communities: [{ id: '6f1c2a7e-5b1d-4c55-9a43-0d1e2f3a4b5c', slug: 'big', title: 'Big' }], verifiedOwners: Array.from({ length: 100 }, (_, k) => String(104_000 + k)), now: () => clock.now() });
    const { dir, remove } = await tempDir();
    try {
      const result = await runCli(['summarize', '--query', 'keywords:bulk', '--as', 'bulk', '--no-db', '-o', 'bulk.csv'], { cwd: dir, env: { ZENODO_BASE_URL: server.url }, clock });
      assert.equal(result.code, 0, result.stderr);
      const ids = await idsIn(path.join(dir, 'bulk.csv'));
      assert.equal(ids.length, 10_240);
      assert.deepEqual([...ids].sort(), expected);
      const sliced = server.requests.filter((r) => /^\(keywords:bulk\) AND created:/.test(r.query['q'] ?? ''));
      assert.ok(sliced.length > 0, 'the listing was sliced by created date');
      assert.ok(server.requests.every((r) => r.path === '/api/records'));
    } finally {
      await server.close();
      await remove();
    }
  });
});
