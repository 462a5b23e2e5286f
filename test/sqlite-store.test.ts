import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { access, chmod, mkdir, mkdtemp, open, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import sqlite3 from 'node-sqlite3-wasm';
import { counterNames } from '../src/snapshot/snapshot.js';
import type { RecordMetadata, SnapshotRecord } from '../src/snapshot/snapshot.js';
import { openSqliteStore, sqliteSchemaVersion } from '../src/store/sqlite-store.js';
import type { SqliteSnapshotStore } from '../src/store/sqlite-store.js';
import { StoreError } from '../src/store/store-error.js';
import {
  describeSnapshotStoreContract,
  dumpStore,
  newSnapshot,
  recordMetadata,
  snapshotRecord,
} from './helpers/store-contract.js';

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
let root = '';
let counter = 0;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'zenodo-stats-store-'));
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A path for a new database file in the temp dir. */
function freshPath(): string {
  counter += 1;
  return join(root, `store-${counter}.sqlite`);
}

/** Runs `work` on a raw node-sqlite3-wasm connection, closed afterwards. */
function withRawDatabase<T>(path: string, work: (db: InstanceType<typeof sqlite3.Database>) => T): T {
  const db = new sqlite3.Database(path);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
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

describeSnapshotStoreContract(
  'SQLite',
  async () => {
    const path = freshPath();
    return { store: await openSqliteStore(path), cleanup: () => rm(path, { force: true }) };
  },
  async () => {
    const path = freshPath();
    const leftovers = [path, `${path}.lock`, `${path}-journal`, `${path}-wal`];
    return {
      open: (options) => openSqliteStore(path, options),
      exists: async () => (await Promise.all(leftovers.map(exists))).some(Boolean),
      cleanup: async () => {
        for (const file of leftovers) await rm(file, { recursive: true, force: true });
      },
    };
  },
);

describe('openSqliteStore', () => {
  it('creates a real SQLite file with the current schema version', async () => {
    const path = freshPath();
    const store = await openSqliteStore(path);
    await store.close();
    const file = await open(path);
    try {
      const header = Buffer.alloc(16);
      await file.read(header, 0, 16, 0);
      assert.equal(header.toString('latin1'), 'SQLite format 3\0');
    } finally {
      await file.close();
    }
    withRawDatabase(path, (db) => {
      assert.deepEqual(db.get('PRAGMA user_version'), { user_version: sqliteSchemaVersion });
      assert.equal(sqliteSchemaVersion, 3);
      assert.deepEqual(db.get('PRAGMA application_id'), { application_id: 0x7a737473 });
      const tables = db.all("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").map((r) => r['name']);
      assert.deepEqual(tables, ['records', 'snapshot_records', 'snapshots']);
    });
  });

  it('creates a new store with the mode the umask gives (0644 under 022, as the sqlite3 shell), and keeps an existing one\'s', async () => {
    const before = process.umask(0o022);
    try {
      const path = freshPath();
      await (await openSqliteStore(path)).close();
      assert.equal((await stat(path)).mode & 0o777, 0o644);
      process.umask(0o027);
      const group = freshPath();
      await (await openSqliteStore(group)).close();
      assert.equal((await stat(group)).mode & 0o777, 0o640);
      // A store made private by its owner stays private when written again.
      await chmod(path, 0o600);
      const again = await openSqliteStore(path);
      await again.saveSnapshot(newSnapshot('2026-08-11', [snapshotRecord('1')]));
      await again.close();
      assert.equal((await stat(path)).mode & 0o777, 0o600);
    } finally {
      process.umask(before);
    }
  });

  it('keeps the data when the file is opened again', async () => {
    const path = freshPath();
    const first = await openSqliteStore(path);
    await first.saveSnapshot(
      newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 4, conceptId: '0' })], {
        metadata: [recordMetadata('1', { conceptId: '0' })],
      }),
    );
    const before = await dumpStore(first);
    await first.close();
    const second = await openSqliteStore(path);
    try {
      assert.deepEqual(await dumpStore(second), before);
      assert.equal(await second.resolveConcept('0'), '1');
    } finally {
      await second.close();
    }
  });

  it('upgrades a store of schema 1 (before records.gone_at) in place, keeping its snapshots and titles', async () => {
    const path = freshPath();
    const first = await openSqliteStore(path);
    await first.saveSnapshot(
      newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 4 })], { metadata: [recordMetadata('1', { title: 'Kept' })] }),
    );
    await first.close();
    // What a store written by the previous release looks like: no gone_at column, user_version 1.
    withRawDatabase(path, (db) =>
      db.exec('ALTER TABLE records DROP COLUMN gone_at; ALTER TABLE records DROP COLUMN file_count; ALTER TABLE records DROP COLUMN size_bytes; PRAGMA user_version = 1'),
    );
    // A command that only reads (report, history) reads it as it is, no record gone, and changes nothing.
    const reader = await openSqliteStore(path, { readOnly: true });
    try {
      assert.deepEqual((await reader.recordMetadata()).get('1'), recordMetadata('1', { title: 'Kept', goneAt: null }));
    } finally {
      await reader.close();
    }
    withRawDatabase(path, (db) => assert.deepEqual(db.get('PRAGMA user_version'), { user_version: 1 }));
    const upgraded = await openSqliteStore(path);
    try {
      assert.deepEqual((await upgraded.recordMetadata()).get('1'), recordMetadata('1', { title: 'Kept', goneAt: null }));
      assert.equal((await upgraded.loadCollection('nfdi4bioimage'))[0]?.records[0]?.downloads, 4);
      await upgraded.saveRecordLookup({ lookedUpAt: '2026-12-07T09:00:00.000Z', found: [], gone: [{ recordId: '1', url: 'https://zenodo.org/records/1' }] });
      assert.equal((await upgraded.recordMetadata(['1'])).get('1')?.goneAt, '2026-12-07');
    } finally {
      await upgraded.close();
    }
    withRawDatabase(path, (db) => assert.deepEqual(db.get('PRAGMA user_version'), { user_version: 3 }));
  });

  it('upgrades a store of schema 2 (before records.size_bytes) in place; read as it is, no size is known', async () => {
    const path = freshPath();
    const first = await openSqliteStore(path);
    await first.saveSnapshot(
      newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 4 })], { metadata: [recordMetadata('1', { title: 'Kept', goneAt: '2026-08-10' })] }),
    );
    await first.close();
    // What a store written by the previous release looks like: no file_count or size_bytes, user_version 2.
    withRawDatabase(path, (db) =>
      db.exec('ALTER TABLE records DROP COLUMN file_count; ALTER TABLE records DROP COLUMN size_bytes; PRAGMA user_version = 2'),
    );
    const reader = await openSqliteStore(path, { readOnly: true });
    try {
      assert.deepEqual((await reader.recordMetadata()).get('1'), recordMetadata('1', { title: 'Kept', goneAt: '2026-08-10' }));
    } finally {
      await reader.close();
    }
    withRawDatabase(path, (db) => assert.deepEqual(db.get('PRAGMA user_version'), { user_version: 2 }));
    const upgraded = await openSqliteStore(path);
    try {
      assert.deepEqual((await upgraded.recordMetadata()).get('1'), recordMetadata('1', { title: 'Kept', goneAt: '2026-08-10' }));
      await upgraded.saveSnapshot(
        newSnapshot('2026-08-18', [snapshotRecord('1', { downloads: 5 })], { metadata: [recordMetadata('1', { title: 'Kept', fileCount: 2, sizeBytes: 4096 })] }),
      );
      assert.deepEqual((await upgraded.recordMetadata()).get('1'), recordMetadata('1', { title: 'Kept', fileCount: 2, sizeBytes: 4096 }));
    } finally {
      await upgraded.close();
    }
    withRawDatabase(path, (db) => assert.deepEqual(db.get('PRAGMA user_version'), { user_version: 3 }));
  });

  it('refuses a file written by a newer schema, and leaves it alone', async () => {
    const path = freshPath();
    await (await openSqliteStore(path)).close();
    withRawDatabase(path, (db) => db.exec('PRAGMA user_version = 4'));
    const error = await storeErrorOf(openSqliteStore(path));
    assert.equal(error.reason, 'newer-schema');
    assert.equal(error.exitCode, 5);
    assert.equal(error.path, path);
    assert.equal(
      error.message,
      `${path} was written by a newer zenodo-stats (schema 4; this version knows 3): upgrade zenodo-stats`,
    );
    withRawDatabase(path, (db) => assert.deepEqual(db.get('PRAGMA user_version'), { user_version: 4 }));
    assert.equal(await exists(`${path}.lock`), false);
  });

  it('refuses a file that is not a SQLite database, and leaves it alone', async () => {
    const path = freshPath();
    const content = 'recordId,downloads\n1,2\n'.repeat(200);
    await writeFile(path, content);
    const error = await storeErrorOf(openSqliteStore(path));
    assert.equal(error.reason, 'not-a-store');
    assert.equal(error.exitCode, 5);
    assert.ok(error.message.includes(path), error.message);
    assert.equal(await readFile(path, 'utf8'), content);
    assert.equal(await exists(`${path}.lock`), false);
  });

  it('refuses the SQLite database of another program', async () => {
    const foreign = freshPath();
    withRawDatabase(foreign, (db) => db.exec('CREATE TABLE records (id INTEGER)'));
    assert.equal((await storeErrorOf(openSqliteStore(foreign))).reason, 'not-a-store');
    const otherApplication = freshPath();
    withRawDatabase(otherApplication, (db) => db.exec('PRAGMA application_id = 42'));
    assert.equal((await storeErrorOf(openSqliteStore(otherApplication))).reason, 'not-a-store');
    withRawDatabase(foreign, (db) => assert.deepEqual(db.get('PRAGMA user_version'), { user_version: 0 }));
  });

  it('names the missing directory instead of creating it', async () => {
    const directory = join(root, 'missing');
    const error = await storeErrorOf(openSqliteStore(join(directory, 'zenodo-stats.sqlite')));
    assert.equal(error.reason, 'cannot-open');
    assert.equal(error.exitCode, 6);
    assert.ok(error.message.includes(`the directory ${directory} does not exist`), error.message);
    assert.equal(await exists(directory), false);
  });

  it('refuses a directory as the database file', async () => {
    const error = await storeErrorOf(openSqliteStore(root));
    assert.equal(error.reason, 'cannot-open');
  });
});

