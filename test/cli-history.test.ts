import assert from 'node:assert/strict';
import { readFile, readdir, writeFile, mkdir, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { loadCommunityFixture, makeSyntheticRecords } from './helpers/dataset.js';
import { createFakeClock } from './helpers/fake-clock.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const weeklyDir = fileURLToPath(new URL('./fixtures/nfdi4bioimage-weekly/', import.meta.url));

/** The weekly files read independently of the importer: date → (record id → version counters). */
async function readWeekly(): Promise<Map<string, Map<string, { vd: number; vv: number; d: number }>>> {
  const out = new Map<string, Map<string, { vd: number; vv: number; d: number }>>();
  for (const file of (await readdir(weeklyDir)).filter((f) => f.endsWith('.csv')).sort()) {
    const text = await readFile(path.join(weeklyDir, file), 'utf8');
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) continue;
    const header = (lines[0] ?? '').split(',');
    const col = (name: string) => header.indexOf(name);
    const rows = new Map<string, { vd: number; vv: number; d: number }>();
    for (const line of lines.slice(1)) {
      // The counters are the last eight cells; the authors cell before them may contain commas.
      const cells = line.split(',');
      const tail = cells.slice(-8);
      const at = (name: string) => Number(tail[col(name) - (header.length - 8)]);
      const id = /(?:records?|zenodo\.)\/?(\d+)/.exec(cells[0] ?? '')?.[1];
      if (id) rows.set(id, { vd: at('version_downloads'), vv: at('version_views'), d: at('downloads') });
    }
    out.set(`${file.slice(0, 4)}-${file.slice(4, 6)}-${file.slice(6, 8)}`, rows);
  }
  return out;
}

