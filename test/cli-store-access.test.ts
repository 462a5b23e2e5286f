/**
 * Issue 12, points 5, 6, 7 and 13: the store. Commands that only read open it read-only and never create one; a
 * store that may be read but not written is read, and a write into it is refused with the path and the reason;
 * a full disk says so and what was saved; a damaged store is noticed before anything is saved into it.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, copyFile, mkdir, open, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createFakeClock } from './helpers/fake-clock.js';
import { makeSyntheticRecords } from './helpers/dataset.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';
import { runCli, tempDir } from './helpers/run-cli.js';
import { runWithDeadline, type Run } from './helpers/run-with-deadline.js';
import sqlite3 from 'node-sqlite3-wasm';
import { openSqliteStore } from '../src/store/sqlite-store.js';

const weeklyDir = fileURLToPath(new URL('./fixtures/nfdi4bioimage-weekly/', import.meta.url));
const now = Date.UTC(2026, 10, 25, 12, 0, 0);
// The built binary, as `npx zenodo-stats` runs it (npm test builds dist/ first).
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/**
 * Root ignores mode bits, and CI jobs often run as root: there the CLI runs as `nobody` (setpriv), so that a
 * mode-444 file or a mode-555 folder refuses writes as it does for any user.
 */
const isRoot = process.getuid?.() === 0;
const hasSetpriv = spawnSync('setpriv', ['--version']).status === 0;
/**
 * `nobody` must be able to read this checkout to run its CLI; a checkout inside a folder of mode 700 (a `mktemp -d`
 * clone, as CI may make) cannot be, and then these cases skip, saying why (the store contract's read-only cases
 * still run, as root too).
 */
