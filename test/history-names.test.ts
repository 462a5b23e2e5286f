/**
 * Issue 13, point 2: every record of a collection's history gets its title, type, DOI, dates, keywords and creators
 * in the store, from batched look-ups after `import --base-url` and after `summarize`; a record Zenodo no longer has
 * is marked gone. Real HTTP against the fake Zenodo, a real SQLite file.
 *
 * The history: three of NFDI4BIOIMAGE's weekly files (test/fixtures/nfdi4bioimage-weekly/), 150 distinct ids. Nine
 * of them are concept ids (the files' URLs name the concept, e.g. 10008464), and 8139354 is in no later file and
 * not among the 461 records the fake serves (test/fixtures/nfdi4bioimage-training.json): for this site it is gone.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { RecordMetadata } from '../src/snapshot/snapshot.js';
import { loadCommunityFixture, loadTrainingFixture, type LegacyRecord } from './helpers/dataset.js';
import { createFakeClock } from './helpers/fake-clock.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const token = 'history-names-token-0000';
const weeklyDir = path.resolve(import.meta.dirname, 'fixtures/nfdi4bioimage-weekly');
const weeks = ['20240917.csv', '20240924.csv', '20241119.csv'];
const community = loadCommunityFixture();
const training = loadTrainingFixture();
/** 2026-12-07 12:00 UTC: the day gone records are marked with. */
const today = Date.UTC(2026, 11, 7, 12, 0, 0);

let removers: (() => Promise<void>)[] = [];
let servers: FakeZenodo[] = [];

async function start(records: LegacyRecord[] = training.records): Promise<FakeZenodo> {
  const server = await startFakeZenodo({ records, communities: community.communities, tokens: [token], now: () => today });
  servers.push(server);
  return server;
}

/** A temp folder with the three weekly files in `weekly/`. */
async function workspace(): Promise<string> {
  const { dir, remove } = await tempDir();
  removers.push(remove);
  await mkdir(path.join(dir, 'weekly'));
  for (const file of weeks) await cp(path.join(weeklyDir, file), path.join(dir, 'weekly', file));
  return dir;
}

function run(args: string[], dir: string, env: Record<string, string> = {}) {
  return runCli(args, { cwd: dir, env, clock: createFakeClock(today) });
}

async function metadataIn(dir: string): Promise<Map<string, RecordMetadata>> {
  const store = await openSqliteStore(path.join(dir, 'history.sqlite'), { readOnly: true });
  try {
    return await store.recordMetadata();
  } finally {
    await store.close();
  }
}

/** The search field of each request (`id` or `parent.id`), how many ids it asked for, and its page size. */
function searches(server: FakeZenodo): [string, number, string | undefined][] {
  return server.requests.map((r) => {
    const q = r.query['q'] ?? '';
    return [q.split(':')[0] ?? '', q.split(' OR ').length, r.query['size']];
  });
}

after(async () => {
  for (const server of servers) await server.close();
  for (const remove of removers) await remove();
  servers = [];
  removers = [];
});