describe('SqliteSnapshotStore', () => {
  async function withStore(
    test: (store: SqliteSnapshotStore, path: string) => Promise<void>,
    options: Parameters<typeof openSqliteStore>[1] = {},
  ): Promise<void> {
    const path = freshPath();
    const store = await openSqliteStore(path, options);
    try {
      await test(store, path);
    } finally {
      await store.close();
    }
  }

  it('rolls back a save that fails inside the transaction, after replacing the old snapshot', () =>
    withStore(async (store, path) => {
      await store.saveSnapshot(
        newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 1 })], { metadata: [recordMetadata('1')] }),
      );
      const before = await dumpStore(store);
      // A trigger on the last table a save writes makes SQLite fail after the delete and both inserts.
      withRawDatabase(path, (db) =>
        db.exec(`CREATE TRIGGER fail_metadata BEFORE INSERT ON records BEGIN SELECT RAISE(ABORT, 'injected'); END`),
      );
      const failing = newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 2 }), snapshotRecord('2')], {
        metadata: [recordMetadata('2')],
      });
      const error = await storeErrorOf(store.saveSnapshot(failing));
      assert.equal(error.reason, 'sqlite');
      assert.match(error.message, /injected/);
      assert.deepEqual(await dumpStore(store), before);

      // The store is still usable, and the same save goes through once the cause is gone.
      withRawDatabase(path, (db) => db.exec('DROP TRIGGER fail_metadata'));
      const saved = await store.saveSnapshot(failing);
      assert.deepEqual(saved.replaced, before.snapshots[0]);
      assert.equal((await store.recordMetadata()).size, 2);
    }));

  it('tells its own SQLite errors from those of a metadata iterable that reads another database', () =>
    withStore(async (store, path) => {
      await store.saveSnapshot(newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 1 })]));
      const before = await dumpStore(store);
      const records = [snapshotRecord('1', { downloads: 2 })];
      // The caller's database being locked is not ours being locked: passed on as it is, not as a `locked` StoreError.
      const theirs = new sqlite3.SQLite3Error('database is locked');
      function* lockedSource(): Generator<RecordMetadata> {
        yield recordMetadata('1');
        throw theirs;
      }
      const locked = newSnapshot('2026-08-11', records, { metadata: lockedSource() });
      await assert.rejects(store.saveSnapshot(locked), (error) => error === theirs);

      // A failure of our own database while the iterable is read is ours, and stops the iteration.
      withRawDatabase(path, (db) =>
        db.exec(`CREATE TRIGGER fail_metadata BEFORE INSERT ON records BEGIN SELECT RAISE(ABORT, 'injected'); END`),
      );
      let closed = false;
      function* source(): Generator<RecordMetadata> {
        try {
          yield* [recordMetadata('1'), recordMetadata('2')];
        } finally {
          closed = true;
        }
      }
      const error = await storeErrorOf(store.saveSnapshot(newSnapshot('2026-08-11', records, { metadata: source() })));
      assert.equal(error.reason, 'sqlite');
      assert.equal(closed, true);
      assert.deepEqual(await dumpStore(store), before);
    }));

  it('releases the file after failed saves: close() works and another process can write', () =>
    withStore(async (store, path) => {
      await store.saveSnapshot(newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 1 })]));
      await assert.rejects(store.saveSnapshot(newSnapshot('2026-08-12', [snapshotRecord('1'), snapshotRecord('1')])));
      withRawDatabase(path, (db) =>
        db.exec(`CREATE TRIGGER fail BEFORE INSERT ON snapshot_records BEGIN SELECT RAISE(ABORT, 'injected'); END`),
      );
      await assert.rejects(store.saveSnapshot(newSnapshot('2026-08-12', [snapshotRecord('1')])), /injected/);
      await store.close();
      await store.close();
      assert.equal(await exists(`${path}.lock`), false);

      const script = `
        import sqlite3 from 'node-sqlite3-wasm';
        const db = new sqlite3.Database(process.argv[1]);
        try {
          db.exec('BEGIN IMMEDIATE; DROP TRIGGER fail; COMMIT');
          console.log(JSON.stringify(db.get('SELECT count(*) AS n FROM snapshots')));
        } finally {
          db.close();
        }`;
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, path], {
        cwd: repositoryRoot,
      });
      assert.deepEqual(JSON.parse(stdout), { n: 1 });
    }));

  it('reports a database locked by another connection, naming the lock directory', () =>
    withStore(
      async (store, path) => {
        await store.saveSnapshot(newSnapshot('2026-08-11', [snapshotRecord('1')]));
        const other = new sqlite3.Database(path);
        try {
          other.exec('BEGIN IMMEDIATE');
          const error = await storeErrorOf(store.saveSnapshot(newSnapshot('2026-08-12', [snapshotRecord('1')])));
          assert.equal(error.reason, 'locked');
          assert.equal(error.exitCode, 6);
          assert.ok(error.message.includes(`${path}.lock`), error.message);
          other.exec('ROLLBACK');
        } finally {
          other.close();
        }
        const saved = await store.saveSnapshot(newSnapshot('2026-08-12', [snapshotRecord('1')]));
        assert.equal(saved.info.day, '2026-08-12');
      },
      { busyTimeoutMs: 20 },
    ));

  it('names the lock directory a crashed process left behind', async () => {
    const path = freshPath();
    await (await openSqliteStore(path)).close();
    await mkdir(`${path}.lock`);
    const error = await storeErrorOf(openSqliteStore(path, { busyTimeoutMs: 20 }));
    assert.equal(error.reason, 'locked');
    assert.match(error.message, /a crashed run left the lock directory .*\.lock behind: remove it/);
    await rmdir(`${path}.lock`);
    await (await openSqliteStore(path)).close();
  });

  it('reports damaged packed records as corrupt', () =>
    withStore(async (store, path) => {
      await store.saveSnapshot(newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 1 })]));
      withRawDatabase(path, (db) => db.exec("UPDATE snapshot_records SET counters = x'0100'"));
      const error = await storeErrorOf(store.loadCollection('nfdi4bioimage'));
      assert.equal(error.reason, 'corrupt');
      assert.equal(error.exitCode, 5);
      assert.match(error.message, /is damaged: snapshot \d+: unknown counter format/);
    }));

  it('round-trips counters at the edges of the packed format', () =>
    withStore(async (store) => {
      const edges: Partial<SnapshotRecord>[] = [
        { downloads: 2147483647, views: -2147483647, volume: 0.25 },
        { downloads: -2147483648, views: 0, volume: -0 },
        { downloads: 2147483648, uniqueViews: Number.MAX_SAFE_INTEGER, volume: 1e300 },
        { downloads: 1.5, versionViews: -1 },
        {},
      ];
      const records = edges.map((values, i) =>
        snapshotRecord(`r${i}`, { conceptId: i % 2 ? `c${i}` : null, ...values }),
      );
      const saved = await store.saveSnapshot(newSnapshot('2026-08-11', records));
      assert.deepEqual((await store.loadSnapshot(saved.info.id))?.records, records);
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
      const columns = await store.loadCollectionColumns('nfdi4bioimage');
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

  it('rejects a malformed day bound', () =>
    withStore(async (store) => {
      const error = await storeErrorOf(store.loadCollection('nfdi4bioimage', { from: '2026-8-1' }));
      assert.equal(error.reason, 'invalid-input');
      assert.match(error.message, /"from" must be a day as YYYY-MM-DD/);
    }));

  it('rejects record ids with line breaks', () =>
    withStore(async (store) => {
      const error = await storeErrorOf(store.saveSnapshot(newSnapshot('2026-08-11', [snapshotRecord('1\n2')])));
      assert.equal(error.reason, 'invalid-input');
      assert.match(error.message, /line breaks/);
    }));

  it('records when each snapshot was written, with the injected clock', () =>
    withStore(
      async (store, path) => {
        await store.saveSnapshot(newSnapshot('2026-08-11', [snapshotRecord('1')]));
        withRawDatabase(path, (db) =>
          assert.deepEqual(db.get('SELECT saved_at FROM snapshots'), { saved_at: '2026-11-25T12:00:00.000Z' }),
        );
      },
      { now: () => Date.UTC(2026, 10, 25, 12) },
    ));
});
