/**
 * Issue 12, points 16, 17 and 18: a community asked for by its uuid is named by its slug in the file and the
 * snapshot alike; import and history agree about which snapshots are partial; `--quiet` means one warning line
 * at most for the data-quality notes.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { makeSyntheticRecords } from './helpers/dataset.js';
import { createFakeClock } from './helpers/fake-clock.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const weeklyDir = fileURLToPath(new URL('./fixtures/nfdi4bioimage-weekly/', import.meta.url));
const uuid = '6b6c3d0e-1f1a-4a53-9a0d-4c1a6a9d9e11';

describe('one name, one rule, one line', () => {
  let server: FakeZenodo;
  let dir: string;
  let remove: () => Promise<void>;
  const clock = createFakeClock(Date.UTC(2026, 10, 25, 12));
  const run = (args: string[]) => runCli(args, { cwd: dir, clock });

  before(async () => {
    server = await startFakeZenodo({
      records: makeSyntheticRecords(30, { community: 'my-community', seed: 4 }),
      communities: [{ id: uuid, slug: 'my-community', title: 'Mine' }],
    });
    ({ dir, remove } = await tempDir());
  });
  after(async () => {
    await server.close();
    await remove();
  });

  it('a community given by its uuid names the default output file and the snapshot by its slug', async () => {
    const result = await run(['summarize', uuid, '--base-url', server.url, '--db', 'uuid.sqlite', '-q']);
    assert.equal(result.code, 0, result.stderr);
    const files = await readdir(dir);
    assert.ok(files.includes('zenodo_my-community_downloads.csv'), files.join(', '));
    assert.ok(!files.some((f) => f.includes(uuid)), files.join(', '));
    const store = await openSqliteStore(path.join(dir, 'uuid.sqlite'));
    try {
      assert.deepEqual((await store.listSnapshots()).map((s) => s.collection), ['my-community']);
    } finally {
      await store.close();
    }
  });

  it('history -q and top -q print one warning line for the 30-odd data-quality notes of the real weekly data', async () => {
    const db = path.join(dir, 'weekly.sqlite');
    const imported = await run(['import', weeklyDir, '--as', 'training', '--db', db, '-q']);
    assert.equal(imported.code, 0, imported.stderr);
    // Without -q: one warning per kind (issue 13): counters that fell, frozen downloads, partial snapshots.
    const loud = await run(['history', 'training', '--db', db]);
    const groups = loud.stderr.split('\n').filter((l) => l.startsWith('warning:'));
    assert.deepEqual(groups.map((l) => /^warning: \d+ (snapshots in which counters fell|stretches with downloads frozen|partial snapshots)/.exec(l)?.[1]), [
      'snapshots in which counters fell', 'stretches with downloads frozen', 'partial snapshots',
    ], loud.stderr);
    const [fallen, frozen, partial] = groups.map((l) => Number(/^warning: (\d+)/.exec(l)?.[1]));
    assert.equal(frozen, 2);
    assert.ok((partial ?? 0) > 20, groups.join('\n'));
    const quiet = await run(['history', 'training', '--db', db, '-q']);
    assert.equal(quiet.code, 0, quiet.stderr);
    const lines = quiet.stderr.trim().split('\n');
    assert.equal(lines.length, 1, quiet.stderr);
    assert.equal(lines[0], `warning: ${(fallen ?? 0) + 2 + (partial ?? 0)} data-quality notes (${fallen} fallen, 2 frozen, ${partial} partial): run without -q to see them`);
    const top = await run(['top', 'training', '--db', db, '--period', '2025', '-q']);
    assert.equal(top.code, 0, top.stderr);
    assert.ok(top.stderr.trim().split('\n').length <= 1, top.stderr);
    // report -q: the same one line, with the counts of each kind (not a fixed list of kinds that may not be there).
    const report = await run(['report', 'training', '--db', db, '-o', 'weekly-report', '-q']);
    assert.equal(report.code, 0, report.stderr);
    assert.equal(report.stderr, "warning: 76 data-quality notes (45 fallen, 2 frozen, 29 partial): see the report's data-quality section\n");
  });

  it('import and history agree on every partial snapshot of the real weekly data, with the same counts', async () => {
    const db = path.join(dir, 'agree.sqlite');
    const imported = await run(['import', weeklyDir, '--as', 'training', '--db', db]);
    assert.equal(imported.code, 0, imported.stderr);
    const byImport = [...imported.stderr.matchAll(/^partial \d{8}\.csv \((\d{4}-\d\d-\d\d)\): (\d+) records? missing/gm)].map((m) => `${m[1]} ${m[2]}`);
    // history names each partial snapshot in its anomalies column (stderr groups them into one line).
    const listed = await run(['history', 'training', '--db', db, '--period', 'week', '--format', 'json', '-q']);
    const weeks = JSON.parse(listed.stdout) as { anomalies: string }[];
    const byHistory = weeks.flatMap((w) => [...w.anomalies.matchAll(/partial snapshot (\d{4}-\d\d-\d\d) \((\d+) missing\)/g)].map((m) => `${m[1]} ${m[2]}`));
    assert.ok(byImport.length > 20, `${byImport.length} partial snapshots reported by import`);
    assert.deepEqual(byHistory, byImport);
    // The week the issue names: 20241203.csv, 12 missing by import's count and, before, 15 by history's.
    assert.ok(byImport.includes('2024-12-03 12'), byImport.join('; '));
  });
});
