import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../src/cli/main.js';
import { checkpointDirFor } from '../src/commands/summarize.js';
import type { CliIo } from '../src/terminal/cli-io.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { makeSyntheticRecords } from './helpers/dataset.js';
import { createFakeClock, type FakeClock } from './helpers/fake-clock.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';
import { tempDir } from './helpers/run-cli.js';

/** When to abort, as Ctrl-C does: after so many search pages, when stderr shows a line, or before a request. */
interface StopAt {
  afterSearches?: number;
  onStderr?: RegExp;
  beforeRequest?: (url: string) => boolean;
}

/** Runs summarize in process, counting search requests; aborts as `stop` says. */
async function summarize(args: string[], cwd: string, server: FakeZenodo, clock: FakeClock, stop: StopAt = {}, target: string[] = ['big']) {
  const controller = new AbortController();
  let searches = 0;
  let stderr = '';
  const io: CliIo = {
    stdout: { write: () => true },
    stderr: {
      write: (t: string) => {
        if (stop.onStderr?.test(t)) controller.abort();
        return (stderr += t);
      },
    },
    env: { ZENODO_BASE_URL: server.url },
    cwd,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    signal: controller.signal,
    fetch: async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (stop.beforeRequest?.(url)) controller.abort();
      const response = await fetch(input, init);
      if (new URL(url).pathname.endsWith('/records') && ++searches === stop.afterSearches) controller.abort();
      return response;
    },
  };
  const code = await main(['summarize', ...target, ...args], io);
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
      const first = await summarize([...env, '--out', 'resumed.csv', '--db', 'resumed.sqlite'], dir, server, clock, { afterSearches: stopAt });
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

    it('with --out - and no store, keeps its checkpoint in the working directory, not in the folder above it', { skip: scenario.token ? 'once is enough' : false }, async () => {
      const { dir: cwd, remove: removeCwd } = await tempDir();
      try {
        const first = await summarize(['--out', '-', '--no-db', '-q'], cwd, server, clock, { afterSearches: 30 });
        assert.equal(first.code, 130, first.stderr);
        assert.deepEqual(await readdir(cwd), ['.zenodo-stats-big.checkpoint.ndjson']);
        assert.ok(!existsSync(path.join(path.dirname(cwd), '.zenodo-stats-big.checkpoint.ndjson')));
        clock.advance(61_000);
        const resumed = await summarize(['--out', 'resumed.csv', '--no-db', '--resume', '-q'], cwd, server, clock);
        assert.equal(resumed.code, 0, resumed.stderr);
        assert.deepEqual(await readdir(cwd), ['resumed.csv']);
      } finally {
        await removeCwd();
      }
    });

    it('interrupted once the listing is in: keeps it, writes nothing, and --resume finishes without listing again', async () => {
      clock.advance(61_000);
      // The progress line of the last page: every page is in, the spool is being read back.
      const first = await summarize([...env, '--out', 'late.csv', '--db', 'late.sqlite'], dir, server, clock, { onStderr: /· (\d+)\/\1 records/ });
      assert.equal(first.code, 130, first.stderr);
      assert.match(first.stderr, /interrupted; the listing is complete and kept in \.zenodo-stats-big\.checkpoint\.ndjson: run the same command with --resume to finish without listing again/);
      assert.ok(!existsSync(path.join(dir, 'late.csv')));
      assert.deepEqual(await snapshotRecords(path.join(dir, 'late.sqlite')), []);

      const resumed = await summarize([...env, '--out', 'late.csv', '--db', 'late.sqlite', '--resume'], dir, server, clock);
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.equal(resumed.searches, 0);
      assert.equal(await readFile(path.join(dir, 'late.csv'), 'utf8'), await readFile(path.join(dir, 'reference.csv'), 'utf8'));
      assert.deepEqual((await snapshotRecords(path.join(dir, 'late.sqlite')))[0]?.records, (await snapshotRecords(path.join(dir, 'reference.sqlite')))[0]?.records);
    });
  });
}