describe('import --base-url: names the imported history', () => {
  let server: FakeZenodo;
  let dir: string;
  let first: Awaited<ReturnType<typeof run>>;

  before(async () => {
    server = await start();
    dir = await workspace();
    first = await run(['import', 'weekly', '--as', 'training', '--db', 'history.sqlite', '--base-url', server.url], dir);
  });

  it('looks up the 150 records in ceil(150/25) = 6 searches by id and 1 by concept, and says so on one line', () => {
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(searches(server), [
      ['id', 25, '25'],
      ['id', 25, '25'],
      ['id', 25, '25'],
      ['id', 25, '25'],
      ['id', 25, '25'],
      ['id', 25, '25'],
      // The 9 concept ids and 8139354, found by neither search.
      ['parent.id', 10, '25'],
    ]);
    assert.ok(server.requests.every((r) => r.query['allversions'] === (r.query['q']?.startsWith('id:') ? 'true' : undefined)));
    const lines = first.stderr.split('\n').filter((l) => l.startsWith('named '));
    assert.deepEqual(lines, [
      `named 150 records of the imported history on ${server.url}, in 7 requests; 9 are concepts, named after their latest version; 1 is no longer on Zenodo`,
    ]);
  });

  it('stores title, type, DOI, publication date, keywords and creators of every record of the history', async () => {
    const metadata = await metadataIn(dir);
    assert.equal(metadata.size, 150);
    assert.equal([...metadata.values()].filter((m) => m.title !== '').length, 149);
    const { url, ...rest } = metadata.get('4071471') ?? ({} as RecordMetadata);
    assert.equal(url, `${server.url}/records/4071471`);
    assert.deepEqual(rest, {
      recordId: '4071471',
      conceptId: '4071470',
      doi: '10.5281/zenodo.4071471',
      conceptDoi: '10.5281/zenodo.4071470',
      title: 'Train-the-Trainer Concept on Research Data Management',
      resourceType: 'publication-book',
      publicationDate: '2020-11-04',
      version: null,
      communities: [],
      creators: ['Biernacka, Katarzyna', 'Bierwirth, Maik', 'Buchholz, Petra', 'Dolzycka, Dominika', 'Helbig, Kerstin', 'Neumann, Janna', 'Odebrecht, Carolin', 'Wiljes, Cord', 'Wuttke, Ulrike'],
      keywords: ['Research Data Management'],
      created: '2020-08-11T10:03:20.091675+00:00',
      goneAt: null,
      // The fixture's record lists no files: RDM JSON then says none (count 0, 0 bytes).
      fileCount: 0,
      sizeBytes: 0,
    });
    assert.equal(metadata.get('3490058')?.title, 'Efficiently starting institutional research data management');
    assert.equal(metadata.get('12623730')?.title, 'Bio-image Data Science Lectures @ Uni Leipzig / ScaDS.AI');
  });

  it('names a concept id of the history after its latest version, under the concept id', async () => {
    const concept = (await metadataIn(dir)).get('10008464');
    assert.deepEqual(
      [concept?.recordId, concept?.title, concept?.doi, concept?.conceptDoi, concept?.resourceType, concept?.goneAt],
      ['10008464', '[N4BI AHM] Welcome to BioImage Town', '10.5281/zenodo.15031842', '10.5281/zenodo.10008464', 'presentation', null],
    );
  });

  it('marks the record Zenodo no longer has as gone, with the day of the look-up', async () => {
    const gone = (await metadataIn(dir)).get('8139354');
    assert.deepEqual([gone?.title, gone?.goneAt, gone?.url], ['', '2026-12-07', `${server.url}/records/8139354`]);
  });

  it('a second run makes no look-up request', async () => {
    server.requests.length = 0;
    const again = await run(['import', 'weekly', '--as', 'training', '--db', 'history.sqlite', '--base-url', server.url], dir);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(server.requests.length, 0);
    assert.match(again.stderr, /^every record of the imported history has its title already: no look-up on /m);
  });
});

describe('import without --base-url stays offline', () => {
  it('makes no request, even with ZENODO_BASE_URL and ZENODO_TOKEN set, and stores no metadata', async () => {
    const server = await start();
    const dir = await workspace();
    const result = await run(['import', 'weekly', '--as', 'training', '--db', 'history.sqlite'], dir, { ZENODO_BASE_URL: server.url, ZENODO_TOKEN: token });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(server.requests.length, 0);
    assert.equal((await metadataIn(dir)).size, 0);
    assert.doesNotMatch(result.stderr, /named /);
  });

  it('refuses --token without --base-url (exit 2), before anything is imported', async () => {
    const dir = await workspace();
    const result = await run(['import', 'weekly', '--as', 'training', '--db', 'history.sqlite', '--token', token], dir);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /--token is for --base-url: without it, import makes no request/);
  });

  it('--help of import tells about --base-url', async () => {
    const dir = await workspace();
    const help = await run(['import', '--help'], dir);
    assert.match(help.stdout, /--base-url <url> +after the import, look up the titles/);
  });
});

describe('import --base-url with a token', () => {
  it('sends the token only to the --base-url site, 100 ids a search', async () => {
    const server = await start();
    const elsewhere = await start();
    const dir = await workspace();
    const result = await run(['import', 'weekly', '--as', 'training', '--db', 'history.sqlite', '--base-url', server.url], dir, { ZENODO_BASE_URL: elsewhere.url, ZENODO_TOKEN: token });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(searches(server), [
      ['id', 100, '100'],
      ['id', 50, '100'],
      ['parent.id', 10, '100'],
    ]);
    assert.ok(server.requests.every((r) => r.headers['authorization'] === `Bearer ${token}`));
    assert.equal(elsewhere.requests.length, 0);
    assert.doesNotMatch(result.stderr, new RegExp(token));
  });

  it('uses the client summarize uses: its User-Agent, and a retry after a 503', async () => {
    const server = await start();
    const dir = await workspace();
    server.inject({ kind: '503', path: '/api/records', retryAfter: '1' });
    const result = await run(['import', 'weekly', '--as', 'training', '--db', 'history.sqlite', '--base-url', server.url, '--user-agent', 'training-bot/1.0 (+mailto:team@example.org)'], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(server.requests.map((r) => r.status), [503, 200, 200, 200, 200, 200, 200, 200]);
    assert.ok(server.requests.every((r) => r.headers['user-agent'] === 'training-bot/1.0 (+mailto:team@example.org)'));
    assert.match(result.stderr, /^named 150 records of the imported history on .*, in 8 requests; /m);
  });

  it('on a terminal, shows how far the look-up is', async () => {
    const server = await start();
    const dir = await workspace();
    const result = await runCli(['import', 'weekly', '--as', 'training', '--db', 'history.sqlite', '--base-url', server.url], { cwd: dir, clock: createFakeClock(today), isTTY: true });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /naming the imported history: 25\/150 looked up/);
    assert.match(result.stderr, /naming the imported history: 10\/10 looked up/);
  });

  it('a look-up that fails is a warning naming the request, with its exit code; the snapshots are imported', async () => {
    const server = await start();
    const dir = await workspace();
    server.inject({ kind: 'invalid-json', path: '/api/records', times: Infinity });
    const result = await run(['import', 'weekly', '--as', 'training', '--db', 'history.sqlite', '--base-url', server.url], dir);
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, /^warning: naming the records of the imported history failed: GET http:\/\/127\.0\.0\.1:\d+\/api\/records\?q=id%3A/m);
    assert.match(result.stderr, /the snapshots were imported, and the same import run again looks those records up$/m);
    assert.equal((await metadataIn(dir)).size, 0);
    const listed = await run(['snapshots', 'training', '--db', 'history.sqlite', '--format', 'csv', '--out', '-'], dir);
    assert.equal(listed.stdout.trim().split('\n').length, 1 + 3);
  });
});

