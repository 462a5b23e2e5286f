import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { chmod, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadCommunityFixture, loadTrainingFixture } from './helpers/dataset.js';
import { createFakeClock, type FakeClock } from './helpers/fake-clock.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';
import { runCli, tempDir } from './helpers/run-cli.js';
import { csvRows } from './helpers/csv-rows.js';

const token = 'records-list-token-0000';
const weeklyDir = path.resolve(import.meta.dirname, 'fixtures/nfdi4bioimage-weekly');
const fixture = loadCommunityFixture();

/**
 * A list in every form a person writes one. Line numbers matter: the report names them.
 * Records (from test/fixtures/nfdi4bioimage-community.json): 12623730 (13,572 downloads), 15793536 (an older
 * version of concept 15546496, 14,124 all-version downloads), 8120771 (in no community, 175,093), concept
 * 10008464 (latest version 15031842, 573), concept 15546496 (latest 15858127, 14,124).
 */
const list = [
  '# NFDI4BIOIMAGE training picks', //                      1
  'https://zenodo.org/records/12623730', //                 2
  '', //                                                    3
  'https://doi.org/10.5281/zenodo.15793536', //             4  an older version: found only with allversions
  '10.5281/zenodo.8120771', //                              5  a bare DOI
  '10008464', //                                            6  a concept id → 15031842
  'https://zenodo.org/doi/10.5281/zenodo.15546496', //      7  a concept DOI → 15858127
  'https://zenodo.org/record/12623730#files', //            8  the record of line 2 again
  'https://zenodo.org/records/15031842', //                 9  what line 6 resolved to
  'https://zenodo.org/records/99999999', //                 10 deleted: Zenodo has no such record
  'https://zenodo.org/recods/7394675', //                   11 a typo
  '', //
].join('\n');

