/**
 * Issue 12 point 8: import files that must not pass. A header without data rows gives no snapshot (it is
 * reported like an empty file); a file whose rows are mostly unreadable is refused; junk is refused by its first
 * bytes, after a bounded number of bad rows at most, with a short message that echoes nothing unprintable.
 */
import assert from 'node:assert/strict';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readSnapshotCsv } from '../src/import/read-snapshot-csv.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const header =
  'url,authors,downloads,unique_downloads,views,unique_views,version_downloads,version_unique_downloads,version_unique_views,version_views';
const row = (id: number) => `https://zenodo.org/records/${id},"""A""",10,8,20,15,5,4,9,10`;
const badRow = (id: number) => `https://zenodo.org/records/${id},"""A""",ten,8,20,15,5,4,9,10`;
/** Anything that moves the cursor, rings, or starts an escape: none may reach stderr from a file. */
const unprintable = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;
const size = 5 * 1024 * 1024;

/** Deterministic pseudo-random bytes (xorshift), so a failure can be reproduced. */
function junkBytes(length: number, seed: number, pick: (byte: number) => number = (b) => b): Buffer {
  const bytes = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = pick((x >>> 0) & 0xff);
  }
  return bytes;
}

describe('import: files that must not pass', () => {
  let dir: string;
  let remove: () => Promise<void>;
  before(async () => {
    ({ dir, remove } = await tempDir());
  });
  after(async () => {
    await remove();
  });

  /** Imports `files` (name → content) into a fresh store; returns the run and the snapshots stored. */
  async function importFiles(name: string, files: Record<string, string | Buffer>) {
    const folder = path.join(dir, name);
    await import('node:fs/promises').then((fs) => fs.mkdir(folder));
    for (const [file, content] of Object.entries(files)) await writeFile(path.join(folder, file), content);
    const db = path.join(dir, `${name}.sqlite`);
    const result = await runCli(['import', folder, '--as', name, '--db', db], { cwd: dir });
    const listed = await runCli(['snapshots', name, '--db', db, '--format', 'json', '-q'], { cwd: dir });
    const snapshots = listed.code === 0 ? (JSON.parse(listed.stdout) as { day: string; records: number }[]) : [];
    return { result, snapshots };
  }

  it('a header without data rows gives no snapshot and is reported like an empty file', async () => {
    const { result, snapshots } = await importFiles('header-only', {
      '20250101.csv': `${header}\n`,
      '20250108.csv': `${header}\n${row(1)}\n${row(2)}\n`,
      '20250115.csv': `${header}\r\n\r\n`,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /empty file, no snapshot: 20250101\.csv/);
    assert.match(result.stderr, /empty file, no snapshot: 20250115\.csv/);
    assert.deepEqual(snapshots.map((s) => [s.day, s.records]), [['2025-01-08', 2]]);
  });

  it('a file without one usable row is refused (exit 5), never a 0-record snapshot', async () => {
    const { result, snapshots } = await importFiles('no-usable', {
      '20250101.csv': `${header}\n${badRow(1)}\n${badRow(2)}\n`,
      '20250108.csv': `${header}\n${row(1)}\n${row(2)}\n`,
    });
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, /20250101\.csv: none of its 2 data rows could be read \(the first, line 2: downloads: "ten" is not a non-negative integer\); not imported/);
    assert.deepEqual(snapshots.map((s) => s.day), ['2025-01-08']);
  });

  it('more than half of 20 rows or more bad: refused; half or fewer: imported with each bad row listed', async () => {
    const rows = (good: number, bad: number) => [...Array.from({ length: good }, (_, i) => row(i + 1)), ...Array.from({ length: bad }, (_, i) => badRow(100 + i))];
    const { result, snapshots } = await importFiles('mostly-bad', {
      '20250101.csv': `${header}\n${rows(9, 11).join('\n')}\n`,
      '20250108.csv': `${header}\n${row(1)}\n${badRow(2)}\n`,
    });
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, /20250101\.csv: 11 of 20 data rows could not be read \(the first, line 11: .*\); more than half, so not imported/);
    assert.match(result.stderr, /warning: skipped 20250108\.csv:3: downloads: "ten"/);
    assert.deepEqual(snapshots.map((s) => [s.day, s.records]), [['2025-01-08', 1]]);
  });

  it('a valid header followed by 5 MB of junk: given up after 1000 bad rows, a short message', async () => {
    // Printable junk with commas, quotes and line breaks: rows that are all wrong in a different way.
    const alphabet = 'abc,,"\n\n x1;=\'\\"';
    const junk = junkBytes(size, 7, (b) => alphabet.charCodeAt(b % alphabet.length));
    const { result, snapshots } = await importFiles('junk-rows', { '20250101.csv': Buffer.concat([Buffer.from(`${header}\n`), junk]) });
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, /20250101\.csv: gave up after 1000 rows that could not be read \(the first, line \d+: .*\); not imported/);
    assert.ok(result.stderr.length < 2000, `stderr is ${result.stderr.length} characters`);
    assert.deepEqual(snapshots, []);
  });

  it('reading stops at the 1000th bad row: the rows after it are not read', () => {
    const lines = [header, ...Array.from({ length: 3000 }, (_, i) => badRow(i + 1)), row(5000)];
    const file = readSnapshotCsv(Buffer.from(`${lines.join('\n')}\n`), '20250101.csv');
    assert.equal(file.skipped.length, 1000);
    assert.equal(file.skipped.at(-1)?.line, 1001);
    assert.deepEqual(file.rows, []);
    assert.match(file.error ?? '', /^gave up after 1000 rows that could not be read/);
  });

  it('5 MB of binary junk: refused by its first bytes, the excerpt escaped and short', async () => {
    const { result, snapshots } = await importFiles('binary', { '20250101.csv': junkBytes(size, 11) });
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, /20250101\.csv: binary data \(NUL bytes\), not a CSV file; it starts "/);
    assert.doesNotMatch(result.stderr, unprintable);
    assert.ok(result.stderr.length < 1000, `stderr is ${result.stderr.length} characters`);
    assert.deepEqual(snapshots, []);
  });

  it('5 MB without a line break or NUL byte: refused by its first 64 KiB', async () => {
    const junk = junkBytes(size, 13, (b) => (b === 0x0a || b === 0 ? 0x41 : b));
    const { result } = await importFiles('one-line', { '20250101.csv': junk });
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, /20250101\.csv: no line break in the first 64 KiB, so no CSV header; it starts "/);
    assert.doesNotMatch(result.stderr, unprintable);
    assert.ok(result.stderr.length < 1000, `stderr is ${result.stderr.length} characters`);
  });

  it('a header of control characters is quoted escaped, not echoed', async () => {
    const { result } = await importFiles('escapes', { '20250101.csv': `\x1b]0;pwned\x07\x1b[2J,\x9b31m,\x7fx\n1,2,3\n` });
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, /unknown CSV format; .*got: "\\u001b\]0;pwned\\u0007\\u001b\[2j,\\u009b31m,\\u007fx"/);
    assert.doesNotMatch(result.stderr, unprintable);
  });

  it('a folder with no CSV file of its own (the folder above the weekly files): exit 2, no store made', async () => {
    const parent = path.join(dir, 'data');
    await mkdir(path.join(parent, 'weekly'), { recursive: true });
    await writeFile(path.join(parent, 'weekly', '20250101.csv'), `${header}\n${row(1)}\n`);
    await writeFile(path.join(parent, 'README.md'), 'not a snapshot\n');
    const result = await runCli(['import', parent, '--db', 'parent.sqlite'], { cwd: dir });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /^error: no \.csv file in .*data: import reads the \.csv files a folder holds itself, not those in its subfolders \(weekly\/\)$/m);
    assert.doesNotMatch(result.stderr, /importing as|0 files/);
    assert.ok(!(await readdir(dir)).includes('parent.sqlite'), 'no store is made');
  });

  it('a path that does not exist: exit 2 naming it, without first announcing a collection name', async () => {
    const result = await runCli(['import', 'no-such-folder', '--db', 'none.sqlite'], { cwd: dir });
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stderr, `error: ${path.join(dir, 'no-such-folder')}: no such file or directory\n(run with --help for usage)\n`);
    assert.ok(!(await readdir(dir)).includes('none.sqlite'), 'no store is made');
  });

  it('files that all fail (or are empty) make no store and say so once, not "the others were"', async () => {
    await mkdir(path.join(dir, 'all-bad'));
    await writeFile(path.join(dir, 'all-bad', 'notes.csv'), `${header}\n${row(1)}\n`);
    await writeFile(path.join(dir, 'all-bad', '20250101.csv'), '\n');
    const failed = await runCli(['import', path.join(dir, 'all-bad', 'notes.csv'), '--db', 'all-bad.sqlite'], { cwd: dir });
    assert.equal(failed.code, 5, failed.stderr);
    assert.match(failed.stderr, /^error: the file could not be imported: notes\.csv: no date \(YYYYMMDD or YYYY-MM-DD\) in the file name$/m);
    assert.equal(failed.stderr.match(/no date \(YYYYMMDD/g)?.length, 1, failed.stderr);
    assert.doesNotMatch(failed.stderr, /the others were|snapshots written/);
    assert.match(failed.stderr, /^nothing imported into .*all-bad\.sqlite$/m);
    const empty = await runCli(['import', path.join(dir, 'all-bad', '20250101.csv'), '--db', 'all-bad.sqlite'], { cwd: dir });
    assert.equal(empty.code, 0, empty.stderr);
    assert.match(empty.stderr, /^empty file, no snapshot: 20250101\.csv$/m);
    assert.match(empty.stderr, /^nothing imported into .*all-bad\.sqlite$/m);
    assert.ok(!(await readdir(dir)).includes('all-bad.sqlite'), 'no store is made');
  });
});