describe('history from the real NFDI4BIOIMAGE weekly CSVs', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let db: string;
  let importRun: { code: number; stdout: string; stderr: string };
  const run = (args: string[]) => runCli(args, { cwd: dir });

  before(async () => {
    ({ dir, remove } = await tempDir());
    db = path.join(dir, 'history.sqlite');
    importRun = await run(['import', weeklyDir, '--as', 'nfdi4bioimage-training', '--db', db]);
  });
  after(() => remove());

  it('imports every file, reporting the empty files and the partial weeks', () => {
    assert.equal(importRun.code, 0, importRun.stderr);
    assert.match(importRun.stderr, /^105 files: 103 snapshots, 28,107 rows \(one per record per snapshot\)$/m);
    assert.match(importRun.stderr, /empty file, no snapshot: 20260113\.csv/);
    assert.match(importRun.stderr, /empty file, no snapshot: 20260120\.csv/);
    for (const week of ['20250325', '20251223', '20251230', '20241203', '20241217', '20241224', '20250107', '20250204', '20250506']) {
      assert.match(importRun.stderr, new RegExp(`partial ${week}\\.csv`), week);
    }
    assert.doesNotMatch(importRun.stderr, /partial 20260811\.csv/);
    assert.match(importRun.stderr, /'nfdi4bioimage-training' in .*history\.sqlite: 103 snapshots written, 0 already there unchanged/);
  });

  it('re-importing the same folder changes nothing, not even a byte of the store', async () => {
    const before = await readFile(db);
    const again = await run(['import', weeklyDir, '--as', 'nfdi4bioimage-training', '--db', db]);
    assert.equal(again.code, 0);
    assert.match(again.stderr, /0 snapshots written, 103 already there unchanged/);
    assert.deepEqual(await readFile(db), before);
  });

  it('gives, for the last snapshot, the totals of that file by the version-counter rule', async () => {
    const weekly = await readWeekly();
    const last = weekly.get('2026-08-11');
    assert.ok(last);
    const sum = [...last.values()].reduce((s, r) => s + r.vd, 0);
    assert.equal(sum, 357_275); // the data README's figure
    const result = await run(['history', 'nfdi4bioimage-training', '--db', db, '--period', 'year', '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const rows = JSON.parse(result.stdout) as Record<string, number | string>[];
    assert.equal(rows.at(-1)?.total_downloads, sum);
    assert.equal(rows.at(-1)?.records, last.size);
    assert.equal(rows.at(-1)?.counting_rule, 'version-counters');
    assert.match(result.stderr, /counted with the version_\* counters/);
  });

  it('adds up period gains to each record\'s gain between its first and last snapshot', async () => {
    const weekly = await readWeekly();
    // Per record: its highest version_downloads minus its first. A counter never really falls, so a lower figure is
    // a missing observation and gains run from the last good (highest so far) figure (issue 11, point 4). This used
    // to add back the falls as if the recoveries were gains: record 10008464's URL showed a newer version from
    // 2025-03-18 on (version_downloads 135 → 28 while its all-version downloads rose), and the old rule counted
    // the climb from 28 on top of the 135.
    const firstSeen = new Map<string, number>();
    const highest = new Map<string, number>();
    for (const rows of weekly.values()) {
      for (const [id, r] of rows) {
        if (!firstSeen.has(id)) firstSeen.set(id, r.vd);
        highest.set(id, Math.max(highest.get(id) ?? r.vd, r.vd));
      }
    }
    const expected = [...highest].reduce((s, [id, v]) => s + v - (firstSeen.get(id) ?? 0), 0);
    assert.equal(expected, 161_638); // also computed once with a separate Python script over the CSVs
    for (const period of ['week', 'month', 'quarter', 'year']) {
      const result = await run(['history', 'nfdi4bioimage-training', '--db', db, '--period', period, '--format', 'json', '-q']);
      const rows = JSON.parse(result.stdout) as { downloads: number }[];
      assert.equal(rows.reduce((s, r) => s + r.downloads, 0), expected, period);
    }
  });

  it('matches a hand-checked month (2025-10)', async () => {
    // October 2025 rests on the snapshots of 09-30, 10-07, 10-14, 10-21, 10-28 and 11-04. By hand: each record's
    // gain between two of its consecutive observations, times the share of that stretch that lies in October.
    const weekly = await readWeekly();
    const days = [...weekly.keys()];
    const start = Date.UTC(2025, 9, 1);
    const end = Date.UTC(2025, 10, 1);
    const lastObs = new Map<string, [number, number]>();
    let expected = 0;
    for (const day of days) {
      const t = Date.parse(`${day}T00:00:00Z`);
      for (const [id, r] of weekly.get(day) ?? []) {
        // A figure below the last good one is a missing observation: skipped, the last good one kept.
        const prev = lastObs.get(id);
        if (prev && r.vd < prev[1]) continue;
        if (prev) {
          const overlap = Math.max(0, Math.min(t, end) - Math.max(prev[0], start));
          expected += ((r.vd - prev[1]) * overlap) / (t - prev[0]);
        }
        lastObs.set(id, [t, r.vd]);
      }
    }
    const result = await run(['history', 'nfdi4bioimage-training', '--db', db, '--period', 'month', '--from', '2025-10-01', '--to', '2025-10-31', '--format', 'json', '-q']);
    const rows = JSON.parse(result.stdout) as { period: string; downloads: number; based_on: string }[];
    assert.deepEqual(rows.map((r) => r.period), ['2025-10']);
    // Rounding to whole downloads moves each stretch's share by less than one.
    assert.ok(Math.abs((rows[0]?.downloads ?? 0) - expected) <= 6, `${rows[0]?.downloads} vs ${expected}`);
    assert.equal(Math.round(expected), 7_119); // also computed once with a separate Python script over the CSVs
    // The stretches overlapping October run from 2025-03-11 to 2026-02-24 since falls are skipped: record
    // 10008464's version views fell on 2025-03-18 (186 → 35, its URL then showed a newer version) and passed their
    // last good figure again only on 2026-02-24. The weekly stretches themselves are 09-30 → 11-04.
    assert.match(rows[0]?.based_on ?? '', /^2025-03-11 → 2026-02-24/);
    // A range that cuts a month shows that month whole, with the same figures (README: --from, --to).
    const cut = await run(['history', 'nfdi4bioimage-training', '--db', db, '--period', 'month', '--from', '2025-10-15', '--to', '2025-10-20', '--format', 'json', '-q']);
    assert.deepEqual(JSON.parse(cut.stdout), rows);
    const upTo = await run(['history', 'nfdi4bioimage-training', '--db', db, '--period', 'month', '--to', '2024-07-05', '--format', 'json', '-q']);
    assert.deepEqual((JSON.parse(upTo.stdout) as { period: string }[]).map((r) => r.period), ['2024-06', '2024-07']);
  });

  it('cuts the anomalies of a text table to 60 characters, and keeps them whole in JSON', async () => {
    const table = await run(['history', 'nfdi4bioimage-training', '--db', db, '--period', 'quarter', '-q']);
    const json = await run(['history', 'nfdi4bioimage-training', '--db', db, '--period', 'quarter', '--format', 'json', '-q']);
    const rows = JSON.parse(json.stdout) as { period: string; anomalies: string }[];
    const long = rows.filter((r) => [...r.anomalies].length > 60);
    assert.ok(long.length > 0, 'some quarter has more than 60 characters of notes');
    const lines = table.stdout.trimEnd().split('\n');
    for (const row of long) {
      const line = lines.find((l) => l.startsWith(`${row.period} `)) ?? '';
      const cut = `${[...row.anomalies].slice(0, 59).join('')}…`;
      assert.ok(line.includes(cut), `${row.period}: ${line}`);
      assert.ok(!line.includes(row.anomalies), row.period);
    }
  });

  it('flags the two frozen-counter weeks and the partial weeks', async () => {
    const result = await run(['history', 'nfdi4bioimage-training', '--db', db, '--period', 'week', '--format', 'csv']);
    assert.match(result.stdout, /downloads frozen 2026-05-12→2026-05-19/);
    // The partial weeks are one line on stderr (issue 13: grouped by kind), each named in the anomalies column.
    assert.match(result.stderr, /^warning: \d+ partial snapshots, 1–\d+ records missing each/m);
    assert.doesNotMatch(result.stderr, /partial snapshot 2025-03-25/);
    assert.match(result.stdout, /partial snapshot 2025-03-25 \(160 missing\)/);
    assert.match(result.stdout, /downloads frozen 2026-02-17→2026-02-24/);
    assert.equal((result.stderr.match(/downloads frozen/g) ?? []).length, 1, 'the two frozen weeks on one line');
    assert.match(result.stderr, /^warning: 2 stretches with downloads frozen while views grew/m);
  });

  it('lists the top records of the last week', async () => {
    const weekly = await readWeekly();
    const a = weekly.get('2026-08-04');
    const b = weekly.get('2026-08-11');
    assert.ok(a && b);
    const gains = [...b].filter(([id]) => a.has(id)).map(([id, r]) => [id, r.vd - (a.get(id)?.vd ?? 0)] as const).sort((x, y) => y[1] - x[1]);
    const result = await run(['top', 'nfdi4bioimage-training', '--db', db, '-n', '3', '--format', 'json']);
    const rows = JSON.parse(result.stdout) as { id: string; downloads: number }[];
    assert.deepEqual(rows.map((r) => [r.id, r.downloads]), gains.slice(0, 3));
  });

  it('lists snapshots and exports one dated CSV per snapshot that imports back', async () => {
    const list = await run(['snapshots', '--db', db, '--format', 'json']);
    const snaps = JSON.parse(list.stdout) as { day: string; complete: string }[];
    assert.equal(snaps.length, 103);
    assert.equal(snaps.find((s) => s.day === '2025-03-25')?.complete, 'no');

    const out = path.join(dir, 'exported');
    const exported = await run(['export', 'nfdi4bioimage-training', '--db', db, '--dir', out]);
    assert.equal(exported.code, 0, exported.stderr);
    const files = (await readdir(out)).sort();
    assert.equal(files.length, 103);
    assert.equal(files.at(-1), '2026-08-11.csv');
    const reimport = await run(['import', out, '--as', 'reimported', '--db', db]);
    assert.equal(reimport.code, 0, reimport.stderr);
    const h1 = JSON.parse((await run(['history', 'nfdi4bioimage-training', '--db', db, '--period', 'month', '--format', 'json', '-q'])).stdout) as unknown[];
    const h2 = JSON.parse((await run(['history', 'reimported', '--db', db, '--period', 'month', '--format', 'json', '-q'])).stdout) as Record<string, unknown>[];
    assert.deepEqual(h2.map((r) => ({ ...r, anomalies: undefined })), (h1 as Record<string, unknown>[]).map((r) => ({ ...r, anomalies: undefined })));
  });

  it('exports every snapshot as one Parquet table that reads back with the same figures', async () => {
    const result = await run(['export', 'nfdi4bioimage-training', '--db', db, '--dir', 'parquet', '--format', 'parquet']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /: 28107 rows \(one per record per snapshot\) from 103 snapshots/);
    const { parquetReadObjects, asyncBufferFromFile } = await import('hyparquet');
    const file = await asyncBufferFromFile(path.join(dir, 'parquet', 'nfdi4bioimage-training.parquet'));
    const rows = (await parquetReadObjects({ file })) as { day: string; record_id: string; version_downloads: number | null }[];
    assert.equal(rows.length, 28_107);
    const last = rows.filter((r) => r.day === '2026-08-11');
    assert.equal(last.length, 470);
    assert.equal(last.reduce((s, r) => s + (r.version_downloads ?? 0), 0), 357_275);
  });

  it('reports a broken row and imports the rest', async () => {
    const broken = path.join(dir, 'broken');
    await mkdir(broken);
    await copyFile(path.join(weeklyDir, '20260804.csv'), path.join(broken, '20260804.csv'));
    const text = await readFile(path.join(weeklyDir, '20260811.csv'), 'utf8');
    const lines = text.split('\n');
    lines[5] = lines[5]?.replace(/,(\d+),(\d+)$/, ',abc,$2') ?? '';
    await writeFile(path.join(broken, '20260811.csv'), lines.join('\n'));
    const result = await run(['import', broken, '--as', 'broken', '--db', db]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /20260811\.csv:6: version_unique_views: "abc" is not a non-negative integer/);
    assert.equal((result.stderr.match(/20260811\.csv:6/g) ?? []).length, 1);
    const snaps = JSON.parse((await run(['snapshots', 'broken', '--db', db, '--format', 'json'])).stdout) as { records: number }[];
    assert.deepEqual(snaps.map((s) => s.records), [465, 469]);
  });

  it('deletes one snapshot with snapshots --delete, and says so', async () => {
    // A store of its own with two weeks, so the test holds alone and leaves the shared store alone.
    const two = path.join(dir, 'two-weeks');
    await mkdir(two, { recursive: true });
    for (const file of ['20260804.csv', '20260811.csv']) await copyFile(path.join(weeklyDir, file), path.join(two, file));
    const store = path.join(dir, 'delete.sqlite');
    assert.equal((await run(['import', two, '--as', 'two', '--db', store])).code, 0);
    const list = JSON.parse((await run(['snapshots', 'two', '--db', store, '--format', 'json'])).stdout) as { id: number; day: string }[];
    assert.deepEqual(list.map((s) => s.day), ['2026-08-04', '2026-08-11']);
    const first = list[0];
    assert.ok(first);
    const deleted = await run(['snapshots', '--delete', String(first.id), '--db', store]);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.match(deleted.stderr, new RegExp(`^deleted snapshot ${first.id} \\(two, 2026-08-04, 465 records\\)$`, 'm'));
    const after = JSON.parse((await run(['snapshots', 'two', '--db', store, '--format', 'json'])).stdout) as { day: string }[];
    assert.deepEqual(after.map((s) => s.day), ['2026-08-11']);
    const again = await run(['snapshots', '--delete', String(first.id), '--db', store]);
    assert.equal(again.code, 3);
    assert.match(again.stderr, /no snapshot with id \d+ in /);
  });

  it('refuses a store written by a newer zenodo-stats, and leaves it alone', async () => {
    const newer = path.join(dir, 'newer.sqlite');
    await copyFile(db, newer);
    // Bump the schema version the way a future release would (PRAGMA user_version lives at byte 60).
    const bytes = await readFile(newer);
    bytes.writeUInt32BE(99, 60);
    await writeFile(newer, bytes);
    const result = await run(['history', 'nfdi4bioimage-training', '--db', newer]);
    assert.equal(result.code, 5);
    assert.match(result.stderr, /written by a newer zenodo-stats/);
    assert.deepEqual(await readFile(newer), bytes);
  });

  it('says plainly when a collection has no snapshots', async () => {
    const result = await run(['history', 'nfdi4bioimage', '--db', db]);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /no snapshots of 'nfdi4bioimage' in .*; run summarize or import first/);
  });

  it('export and snapshots of a collection the store lacks name the collections it has, as history does', async () => {
    const exported = await run(['export', 'nfdi4bioimage', '--db', db, '--dir', 'export-of-nothing']);
    assert.equal(exported.code, 3, exported.stderr);
    assert.match(exported.stderr, /^error: no snapshots of 'nfdi4bioimage' in .*history\.sqlite \(it has: [^)]*\bnfdi4bioimage-training\b[^)]*\); run summarize or import first$/m);
    await assert.rejects(readdir(path.join(dir, 'export-of-nothing')), { code: 'ENOENT' });
    // `snapshots` lists what there is: an empty list stays an empty list (exit 0), and stderr says what the store has.
    const listed = await run(['snapshots', 'nfdi4bioimage', '--db', db, '--format', 'csv']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(listed.stdout, 'id,collection,day,taken_at,source,complete,records,base_url\r\n');
    assert.match(listed.stderr, /^0 snapshots of 'nfdi4bioimage' in .*history\.sqlite \(it has: [^)]*\bnfdi4bioimage-training\b[^)]*\)$/m);
    // (Other tests of this file add collections to the store, so the counts are not fixed here.)
    const all = await run(['snapshots', '--db', db, '--format', 'csv']);
    assert.match(all.stderr, /^\d+ snapshots in .*history\.sqlite$/m);
    const training = await run(['snapshots', 'nfdi4bioimage-training', '--db', db, '--format', 'csv']);
    assert.match(training.stderr, /^103 snapshots of 'nfdi4bioimage-training' in .*history\.sqlite$/m);
  });
});

