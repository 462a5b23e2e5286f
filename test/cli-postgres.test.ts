import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { loadCommunityFixture } from './helpers/dataset.js';
import { createFakeClock } from './helpers/fake-clock.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';
import { runCli, tempDir } from './helpers/run-cli.js';

/** `--db postgres://…` and `migrate`, end to end, on the real server of ZENODO_STATS_TEST_POSTGRES (see postgres-store.test.ts). */
const adminUrl = process.env['ZENODO_STATS_TEST_POSTGRES'] ?? '';
const skip = adminUrl === '' && !process.env['CI'] ? 'ZENODO_STATS_TEST_POSTGRES is not set (see test/postgres-store.test.ts)' : false;

describe('a team store on PostgreSQL, from the command line', { skip }, () => {
  const name = `zenodo_stats_cli_${randomBytes(6).toString('hex')}`;
  let url: string;
  let server: FakeZenodo;
  let dir: string;
  let remove: () => Promise<void>;
  const clock = createFakeClock(Date.UTC(2026, 10, 20, 9));

  before(async () => {
    assert.ok(adminUrl, 'CI must provide ZENODO_STATS_TEST_POSTGRES');
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    url = u.href;
    const { records, communities } = loadCommunityFixture();
    server = await startFakeZenodo({ records, communities, now: () => clock.now() });
    ({ dir, remove } = await tempDir());
  });
  after(async () => {
    await server?.close();
    await remove?.();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });
  const run = (args: string[]) => runCli(args, { cwd: dir, env: { ZENODO_BASE_URL: server.url }, clock });

  it('summarize saves into PostgreSQL, and history reads it back', async () => {
    const first = await run(['summarize', '--db', url, '--out', 'a.csv']);
    assert.equal(first.code, 0, first.stderr);
    clock.advance(7 * 86_400_000);
    assert.equal((await run(['summarize', '--db', url, '--out', 'b.csv'])).code, 0);
    const list = JSON.parse((await run(['snapshots', '--db', url, '--format', 'json'])).stdout) as { records: number; day: string }[];
    assert.deepEqual(list.map((s) => [s.day, s.records]), [['2026-11-20', 149], ['2026-11-27', 149]]);
    const history = JSON.parse((await run(['history', '--db', url, '--format', 'json', '-q'])).stdout) as { total_downloads: number }[];
    assert.ok((history.at(-1)?.total_downloads ?? 0) > 0);
  });

  it('migrate copies a SQLite history into PostgreSQL, and a second run changes nothing', async () => {
    const sqlite = path.join(dir, 'local.sqlite');
    clock.advance(7 * 86_400_000);
    assert.equal((await run(['summarize', '--db', sqlite, '--out', 'c.csv'])).code, 0);
    assert.equal((await run(['summarize', 'covid-19', '--db', sqlite, '--out', 'd.csv'])).code, 0);
    const copied = await run(['migrate', '--from', `sqlite:${sqlite}`, '--to', url]);
    assert.equal(copied.code, 0, copied.stderr);
    assert.match(copied.stderr, /copied 2 snapshots from .*local\.sqlite to postgres:\/\/[^ ]*; 0 were there already/);
    assert.doesNotMatch(copied.stderr, /password/);
    const again = await run(['migrate', '--from', `sqlite:${sqlite}`, '--to', url]);
    assert.match(again.stderr, /copied 0 snapshots .*; 2 were there already/);
    const fromPg = JSON.parse((await run(['history', 'covid-19', '--db', url, '--format', 'json', '-q'])).stdout) as unknown[];
    const fromSqlite = JSON.parse((await run(['history', 'covid-19', '--db', sqlite, '--format', 'json', '-q'])).stdout) as unknown[];
    assert.deepEqual(fromPg, fromSqlite);
  });

  it('commands that read an empty database say there is no store, and create no tables', async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query('CREATE SCHEMA empty_for_readers');
      const empty = new URL(url);
      empty.searchParams.set('options', '-c search_path=empty_for_readers');
      for (const args of [['history', 'covid-19'], ['top', 'covid-19'], ['snapshots'], ['export', 'covid-19', '--dir', 'pg-export'], ['report', 'covid-19', '-o', 'pg-report']]) {
        const result = await run([...args, '--db', empty.href, '-q']);
        assert.equal(result.code, 6, `${args[0]}: ${result.stderr}`);
        assert.match(result.stderr, /no store at postgres:\/\/\S+ \(no zenodo-stats tables in its schema\): make one with/);
      }
      const tables = await admin.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'empty_for_readers'");
      assert.deepEqual(tables.rows, [], 'no tables were created');
    } finally {
      await admin.query('DROP SCHEMA IF EXISTS empty_for_readers CASCADE');
      await admin.end();
    }
  });
});
