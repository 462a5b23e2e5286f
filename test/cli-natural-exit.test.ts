/**
 * The built binary ends by itself, never with `process.exit`: on Node 24 a `process.exit` at the end of a command
 * that had just used the store hung for ever in about 1 run in 25 (nodejs/node#54918, exit-time variant: V8's
 * worker threads are joined while one of them, compiling the command's code, waits for a garbage collection on
 * the main thread). The hang itself only shows in hundreds of runs, so this checks how the process ends: with a
 * `process.exit` that throws, every run still gives its exit code and its complete output.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir } from './helpers/run-cli.js';

// The built binary, as `npx zenodo-stats` runs it (npm test builds dist/ first).
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const weeklyDir = fileURLToPath(new URL('./fixtures/nfdi4bioimage-weekly/', import.meta.url));

describe('the built binary ends without process.exit', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let preload: string;

  before(async () => {
    ({ dir, remove } = await tempDir());
    preload = path.join(dir, 'no-process-exit.mjs');
    await writeFile(preload, "process.exit = () => { throw new Error('process.exit was called'); };\n");
    await mkdir(path.join(dir, 'weekly'));
    for (const name of ['20240628.csv', '20240711.csv']) await copyFile(path.join(weeklyDir, name), path.join(dir, 'weekly', name));
  });
  after(async () => {
    await remove();
  });

  /** Runs the built CLI with `process.exit` replaced by a function that throws; stdout and stderr are pipes. */
  function run(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, ['--import', preload, cli, ...args], { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  }

  it('a command that writes the store, one that reads it, and one that fails give their exit codes and output', async () => {
    const imported = await run(['import', 'weekly', '--as', 'training', '--db', 'store.sqlite', '-q']);
    assert.equal(imported.code, 0, imported.stderr);
    assert.doesNotMatch(imported.stderr, /process\.exit/);

    const listed = await run(['snapshots', 'training', '--db', 'store.sqlite', '--format', 'json']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.doesNotMatch(listed.stderr, /process\.exit/);
    const snapshots = JSON.parse(listed.stdout) as { day: string; records: number; source: string }[];
    assert.deepEqual(
      snapshots.map((s) => [s.day, s.records, s.source]),
      [
        ['2024-06-28', 34, 'import:20240628.csv'],
        ['2024-07-11', 34, 'import:20240711.csv'],
      ],
    );

    const missing = await run(['snapshots', '--db', 'missing.sqlite']);
    assert.equal(missing.code, 6, missing.stderr);
    assert.match(missing.stderr, /no store at \S*missing\.sqlite/);
    assert.doesNotMatch(missing.stderr, /process\.exit/);
  });

  it('a usage error is exit 2', async () => {
    const result = await run(['snapshots', '--db', 'a.sqlite', '--no-db']);
    assert.equal(result.code, 2, result.stderr);
    assert.doesNotMatch(result.stderr, /process\.exit/);
  });
});