describe('an interrupted run resumed at the boundary between two date slices', () => {
  it('goes on with the next slice, neither fetching nor counting the finished one again', async () => {
    const clock = createFakeClock(Date.UTC(2026, 10, 25, 8));
    const records = makeSyntheticRecords(12_000, { community: 'big', seed: 22 });
    const server = await startFakeZenodo({ records, communities: [{ id: 'b1g', slug: 'big', title: 'Big' }], tokens: ['t'], now: () => clock.now() });
    const { dir, remove } = await tempDir();
    const args = ['--token', 't', '--db', 'store.sqlite'];
    try {
      const reference = await summarize(['--token', 't', '--out', 'reference.csv', '--no-db'], dir, server, clock);
      assert.equal(reference.code, 0, reference.stderr);
      clock.advance(61_000);
      // The second slice's first page is about to be asked for: the checkpoint ends with the first slice's last page.
      let sliceStarts = 0;
      const isSliceStart = (url: string) => /[?&]q=created/.test(url) && /[?&]page=1(&|$)/.test(url) && ++sliceStarts === 2;
      const first = await summarize([...args, '--out', 'out.csv'], dir, server, clock, { beforeRequest: isSliceStart });
      assert.equal(first.code, 130, first.stderr);
      assert.match(first.stderr, /interrupted; \d+ records are kept in/);
      const firstSlicePages = first.searches;
      clock.advance(61_000);

      const resumed = await summarize([...args, '--out', 'out.csv', '--resume'], dir, server, clock);
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.doesNotMatch(resumed.stderr, /listed twice|added or removed/);
      assert.equal(firstSlicePages + resumed.searches, reference.searches);
      assert.equal(await readFile(path.join(dir, 'out.csv'), 'utf8'), await readFile(path.join(dir, 'reference.csv'), 'utf8'));
    } finally {
      await server.close();
      await remove();
    }
  });
});

describe('an interrupted --query listing resumed (issue 13: the same --resume as a community)', () => {
  it('keeps its checkpoint under the --as name, goes on from it, and refuses it for another search', async () => {
    const clock = createFakeClock(Date.UTC(2026, 10, 25, 8));
    const records = makeSyntheticRecords(1_000, { community: 'big', seed: 23 });
    for (const r of records) (r.metadata as { keywords?: string[] }).keywords = ['bulk'];
    const server = await startFakeZenodo({ records, communities: [{ id: 'b1g', slug: 'big', title: 'Big' }], now: () => clock.now() });
    const { dir, remove } = await tempDir();
    const query = ['--query', 'keywords:bulk', '--as', 'bulk'];
    try {
      const reference = await summarize(['--out', 'reference.csv', '--no-db'], dir, server, clock, {}, query);
      assert.equal(reference.code, 0, reference.stderr);
      assert.equal(reference.searches, 40, '1 000 records in pages of 25');
      clock.advance(61_000);
      const first = await summarize(['--out', 'q.csv', '--db', 'q.sqlite'], dir, server, clock, { afterSearches: 24 }, query);
      assert.equal(first.code, 130, first.stderr);
      assert.match(first.stderr, /interrupted; 575 records are kept in \.zenodo-stats-bulk\.checkpoint\.ndjson: run the same command with --resume to continue from record 576/);
      clock.advance(61_000);
      const other = await summarize(['--out', 'q.csv', '--db', 'q.sqlite', '--resume'], dir, server, clock, {}, ['--query', 'keywords:other', '--as', 'bulk']);
      assert.equal(other.code, 2, other.stderr);
      assert.match(other.stderr, /the checkpoint \S+ is of another listing \(bulk, query 'keywords:bulk' on /);
      const resumed = await summarize(['--out', 'q.csv', '--db', 'q.sqlite', '--resume'], dir, server, clock, {}, query);
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.match(resumed.stderr, /^resuming: 575 records from /m);
      assert.equal(resumed.searches, 17, "only the 17 pages not yet listed (the 24th was cut off by the interruption)");
      assert.equal(await readFile(path.join(dir, 'q.csv'), 'utf8'), await readFile(path.join(dir, 'reference.csv'), 'utf8'));
    } finally {
      await server.close();
      await remove();
    }
  });
});

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

describe('checkpointDirFor', () => {
  it('beside a SQLite store; beside the output file without one or with a postgres:// store; else in the working directory', () => {
    assert.equal(checkpointDirFor('/data/zenodo-stats.sqlite', 'out/x.csv', '/home/me'), '/data');
    assert.equal(checkpointDirFor('stores/z.sqlite', undefined, '/home/me'), '/home/me/stores');
    assert.equal(checkpointDirFor('postgres://stats@db.example.org/zenodo', 'out/x.csv', '/home/me'), '/home/me/out');
    assert.equal(checkpointDirFor('postgresql://stats@db.example.org/zenodo', '-', '/home/me'), '/home/me');
    assert.equal(checkpointDirFor(undefined, undefined, '/home/me'), '/home/me');
    assert.equal(checkpointDirFor(undefined, '-', '/home/me'), '/home/me');
    assert.equal(checkpointDirFor(undefined, '/tmp/a/b.csv', '/home/me'), '/tmp/a');
  });
});
