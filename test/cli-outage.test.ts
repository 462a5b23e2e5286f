/**
 * A Zenodo statistics outage between two normal days (issue 11, point 4): when the statistics index cannot be
 * queried, records are indexed with zeros (zenodo-api.md §8b). Three daily snapshots through the CLI against the
 * fake Zenodo, the middle one all zeros: `summarize` warns, and `history` and `top` count 0 gained and show the
 * anomaly, instead of counting every record's whole total as gained.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadCommunityFixture } from './helpers/dataset.js';
import { createFakeClock } from './helpers/fake-clock.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';
import { runCli, tempDir, type CliRun } from './helpers/run-cli.js';

const day = 86_400_000;

/** The 149 latest records of the fixture's nfdi4bioimage, as the fake lists them, with their counters. */
async function listedStats(server: FakeZenodo): Promise<({ downloads?: number; views?: number } | undefined)[]> {
  const stats: ({ downloads?: number; views?: number } | undefined)[] = [];
  for (let page = 1; page <= 6; page += 1) {
    const res = await fetch(`${server.url}/api/records?communities=nfdi4bioimage&size=25&page=${page}`);
    const body = (await res.json()) as { hits: { hits: { stats?: { downloads?: number; views?: number } }[] } };
    stats.push(...body.hits.hits.map((h) => h.stats));
  }
  return stats;
}

describe('three daily snapshots with all-zero stats in the middle', () => {
  let server: FakeZenodo;
  let dir: string;
  let remove: () => Promise<void>;
  const clock = createFakeClock(Date.UTC(2026, 10, 25, 9, 0, 0));
  const runs: CliRun[] = [];
  const run = (args: string[]) => runCli(args, { cwd: dir, env: { ZENODO_BASE_URL: server.url }, clock });

  before(async () => {
    const { records, communities } = loadCommunityFixture();
    server = await startFakeZenodo({ records, communities, now: () => clock.now() });
    ({ dir, remove } = await tempDir());
    // 2026-11-25 normal, 2026-11-26 an outage (every listed record with zero counters), 2026-11-27 normal again.
    runs.push(await run(['summarize', 'nfdi4bioimage', '--db', 'store.sqlite', '--out', 'day1.csv', '--since-last']));
    clock.advance(day);
    server.inject({ kind: 'zero-stats', times: Infinity });
    runs.push(await run(['summarize', 'nfdi4bioimage', '--db', 'store.sqlite', '--out', 'day2.csv', '--since-last']));
    server.clearFaults();
    clock.advance(day);
    runs.push(await run(['summarize', 'nfdi4bioimage', '--db', 'store.sqlite', '--out', 'day3.csv', '--since-last']));
  });
  after(async () => {
    await server?.close();
    await remove?.();
  });

  it('the fixture: 147 of the 149 listed records have downloads and views to lose', async () => {
    // Asked of the fake directly, not through the code under test: 2 records come without statistics.
    const stats = await listedStats(server);
    assert.equal(stats.length, 149);
    assert.equal(stats.filter((s) => (s?.downloads ?? 0) > 0).length, 147);
    assert.equal(stats.filter((s) => (s?.views ?? 0) > 0).length, 147);
  });

  it('summarize warns, with counts, on the outage day only; --since-last counts nothing gained', () => {
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    const [first, outage, next] = runs.map((r) => r.stderr);
    assert.doesNotMatch(first ?? '', /fell/);
    assert.match(
      outage ?? '',
      /^warning: 147 of 147 records' downloads and views fell against the snapshot of 2026-11-25: Zenodo's statistics were probably unavailable; history will skip these figures$/m,
    );
    assert.match(outage ?? '', /^since 2026-11-25 \(1 day\): \+0 downloads · \+0 views · 0 new records$/m);
    assert.match(outage ?? '', /note: 147 of 147 records' counters fell since 2026-11-25/);
    // The day after: the figures are back where they were. Not a fall, and not a gain either.
    assert.doesNotMatch(next ?? '', /fell/);
    assert.match(next ?? '', /^since 2026-11-26 \(1 day\): \+0 downloads · \+0 views · 0 new records$/m);
    assert.match(next ?? '', /note: 147 of 147 records' counters had fallen in the snapshot of 2026-11-26: their gains are taken from their last good figure/);
  });

  it('history counts 0 gained and shows the anomaly, with its counts', async () => {
    const result = await run(['history', 'nfdi4bioimage', '--db', 'store.sqlite', '--period', 'week', '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const rows = JSON.parse(result.stdout) as { period: string; downloads: number; unique_downloads: number; views: number; unique_views: number; anomalies: string }[];
    assert.deepEqual(
      rows.map((r) => [r.period, r.downloads, r.unique_downloads, r.views, r.unique_views, r.anomalies]),
      [['2026-W48', 0, 0, 0, 0, 'counters fell 2026-11-26 (147 of 147 records; not counted)']],
    );
    assert.match(
      result.stderr,
      /^warning: counters fell in snapshot 2026-11-26 \(api\): 147 of 147 records below their last good figure \(downloads 147, unique downloads 147, views 147, unique views 147; e\.g\. record \d+ downloads [\d,]+ → 0;/m,
    );
  });

  it('top counts 0 gained for every record and shows the anomaly', async () => {
    const result = await run(['top', 'nfdi4bioimage', '--db', 'store.sqlite', '--period', 'all', '-n', '200', '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const rows = JSON.parse(result.stdout) as { downloads: number; views: number }[];
    assert.equal(rows.length, 149);
    assert.deepEqual(rows.filter((r) => r.downloads !== 0 || r.views !== 0), []);
    assert.match(result.stderr, /counters fell in snapshot 2026-11-26 \(api\): 147 of 147 records/);
  });

  it('the report counts 0 gained and shows the anomaly, with its counts', async () => {
    const result = await run(['report', 'nfdi4bioimage', '--db', 'store.sqlite', '--out', 'report', '--period', 'week']);
    assert.equal(result.code, 0, result.stderr);
    const markdown = await readFile(path.join(dir, 'report', 'README.md'), 'utf8');
    assert.match(markdown, /counters fell in snapshot 2026-11-26 \(api\): 147 of 147 records below their last good figure/);
    assert.match(markdown, /counters fell 2026-11-26 \(147 of 147 records; not counted\)/);
    // The totals stay those of the normal days: the fixture's sums, asked of the fake directly.
    const stats = await listedStats(server);
    const downloads = stats.reduce((sum, x) => sum + (x?.downloads ?? 0), 0);
    const views = stats.reduce((sum, x) => sum + (x?.views ?? 0), 0);
    assert.deepEqual([downloads, views], [81_468, 59_018]);
    const perPeriod = await readFile(path.join(dir, 'report', 'data', 'periods.csv'), 'utf8');
    assert.equal(perPeriod.split('\r\n')[1], `2026-W48,149,0,0,0,${downloads},${views},partial,counters fell 2026-11-26 (147 of 147 records; not counted)`);
  });
});
