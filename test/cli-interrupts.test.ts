/**
 * Issue 12, points 2, 14, 15: repeated Ctrl-C while the snapshot is saved, Ctrl-C during `import`, and a reader
 * that closes stdout early. The files and the snapshot must always agree, and the user is told what happened.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { makeSyntheticRecords } from './helpers/dataset.js';
import { createFakeClock } from './helpers/fake-clock.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';
import { runCli, tempDir } from './helpers/run-cli.js';

// The built binary, as `npx zenodo-stats` runs it (npm test builds dist/ first).
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const weeklyDir = fileURLToPath(new URL('./fixtures/nfdi4bioimage-weekly/', import.meta.url));

interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
}

async function snapshotCount(db: string): Promise<number> {
  if (!existsSync(db)) return 0;
  const store = await openSqliteStore(db);
  try {
    return (await store.listSnapshots()).length;
  } finally {
    await store.close();
  }
}

describe('interrupts and a closed stdout', () => {
  let server: FakeZenodo;
  let dir: string;
  let remove: () => Promise<void>;

  before(async () => {
    server = await startFakeZenodo({
      records: makeSyntheticRecords(120, { community: 'c', seed: 11 }),
      communities: [{ id: 'c1', slug: 'c', title: 'C' }],
    });
    ({ dir, remove } = await tempDir());
  });
  after(async () => {
    await server.close();
    await remove();
  });

  it('holds off a further Ctrl-C from before the snapshot is saved until the output is written', async () => {
    const db = path.join(dir, 'hold.sqlite');
    const out = path.join(dir, 'hold.csv');
    const seen: { what: string; atStart: [boolean, number]; atEnd?: [boolean, number] }[] = [];
    let pending: Promise<void> = Promise.resolve();
    const result = await runCli(['summarize', 'c', '--base-url', server.url, '-o', 'hold.csv', '--db', db, '-q'], {
      cwd: dir,
      clock: createFakeClock(Date.UTC(2026, 10, 25)),
      holdInterrupts: (what) => {
        const entry: (typeof seen)[number] = { what, atStart: [existsSync(out), -1] };
        seen.push(entry);
        pending = snapshotCount(db).then((n) => void (entry.atStart[1] = n));
        return () => {
          entry.atEnd = [existsSync(out), -1];
        };
      },
    });
    await pending;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.what, 'saving the snapshot and writing the output');
    assert.deepEqual(seen[0]?.atStart, [false, 0], 'held before the snapshot and the CSV exist');
    assert.equal(seen[0]?.atEnd?.[0], true, 'released only once the CSV is written');
    assert.equal(await snapshotCount(db), 1);
  });

  /** A built-CLI summarize of the fake's community into `<name>.csv` and `<name>.sqlite`, once it has asked for `page`. */
  async function summarizeUntilPage(name: string, page: string) {
    const db = path.join(dir, `${name}.sqlite`);
    server.requests.length = 0;
    const child = spawn(process.execPath, [cli, 'summarize', 'c', '--base-url', server.url, '-o', `${name}.csv`, '--db', db], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '' },
    });
    const run = { child, db, csv: path.join(dir, `${name}.csv`), stderr: '' };
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (server.requests.some((r) => r.query.page === page)) {
          clearInterval(poll);
          resolve();
        }
      }, 2);
    });
    return Object.assign(run, { closed });
  }

  it('Ctrl-C twice just after the listing: the CSV and the snapshot agree, and stderr says what happened', async () => {
    // The listing's last page (120 records, 25 a page) was served: press Ctrl-C twice in quick succession.
    const run = await summarizeUntilPage('twice', '5');
    run.child.kill('SIGINT');
    run.child.kill('SIGINT');
    const { code, signal } = await run.closed;
    const { stderr } = run;
    const csv = existsSync(run.csv);
    const snapshots = await snapshotCount(run.db);
    assert.notEqual(stderr.trim(), '', 'stderr says what happened');
    if (code === 0) {
      // The presses came once the outputs were under way: they were finished.
      assert.ok(csv && snapshots === 1, `exit 0 with the CSV (${csv}) and one snapshot (${snapshots})`);
    } else if (signal !== null) {
      // The second press came before the first had unwound the run: it stopped at once, ended by the signal
      // itself (a shell's 130), not by process.exit, which can hang on Node 24.
      assert.equal(signal, 'SIGINT', stderr);
      assert.match(stderr, /interrupted again: stopping at once; no output file or snapshot was written/);
      assert.ok(!csv && snapshots === 0, `stopped by SIGINT with neither the CSV (${csv}) nor a snapshot (${snapshots})`);
    } else {
      assert.equal(code, 130, stderr);
      assert.ok(!csv && snapshots === 0, `exit 130 with neither the CSV (${csv}) nor a snapshot (${snapshots})`);
      assert.match(stderr, /interrupted/);
    }
  });

  it('a second signal while the first is unwinding ends the process by that signal at once, writing nothing', async () => {
    // Deterministic: the process is stopped while both signals are sent, so both are pending when it resumes and
    // its handlers see them one after the other, before the first has unwound anything. Which one comes second
    // depends on the thread the kernel gives each to; that one ends the process. Not process.exit(130), which
    // can hang on Node 24 (src/cli.ts).
    const run = await summarizeUntilPage('again', '2');
    for (const signal of ['SIGSTOP', 'SIGINT', 'SIGTERM', 'SIGCONT'] as const) run.child.kill(signal);
    const { code, signal } = await run.closed;
    assert.equal(code, null, run.stderr);
    assert.ok(signal === 'SIGINT' || signal === 'SIGTERM', `ended by ${signal}: ${run.stderr}`);
    assert.match(run.stderr, /interrupted again: stopping at once; no output file or snapshot was written\n/);
    assert.ok(!existsSync(run.csv), 'no CSV');
    assert.equal(await snapshotCount(run.db), 0);
  });

  it('summarize -o - | head -1: the snapshot is saved and the summary still reaches stderr', async () => {
    const db = path.join(dir, 'head.sqlite');
    const child = spawn(process.execPath, [cli, 'summarize', 'c', '--base-url', server.url, '-o', '-', '--db', db], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '' },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Like `head -1`: read the first line, then close the pipe.
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^record_id,|^\uFEFF?[a-z_]+,/);
    assert.match(stderr, /^120 records · /m, 'the summary');
    assert.match(stderr, /snapshot \d{4}-\d\d-\d\d saved in head\.sqlite/);
    assert.equal(await snapshotCount(db), 1);
  });

  it('import stops at a Ctrl-C between snapshots and says how many were saved (exit 130)', async () => {
    const db = path.join(dir, 'import.sqlite');
    const controller = new AbortController();
    controller.abort(new Error('received SIGINT'));
    const files = (await readdir(weeklyDir)).sort().slice(0, 5).map((f) => path.join(weeklyDir, f));
    const result = await runCli(['import', ...files, '--as', 'training', '--db', db], { cwd: dir, signal: controller.signal });
    assert.equal(result.code, 130, result.stderr);
    assert.match(result.stderr, /interrupted: 0 of 5 snapshots were imported into .*import\.sqlite \(0 written, 0 already there\), the rest were not; run the same import again/);
    assert.doesNotMatch(result.stderr, /no output file or snapshot was written/);
    assert.equal(await snapshotCount(db), 0);
  });

  it('import interrupted by SIGINT: the store holds exactly the snapshots it says were saved', async () => {
    const db = path.join(dir, 'import-sigint.sqlite');
    const child = spawn(process.execPath, [cli, 'import', weeklyDir, '--as', 'training', '--db', db], { cwd: dir, env: { PATH: process.env.PATH ?? '' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The store appears once the files are read: the snapshots are being planned or saved. Press Ctrl-C then.
    const poll = setInterval(() => {
      if (existsSync(db)) {
        clearInterval(poll);
        child.kill('SIGINT');
      }
    }, 2);
    const result: Spawned = { code: await new Promise<number | null>((resolve) => child.on('close', resolve)), stdout: '', stderr };
    clearInterval(poll);
    const stored = await snapshotCount(db);
    if (result.code === 0) {
      // Finished before the signal: every snapshot imported (105 files, two days with two files each).
      assert.equal(stored, 103);
    } else {
      assert.equal(result.code, 130, result.stderr);
      const said = /interrupted: (\d+) of 103 snapshots were imported/.exec(result.stderr);
      assert.ok(said, result.stderr);
      assert.equal(stored, Number(said[1]));
    }
  });
});