describe('summarize saves a snapshot', () => {
  // Each test has its own fake Zenodo, clock and directory, so that each holds alone and in any order.
  const [extraRecord] = makeSyntheticRecords(1, { community: 'nfdi4bioimage', seed: 11 });
  assert.ok(extraRecord);
  extraRecord.id = 99_000_001;
  extraRecord.conceptrecid = '99000000';
  extraRecord.created = '2026-11-25T09:30:00+00:00';

  async function setup() {
    const clock = createFakeClock(Date.UTC(2026, 10, 25, 9, 0, 0));
    const { records, communities } = loadCommunityFixture();
    const server = await startFakeZenodo({ records, communities, now: () => clock.now() });
    const { dir, remove } = await tempDir();
    const run = (args: string[], env: Record<string, string> = {}) =>
      runCli(args, { cwd: dir, env: { ZENODO_BASE_URL: server.url, ...env }, clock });
    const close = async () => {
      await server.close();
      await remove();
    };
    return { clock, server, dir, run, close };
  }
  const snapshotsIn = async (run: (args: string[]) => Promise<{ stdout: string }>, db?: string) =>
    JSON.parse((await run(['snapshots', '--format', 'json', ...(db ? ['--db', db] : [])])).stdout) as { collection: string; day: string; records: number; source: string }[];

  it('into ./zenodo-stats.sqlite by default, once per UTC day', async () => {
    const { clock, server, run, close } = await setup();
    try {
      const first = await run(['summarize']);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stderr, /snapshot 2026-11-25 saved in zenodo-stats\.sqlite/);
      clock.advance(3_600_000);
      const same = await run(['summarize']);
      assert.match(same.stderr, /today's snapshot of nfdi4bioimage \(taken 2026-11-25T09:00:00\.000Z\) already holds these figures; kept it/);
      // The last line agrees: nothing was saved, the day's snapshot was kept.
      assert.match(same.stderr, / · snapshot 2026-11-25 kept in zenodo-stats\.sqlite \(unchanged\)$/m);
      assert.doesNotMatch(same.stderr, /saved in zenodo-stats\.sqlite/);
      // A record published meanwhile changes the figures: the day's snapshot is replaced.
      server.addRecord(extraRecord);
      const second = await run(['summarize']);
      assert.match(second.stderr, /replaced today's earlier snapshot of nfdi4bioimage \(taken 2026-11-25T09:00:00\.000Z\)/);
      assert.deepEqual((await snapshotsIn(run)).map((s) => [s.collection, s.records, s.source]), [['nfdi4bioimage', 150, 'api']]);
    } finally {
      await close();
    }
  });

  it('not with --no-db, also on a day that has no snapshot yet', async () => {
    const { clock, server, run, close } = await setup();
    try {
      const saved = await run(['summarize', '--out', 'x.csv']);
      assert.equal(saved.code, 0, saved.stderr);
      // A new day: a save here would add a second snapshot, not replace the first.
      clock.advance(86_400_000);
      const unsaved = await run(['summarize', '--no-db', '--out', 'y.csv']);
      assert.equal(unsaved.code, 0, unsaved.stderr);
      assert.doesNotMatch(unsaved.stderr, /saved in/);
      assert.deepEqual((await snapshotsIn(run)).map((s) => s.day), ['2026-11-25']);
      // With no store at all, --no-db creates none.
      const { dir: empty, remove } = await tempDir();
      try {
        const bare = await runCli(['summarize', '--no-db', '--out', 'z.csv'], { cwd: empty, env: { ZENODO_BASE_URL: server.url }, clock });
        assert.equal(bare.code, 0, bare.stderr);
        assert.deepEqual((await readdir(empty)).sort(), ['z.csv']);
      } finally {
        await remove();
      }
    } finally {
      await close();
    }
  });

  it('to the store ZENODO_STATS_DB names', async () => {
    const { dir, run, close } = await setup();
    try {
      const other = path.join(dir, 'other.sqlite');
      const result = await run(['summarize', '--out', 'y.csv'], { ZENODO_STATS_DB: other });
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual((await snapshotsIn(run, other)).map((s) => s.collection), ['nfdi4bioimage']);
      assert.deepEqual((await readdir(dir)).sort(), ['other.sqlite', 'y.csv']);
    } finally {
      await close();
    }
  });

  it('leaves the store byte-for-byte unchanged when the run fails on its last page', async () => {
    const { clock, server, dir, run, close } = await setup();
    try {
      assert.equal((await run(['summarize'])).code, 0);
      const db = path.join(dir, 'zenodo-stats.sqlite');
      const before = await readFile(db);
      clock.advance(86_400_000);
      server.inject({ kind: '503', page: 6, times: Infinity });
      const result = await run(['summarize', '--max-attempts', '2']);
      assert.equal(result.code, 4);
      assert.deepEqual(await readFile(db), before);
    } finally {
      await close();
    }
  });

  it("exports a stored snapshot with the files, sizes and est_full_downloads summarize wrote (schema 3)", async () => {
    const { dir, run, close } = await setup();
    try {
      const listed = await run(['summarize', '--out', 'listed.csv']);
      assert.equal(listed.code, 0, listed.stderr);
      const exported = await run(['export', 'nfdi4bioimage', '--dir', 'out']);
      assert.equal(exported.code, 0, exported.stderr);
      const columns = ['id', 'est_full_downloads', 'files', 'size_bytes'];
      const read = async (file: string) => {
        const rows = parseCsv(await readFile(path.join(dir, file), 'utf8'), { columns: true }) as Record<string, string>[];
        return new Map(rows.map((r) => [r['id'] ?? '', columns.map((c) => r[c] ?? '').join(',')]));
      };
      const summarized = await read('listed.csv');
      const fromStore = await read(path.join('out', '2026-11-25.csv'));
      // Record 17897525 (fixture): two files, 3 572 332 + 18 193 bytes, 855 downloads; the fake sends bytes
      // downloaded = downloads × mean file size, so the estimate is 855 ÷ 2.
      assert.equal(summarized.get('17897525'), '17897525,427.5,2,3590525');
      assert.equal(fromStore.get('17897525'), '17897525,427.5,2,3590525');
      assert.deepEqual(fromStore, summarized);
    } finally {
      await close();
    }
  });

  it('feeds history with the all-version counters once per concept', async () => {
    const { clock, server, run, close } = await setup();
    try {
      await run(['summarize']);
      server.addRecord(extraRecord);
      clock.advance(86_400_000);
      await run(['summarize']);
      const result = await run(['history', '--period', 'month', '--format', 'json']);
      assert.equal(result.code, 0, result.stderr);
      const rows = JSON.parse(result.stdout) as { total_downloads: number; records: number; counting_rule: string }[];
      assert.equal(rows.at(-1)?.counting_rule, 'all-versions-per-concept');
      assert.equal(rows.at(-1)?.records, 150);
      const expected = [...loadCommunityFixture().records, extraRecord]
        .filter((r) => r.metadata.relations?.version?.[0]?.is_last !== false && (r.metadata.communities ?? []).some((c) => c.id === 'nfdi4bioimage'))
        .reduce((s, r) => s + Number((r.stats as { downloads?: number } | undefined)?.downloads ?? 0), 0);
      assert.equal(rows.at(-1)?.total_downloads, expected);
    } finally {
      await close();
    }
  });
});

describe('summarize several communities, and --since-last', () => {
  let server: FakeZenodo;
  let dir: string;
  let remove: () => Promise<void>;
  const clock = createFakeClock(Date.UTC(2026, 10, 20, 9, 0, 0));
  const fixture = loadCommunityFixture();
  const inCommunity = (slug: string) =>
    fixture.records.filter((r) => r.metadata.relations?.version?.[0]?.is_last !== false && (r.metadata.communities ?? []).some((c) => c.id === slug));

  before(async () => {
    server = await startFakeZenodo({ records: fixture.records, communities: fixture.communities, now: () => clock.now() });
    ({ dir, remove } = await tempDir());
  });
  after(async () => {
    await server.close();
    await remove();
  });
  const run = (args: string[]) => runCli(args, { cwd: dir, env: { ZENODO_BASE_URL: server.url }, clock });

  it('writes one CSV with a community column, per-community totals, and a combined total counting shared records once', async () => {
    const result = await run(['summarize', 'nfdi4bioimage', 'covid-19', 'biohackathon']);
    assert.equal(result.code, 0, result.stderr);
    const csv = await readFile(path.join(dir, 'zenodo_nfdi4bioimage+covid-19+biohackathon_downloads.csv'), 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    assert.ok(lines[0]?.startsWith('community,zenodo_url,downloads,'));
    const counts = new Map<string, number>();
    for (const line of lines.slice(1)) counts.set(line.split(',')[0] ?? '', (counts.get(line.split(',')[0] ?? '') ?? 0) + 1);
    for (const slug of ['nfdi4bioimage', 'covid-19', 'biohackathon']) assert.equal(counts.get(slug), inCommunity(slug).length, slug);
    const all = new Map([...inCommunity('nfdi4bioimage'), ...inCommunity('covid-19'), ...inCommunity('biohackathon')].map((r) => [r.id, r]));
    const shared = inCommunity('nfdi4bioimage').length + inCommunity('covid-19').length + inCommunity('biohackathon').length - all.size;
    assert.ok(shared > 0, 'the fixture has records in two communities');
    assert.match(result.stderr, new RegExp(`^all 3 communities: ${all.size} records · .*\\(${shared} records? in more than one community counted once\\)$`, 'm'));
    assert.match(result.stderr, /^covid-19 \(covid-19\) on /m);
    const snaps = JSON.parse((await run(['snapshots', '--format', 'json'])).stdout) as { collection: string }[];
    assert.deepEqual(snaps.map((s) => s.collection).sort(), ['biohackathon', 'covid-19', 'nfdi4bioimage']);
  });

  it('prints what changed since the previous snapshot with --since-last', async () => {
    // Its own store and server, so the test holds alone: a first snapshot, then one five days later.
    const own = createFakeClock(Date.UTC(2026, 10, 20, 9, 0, 0));
    const server = await startFakeZenodo({ records: loadCommunityFixture().records, communities: fixture.communities, now: () => own.now() });
    const { dir, remove } = await tempDir();
    const run = (args: string[]) => runCli(args, { cwd: dir, env: { ZENODO_BASE_URL: server.url }, clock: own });
    try {
      assert.equal((await run(['summarize', 'nfdi4bioimage'])).code, 0);
      own.advance(5 * 86_400_000);
      // A record published meanwhile is new; the downloads it already has are not counted as gained.
      const [fresh] = makeSyntheticRecords(1, { community: 'nfdi4bioimage', seed: 31 });
      assert.ok(fresh);
      fresh.id = 99_100_001;
      fresh.conceptrecid = '99100000';
      fresh.created = '2026-11-24T10:00:00.000000+00:00';
      server.addRecord(fresh);
      const result = await run(['summarize', 'nfdi4bioimage', '--since-last', '--out', 'again.csv']);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /^since 2026-11-20 \(5 days\): \+0 downloads · \+0 views · 1 new record$/m);
      const first = await run(['summarize', 'tops', '--since-last', '--out', 'tops.csv']);
      assert.match(first.stderr, /since last: no earlier snapshot to compare with; this is the first/);
    } finally {
      await server.close();
      await remove();
    }
  });
});
