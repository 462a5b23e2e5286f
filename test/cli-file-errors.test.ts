/**
 * Issue 12, "every file error is exit 6 with the path and the reason", and "nothing lost": outputs that cannot
 * be written say which file and why (not "internal error … this is a bug"), a device is written in place, and a
 * report that fails leaves an earlier one as it was.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { lstat, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createFakeClock } from './helpers/fake-clock.js';
import { makeSyntheticRecords } from './helpers/dataset.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const weeklyDir = fileURLToPath(new URL('./fixtures/nfdi4bioimage-weekly/', import.meta.url));
const now = Date.UTC(2026, 10, 25, 12, 0, 0);
// The built binary, as `npx zenodo-stats` runs it (npm test builds dist/ first).
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

describe('file errors: exit 6, the path and the reason', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let db: string;
  let server: FakeZenodo;
  const clock = createFakeClock(now);
  const run = (args: string[]) => runCli(args, { cwd: dir, clock });

  before(async () => {
    ({ dir, remove } = await tempDir());
    db = path.join(dir, 'h.sqlite');
    const files = (await readdir(weeklyDir)).sort().slice(-6).map((f) => path.join(weeklyDir, f));
    const imported = await run(['import', ...files, '--as', 'training', '--db', db, '-q']);
    assert.equal(imported.code, 0, imported.stderr);
    server = await startFakeZenodo({
      records: makeSyntheticRecords(30, { community: 'small', seed: 3 }),
      communities: [{ id: 'sm4ll', slug: 'small', title: 'Small' }],
      now: () => clock.now(),
    });
  });
  after(async () => {
    await server.close();
    await remove();
  });

  /** The CLI's verdict on a failed run: exit 6, one line naming `file` and a reason, never "internal error". */
  function assertFileError(result: { code: number; stderr: string }, says: RegExp): void {
    assert.equal(result.code, 6, result.stderr);
    assert.match(result.stderr, says);
    assert.doesNotMatch(result.stderr, /internal error|This is a bug/);
  }

  it('history -o into a missing folder', async () => {
    const result = await run(['history', 'training', '--db', db, '-o', '/nonexistent-zs/h.csv', '-q']);
    assertFileError(result, /cannot write \/nonexistent-zs\/h\.csv: directory \/nonexistent-zs does not exist/);
  });

  it('snapshots -o into a missing folder', async () => {
    const result = await run(['snapshots', '--db', db, '-o', 'no/such/s.csv', '-q']);
    assertFileError(result, /cannot write .*no\/such\/s\.csv: directory .*no\/such does not exist/);
  });

  it('top -o onto a folder leaves the folder as it was', async () => {
    await mkdir(path.join(dir, 'a-folder'));
    await writeFile(path.join(dir, 'a-folder', 'keep.txt'), 'keep');
    const result = await run(['top', 'training', '--db', db, '-o', 'a-folder', '-q']);
    assertFileError(result, /cannot write .*a-folder: .*is a directory/);
    assert.deepEqual(await readdir(path.join(dir, 'a-folder')), ['keep.txt']);
  });

  it('history -o name/ (a trailing slash) writes no file called name', async () => {
    const result = await run(['history', 'training', '--db', db, '-o', 'hist/', '-q']);
    assertFileError(result, /cannot write .*hist\/: the name ends in '\/', so it names a folder/);
    assert.ok(!(await readdir(dir)).includes('hist'));
  });

  it('report -o onto a file (ENOTDIR) leaves the file as it was', async () => {
    await writeFile(path.join(dir, 'not-a-folder'), 'mine');
    const result = await run(['report', 'training', '--db', db, '-o', 'not-a-folder', '-q']);
    assertFileError(result, /cannot write the report to .*not-a-folder: it is a file, not a folder/);
    assert.equal(await readFile(path.join(dir, 'not-a-folder'), 'utf8'), 'mine');
  });

  it('export --dir onto a file (EEXIST)', async () => {
    await writeFile(path.join(dir, 'export-file'), 'mine');
    const result = await run(['export', 'training', '--db', db, '--dir', 'export-file', '-q']);
    assertFileError(result, /cannot create the folder .*export-file: a file of that name is in the way \(EEXIST\)/);
    assert.equal(await readFile(path.join(dir, 'export-file'), 'utf8'), 'mine');
  });

  it('history -o /dev/null writes to the device and leaves it a device', async () => {
    const result = await run(['history', 'training', '--db', db, '-o', '/dev/null', '-q']);
    assert.equal(result.code, 0, result.stderr);
    assert.ok((await lstat('/dev/null')).isCharacterDevice());
  });

  it('summarize -o /dev/null saves the snapshot and leaves /dev/null a device', async () => {
    const result = await run(['summarize', 'small', '--base-url', server.url, '-o', '/dev/null', '--db', path.join(dir, 'null.sqlite'), '-q']);
    assert.equal(result.code, 0, result.stderr);
    assert.ok((await lstat('/dev/null')).isCharacterDevice());
    assert.ok((await readdir(dir)).includes('null.sqlite'));
  });

  it('a report whose fetch fails leaves the earlier report as it was and nothing beside it', async () => {
    const first = await run(['report', 'training', '--db', db, '-o', 'site/report', '-q']);
    assert.equal(first.code, 0, first.stderr);
    const before = await readFile(path.join(dir, 'site', 'report', 'index.html'), 'utf8');
    const beforeFiles = (await readdir(path.join(dir, 'site', 'report'), { recursive: true })).sort();
    // `training` is no community on the fake: the fetch fails (exit 3) before any file is made.
    const failed = await run(['report', 'training', '--fetch', '--base-url', server.url, '--db', db, '-o', 'site/report', '-q']);
    assert.equal(failed.code, 3, failed.stderr);
    assert.equal(await readFile(path.join(dir, 'site', 'report', 'index.html'), 'utf8'), before);
    assert.deepEqual((await readdir(path.join(dir, 'site', 'report'), { recursive: true })).sort(), beforeFiles);
    assert.deepEqual(await readdir(path.join(dir, 'site')), ['report'], 'no build folder left beside the report');
  });

  it('a report that fails leaves no empty report folder behind', async () => {
    const result = await run(['report', 'no-such-collection', '--db', db, '-o', 'empty-report', '-q']);
    assert.notEqual(result.code, 0);
    assert.deepEqual((await readdir(dir)).filter((f) => f.includes('empty-report')), []);
  });

  it('a report on a full disk leaves the earlier report as it was, not half old and half new', async () => {
    const first = await run(['report', 'training', '--db', db, '-o', 'full/report', '-q']);
    assert.equal(first.code, 0, first.stderr);
    const reportDir = path.join(dir, 'full', 'report');
    const files = (await readdir(reportDir, { recursive: true })).filter((f) => f.includes('.')).sort();
    const before = new Map(await Promise.all(files.map(async (f) => [f, await readFile(path.join(reportDir, f), 'utf8')] as const)));
    // A file-size limit (ulimit -f, in KiB) that every file but index.html fits under stands in for a full disk:
    // writes past it fail with EFBIG, as they would with ENOSPC.
    const sizes = await Promise.all(files.map(async (f) => [f, (await stat(path.join(reportDir, f))).size] as const));
    const limitKiB = Math.floor((before.get('index.html')?.length ?? 0) / 1024);
    for (const [f, size] of sizes) if (f !== 'index.html') assert.ok(size < limitKiB * 1024, `${f} (${size} bytes) fits under the limit`);
    const child = spawn('bash', ['-c', `ulimit -f ${limitKiB}; exec "$0" "$@"`, process.execPath, cli, 'report', 'training', '--db', db, '-o', 'full/report', '--title', 'A new title', '-q'], { cwd: dir, env: { PATH: process.env.PATH ?? '' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assertFileError({ code: code ?? -1, stderr }, /cannot write .*index\.html: .*EFBIG|file too large/);
    for (const f of files) assert.equal(await readFile(path.join(reportDir, f), 'utf8'), before.get(f), `${f} is the earlier report's`);
    assert.deepEqual(await readdir(path.join(dir, 'full')), ['report'], 'no build folder left beside the report');
  });
});
