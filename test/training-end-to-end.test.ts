/**
 * Issue 13, "Done means": NFDI4BIOIMAGE's own weekly files imported as `training`, then their newest file as the
 * list (`summarize --records … --as training`) against a fake serving those records (built from their curated
 * list: real titles, types, tags and dates), then a report. Every listed record once, in at most
 * ceil(470 / 25) + 2 requests anonymously, the history going on from 2026-08-11, and a report that names every
 * record and breaks the downloads down by real types, years and keywords.
 */
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadCommunityFixture, loadTrainingFixture } from './helpers/dataset.js';
import { createFakeClock } from './helpers/fake-clock.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';
import { runCli, tempDir } from './helpers/run-cli.js';
import { csvRows } from './helpers/csv-rows.js';

const weeklyDir = fileURLToPath(new URL('./fixtures/nfdi4bioimage-weekly/', import.meta.url));
const newest = path.join(weeklyDir, '20260811.csv');

describe('NFDI4BIOIMAGE training materials, end to end (issue 13, Done means)', () => {
  let server: FakeZenodo;
  let dir: string;
  let remove: () => Promise<void>;
  const clock = createFakeClock(Date.UTC(2026, 7, 12, 6));
  const run = (args: string[]) => runCli(args, { cwd: dir, env: { ZENODO_BASE_URL: server.url }, clock });
  let listed: Awaited<ReturnType<typeof run>>;
  let listRequests: FakeZenodo['requests'];

  before(async () => {
    server = await startFakeZenodo({ records: loadTrainingFixture().records, communities: loadCommunityFixture().communities, now: () => clock.now() });
    ({ dir, remove } = await tempDir());
    const imported = await run(['import', weeklyDir, '--as', 'training', '--db', 's.sqlite', '-q']);
    assert.equal(imported.code, 0, imported.stderr);
    const before = server.requests.length;
    listed = await run(['summarize', '--records', newest, '--as', 'training', '--db', 's.sqlite', '-o', 'training.csv']);
    listRequests = server.requests.slice(before);
    const report = await run(['report', 'training', '--db', 's.sqlite', '--out', 'report', '--top', '500', '--period', 'month']);
    assert.equal(report.code, 0, report.stderr);
  });
  after(async () => {
    await server.close();
    await remove();
  });

  it('lists every record of the list once, in at most ceil(470 / 25) + 2 = 21 requests', async () => {
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stderr, /^20260811\.csv: 470 lines → 461 records$/m);
    assert.ok(listRequests.length <= 21, `${listRequests.length} requests`);
    // The history's other records (in older weekly files, no longer in the list) are asked for in the same
    // searches: every record the history holds gets a name, or is marked gone.
    assert.match(listed.stderr, /^named \d+ records of the history that the listing did not cover, in the listing's own searches/m);
    const ids = csvRows(await readFile(path.join(dir, 'training.csv'), 'utf8')).map((r) => r['id']);
    assert.equal(ids.length, 461);
    assert.equal(new Set(ids).size, 461);
  });

  it('continues the imported history: the new snapshot follows 2026-08-11', async () => {
    const snapshots = (await run(['snapshots', '--db', 's.sqlite'])).stdout.split('\n').filter((l) => /^\s*\d+\s+training\s/.test(l));
    assert.match(snapshots.at(-2) ?? '', /training\s+2026-08-11/);
    assert.match(snapshots.at(-1) ?? '', /training\s+2026-08-12/);
  });

  it('names every record of the report, and breaks the downloads down by real types, years and keywords', async () => {
    const data = (file: string) => readFile(path.join(dir, 'report', 'data', file), 'utf8').then(csvRows);
    const top = [...(await data('top-all-time.csv')), ...(await data('top-last-period.csv'))];
    assert.ok(top.length > 400, `${top.length} rows`);
    const unnamed = top.filter((r) => /^Record \d+$/.test(r['title'] ?? ''));
    assert.deepEqual(unnamed.map((r) => r['id']), []);
    const types = (await data('by-resource-type.csv')).map((r) => r['label']);
    for (const type of ['dataset', 'presentation', 'publication-article']) assert.ok(types.includes(type), `${type} in ${types.join(', ')}`);
    const years = (await data('by-publication-year.csv')).map((r) => r['label']);
    assert.ok(years.length >= 8 && years.every((y) => /^\d{4}$/.test(y ?? '')), years.join(', '));
    const keywords = (await data('top-keywords.csv')).map((r) => r['label']);
    assert.ok(keywords.includes('research data management'), keywords.join(', '));
    const html = await readFile(path.join(dir, 'report', 'index.html'), 'utf8');
    assert.doesNotMatch(html, />Record \d+</);
    assert.doesNotMatch(html, /unknown/i);
    assert.ok((await readdir(path.join(dir, 'report', 'charts'))).includes('by-resource-type.svg'));
  });
});
