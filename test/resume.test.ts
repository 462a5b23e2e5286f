import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../src/cli/main.js';
import type { CliIo } from '../src/cli/cli-io.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { makeSyntheticRecords } from './helpers/dataset.js';
import { createFakeClock, type FakeClock } from './helpers/fake-clock.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';
import { tempDir } from './helpers/run-cli.js';

/** Runs summarize in process; aborts (as Ctrl-C does) once `stopAfter` search pages have arrived. */
async function summarize(args: string[], cwd: string, server: FakeZenodo, clock: FakeClock, stopAfter?: number) {
  const controller = new AbortController();
  let searches = 0;
  let stderr = '';
  const io: CliIo = {
    stdout: { write: () => true },
    stderr: { write: (t: string) => (stderr += t) },
    env: { ZENODO_BASE_URL: server.url },
    cwd,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    signal: controller.signal,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (String(input instanceof Request ? input.url : input).includes('/api/records') && ++searches === stopAfter) controller.abort();
      return response;
    },
  };
  const code = await main(['summarize', 'big', ...args], io);
  return { code, stderr, searches };
}

async function snapshotRecords(db: string) {
  const store = await openSqliteStore(db);
  try {
    return (await store.loadCollection('big')).map((s) => ({ complete: s.info.complete, records: s.records }));
  } finally {
    await store.close();
  }
}

for (const scenario of [
  { name: '2 000 records in 80 pages', records: 2_000, token: false },
  { name: '12 000 records in created-date slices', records: 12_000, token: true },
]) {
  describe(`an interrupted run resumed: ${scenario.name}`, () => {
    let server: FakeZenodo;
    let dir: string;
    let remove: () => Promise<void>;
    const clock = createFakeClock(Date.UTC(2026, 10, 25, 8));
    const env = scenario.token ? ['--token', 'resume-token'] : [];

    before(async () => {
      const records = makeSyntheticRecords(scenario.records, { community: 'big', seed: 21 });
      server = await startFakeZenodo({ records, communities: [{ id: 'b1g', slug: 'big', title: 'Big' }], tokens: ['resume-token'], now: () => clock.now() });
      ({ dir, remove } = await tempDir());
    });
    after(async () => {
      await server.close();
      await remove();
    });

    it('stops at 60 %, keeps a checkpoint and says how to resume; writes no CSV and no snapshot', async () => {
      const reference = await summarize([...env, '--out', 'reference.csv', '--db', 'reference.sqlite'], dir, server, clock);
      assert.equal(reference.code, 0, reference.stderr);
      const pages = reference.searches;
      clock.advance(61_000);

      const stopAt = Math.round(pages * 0.6);
      const first = await summarize([...env, '--out', 'resumed.csv', '--db', 'resumed.sqlite'], dir, server, clock, stopAt);
      assert.equal(first.code, 130, first.stderr);
      assert.match(first.stderr, /interrupted; \d+ records are kept in \.zenodo-stats-big\.checkpoint\.ndjson: run the same command with --resume to continue from record \d+/);
      assert.match(first.stderr, /no output file or snapshot was written/);
      assert.ok(!existsSync(path.join(dir, 'resumed.csv')));
      assert.deepEqual(await snapshotRecords(path.join(dir, 'resumed.sqlite')), []);
      assert.ok(existsSync(path.join(dir, '.zenodo-stats-big.checkpoint.ndjson')));
      clock.advance(61_000);

      const resumed = await summarize([...env, '--out', 'resumed.csv', '--db', 'resumed.sqlite', '--resume'], dir, server, clock);
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.match(resumed.stderr, /^resuming: \d+ records from /m);
      // Only the rest was fetched again (plus the community lookup), not the whole listing.
      assert.ok(resumed.searches <= pages - stopAt + 1, `${resumed.searches} search requests on resume, ${pages} in all`);
      assert.equal(await readFile(path.join(dir, 'resumed.csv'), 'utf8'), await readFile(path.join(dir, 'reference.csv'), 'utf8'));
      const [a] = await snapshotRecords(path.join(dir, 'reference.sqlite'));
      const [b] = await snapshotRecords(path.join(dir, 'resumed.sqlite'));
      assert.ok(a && b);
      assert.equal(b.complete, true);
      assert.deepEqual(b.records, a.records);
      assert.deepEqual((await readdir(dir)).filter((f) => f.includes('checkpoint')), []);
    });
  });
}

describe('--resume without a checkpoint', () => {
  it('starts from the beginning and says so', async () => {
    const clock = createFakeClock();
    const server = await startFakeZenodo({ records: makeSyntheticRecords(30, { community: 'big' }), communities: [{ id: 'b1g', slug: 'big', title: 'Big' }], now: () => clock.now() });
    const { dir, remove } = await tempDir();
    try {
      const result = await summarize(['--resume', '--out', 'x.csv', '--db', 'x.sqlite'], dir, server, clock);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /no checkpoint to resume from; starting from the beginning/);
    } finally {
      await server.close();
      await remove();
    }
  });
});
