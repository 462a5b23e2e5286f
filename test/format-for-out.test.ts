/**
 * `-o FILE` without `--format`: the file's extension chooses the format, so `-o records.json` is JSON and
 * `history -o history.csv` CSV, never CSV in a `.json` file or an aligned text table in a `.csv` one.
 */
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { formatForOut } from '../src/cli/format-for-out.js';
import { loadCommunityFixture } from './helpers/dataset.js';
import { createFakeClock } from './helpers/fake-clock.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const weeklyDir = fileURLToPath(new URL('./fixtures/nfdi4bioimage-weekly/', import.meta.url));

describe('formatForOut', () => {
  it('takes --format when it is given, whatever the file is called', () => {
    assert.equal(formatForOut('csv', 'records.json', 'csv'), 'csv');
    assert.equal(formatForOut('table', 'history.csv', 'table'), 'table');
  });

  it('otherwise reads the format off the extension, in any case', () => {
    assert.equal(formatForOut(undefined, 'records.json', 'csv'), 'json');
    assert.equal(formatForOut(undefined, 'out/records.NDJSON', 'csv'), 'ndjson');
    assert.equal(formatForOut(undefined, 'records.jsonl', 'csv'), 'ndjson');
    assert.equal(formatForOut(undefined, 'README.md', 'table'), 'markdown');
    assert.equal(formatForOut(undefined, 'notes.markdown', 'table'), 'markdown');
    assert.equal(formatForOut(undefined, 'history.csv', 'table'), 'csv');
  });

  it('keeps the default for stdout, no file, and extensions that name no format', () => {
    assert.equal(formatForOut(undefined, '-', 'table'), 'table');
    assert.equal(formatForOut(undefined, undefined, 'csv'), 'csv');
    assert.equal(formatForOut(undefined, 'history.txt', 'table'), 'table');
    assert.equal(formatForOut(undefined, 'records', 'csv'), 'csv');
    assert.equal(formatForOut(undefined, 'records.json.bak', 'csv'), 'csv');
  });
});

describe('the CLI writes the format the --out file names', () => {
  let server: FakeZenodo;
  let dir: string;
  let remove: () => Promise<void>;
  const fixture = loadCommunityFixture();
  const clock = createFakeClock(Date.UTC(2026, 10, 25));

  before(async () => {
    server = await startFakeZenodo({ records: fixture.records, communities: fixture.communities, now: () => clock.now() });
    ({ dir, remove } = await tempDir());
    await mkdir(path.join(dir, 'weekly'));
    for (const name of ['20240628.csv', '20240711.csv']) await copyFile(path.join(weeklyDir, name), path.join(dir, 'weekly', name));
  });
  after(async () => {
    await server.close();
    await remove();
  });

  it('summarize -o records.json writes JSON, and -f csv -o asked.json CSV, of the same records', async () => {
    const json = await runCli(['summarize', 'nfdi4bioimage', '--base-url', server.url, '--no-db', '-q', '-o', 'records.json'], { cwd: dir, clock });
    assert.equal(json.code, 0, json.stderr);
    const parsed = JSON.parse(await readFile(path.join(dir, 'records.json'), 'utf8')) as Record<string, unknown>[];
    assert.ok(Array.isArray(parsed), 'a JSON array of rows');

    const csv = await runCli(['summarize', 'nfdi4bioimage', '--base-url', server.url, '--no-db', '-q', '-f', 'csv', '-o', 'asked.json'], { cwd: dir, clock });
    assert.equal(csv.code, 0, csv.stderr);
    const [header = '', ...lines] = (await readFile(path.join(dir, 'asked.json'), 'utf8')).trimEnd().split('\r\n');
    assert.match(header, /^zenodo_url,downloads,/);
    const idAt = header.split(',').indexOf('id');
    assert.ok(lines.length > 100);
    // The ids are digits, so a plain split finds the id column.
    assert.deepEqual(parsed.map((row) => String(row['id'])).sort(), lines.map((line) => line.split(',')[idAt] ?? '').filter((id) => /^\d+$/.test(id)).sort());
  });

  it('summarize --excel -o records.json is a usage error: the file asks for JSON', async () => {
    const run = await runCli(['summarize', 'nfdi4bioimage', '--base-url', server.url, '--no-db', '-q', '--excel', '-o', 'excel.json'], { cwd: dir, clock });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--excel is for CSV \(a byte-order mark for Excel\); the format is json/);
  });

  it('history -o history.csv writes CSV, and -o history.md Markdown, where stdout gets the table', async () => {
    const db = path.join(dir, 'h.sqlite');
    assert.equal((await runCli(['import', path.join(dir, 'weekly'), '--as', 'training', '--db', db, '-q'], { cwd: dir })).code, 0);
    const csv = await runCli(['history', 'training', '--db', db, '-o', 'history.csv'], { cwd: dir });
    assert.equal(csv.code, 0, csv.stderr);
    assert.match(await readFile(path.join(dir, 'history.csv'), 'utf8'), /^period,/);
    const md = await runCli(['history', 'training', '--db', db, '-o', 'history.md'], { cwd: dir });
    assert.equal(md.code, 0, md.stderr);
    assert.match(await readFile(path.join(dir, 'history.md'), 'utf8'), /^\| period \|/);
    const table = await runCli(['history', 'training', '--db', db], { cwd: dir });
    assert.match(table.stdout, /^period\s{2,}/);
  });
});