describe('summarize --records FILE: a list of records as a collection', () => {
  let server: FakeZenodo;
  let clock: FakeClock;
  let dir: string;
  let removeDir: () => Promise<void>;

  before(async () => {
    clock = createFakeClock();
    server = await startFakeZenodo({ records: fixture.records, communities: fixture.communities, tokens: [token], now: () => clock.now() });
    ({ dir, remove: removeDir } = await tempDir());
    await writeFile(path.join(dir, 'picks.txt'), list);
  });
  after(async () => {
    await server.close();
    await removeDir();
  });
  beforeEach(() => {
    server.requests.length = 0;
    clock.advance(61_000);
  });

  const run = (args: string[], env: Record<string, string> = {}) => runCli(args, { cwd: dir, env: { ZENODO_BASE_URL: server.url, ...env }, clock });

  it('lists every named record once, resolves concepts to their latest version, and names the lines that found nothing', async () => {
    const result = await run(['summarize', '--records', 'picks.txt', '--no-db', '--out', 'picks.csv']);
    assert.equal(result.code, 0, result.stderr);
    const rows = csvRows(await readFile(path.join(dir, 'picks.csv'), 'utf8'));
    assert.deepEqual(
      rows.map((r) => [r['id'], r['downloads'], r['version_downloads']]),
      [
        ['8120771', '175093', '173805'],
        ['15793536', '14124', '1821'],
        ['15858127', '14124', '3516'],
        ['12623730', '13572', '7765'],
        ['15031842', '573', '323'],
      ],
    );
    assert.match(
      result.stderr,
      /^warning: 2 of 9 lines found no record: line 10 'https:\/\/zenodo\.org\/records\/99999999' \(no such record\), line 11 'https:\/\/zenodo\.org\/recods\/7394675' \(not a record page: \/recods\/7394675\)$/m,
    );
    assert.match(result.stderr, /^2 lines name concepts, listed as the latest version: line 6: concept 10008464 → 15031842, line 7: concept 15546496 → 15858127$/m);
    assert.match(result.stderr, /^2 lines name records listed before, counted once: line 8 = line 2 \(12623730\), line 9 = line 6 \(15031842\)$/m);
    // Summary totals count a concept once: 15793536 and 15858127 share 14,124 all-version downloads.
    assert.match(result.stderr, /^picks \(records listed in picks\.txt\) on http:\/\/127\.0\.0\.1:\d+$/m);
    assert.match(result.stderr, /^5 records · 203,362 downloads · /m);
  });

  it('asks in batched searches: one for the record ids (all versions), one for the concepts', async () => {
    const result = await run(['summarize', '--records', 'picks.txt', '--no-db', '--out', 'picks.csv']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      server.requests.map((r) => [r.path, r.query['q'], r.query['allversions'], r.query['size']]),
      [
        ['/api/records', 'id:(12623730 OR 15793536 OR 8120771 OR 10008464 OR 15031842 OR 99999999)', 'true', '25'],
        ['/api/records', 'parent.id:(10008464 OR 99999999 OR 15546496)', undefined, '25'],
      ],
    );
    assert.match(result.stderr, /^2 requests in /m);
  });

  it('fails with exit 3 when no line finds a record, naming each line', async () => {
    await writeFile(path.join(dir, 'gone.txt'), '# all gone\nhttps://zenodo.org/records/99999999\n\nnot a url at all\n');
    const result = await run(['summarize', '--records', 'gone.txt', '--no-db', '--out', 'gone.csv']);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /--records gone\.txt: none of its 2 lines found a record: line 2 'https:\/\/zenodo\.org\/records\/99999999' \(no such record\), line 4 'not a url at all' \(not a URL: not a url at all\)/);
    await assert.rejects(readFile(path.join(dir, 'gone.csv')), { code: 'ENOENT' });
  });

  it('an empty list (their empty weekly file 20260113.csv) fails with exit 3; a CSV without an id or url column with exit 2', async () => {
    const empty = await run(['summarize', '--records', path.join(weeklyDir, '20260113.csv'), '--no-db', '--out', 'empty.csv']);
    assert.equal(empty.code, 3, empty.stderr);
    assert.match(empty.stderr, /20260113\.csv: it names no record/);
    await writeFile(path.join(dir, 'stars.csv'), 'repo_name,stars,forks\nScaDS/BIDS-lecture-2024,10,2\n');
    const wrong = await run(['summarize', '--records', 'stars.csv', '--no-db', '--out', 'stars-out.csv']);
    assert.equal(wrong.code, 2, wrong.stderr);
    assert.match(wrong.stderr, /stars\.csv looks like a CSV \(line 1 has commas\) but has no id, record_id, recid, url, zenodo_url or doi column/);
    assert.equal(server.requests.length, 0);
  });

  it('a list file that is missing or is a folder: exit 6 naming the file and the reason in words, no request', async () => {
    const missing = await run(['summarize', '--records', 'no-such-list.txt', '--no-db', '--out', 'missing.csv']);
    assert.equal(missing.code, 6, missing.stderr);
    assert.match(missing.stderr, /^error: --records: cannot read .*no-such-list\.txt: no such file or directory \(ENOENT\)$/m);
    assert.doesNotMatch(missing.stderr, /ENOENT:|open '/);
    await mkdir(path.join(dir, 'a-list-folder'), { recursive: true });
    const folder = await run(['summarize', '--records', 'a-list-folder', '--no-db', '--out', 'folder.csv']);
    assert.equal(folder.code, 6, folder.stderr);
    assert.match(folder.stderr, /^error: --records: cannot read .*a-list-folder: it is a folder, not a file \(EISDIR\)$/m);
    assert.equal(server.requests.length, 0);
  });

  it('saves the snapshot under --as NAME, and --since-last compares with that name\'s previous snapshot', async () => {
    const db = path.join(dir, 'as-name.sqlite');
    const first = await run(['summarize', '--records', 'picks.txt', '--as', 'training', '--db', db, '--out', 'training-1.csv']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /^training \(records listed in picks\.txt\) on /m);
    clock.advance(7 * 86_400_000);
    // A week later record 12623730 has 40 more downloads (all versions and this version).
    const gaining = fixture.records.find((r) => r.id === 12623730);
    const stats = gaining?.stats as { downloads: number; version_downloads: number };
    stats.downloads += 40;
    stats.version_downloads += 40;
    // Put back afterwards: other tests expect the fixture's figures, whatever order they run in.
    const second = await run(['summarize', '--records', 'picks.txt', '--as', 'training', '--db', db, '--out', 'training-2.csv', '--since-last']).finally(() => {
      stats.downloads -= 40;
      stats.version_downloads -= 40;
    });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /^since \d{4}-\d\d-\d\d \(7 days\): \+40 downloads · \+0 views · 0 new records$/m);
    const listed = await run(['snapshots', 'training', '--db', db, '--format', 'csv', '--out', '-']);
    assert.equal(listed.code, 0, listed.stderr);
    const snaps = csvRows(listed.stdout);
    assert.equal(snaps.length, 2);
    assert.ok(snaps.every((s) => s['collection'] === 'training' && s['records'] === '5'), listed.stdout);
    const none = await run(['snapshots', 'picks', '--db', db, '--format', 'csv', '--out', '-']);
    assert.equal(csvRows(none.stdout).length, 0);
  });

  it('names the collection after the file without --as, and the default output after it', async () => {
    const result = await run(['summarize', '--records', 'picks.txt', '--no-db']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(csvRows(await readFile(path.join(dir, 'zenodo_picks_downloads.csv'), 'utf8')).length, 5);
  });

  it('takes a CSV with an id column (this tool\'s own output) as a list, and batches of 100 with a token', async () => {
    const first = await run(['summarize', '--records', 'picks.txt', '--no-db', '--out', 'own.csv']);
    assert.equal(first.code, 0, first.stderr);
    server.requests.length = 0;
    const again = await run(['summarize', '--records', 'own.csv', '--no-db', '--out', 'again.csv'], { ZENODO_TOKEN: token });
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(
      csvRows(await readFile(path.join(dir, 'again.csv'), 'utf8')).map((r) => r['id']),
      ['8120771', '15793536', '15858127', '12623730', '15031842'],
    );
    // Every id of the CSV is a record: one search, no concept look-up.
    assert.deepEqual(server.requests.map((r) => [r.query['q'], r.query['size']]), [['id:(8120771 OR 15793536 OR 15858127 OR 12623730 OR 15031842)', '100']]);
  });

  it('the fake answers q=recid:(…) like zenodo.org: an older version only with allversions, concepts by conceptrecid', async () => {
    const ids = async (query: string) => {
      const res = await fetch(`${server.url}/api/records?${query}`);
      assert.equal(res.status, 200);
      const body = (await res.json()) as { hits: { hits: { id: number }[]; total: number } };
      return body.hits.hits.map((h) => h.id).sort((a, b) => a - b);
    };
    assert.deepEqual(await ids('q=recid:(15793536 OR 12623730)&allversions=true'), [12623730, 15793536]);
    assert.deepEqual(await ids('q=recid:(15793536 OR 12623730)'), [12623730]);
    assert.deepEqual(await ids('q=conceptrecid:(15546496 OR 10008464)'), [15031842, 15858127]);
    assert.deepEqual(await ids('q=parent.id:15546496&allversions=true'), [15546497, 15793536, 15858127]);
    assert.deepEqual(await ids('q=id:(8120771)'), [8120771]);
  });

  it('asks for RDM JSON with --api-format rdm and InvenioRDM\'s own field names, with the same result', async () => {
    const rdm = await startFakeZenodo({ records: fixture.records, communities: fixture.communities, format: 'both', now: () => clock.now() });
    try {
      const result = await runCli(['summarize', '--records', 'picks.txt', '--api-format', 'rdm', '--no-db', '--out', 'picks-rdm.csv'], { cwd: dir, env: { ZENODO_BASE_URL: rdm.url }, clock });
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(
        rdm.requests.map((r) => [r.query['q']?.split(':')[0], r.headers['accept']]),
        [
          ['id', 'application/vnd.inveniordm.v1+json'],
          ['parent.id', 'application/vnd.inveniordm.v1+json'],
        ],
      );
      assert.deepEqual(
        csvRows(await readFile(path.join(dir, 'picks-rdm.csv'), 'utf8')).map((r) => [r['id'], r['downloads']]),
        [
          ['8120771', '175093'],
          ['15793536', '14124'],
          ['15858127', '14124'],
          ['12623730', '13572'],
          ['15031842', '573'],
        ],
      );
    } finally {
      await rdm.close();
    }
  });

  it('retries a 503 like any search; a page that is not JSON fails with exit 5 and writes nothing', async () => {
    server.inject({ kind: '503', path: '/api/records', retryAfter: '1' });
    const retried = await run(['summarize', '--records', 'picks.txt', '--no-db', '--out', 'retried.csv']);
    assert.equal(retried.code, 0, retried.stderr);
    assert.deepEqual(server.requests.map((r) => r.status), [503, 200, 200]);
    assert.equal(csvRows(await readFile(path.join(dir, 'retried.csv'), 'utf8')).length, 5);

    server.requests.length = 0;
    server.inject({ kind: 'invalid-json', path: '/api/records', times: Infinity });
    try {
      const broken = await run(['summarize', '--records', 'picks.txt', '--db', path.join(dir, 'broken.sqlite'), '--out', 'broken.csv']);
      assert.equal(broken.code, 5, broken.stderr);
      assert.match(broken.stderr, /GET http:\/\/127\.0\.0\.1:\d+\/api\/records\?q=id%3A/);
      await assert.rejects(readFile(path.join(dir, 'broken.csv')), { code: 'ENOENT' });
    } finally {
      server.clearFaults();
    }
  });

  it('refuses --records with communities, --as without --records, and --all-versions with --records (exit 2)', async () => {
    for (const args of [
      ['summarize', 'nfdi4bioimage', '--records', 'picks.txt'],
      ['summarize', 'nfdi4bioimage', '--as', 'x'],
      ['summarize', '--records', 'picks.txt', '--all-versions'],
      ['summarize', '--records', 'picks.txt', '--as', 'a b'],
    ]) {
      const result = await run([...args, '--no-db']);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    }
    assert.equal(server.requests.length, 0);
  });
});