describe('summarize names the records of the history that its listing did not cover', () => {
  it('--records: the 147 unnamed records of the imported history go along in the searches for the 3 listed ones', async () => {
    const server = await start();
    const dir = await workspace();
    const imported = await run(['import', 'weekly', '--as', 'training', '--db', 'history.sqlite', '--quiet'], dir);
    assert.equal(imported.code, 0, imported.stderr);
    await writeFile(path.join(dir, 'picks.txt'), 'https://zenodo.org/records/4071471\nhttps://zenodo.org/records/3490058\nhttps://zenodo.org/records/12623730\n');
    const result = await run(['summarize', '--records', 'picks.txt', '--as', 'training', '--db', 'history.sqlite', '--out', 'picks.csv'], dir, { ZENODO_BASE_URL: server.url });
    assert.equal(result.code, 0, result.stderr);
    // ceil(150/25) = 6 searches by id for the 3 listed ids and the history's 147 others, then 1 by concept for the 10
    // found by neither: 7 requests, where listing first and naming after would take 1 + 7.
    assert.deepEqual(searches(server), [
      ['id', 25, '25'],
      ['id', 25, '25'],
      ['id', 25, '25'],
      ['id', 25, '25'],
      ['id', 25, '25'],
      ['id', 25, '25'],
      ['parent.id', 10, '25'],
    ]);
    assert.match(result.stderr, /^named 147 records of the history that the listing did not cover, in the listing's own searches; 9 are concepts, named after their latest version; 1 is no longer on Zenodo$/m);
    assert.match(result.stderr, /^picks\.txt: 3 lines → 3 records$/m);
    assert.match(result.stderr, /^7 requests in /m);
    const metadata = await metadataIn(dir);
    assert.equal(metadata.size, 150);
    assert.equal(metadata.get('8139354')?.goneAt, '2026-12-07');

    server.requests.length = 0;
    const again = await run(['summarize', '--records', 'picks.txt', '--as', 'training', '--db', 'history.sqlite', '--out', 'picks.csv'], dir, { ZENODO_BASE_URL: server.url });
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(searches(server), [['id', 3, '25']]);
    assert.doesNotMatch(again.stderr, /^named /m);
  });

  it('their 103 weekly files imported, then summarize --records 20260811.csv: every record of the history named in 19 + 1 requests', async () => {
    const server = await start();
    const { dir, remove } = await tempDir();
    removers.push(remove);
    await cp(weeklyDir, path.join(dir, 'download_statistics'), { recursive: true });
    assert.equal((await run(['import', 'download_statistics', '--as', 'training', '--db', 'history.sqlite', '--quiet'], dir)).code, 0);
    const result = await run(['summarize', '--records', 'download_statistics/20260811.csv', '--as', 'training', '--db', 'history.sqlite', '--out', 'training.csv'], dir, { ZENODO_BASE_URL: server.url });
    assert.equal(result.code, 0, result.stderr);
    // At most ceil(470/25) + 2 (issue 13): the 470 rows and the 3 ids only older files have, 25 a search.
    assert.deepEqual(searches(server).map(([field]) => field), [...Array(19).fill('id'), 'parent.id']);
    assert.match(result.stderr, /^named 12 records of the history that the listing did not cover, in the listing's own searches; 9 are concepts, named after their latest version; 3 are no longer on Zenodo$/m);
    const metadata = await metadataIn(dir);
    assert.equal(metadata.size, 473);
    assert.deepEqual(
      [...metadata.values()].filter((m) => m.title === '').map((m) => [m.recordId, m.goneAt]),
      [
        ['15880584', '2026-12-07'],
        ['8139354', '2026-12-07'],
        ['8383123', '2026-12-07'],
      ],
    );
  });

  it('a gone record listed again later loses the mark', async () => {
    const server = await start();
    const dir = await workspace();
    assert.equal((await run(['import', 'weekly', '--as', 'training', '--db', 'history.sqlite', '--base-url', server.url, '--quiet'], dir)).code, 0);
    assert.equal((await metadataIn(dir)).get('8139354')?.goneAt, '2026-12-07');
    // The record is back (published again under the same id), on a site that serves it.
    const back = structuredClone(training.records.find((r) => r.id === 4071471)) as LegacyRecord;
    Object.assign(back, { id: 8139354, recid: '8139354', conceptrecid: '8139353', doi: '10.5281/zenodo.8139354' });
    back.metadata.title = 'Back on Zenodo';
    const revived = await start([back, ...training.records]);
    await writeFile(path.join(dir, 'back.txt'), '8139354\n');
    const result = await run(['summarize', '--records', 'back.txt', '--as', 'training', '--db', 'history.sqlite', '--out', 'back.csv'], dir, { ZENODO_BASE_URL: revived.url });
    assert.equal(result.code, 0, result.stderr);
    const m = (await metadataIn(dir)).get('8139354');
    assert.deepEqual([m?.title, m?.goneAt], ['Back on Zenodo', null]);
  });

  it('a community: a record of its stored history that left it is named in one search', async () => {
    const server = await startFakeZenodo({ records: community.records, communities: community.communities, now: () => today });
    servers.push(server);
    const { dir, remove } = await tempDir();
    removers.push(remove);
    // An earlier snapshot of the community held 8120771, which is in no community now.
    await mkdir(path.join(dir, 'earlier'));
    await writeFile(
      path.join(dir, 'earlier', '20260801.csv'),
      'url,authors,downloads,unique_downloads,views,unique_views,version_downloads,version_unique_downloads,version_unique_views,version_views\nhttps://zenodo.org/records/8120771,"Someone",10,9,20,18,10,9,18,20\n',
    );
    assert.equal((await run(['import', 'earlier', '--as', 'nfdi4bioimage', '--db', 'history.sqlite', '--quiet'], dir)).code, 0);
    const result = await run(['summarize', 'nfdi4bioimage', '--db', 'history.sqlite', '--out', 'community.csv'], dir, { ZENODO_BASE_URL: server.url });
    assert.equal(result.code, 0, result.stderr);
    const lookUps = server.requests.filter((r) => r.path === '/api/records');
    assert.deepEqual(lookUps.map((r) => r.query['q']), ['id:(8120771)']);
    assert.match(result.stderr, /^named 1 record of the history that the listing did not cover, in 1 request$/m);
    assert.equal((await metadataIn(dir)).get('8120771')?.title, 'A SYSTEMATIC REVIEW OF AUTOPSY FINDINGS IN DEATHS AFTER COVID-19 VACCINATION');
  });
});

describe('README "Filling in titles for imported history": the commands work as printed', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const at = readme.indexOf('### Filling in titles for imported history\n');
  const section = readme.slice(at, readme.indexOf('\n### ', at + 4));
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');

  it('has one command block', () => {
    assert.equal(blocks.length, 1);
  });

  it('imports their two years of weekly files and names every record: top lists titles, not numbers', async () => {
    const server = await start();
    const { dir, remove } = await tempDir();
    removers.push(remove);
    await cp(weeklyDir, path.join(dir, 'download_statistics'), { recursive: true });
    const outputs: { stdout: string; stderr: string }[] = [];
    for (const line of (blocks[0] ?? '').split('\n').filter((l) => l.startsWith('npx zenodo-stats '))) {
      // The site as printed is zenodo.org; the test's is the fake.
      const args = line.slice('npx zenodo-stats '.length).trim().split(/\s+/).map((a) => (a === 'https://zenodo.org' ? server.url : a));
      const result = await run(args, dir);
      assert.equal(result.code, 0, `${line}\n${result.stderr}`);
      outputs.push(result);
    }
    const [imported, top] = outputs;
    assert.match(imported?.stderr ?? '', new RegExp(`^named 473 records of the imported history on ${server.url.replace(/\./g, '\\.')}, in 20 requests; 9 are concepts, named after their latest version; 3 are no longer on Zenodo$`, 'm'));
    assert.deepEqual(searches(server).map(([field]) => field), [...Array(19).fill('id'), 'parent.id']);
    assert.doesNotMatch(top?.stdout ?? '', /Record \d+/);
    assert.match(top?.stdout ?? '', /Bio-image Data Science Lectures @ Uni Leipzig \/ ScaDS\.AI|Train-the-Trainer/);
  });
});