const nobodyReadsCheckout =
  isRoot &&
  hasSetpriv &&
  spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(fileURLToPath(new URL('../package.json', import.meta.url)))})`]).status === 0;
const otherUserSkip = !isRoot
  ? false
  : !hasSetpriv
    ? 'running as root without setpriv: mode bits cannot be tested'
    : !nobodyReadsCheckout
      ? 'running as root in a checkout that user nobody cannot read (a folder of mode 700 above it): mode bits cannot be tested as another user'
      : false;
/** A read-only bind mount, in a user and mount namespace of its own (EROFS holds for root too). */
const mountSkip =
  spawnSync('unshare', ['-rm', 'sh', '-c', 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" "$1"', 'sh', tmpdir()]).status === 0
    ? false
    : 'unshare -rm cannot make a read-only bind mount here (no user namespaces)';

/** Runs the built CLI with `folder` mounted read-only (for that process only), in `cwd`. */
function runOnReadOnlyMount(folder: string, args: readonly string[], cwd: string): Promise<Run> {
  const script = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" "$1" && shift && exec "$@"';
  return runWithDeadline('unshare', ['-rm', 'sh', '-c', script, 'sh', folder, process.execPath, cli, ...args], cwd);
}

/**
 * Runs the built CLI in a process of its own, in `cwd`: as `nobody` when the tests run as root (unless
 * `otherUser` is false), after the shell command `shell` (a `ulimit`) if given.
 */
function runBuiltCli(args: readonly string[], cwd: string, options: { shell?: string; otherUser?: boolean } = {}): Promise<Run> {
  const node = [process.execPath, cli, ...args];
  const asUser = isRoot && options.otherUser !== false ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...node] : node;
  const command = options.shell === undefined ? asUser : ['bash', '-c', `${options.shell}; exec "$0" "$@"`, ...asUser];
  const [file, ...rest] = command as [string, ...string[]];
  return runWithDeadline(file, rest, cwd);
}

/** The bytes and modification time of a file, and the names in its folder: what "left as it was" compares. */
async function fingerprint(file: string): Promise<{ bytes: Buffer; mtimeMs: number; folder: string[] }> {
  const info = await stat(file);
  return { bytes: await readFile(file), mtimeMs: info.mtimeMs, folder: (await readdir(path.dirname(file))).sort() };
}

describe('the store: read-only, missing, full, damaged', () => {
  let dir: string;
  let remove: () => Promise<void>;
  /** A store of 6 imported weekly snapshots of `training`, never written by the tests: copy it. */
  let db: string;
  let server: FakeZenodo;
  const clock = createFakeClock(now);
  const run = (args: string[], cwd = dir) => runCli(args, { cwd, clock });
  let fixtureFiles: string[];

  before(async () => {
    ({ dir, remove } = await tempDir());
    // Other users (nobody, below) must reach the folders the tests make.
    await chmod(dir, 0o755);
    db = path.join(dir, 'h.sqlite');
    fixtureFiles = (await readdir(weeklyDir)).sort().slice(-6).map((f) => path.join(weeklyDir, f));
    const imported = await run(['import', ...fixtureFiles, '--as', 'training', '--db', db, '-q']);
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

  /** A folder `name` holding a copy of the store, with the given modes for the folder and the file. */
  async function storeCopy(name: string, modes: { folder: number; file: number }): Promise<string> {
    const folder = path.join(dir, name);
    await mkdir(folder);
    const file = path.join(folder, 'store.sqlite');
    await copyFile(db, file);
    await chmod(file, modes.file);
    await chmod(folder, modes.folder);
    return file;
  }

  /** A folder anyone may write, for the outputs of a run as another user. */
  async function outputFolder(name: string): Promise<string> {
    const folder = path.join(dir, name);
    await mkdir(folder);
    await chmod(folder, 0o777);
    return folder;
  }

  describe('a command that reads never creates (point 13)', () => {
    for (const args of [
      ['history', 'training'],
      ['top', 'training'],
      ['snapshots'],
      ['export', 'training', '--dir', 'exported'],
      ['report', 'training', '-o', 'report'],
    ]) {
      it(`${args[0]} --db missing.sqlite fails with "no store at …", exit 6, and creates nothing`, async () => {
        const cwd = path.join(dir, `missing-${args[0]}`);
        await mkdir(cwd);
        const result = await run([...args, '--db', 'missing.sqlite', '-q'], cwd);
        assert.equal(result.code, 6, result.stderr);
        assert.match(result.stderr, /no store at \S*missing\.sqlite: make one with `zenodo-stats summarize <community>` or `zenodo-stats import <files>`/);
        assert.doesNotMatch(result.stderr, /internal error|This is a bug/);
        assert.deepEqual(await readdir(cwd), [], 'no store, no lock, no output folder');
      });
    }

    it('report in an empty folder, with the default store, leaves the folder empty', async () => {
      const cwd = path.join(dir, 'empty-report');
      await mkdir(cwd);
      const result = await run(['report', 'training', '-q'], cwd);
      assert.equal(result.code, 6, result.stderr);
      assert.match(result.stderr, /no store at \S*zenodo-stats\.sqlite/);
      assert.deepEqual(await readdir(cwd), []);
    });

    it('report --fetch whose fetch fails leaves neither a store nor a report folder', async () => {
      const cwd = path.join(dir, 'failed-fetch');
      await mkdir(cwd);
      // `training` is no community on the fake: the fetch fails (exit 3).
      const result = await run(['report', 'training', '--fetch', '--base-url', server.url, '-q'], cwd);
      assert.equal(result.code, 3, result.stderr);
      assert.deepEqual(await readdir(cwd), []);
    });

    it('an empty file is not a store: read commands say so and leave it empty', async () => {
      const cwd = path.join(dir, 'empty-file');
      await mkdir(cwd);
      await writeFile(path.join(cwd, 'empty.sqlite'), '');
      const result = await run(['history', 'training', '--db', 'empty.sqlite', '-q'], cwd);
      assert.equal(result.code, 6, result.stderr);
      assert.match(result.stderr, /no store at \S*empty\.sqlite \(the file is empty\)/);
      assert.equal((await stat(path.join(cwd, 'empty.sqlite'))).size, 0);
      assert.deepEqual(await readdir(cwd), ['empty.sqlite']);
    });
  });

  describe('a store that can be read but not written (point 5)', () => {
    it('read commands leave the store file byte for byte as it was, and no journal or lock beside it', async () => {
      const file = await storeCopy('untouched', { folder: 0o755, file: 0o644 });
      const before = await fingerprint(file);
      for (const args of [
        ['snapshots'],
        ['history', 'training'],
        ['top', 'training'],
        ['export', 'training', '--dir', path.join(dir, 'untouched-export')],
        ['report', 'training', '-o', path.join(dir, 'untouched-report')],
      ]) {
        const result = await run([...args, '--db', file, '-q', ...(args[0] === 'export' || args[0] === 'report' ? [] : ['-o', '/dev/null'])]);
        assert.equal(result.code, 0, `${args[0]}: ${result.stderr}`);
        assert.deepEqual(await fingerprint(file), before, `${args[0]} left the store as it was`);
      }
    });

    it('a store file of mode 444 is read by snapshots, history, top, export and report', { skip: otherUserSkip }, async () => {
      const file = await storeCopy('mode-444', { folder: 0o777, file: 0o444 });
      const out = await outputFolder('mode-444-out');
      const before = await fingerprint(file);
      for (const args of [
        ['snapshots'],
        ['history', 'training'],
        ['top', 'training'],
        ['export', 'training', '--dir', 'exported'],
        ['report', 'training', '-o', 'report'],
      ]) {
        const result = await runBuiltCli([...args, '--db', file, '-q'], out);
        assert.equal(result.code, 0, `${args[0]}: ${result.stderr}`);
        assert.deepEqual(await fingerprint(file), before, `${args[0]} left the store as it was`);
      }
      assert.match((await runBuiltCli(['snapshots', '--db', file], out)).stdout, /training\s+2026-08-11/);
    });

    it("a store in a folder this user may not write (another owner's, a read-only mount) is read", { skip: otherUserSkip }, async () => {
      const file = await storeCopy('folder-555', { folder: 0o555, file: 0o444 });
      const out = await outputFolder('folder-555-out');
      const before = await fingerprint(file);
      for (const args of [['snapshots'], ['history', 'training'], ['report', 'training', '-o', 'report']]) {
        const result = await runBuiltCli([...args, '--db', file, '-q'], out);
        assert.equal(result.code, 0, `${args[0]}: ${result.stderr}`);
        assert.deepEqual(await fingerprint(file), before, `${args[0]} left the store and its folder as they were`);
      }
    });

    it('a store on a read-only mount is read, and a write into it says "the file system is read-only"', { skip: mountSkip }, async () => {
      const file = await storeCopy('ro-mount', { folder: 0o755, file: 0o644 });
      const out = await outputFolder('ro-mount-out');
      const before = await fingerprint(file);
      for (const args of [['snapshots'], ['history', 'training'], ['report', 'training', '-o', 'report']]) {
        const result = await runOnReadOnlyMount(path.dirname(file), [...args, '--db', file, '-q'], out);
        assert.equal(result.code, 0, `${args[0]}: ${result.stderr}`);
      }
      const write = await runOnReadOnlyMount(path.dirname(file), ['import', weeklyDir, '--as', 'again', '--db', file, '-q'], out);
      assert.equal(write.code, 6, write.stderr);
      assert.match(write.stderr, /the store \S*ro-mount\/store\.sqlite is read-only: the file cannot be written: the file system is read-only \(EROFS\)/);
      assert.deepEqual(await fingerprint(file), before);
    });

    it('import into a mode-444 store: "the store … is read-only: … permission denied", exit 6, nothing written', { skip: otherUserSkip }, async () => {
      const file = await storeCopy('import-444', { folder: 0o777, file: 0o444 });
      const before = await fingerprint(file);
      const result = await runBuiltCli(['import', weeklyDir, '--as', 'again', '--db', file, '-q'], dir);
      assert.equal(result.code, 6, result.stderr);
      assert.match(result.stderr, /the store \S*import-444\/store\.sqlite is read-only: the file cannot be written: permission denied \(EACCES\)/);
      assert.doesNotMatch(result.stderr, /Could not open the database|internal error/);
      assert.deepEqual(await fingerprint(file), before);
    });

    it('snapshots --delete in a folder this user may not write: read-only, exit 6, nothing deleted', { skip: otherUserSkip }, async () => {
      const file = await storeCopy('delete-555', { folder: 0o555, file: 0o666 });
      const before = await fingerprint(file);
      const result = await runBuiltCli(['snapshots', '--db', file, '--delete', '1', '-q'], dir);
      assert.equal(result.code, 6, result.stderr);
      assert.match(result.stderr, /the store \S*delete-555\/store\.sqlite is read-only: its folder \S+ cannot be written \(the lock and the journal go there\): permission denied/);
      assert.deepEqual(await fingerprint(file), before);
    });

    it('summarize into a mode-444 store is refused before it lists the community', { skip: otherUserSkip }, async () => {
      const file = await storeCopy('summarize-444', { folder: 0o777, file: 0o444 });
      const out = await outputFolder('summarize-444-out');
      const before = await fingerprint(file);
      const requests = server.requests.length;
      const result = await runBuiltCli(['summarize', 'small', '--base-url', server.url, '--db', file, '-o', 'small.csv', '-q'], out);
      assert.equal(result.code, 6, result.stderr);
      assert.match(result.stderr, /the store \S*summarize-444\/store\.sqlite is read-only: .*permission denied/);
      assert.equal(server.requests.length, requests, 'no request was made');
      assert.deepEqual(await readdir(out), []);
      assert.deepEqual(await fingerprint(file), before);
    });
  });

  describe('a damaged store is noticed before anything is saved into it (point 7)', () => {
    /**
     * A copy of the store whose first snapshot's records are broken: the next-page pointer of an overflow page
     * of its packed record ids points past the end of the file. Saving a new snapshot never reads that page, so
     * only a check of the whole file (or a later `history`) finds it.
     */
    async function damagedCopy(name: string): Promise<string> {
      const file = await storeCopy(name, { folder: 0o755, file: 0o644 });
      const store = await openSqliteStore(file, { readOnly: true });
      const first = (await store.loadCollection('training'))[0];
      await store.close();
      assert.ok(first && first.records.length > 400, 'the first snapshot has enough records to overflow a page');
      const ids = first.records.slice(300, 303).map((r) => r.recordId).join('\n');
      const bytes = await readFile(file);
      const at = bytes.indexOf(Buffer.from(ids));
      assert.ok(at > 0, 'the packed ids are in the file');
      const pageSize = bytes.readUInt16BE(16);
      const handle = await open(file, 'r+');
      try {
        await handle.write(Buffer.from([0x7f, 0xff, 0xff, 0xff]), 0, 4, Math.floor(at / pageSize) * pageSize);
      } finally {
        await handle.close();
      }
      const db = new sqlite3.Database(file, { readOnly: true });
      try {
        assert.notDeepEqual(db.all('PRAGMA quick_check'), [{ quick_check: 'ok' }], 'the copy is damaged');
      } finally {
        db.close();
      }
      return file;
    }

    it('import into a damaged store: exit 5, the file named, nothing saved', async () => {
      const file = await damagedCopy('damaged-import');
      const before = await fingerprint(file);
      const another = (await readdir(weeklyDir)).sort().slice(-7)[0] ?? '';
      const result = await run(['import', path.join(weeklyDir, another), '--as', 'training', '--db', file, '-q']);
      assert.equal(result.code, 5, result.stderr);
      assert.match(result.stderr, /damaged-import\/store\.sqlite is damaged \(PRAGMA quick_check: .+\): nothing was saved into it/);
      assert.deepEqual(await fingerprint(file), before);
    });

    it('summarize into a damaged store: exit 5 before its first request, nothing saved', async () => {
      const file = await damagedCopy('damaged-summarize');
      const before = await fingerprint(file);
      const requests = server.requests.length;
      const result = await run(['summarize', 'small', '--base-url', server.url, '--db', file, '-o', path.join(dir, 'damaged.csv'), '-q']);
      assert.equal(result.code, 5, result.stderr);
      assert.match(result.stderr, /damaged-summarize\/store\.sqlite is damaged \(PRAGMA quick_check: .+\): nothing was saved into it/);
      assert.equal(server.requests.length, requests, 'no request was made');
      assert.deepEqual(await fingerprint(file), before);
      assert.ok(!(await readdir(dir)).includes('damaged.csv'));
    });
  });

  describe('a full disk while saving (point 6)', () => {
    // A run of the built CLI too: a hang fails naming what it waits in (see HungRun).
    it('import says "no space left for the store …" and how many snapshots were saved, each whole', async () => {
      const files = (await readdir(weeklyDir)).sort().slice(-12);
      const days = files.map((f) => `${f.slice(0, 4)}-${f.slice(4, 6)}-${f.slice(6, 8)}`);
      // A file-size limit (ulimit -f, in KiB) the size of a store of the first 6 of them stands in for a full
      // disk: writes past it fail with EFBIG, as they would with ENOSPC.
      const scratch = path.join(dir, 'full-scratch.sqlite');
      const first = await run(['import', ...files.slice(0, 6).map((f) => path.join(weeklyDir, f)), '--as', 'training', '--db', scratch, '-q']);
      assert.equal(first.code, 0, first.stderr);
      const limitKiB = Math.ceil((await stat(scratch)).size / 1024);
      const folder = path.join(dir, 'full');
      await mkdir(folder);
      const file = path.join(folder, 'store.sqlite');
      const result = await runBuiltCli(['import', ...files.map((f) => path.join(weeklyDir, f)), '--as', 'training', '--db', file, '-q'], dir, {
        shell: `ulimit -f ${limitKiB}`,
        otherUser: false,
      });
      assert.equal(result.code, 6, result.stderr);
      assert.match(result.stderr, /no space left for the store \S*full\/store\.sqlite: the file is larger than this process may write \(ulimit -f\) \(EFBIG\)/);
      assert.doesNotMatch(result.stderr, /nothing was written|disk I\/O error/);
      const saved = Number(/(\d+) of 12 snapshots were saved, each whole/.exec(result.stderr)?.[1]);
      assert.ok(saved > 0 && saved < 12, `some but not all were saved: ${result.stderr}`);
      assert.match(result.stderr, new RegExp(`the days before ${days[saved]}\\); ${days[saved]} and the later ones were not`));
      // What it says is what is there: the first `saved` days, each whole, and nothing left beside the store.
      const store = await openSqliteStore(file, { readOnly: true });
      try {
        const loaded = await store.loadCollection('training');
        assert.deepEqual(loaded.map((s) => s.info.day), days.slice(0, saved));
        for (const s of loaded) assert.equal(s.records.length, s.info.recordCount);
      } finally {
        await store.close();
      }
      assert.deepEqual(await readdir(folder), ['store.sqlite']);
    });
  });
});