describe('summarize --records with NFDI4BIOIMAGE\'s own weekly CSV as the list', () => {
  // The fake serves the 461 records behind the 470 rows of 20260811.csv (9 rows name a concept), built from their
  // curated list: test/fixtures/nfdi4bioimage-training.json.
  const training = loadTrainingFixture();
  const weekly = path.join(weeklyDir, '20260811.csv');
  let server: FakeZenodo;
  let clock: FakeClock;
  let dir: string;
  let removeDir: () => Promise<void>;

  before(async () => {
    clock = createFakeClock();
    server = await startFakeZenodo({ records: training.records, communities: fixture.communities, tokens: [token], now: () => clock.now() });
    ({ dir, remove: removeDir } = await tempDir());
  });
  after(async () => {
    await server.close();
    await removeDir();
  });
  beforeEach(() => {
    server.requests.length = 0;
    clock.advance(61_000);
  });

  const run = (args: string[], env: Record<string, string> = {}) => runCli(args, { cwd: dir, env: { ZENODO_BASE_URL: server.url, ...env }, clock });

  it('lists every record of the 470 rows once with the counters of the file, in 19 + 1 searches', async () => {
    const result = await run(['summarize', '--records', weekly, '--no-db', '--out', 'training.csv']);
    assert.equal(result.code, 0, result.stderr);
    const searches = server.requests.map((r) => r.query['q']?.split(':')[0]);
    assert.deepEqual(searches, [...Array(19).fill('id'), 'parent.id']);
    assert.ok(server.requests.length <= Math.ceil(470 / 25) + 2);
    assert.ok(server.requests.every((r) => r.query['size'] === '25' && r.status === 200));

    // The counters of every row, read from the weekly file itself; the 9 concept rows carry their latest version's.
    const listed = csvRows(await readFile(weekly, 'utf8'));
    assert.equal(listed.length, 470);
    const rows = csvRows(await readFile(path.join(dir, 'training.csv'), 'utf8'));
    assert.equal(rows.length, 461);
    assert.equal(new Set(rows.map((r) => r['id'])).size, 461);
    const byId = new Map(rows.map((r) => [r['id'], r]));
    const counters = ['downloads', 'unique_downloads', 'views', 'unique_views', 'version_downloads', 'version_unique_downloads', 'version_views', 'version_unique_views'];
    for (const row of listed) {
      const id = /\/records?\/(\d+)/.exec(row['url'] ?? '')?.[1] ?? '';
      if (training.conceptIdsInList.includes(Number(id))) continue;
      const out = byId.get(id);
      assert.ok(out, `record ${id} of the list is missing`);
      assert.deepEqual(counters.map((c) => out[c]), counters.map((c) => row[c]), `record ${id}`);
    }
    assert.doesNotMatch(result.stderr, /found no record/);
    assert.match(result.stderr, /^9 lines name concepts, listed as the latest version: .*line 45: concept 10008464 → 15031842, .*line 49: concept 8329305 → 8329306/m);
    // shared/data/README.md: counting each group of versions once, the file's downloads are 437,960 (not 502,197).
    assert.match(result.stderr, /^461 records · 437,960 downloads · /m);
    assert.match(result.stderr, /^9 lines name records listed before, counted once: /m);
    assert.match(result.stderr, /^20260811\.csv: 470 lines → 461 records$/m);
  });

  it('needs 5 + 1 searches with a token', async () => {
    const result = await run(['summarize', '--records', weekly, '--no-db', '--out', 'training-token.csv'], { ZENODO_TOKEN: token });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      server.requests.map((r) => [r.query['q']?.split(':')[0], r.query['size']]),
      [...Array(5).fill(['id', '100']), ['parent.id', '100']],
    );
  });

  it('continues a history imported under the same name: import … --as training, then summarize --records … --as training', async () => {
    const db = path.join(dir, 'history.sqlite');
    const imported = await run(['import', weeklyDir, '--as', 'training', '--db', db, '--quiet']);
    assert.equal(imported.code, 0, imported.stderr);
    const result = await run(['summarize', '--records', weekly, '--as', 'training', '--db', db, '--out', 'training-now.csv', '--since-last']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^since 2026-08-11 \(\d+ days\): /m);
    const listed = await run(['snapshots', 'training', '--db', db, '--format', 'csv', '--out', '-']);
    const snaps = csvRows(listed.stdout);
    // 105 files, two of them empty (skipped): 103 imported snapshots, then this run's.
    assert.equal(snaps.length, 104);
    assert.deepEqual(
      snaps.slice(-2).map((s) => [s['day'], s['source'], s['records']]),
      [
        ['2026-08-11', 'import:20260811.csv', '470'],
        ['2026-11-25', 'api', '461'],
      ],
    );
  });
});

