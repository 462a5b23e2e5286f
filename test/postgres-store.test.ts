/**
 * The PostgreSQL store against a real server: the shared contract, then what only a shared database has
 * (concurrent writers, migrations racing, connection errors).
 *
 * The server comes from ZENODO_STATS_TEST_POSTGRES, a postgres:// URL of a role that may create databases, e.g.
 *   pg_dir=$(mktemp -d)
 *   export ZENODO_STATS_TEST_POSTGRES=$(test/helpers/start-postgres.sh start "$pg_dir")
 *   node --import tsx --test test/postgres-store.test.ts
 *   test/helpers/start-postgres.sh stop "$pg_dir"
 * Each run creates its own database (dropped at the end) and each test its own schema in it.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { openPostgresStore, postgresSchemaVersion } from '../src/store/postgres-store.js';
import type { PostgresSnapshotStore, PostgresStoreOptions } from '../src/store/postgres-store.js';
import { counterNames } from '../src/snapshot/snapshot.js';
import type { SaveResult, SnapshotRecord } from '../src/snapshot/snapshot.js';
import { StoreError } from '../src/store/store-error.js';
import {
  describeSnapshotStoreContract,
  dumpStore,
  newSnapshot,
  recordMetadata,
  snapshotRecord,
} from './helpers/store-contract.js';

const adminUrl = process.env['ZENODO_STATS_TEST_POSTGRES'] ?? '';
const howToStart =
  'start one with `test/helpers/start-postgres.sh start "$(mktemp -d)"` and export the URL it prints';

if (adminUrl === '') {
  if (process.env['CI']) {
    it('has a PostgreSQL server to test against', () => {
      assert.fail(`ZENODO_STATS_TEST_POSTGRES is not set in CI: .ci/run must ${howToStart}`);
    });
  } else {
    it('PostgreSQL store tests', { skip: `ZENODO_STATS_TEST_POSTGRES is not set: ${howToStart}` }, () => {});
  }
} else {
  describePostgresTests(adminUrl);
}

function describePostgresTests(adminUrl: string): void {
  const databaseName = `zenodo_stats_test_${randomBytes(6).toString('hex')}`;
  const databaseUrl = withPath(adminUrl, databaseName);
  /** Connected to the test database, for setting up and inspecting schemas behind the store's back. */
  let db: Client;
  let schemaCounter = 0;

  before(async () => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${databaseName}`);
    } finally {
      await admin.end();
    }
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
  });

  after(async () => {
    await db?.end();
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  });

  /** A new, empty schema in the test database and a URL whose connections use it. */
  async function freshSchema(): Promise<{ url: string; schema: string }> {
    schemaCounter += 1;
    const schema = `s${schemaCounter}`;
    await db.query(`CREATE SCHEMA ${schema}`);
    const url = new URL(databaseUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return { url: url.href, schema };
  }

  async function dropSchema(schema: string): Promise<void> {
    await db.query(`DROP SCHEMA ${schema} CASCADE`);
  }

  async function withStore(
    test: (store: PostgresSnapshotStore, schema: string, url: string) => Promise<void>,
    options: PostgresStoreOptions = {},
  ): Promise<void> {
    const { url, schema } = await freshSchema();
    const store = await openPostgresStore(url, options);
    try {
      await test(store, schema, url);
    } finally {
      await store.close();
      await dropSchema(schema);
    }
  }

  describeSnapshotStoreContract(
    'PostgreSQL',
    async () => {
      const { url, schema } = await freshSchema();
      return { store: await openPostgresStore(url), cleanup: () => dropSchema(schema) };
    },
    async () => {
      const { url, schema } = await freshSchema();
      return {
        open: (options) => openPostgresStore(url, options),
        exists: async () => {
          const tables = await db.query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1', [schema]);
          return (tables.rowCount ?? 0) > 0;
        },
        cleanup: () => dropSchema(schema),
      };
    },
  );

  describe('openPostgresStore', () => {
    it('creates the tables and records the schema version', () =>
      withStore(async (_store, schema) => {
        const tables = await db.query<{ name: string }>(
          'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1',
          [schema],
        );
        assert.deepEqual(
          tables.rows.map((r) => r.name),
          ['records', 'snapshot_records', 'snapshots', 'zenodo_stats_meta'],
        );
        assert.equal(postgresSchemaVersion, 3);
        const meta = await db.query(`SELECT key, value FROM ${schema}.zenodo_stats_meta`);
        assert.deepEqual(meta.rows, [{ key: 'schema_version', value: '3' }]);
      }));

    it('keeps the data when opened again', async () => {
      const { url, schema } = await freshSchema();
      const first = await openPostgresStore(url);
      await first.saveSnapshot(
        newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 4, conceptId: '0' })], {
          metadata: [recordMetadata('1', { conceptId: '0' })],
        }),
      );
      const before = await dumpStore(first);
      await first.close();
      const second = await openPostgresStore(url);
      try {
        assert.deepEqual(await dumpStore(second), before);
        assert.equal(await second.resolveConcept('0'), '1');
      } finally {
        await second.close();
        await dropSchema(schema);
      }
    });

    it('upgrades a store of schema 1 (before records.gone_at) in place, keeping its snapshots and titles', async () => {
      const { url, schema } = await freshSchema();
      const first = await openPostgresStore(url);
      await first.saveSnapshot(
        newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 4 })], { metadata: [recordMetadata('1', { title: 'Kept' })] }),
      );
      await first.close();
      // What a store written by the previous release looks like: no gone_at column, schema_version 1.
      await db.query(`ALTER TABLE ${schema}.records DROP COLUMN gone_at, DROP COLUMN file_count, DROP COLUMN size_bytes`);
      await db.query(`UPDATE ${schema}.zenodo_stats_meta SET value = '1' WHERE key = 'schema_version'`);
      // A command that only reads (report, history) reads it as it is, no record gone, and changes nothing.
      const reader = await openPostgresStore(url, { readOnly: true });
      try {
        assert.deepEqual((await reader.recordMetadata()).get('1'), recordMetadata('1', { title: 'Kept', goneAt: null }));
      } finally {
        await reader.close();
      }
      assert.deepEqual((await db.query(`SELECT value FROM ${schema}.zenodo_stats_meta`)).rows, [{ value: '1' }]);
      const upgraded = await openPostgresStore(url);
      try {
        assert.deepEqual((await upgraded.recordMetadata()).get('1'), recordMetadata('1', { title: 'Kept', goneAt: null }));
        assert.equal((await upgraded.loadCollection('nfdi4bioimage'))[0]?.records[0]?.downloads, 4);
        await upgraded.saveRecordLookup({ lookedUpAt: '2026-12-07T09:00:00.000Z', found: [], gone: [{ recordId: '1', url: 'https://zenodo.org/records/1' }] });
        assert.equal((await upgraded.recordMetadata(['1'])).get('1')?.goneAt, '2026-12-07');
        const meta = await db.query(`SELECT value FROM ${schema}.zenodo_stats_meta WHERE key = 'schema_version'`);
        assert.deepEqual(meta.rows, [{ value: '3' }]);
      } finally {
        await upgraded.close();
        await dropSchema(schema);
      }
    });

    it('upgrades a store of schema 2 (before records.size_bytes) in place; read as it is, no size is known', async () => {
      const { url, schema } = await freshSchema();
      const first = await openPostgresStore(url);
      await first.saveSnapshot(
        newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 4 })], { metadata: [recordMetadata('1', { title: 'Kept', goneAt: '2026-08-10' })] }),
      );
      await first.close();
      // What a store written by the previous release looks like: no file_count or size_bytes, schema_version 2.
      await db.query(`ALTER TABLE ${schema}.records DROP COLUMN file_count, DROP COLUMN size_bytes`);
      await db.query(`UPDATE ${schema}.zenodo_stats_meta SET value = '2' WHERE key = 'schema_version'`);
      const reader = await openPostgresStore(url, { readOnly: true });
      try {
        assert.deepEqual((await reader.recordMetadata()).get('1'), recordMetadata('1', { title: 'Kept', goneAt: '2026-08-10' }));
      } finally {
        await reader.close();
      }
      assert.deepEqual((await db.query(`SELECT value FROM ${schema}.zenodo_stats_meta`)).rows, [{ value: '2' }]);
      const upgraded = await openPostgresStore(url);
      try {
        assert.deepEqual((await upgraded.recordMetadata()).get('1'), recordMetadata('1', { title: 'Kept', goneAt: '2026-08-10' }));
        await upgraded.saveSnapshot(
          newSnapshot('2026-08-18', [snapshotRecord('1', { downloads: 5 })], { metadata: [recordMetadata('1', { title: 'Kept', fileCount: 2, sizeBytes: 4096 })] }),
        );
        assert.deepEqual((await upgraded.recordMetadata()).get('1'), recordMetadata('1', { title: 'Kept', fileCount: 2, sizeBytes: 4096 }));
        assert.deepEqual((await db.query(`SELECT value FROM ${schema}.zenodo_stats_meta`)).rows, [{ value: '3' }]);
      } finally {
        await upgraded.close();
        await dropSchema(schema);
      }
    });

    it('migrates once when several processes open an empty database at the same moment', async () => {
      const { url, schema } = await freshSchema();
      const stores = await Promise.all(Array.from({ length: 6 }, () => openPostgresStore(url)));
      try {
        await Promise.all(
          stores.map((store, i) => store.saveSnapshot(newSnapshot(`2026-08-0${i + 1}`, [snapshotRecord('1')]))),
        );
        assert.equal((await stores[0]?.listSnapshots())?.length, 6);
        const meta = await db.query(`SELECT count(*)::int AS n FROM ${schema}.zenodo_stats_meta`);
        assert.deepEqual(meta.rows, [{ n: 1 }]);
      } finally {
        await Promise.all(stores.map((store) => store.close()));
        await dropSchema(schema);
      }
    });

    it('refuses a database written by a newer schema, and leaves it alone', async () => {
      const { url, schema } = await freshSchema();
      await (await openPostgresStore(url)).close();
      await db.query(`UPDATE ${schema}.zenodo_stats_meta SET value = '4' WHERE key = 'schema_version'`);
      const error = await storeErrorOf(openPostgresStore(url));
      const shown = `postgres://${new URL(adminUrl).username}@${hostAndPort(adminUrl)}/${databaseName}`;
      assert.equal(error.reason, 'newer-schema');
      assert.equal(error.exitCode, 5);
      assert.equal(
        error.message,
        `${shown} was written by a newer zenodo-stats (schema 4; this version knows 3): upgrade zenodo-stats`,
      );
      const meta = await db.query(`SELECT value FROM ${schema}.zenodo_stats_meta`);
      assert.deepEqual(meta.rows, [{ value: '4' }]);
      await dropSchema(schema);
    });

    it('a role that may only read: reads the store, and a save says read-only, permission denied', async () => {
      const { url, schema } = await freshSchema();
      const writer = await openPostgresStore(url);
      await writer.saveSnapshot(newSnapshot('2026-08-04', [snapshotRecord('1', { downloads: 1 })]));
      const before = await dumpStore(writer);
      await writer.close();
      const role = `zs_reader_${randomBytes(4).toString('hex')}`;
      await db.query(`CREATE ROLE ${role} LOGIN PASSWORD 'reader-pw'`);
      await db.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
      await db.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${role}`);
      const readerUrl = new URL(url);
      readerUrl.username = role;
      readerUrl.password = 'reader-pw';
      // Opened for writing, as summarize does: the schema is current, so opening needs no write.
      const store = await openPostgresStore(readerUrl.href);
      try {
        assert.deepEqual(await dumpStore(store), before);
        const error = await storeErrorOf(store.saveSnapshot(newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 2 })])));
        assert.equal(error.reason, 'read-only');
        assert.equal(error.exitCode, 6);
        assert.match(error.message, new RegExp(`^the store postgres://${role}:\\*\\*\\*@\\S+ is read-only: .*permission denied`));
        assert.doesNotMatch(error.message, /reader-pw/);
      } finally {
        await store.close();
      }
      const after = await openPostgresStore(url, { readOnly: true });
      try {
        assert.deepEqual(await dumpStore(after), before, 'nothing was saved');
      } finally {
        await after.close();
      }
      await db.query(`DROP OWNED BY ${role}`);
      await db.query(`DROP ROLE ${role}`);
      await dropSchema(schema);
    });

    it("refuses a schema holding another program's tables of the same names", async () => {
      const { url, schema } = await freshSchema();
      await db.query(`CREATE TABLE ${schema}.snapshots (id INTEGER)`);
      const error = await storeErrorOf(openPostgresStore(url));
      assert.equal(error.reason, 'not-a-store');
      assert.match(error.message, /tables named snapshots but no zenodo_stats_meta/);
      await dropSchema(schema);
    });

    it('names host and database when it cannot connect, and never shows the password', async () => {
      const password = `pw-${randomBytes(8).toString('hex')}`;
      const role = `zenodo_stats_nologin_${randomBytes(4).toString('hex')}`;
      const server = new URL(adminUrl);
      const closedPort = await unusedPort();
      await db.query(`CREATE ROLE ${role} NOLOGIN PASSWORD '${password}'`);
      try {
        const cases: { url: string; shows: string[]; says: RegExp }[] = [
          {
            url: `postgres://someone:${password}@127.0.0.1:${closedPort}/stats`,
            shows: [`postgres://someone:***@127.0.0.1:${closedPort}/stats`],
            says: /ECONNREFUSED/,
          },
          {
            url: withPath(withPassword(adminUrl, password), 'no_such_database'),
            shows: [server.hostname, 'no_such_database', ':***@'],
            says: /database "no_such_database" does not exist/,
          },
          {
            url: withPassword(withUser(databaseUrl, role), password),
            shows: [`${role}:***@${hostAndPort(adminUrl)}/${databaseName}`],
            says: /not permitted to log in/,
          },
          {
            url: `${withPath(adminUrl, 'no_such_database')}?password=${password}`,
            shows: ['no_such_database'],
            says: /does not exist/,
          },
        ];
        for (const { url, shows, says } of cases) {
          const error = await storeErrorOf(openPostgresStore(url, { connectTimeoutMs: 5000 }));
          assert.equal(error.reason, 'cannot-open', error.message);
          assert.equal(error.exitCode, 6);
          for (const part of shows) assert.ok(error.message.includes(part), `${error.message} lacks ${part}`);
          assert.match(error.message, says);
          for (const text of [error.message, String(error), error.stack ?? '', errorChain(error), String(error.path)]) {
            assert.ok(!text.includes(password), `the password leaked: ${text}`);
          }
        }
      } finally {
        await db.query(`DROP ROLE ${role}`);
      }
    });

    it('rejects a URL that is not a PostgreSQL URL without echoing it', async () => {
      const error = await storeErrorOf(openPostgresStore('mysql://root:hunter2@localhost/stats'));
      assert.equal(error.reason, 'cannot-open');
      assert.doesNotMatch(error.message, /hunter2/);
      const garbage = await storeErrorOf(openPostgresStore('hunter2 is not a url'));
      assert.doesNotMatch(garbage.message, /hunter2/);
    });
  });

  describe('PostgresSnapshotStore with concurrent writers', () => {
    /** `count` records whose ids start with `prefix`, their counters derived from `seed`. */
    function records(prefix: string, seed: number, count: number): SnapshotRecord[] {
      return Array.from({ length: count }, (_, i) =>
        snapshotRecord(`${prefix}${100_000 + i}`, {
          conceptId: i % 4 === 0 ? null : `c${i}`,
          downloads: seed * 1000 + i,
          views: i % 3 === 0 ? null : seed + i,
          volume: i * 1.5,
        }),
      );
    }

    /** Two saves of the same day in the order they ran: the later one replaced the earlier. */
    function order(a: SaveResult, b: SaveResult): [SaveResult, SaveResult] {
      if (b.replaced?.id === a.info.id) return [a, b];
      if (a.replaced?.id === b.info.id) return [b, a];
      assert.fail(`neither save replaced the other: ${JSON.stringify([a, b])}`);
    }

    it('two stores saving the same collection and day at once end with exactly one whole snapshot', () =>
      withStore(async (a, schema, url) => {
        const b = await openPostgresStore(url);
        try {
          const expected = new Map<number, SnapshotRecord[]>();
          for (let round = 0; round < 10; round++) {
            const day = `2026-09-${String(round + 1).padStart(2, '0')}`;
            const fromA = records('a', round, 3000);
            const fromB = records('b', round + 100, 2000);
            const metadata = [recordMetadata('shared', { title: `round ${round}` })];
            const [resultA, resultB] = await Promise.all([
              a.saveSnapshot(newSnapshot(day, fromA, { metadata })),
              b.saveSnapshot(newSnapshot(day, fromB, { metadata })),
            ]);
            const [first, second] = order(resultA, resultB);
            assert.equal(first.replaced, null);
            assert.equal(first.unchanged, false);
            assert.deepEqual(second.replaced, first.info, `round ${round}: the later save replaced the earlier`);
            const onDay = (await a.listSnapshots()).filter((s) => s.day === day);
            assert.deepEqual(onDay, [second.info], `round ${round}: one snapshot on ${day}`);
            expected.set(second.info.id, second === resultA ? fromA : fromB);
          }
          // Then both keep overwriting one day: it ends as the last save, with nothing left of the others.
          let last: SaveResult | undefined;
          for (let round = 0; round < 10; round++) {
            const [first, second] = order(
              ...(await Promise.all([
                a.saveSnapshot(newSnapshot('2026-10-01', records('a', round, 1500))),
                b.saveSnapshot(newSnapshot('2026-10-01', records('b', round, 2500))),
              ])),
            );
            assert.deepEqual(second.replaced, first.info);
            last = second;
          }
          assert.ok(last !== undefined);
          const loaded = await b.loadCollection('nfdi4bioimage');
          assert.equal(loaded.length, 11);
          for (const snapshot of loaded.slice(0, 10)) {
            const want = expected.get(snapshot.info.id);
            assert.ok(want !== undefined, `snapshot ${snapshot.info.id} is one of the winners`);
            assert.deepEqual(snapshot.records, want);
          }
          assert.deepEqual(loaded[10]?.info, last.info);
          const rows = await db.query<{ snapshots: number; rows: number; expected: number }>(
            `SELECT (SELECT count(*)::int FROM ${schema}.snapshots) AS snapshots,
                    (SELECT count(*)::int FROM ${schema}.snapshot_records) AS rows,
                    (SELECT sum(record_count)::int FROM ${schema}.snapshots) AS expected`,
          );
          const counts = rows.rows[0];
          assert.equal(counts?.snapshots, 11);
          assert.equal(counts.rows, counts.expected, 'no records left over from replaced snapshots');
          assert.equal(
            counts.rows,
            loaded.reduce((sum, s) => sum + s.records.length, 0),
          );
          assert.equal((await a.recordMetadata(['shared'])).get('shared')?.title, 'round 9');
        } finally {
          await b.close();
        }
      }));

    it('two stores saving identical content at once: one saves, the other finds it unchanged', () =>
      withStore(async (a, _schema, url) => {
        const b = await openPostgresStore(url);
        try {
          for (let round = 0; round < 5; round++) {
            const day = `2026-09-1${round}`;
            const content = records('x', round, 2000);
            const results = await Promise.all([
              a.saveSnapshot(newSnapshot(day, content)),
              b.saveSnapshot(newSnapshot(day, [...content].reverse())),
            ]);
            assert.deepEqual(
              results.map((r) => r.unchanged).sort(),
              [false, true],
            );
            assert.deepEqual(results[0]?.info, results[1]?.info);
          }
          assert.equal((await a.listSnapshots()).length, 5);
        } finally {
          await b.close();
        }
      }));

    it('saves of different days at once all land, also when they update the same metadata', () =>
      withStore(async (a, _schema, url) => {
        const b = await openPostgresStore(url);
        try {
          const ids = Array.from({ length: 500 }, (_, i) => String(1000 + i));
          const metadata = (title: string, reversed: boolean): ReturnType<typeof recordMetadata>[] => {
            const list = ids.map((id) => recordMetadata(id, { title }));
            return reversed ? list.reverse() : list;
          };
          const saves = [];
          for (let day = 1; day <= 10; day++) {
            const store = day % 2 === 0 ? a : b;
            const takenAt = `2026-11-${String(day).padStart(2, '0')}T12:00:00.000Z`;
            saves.push(
              store.saveSnapshot(
                newSnapshot(takenAt.slice(0, 10), records('r', day, 1000), {
                  metadata: metadata(`day ${day}`, day % 3 === 0),
                }),
              ),
            );
          }
          const results = await Promise.all(saves);
          assert.ok(results.every((r) => r.replaced === null && !r.unchanged));
          assert.equal((await a.listSnapshots()).length, 10);
          // Whatever order they committed in, the newest snapshot's metadata is the one kept.
          const kept = await b.recordMetadata();
          assert.equal(kept.size, 500);
          assert.ok([...kept.values()].every((m) => m.title === 'day 10'));
        } finally {
          await b.close();
        }
      }));

    it('reports a save that waits too long for another process as locked, and saves once it is free', () =>
      withStore(
        async (store, _schema, url) => {
          const holder = new Client({ connectionString: url });
          await holder.connect();
          try {
            await holder.query('BEGIN');
            await holder.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 2054386803))", [
              'nfdi4bioimage\n2026-08-11',
            ]);
            const error = await storeErrorOf(store.saveSnapshot(newSnapshot('2026-08-11', [snapshotRecord('1')])));
            assert.equal(error.reason, 'locked');
            assert.equal(error.exitCode, 6);
            assert.match(error.message, /in use by another process: gave up saving the nfdi4bioimage snapshot/);
            // Another day is not blocked.
            await store.saveSnapshot(newSnapshot('2026-08-12', [snapshotRecord('1')]));
            await holder.query('ROLLBACK');
          } finally {
            await holder.end();
          }
          const saved = await store.saveSnapshot(newSnapshot('2026-08-11', [snapshotRecord('1')]));
          assert.equal(saved.replaced, null);
        },
        { lockTimeoutMs: 200 },
      ));
  });

  describe('PostgresSnapshotStore', () => {
    it('rolls back a save that fails inside the transaction, after replacing the old snapshot', () =>
      withStore(async (store, schema) => {
        await store.saveSnapshot(
          newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 1 })], { metadata: [recordMetadata('1')] }),
        );
        const before = await dumpStore(store);
        // A trigger on the last table a save writes fails it after the delete and both inserts.
        await db.query(`
          CREATE FUNCTION ${schema}.fail() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION 'injected'; END $$;
          CREATE TRIGGER fail_metadata BEFORE INSERT ON ${schema}.records
            FOR EACH ROW EXECUTE FUNCTION ${schema}.fail();`);
        const failing = newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 2 }), snapshotRecord('2')], {
          metadata: [recordMetadata('2')],
        });
        const error = await storeErrorOf(store.saveSnapshot(failing));
        assert.equal(error.reason, 'sqlite');
        assert.match(error.message, /saving the nfdi4bioimage snapshot of 2026-08-11 failed: injected/);
        assert.deepEqual(await dumpStore(store), before);

        await db.query(`DROP TRIGGER fail_metadata ON ${schema}.records`);
        const saved = await store.saveSnapshot(failing);
        assert.deepEqual(saved.replaced, before.snapshots[0]);
        assert.equal((await store.recordMetadata()).size, 2);
      }));

    it('round-trips awkward numbers and ids, in code-unit order', () =>
      withStore(async (store) => {
        const values: Partial<SnapshotRecord>[] = [
          { downloads: -0, views: 0, volume: 0.1 },
          { downloads: Number.MAX_SAFE_INTEGER, views: -Number.MAX_SAFE_INTEGER, volume: 1e300 },
          { downloads: 1.5, uniqueViews: 5e-324, volume: -2.5e-10 },
          { downloads: 2 ** 31, versionViews: -(2 ** 31) - 1 },
          {},
          { uniqueDownloads: 7 },
          { versionUniqueViews: 8 },
        ];
        // '\u{1F600}' sorts before '\uFFFD' in UTF-16 code units, after it in UTF-8 bytes (the index's order).
        const ids = ['a"b', 'back\\slash', '{comma,brace}', 'NULL', '\uFFFD', '\u{1F600}', 'ümlaut'];
        const records = ids.map((id, i) =>
          snapshotRecord(id, { conceptId: i % 2 ? `concept "${i}"` : null, ...values[i] }),
        );
        const saved = await store.saveSnapshot(newSnapshot('2026-08-11', records));
        const sorted = [...records].sort((x, y) => (x.recordId < y.recordId ? -1 : x.recordId > y.recordId ? 1 : 0));
        const loaded = await store.loadSnapshot(saved.info.id);
        assert.deepEqual(loaded?.records, sorted);
        assert.ok(Object.is(loaded?.records.find((r) => r.recordId === 'a"b')?.downloads, -0));
        const again = await store.saveSnapshot(newSnapshot('2026-08-11', [...records].reverse()));
        assert.equal(again.unchanged, true);
      }));

    it('saves and loads 10 000 records, and loadCollectionColumns matches loadCollection', () =>
      withStore(async (store) => {
        const records = (day: number): SnapshotRecord[] =>
          Array.from({ length: 10_000 }, (_, i) =>
            snapshotRecord(String(1_000_000 + i), {
              conceptId: i % 5 === 0 ? null : String(900_000 + i),
              downloads: i * day,
              uniqueDownloads: i % 7 === 0 ? null : i,
              views: day === 2 && i === 3 ? null : i * 3,
              volume: i % 3 === 0 ? null : i * 4_000_000,
            }),
          );
        await store.saveSnapshot(newSnapshot('2026-08-04', records(1)));
        await store.saveSnapshot(newSnapshot('2026-08-11', records(2)));
        await store.saveSnapshot(newSnapshot('2026-08-18', records(3).slice(1)));
        const loaded = await store.loadCollection('nfdi4bioimage');
        assert.deepEqual(loaded[1]?.records, records(2));
        const columns = await store.loadCollectionColumns('nfdi4bioimage', { from: '2026-08-04' });
        assert.deepEqual(
          columns.map((c) => c.info),
          loaded.map((l) => l.info),
        );
        const asRecords = columns.map(({ recordIds, conceptIds, values }) =>
          recordIds.map((recordId, i) => {
            const record: SnapshotRecord = snapshotRecord(recordId, { conceptId: conceptIds[i] ?? null });
            for (const name of [...counterNames, 'volume'] as const) {
              const value = values[name][i];
              record[name] = value === undefined || Number.isNaN(value) ? null : value;
            }
            return record;
          }),
        );
        assert.deepEqual(
          asRecords,
          loaded.map((l) => l.records),
        );
        assert.equal(columns[0]?.recordIds, columns[1]?.recordIds, 'equal id lists are shared');
      }));

    it('reports records missing behind its back as corrupt', () =>
      withStore(async (store, schema) => {
        const saved = await store.saveSnapshot(newSnapshot('2026-08-11', [snapshotRecord('1'), snapshotRecord('2')]));
        await db.query(`DELETE FROM ${schema}.snapshot_records WHERE record_id = '2'`);
        const error = await storeErrorOf(store.loadCollection('nfdi4bioimage'));
        assert.equal(error.reason, 'corrupt');
        assert.equal(error.exitCode, 5);
        assert.match(error.message, new RegExp(`is damaged: snapshot ${saved.info.id}: has 1 records, not 2`));
      }));

    it('rejects a malformed day bound, and takes an impossible date as a plain bound', () =>
      withStore(async (store) => {
        const error = await storeErrorOf(store.loadCollection('nfdi4bioimage', { from: '2026-8-1' }));
        assert.equal(error.reason, 'invalid-input');
        assert.match(error.message, /"from" must be a day as YYYY-MM-DD/);
        await store.saveSnapshot(newSnapshot('2026-03-01', [snapshotRecord('1')]));
        const days = async (to: string): Promise<string[]> =>
          (await store.loadCollection('nfdi4bioimage', { to })).map((s) => s.info.day);
        assert.deepEqual(await days('2026-02-30'), []);
        assert.deepEqual(await days('2026-03-01'), ['2026-03-01']);
      }));

    it('records when each snapshot was written, with the injected clock', () =>
      withStore(
        async (store, schema) => {
          await store.saveSnapshot(newSnapshot('2026-08-11', [snapshotRecord('1')]));
          const rows = await db.query(
            `SELECT to_char(saved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS saved FROM ${schema}.snapshots`,
          );
          assert.deepEqual(rows.rows, [{ saved: '2026-11-25 12:00' }]);
        },
        { now: () => Date.UTC(2026, 10, 25, 12) },
      ));

    it('refuses work once closed, with a closed StoreError naming the database without password', async () => {
      const { url, schema } = await freshSchema();
      const store = await openPostgresStore(withPassword(url, 'secret-password'));
      await store.close();
      const error = await storeErrorOf(store.listSnapshots());
      assert.equal(error.reason, 'closed');
      assert.doesNotMatch(error.message, /secret-password/);
      assert.match(error.message, new RegExp(`${databaseName} is closed`));
      await dropSchema(schema);
    });
  });
}

/** `host:port` as error messages show it (the port always, 5432 when the URL has none). */
function hostAndPort(url: string): string {
  const { hostname, port } = new URL(url);
  return `${hostname}:${port || '5432'}`;
}

/** `url` with another database. */
function withPath(url: string, database: string): string {
  const copy = new URL(url);
  copy.pathname = `/${database}`;
  return copy.href;
}

function withPassword(url: string, password: string): string {
  const copy = new URL(url);
  copy.password = password;
  return copy.href;
}

function withUser(url: string, user: string): string {
  const copy = new URL(url);
  copy.username = user;
  return copy.href;
}

/** A loopback port that was free a moment ago: connecting to it is refused. */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address !== null && typeof address === 'object');
  return address.port;
}

/** Resolves to the StoreError a promise rejects with. */
async function storeErrorOf(promise: Promise<unknown>): Promise<StoreError> {
  const error: unknown = await promise.then(
    () => assert.fail('expected a StoreError'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof StoreError, `expected a StoreError, got ${String(error)}`);
  return error;
}

function errorChain(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error && parts.length < 10; e = e.cause) {
    parts.push(`${e.message}\n${e.stack ?? ''}`);
  }
  return parts.join('\n');
}