describe('README "Tracking a list of records": the commands work as printed', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('### Tracking a list of records\n');
  const section = readme.slice(start, readme.indexOf('\n### ', start + 4));
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  // Both the curated list's records and the community's (the README's own list names a few of the latter).
  const records = new Map([...fixture.records, ...loadTrainingFixture().records].map((r) => [r.id, r]));
  let server: FakeZenodo;
  let clock: FakeClock;
  let removers: (() => Promise<void>)[] = [];

  before(async () => {
    clock = createFakeClock();
    server = await startFakeZenodo({ records: [...records.values()], communities: fixture.communities, now: () => clock.now() });
  });
  after(async () => {
    await server.close();
    for (const remove of removers) await remove();
    removers = [];
  });

  /** Runs a README block line by line: `cat > FILE <<'X'` … `X` writes the file, `npx zenodo-stats …` runs the CLI. */
  async function runBlock(block: string, dir: string): Promise<string[]> {
    const ran: string[] = [];
    const lines = block.split('\n');
    for (let i = 0; i < lines.length; i += 1) {
      const line = lines[i] ?? '';
      const heredoc = /^cat > (\S+) <<'(\w+)'$/.exec(line);
      if (heredoc) {
        const end = lines.indexOf(heredoc[2] ?? '', i + 1);
        await writeFile(path.join(dir, heredoc[1] ?? ''), `${lines.slice(i + 1, end).join('\n')}\n`);
        i = end;
        continue;
      }
      if (!line.startsWith('npx zenodo-stats ')) continue;
      // Words, or a quoted string as one word (as a shell would pass it).
      const args = [...line.slice('npx zenodo-stats '.length).replace(/\s+#.*$/, '').matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
      clock.advance(61_000);
      const result = await runCli(args, { cwd: dir, env: { ZENODO_BASE_URL: server.url }, clock });
      assert.equal(result.code, 0, `${line}\n${result.stderr}`);
      ran.push(result.stderr);
    }
    return ran;
  }

  it('has three command blocks', () => {
    assert.equal(blocks.length, 3);
  });

  it('a hand-written list: every form of line finds its record', async () => {
    const { dir, remove } = await tempDir();
    removers.push(remove);
    const [summary] = await runBlock(blocks[0] ?? '', dir);
    assert.match(summary ?? '', /^training\.txt: 6 lines → 5 records$/m);
    assert.doesNotMatch(summary ?? '', /found no record/);
    const rows = csvRows(await readFile(path.join(dir, 'zenodo_training_downloads.csv'), 'utf8'));
    assert.deepEqual(rows.map((r) => r['id']).sort(), ['12623730', '15031842', '15793536', '15858127', '8120771']);
  });

  it('their weekly files imported, then the newest one as the list, then a report', async () => {
    const { dir, remove } = await tempDir();
    removers.push(remove);
    await cp(weeklyDir, path.join(dir, 'download_statistics'), { recursive: true });
    const [, summary] = await runBlock(blocks[1] ?? '', dir);
    assert.match(summary ?? '', /^20260811\.csv: 470 lines → 461 records$/m);
    assert.match(summary ?? '', /^since 2026-08-11 /m);
    assert.ok(existsSync(path.join(dir, 'report', 'index.html')));
  });

  it('a search as a collection: the list\'s records tagged "Research Data Management", then their history', async () => {
    const { dir, remove } = await tempDir();
    removers.push(remove);
    const [summary] = await runBlock(blocks[2] ?? '', dir);
    assert.match(summary ?? '', /56 records/);
    assert.ok(existsSync(path.join(dir, 'zenodo_rdm_downloads.csv')));
  });
});

describe('examples/github-actions/weekly-without-action.yml with RECORDS set: the week\'s step lists the records instead', () => {
  it('writes statistics/<today>.csv from the list, kept under COMMUNITY', async () => {
    const yml = readFileSync(new URL('../examples/github-actions/weekly-without-action.yml', import.meta.url), 'utf8');
    const step = /- name: This week's figures\n[\s\S]*?run: \|\n((?: {10}.*\n)+)/.exec(yml)?.[1];
    assert.ok(step, 'the step is there');
    const script = step.replace(/^ {10}/gm, '');
    const server = await startFakeZenodo({ records: fixture.records, communities: fixture.communities });
    const { dir, remove } = await tempDir();
    try {
      await writeFile(path.join(dir, 'training-materials.txt'), list);
      // This checkout's build (npm test builds first), as `npm install --global` would provide.
      const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
      const bin = path.join(dir, 'bin');
      await mkdir(bin);
      await writeFile(path.join(bin, 'zenodo-stats'), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`);
      await chmod(path.join(bin, 'zenodo-stats'), 0o755);
      const env = { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: dir, ZENODO_BASE_URL: server.url, COMMUNITY: 'training', RECORDS: 'training-materials.txt' };
      const { stderr } = await promisify(execFile)('bash', ['-e', '-c', script], { cwd: dir, env, encoding: 'utf8' });
      assert.match(stderr, /^training \(records listed in training-materials\.txt\) on /m);
      const day = new Date().toISOString().slice(0, 10);
      assert.equal(csvRows(await readFile(path.join(dir, 'statistics', `${day}.csv`), 'utf8')).length, 5);
    } finally {
      await server.close();
      await remove();
    }
  });
});
