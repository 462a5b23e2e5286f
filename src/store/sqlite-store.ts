/**
 * The SQLite `SnapshotStore`, on node-sqlite3-wasm (stack.md, "Snapshot database").
 *
 * Storage layout. A snapshot's records are stored as ONE row of `snapshot_records`, packed: the record ids and
 * the concept ids as newline-separated UTF-8, and a binary block of counter columns (`encodeCounters` below).
 * One SQLite row per record would be the obvious layout, but node-sqlite3-wasm crosses from JavaScript into
 * WebAssembly once or twice per column of every row: reading 105 weekly snapshots × 10 000 records as rows took
 * 3.1 s, of which SQLite itself needed 0.3 s. Packed, a fresh process loads the same data in 0.35–0.5 s as
 * objects (`loadCollection`) and in 0.25–0.3 s as columns (`loadCollectionColumns`) on a 2-core AMD EPYC, and
 * saving 10 000 records takes 25 ms (70–100 ms as the first save of a process).
 *
 * Locking. node-sqlite3-wasm locks a database by creating the directory `<file>.lock`, for readers and writers
 * alike, and has no WAL. A process killed mid-transaction leaves that directory behind and every later open
 * reports `database is locked`; our error message says so.
 */
import sqlite3 from 'node-sqlite3-wasm';
import type { BindValues, Database, SQLiteValue } from 'node-sqlite3-wasm';
import type {
  LoadCollectionOptions,
  LoadedSnapshot,
  NewSnapshot,
  RecordLookup,
  RecordMetadata,
  SaveResult,
  SnapshotColumns,
  SnapshotInfo,
  SnapshotRecord,
  SnapshotStore,
} from '../snapshot/snapshot.js';
import { int32Null, type NumberColumn } from '../snapshot/number-column.js';
import { isDay, prepareSnapshot, savedInfo } from './prepare-snapshot.js';
import { recordNumberNames, type RecordColumns } from '../snapshot/record-columns.js';
import {
  assertWritableStore,
  howToMakeAStore,
  readableStoreFile,
  readOnlyStore,
  type ReadableStoreFile,
} from './sqlite-file-access.js';
import { StoreError } from './store-error.js';
import { markGone, metadataColumnsOf, upsertMetadata } from './sqlite-record-metadata.js';
import { prepareRecordLookup } from './prepare-record-lookup.js';
import { probeWriteFailure } from './store-write-failure.js';

export { snapshotContentHash } from './prepare-snapshot.js';

export interface SqliteStoreOptions {
  /** Clock for the `saved_at` column (when a snapshot was written). Default `Date.now`. */
  now?: (() => number) | undefined;
  /** How long to wait for another process's lock before failing with a `locked` StoreError. Default 5000 ms. */
  busyTimeoutMs?: number | undefined;
  /**
   * Open for reading only, as the commands that only read do: the file must exist (a `missing` StoreError
   * otherwise; nothing is created), nothing in it is ever written (no migration either), and saving or deleting
   * fails with a `read-only` StoreError. A store in a folder that cannot be written is read from a private copy.
   */
  readOnly?: boolean | undefined;
}

/**
 * A snapshot in columns, as `SqliteSnapshotStore.loadCollectionColumns` returns it.
 *
 * @example
 * const { recordIds, values } = snapshot;
 * const downloads = new Map(recordIds.map((id, i) => [id, values.downloads[i]]));
 */

/** `PRAGMA application_id` of our files, "zsts" in ASCII: a database with another non-zero id is not ours. */
const applicationId = 0x7a737473;

interface Migration {
  version: number;
  description: string;
  sql: string;
}

/**
 * Schema changes, in order. `PRAGMA user_version` holds the last one applied; each runs once, all pending ones in
 * one transaction. Never edit a released migration: append a new one.
 */
const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'initial schema',
    sql: `
      CREATE TABLE snapshots (
        id INTEGER PRIMARY KEY,
        collection TEXT NOT NULL,
        base_url TEXT,
        taken_at TEXT NOT NULL,
        day TEXT NOT NULL,
        source TEXT NOT NULL,
        complete INTEGER NOT NULL CHECK (complete IN (0, 1)),
        record_count INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '[]',
        saved_at TEXT NOT NULL,
        UNIQUE (collection, day)
      ) STRICT;
      CREATE TABLE snapshot_records (
        snapshot_id INTEGER PRIMARY KEY REFERENCES snapshots (id) ON DELETE CASCADE,
        record_ids BLOB NOT NULL,
        concept_ids BLOB NOT NULL,
        counters BLOB NOT NULL
      ) STRICT;
      CREATE TABLE records (
        record_id TEXT PRIMARY KEY,
        concept_id TEXT,
        doi TEXT,
        concept_doi TEXT,
        title TEXT NOT NULL,
        resource_type TEXT,
        publication_date TEXT,
        version TEXT,
        url TEXT NOT NULL,
        communities TEXT NOT NULL,
        creators TEXT NOT NULL,
        keywords TEXT NOT NULL,
        created TEXT,
        updated_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX records_by_concept ON records (concept_id);
    `,
  },
  {
    version: 2,
    description: 'records.gone_at: the day a look-up found the record no longer on Zenodo',
    sql: 'ALTER TABLE records ADD COLUMN gone_at TEXT;',
  },
];

/** The schema version this build writes and reads: the last migration's. */
export const sqliteSchemaVersion = migrations.at(-1)?.version ?? 0;

/**
 * Opens (creating it if missing) the snapshot database at `path` and brings its schema up to date; with
 * `readOnly`, opens an existing one for reading only.
 *
 * @example
 * const store = await openSqliteStore('zenodo-stats.sqlite');
 * try {
 *   const weeks = await store.loadCollection('nfdi4bioimage', { from: '2026-01-01' });
 * } finally {
 *   await store.close();
 * }
 */
export async function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<SqliteSnapshotStore> {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const readOnly = options.readOnly ?? false;
  let file: ReadableStoreFile = { openPath: path, release: async () => {} };
  if (readOnly) file = await readableStoreFile(path);
  else await assertWritableStore(path);
  let db: Database;
  try {
    db = new sqlite3.Database(file.openPath, { readOnly });
  } catch (error) {
    await file.release();
    throw new StoreError('cannot-open', `Cannot open the snapshot database ${path}: ${errorMessage(error)}`, {
      cause: error,
      path,
    });
  }
  let schemaVersion = sqliteSchemaVersion;
  try {
    db.run(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
    db.run('PRAGMA foreign_keys = ON');
    if (readOnly) schemaVersion = assertReadable(db, path);
    else {
      assertIntact(db, path);
      migrate(db, path);
    }
  } catch (error) {
    closeQuietly(db);
    await file.release();
    throw toStoreError(error, path, 'opening the database', busyTimeoutMs);
  }
  return new SqliteSnapshotStore(db, path, options.now ?? Date.now, busyTimeoutMs, { readOnly, release: file.release, schemaVersion });
}

/** A `SnapshotStore` on one SQLite file. Create it with `openSqliteStore`. */
export class SqliteSnapshotStore implements SnapshotStore {
  readonly path: string;
  #db: Database | null;
  readonly #now: () => number;
  readonly #busyTimeoutMs: number;
  readonly #readOnly: boolean;
  readonly #release: () => Promise<void>;
  /** What the file holds: older than `sqliteSchemaVersion` only when opened read-only (nothing was migrated). */
  readonly #schemaVersion: number;

  /** @internal Use `openSqliteStore`, which creates and migrates the file first. */
  constructor(
    db: Database,
    path: string,
    now: () => number,
    busyTimeoutMs: number,
    access: { readOnly: boolean; release: () => Promise<void>; schemaVersion?: number } = { readOnly: false, release: async () => {} },
  ) {
    this.#db = db;
    this.path = path;
    this.#now = now;
    this.#busyTimeoutMs = busyTimeoutMs;
    this.#readOnly = access.readOnly;
    this.#release = access.release;
    this.#schemaVersion = access.schemaVersion ?? sqliteSchemaVersion;
  }

  async saveSnapshot(snapshot: NewSnapshot<Iterable<SnapshotRecord>>): Promise<SaveResult> {
    const db = this.#writableDb('saving a snapshot');
    // Reads the records (see `NewSnapshot.records`): an error of the caller's iterable leaves here as it is.
    const s = prepareSnapshot(snapshot);
    const packed = encodeRecords(s.records);
    const savedAt = new Date(this.#now()).toISOString();
    const write = (): SaveResult =>
      inTransaction(db, () => {
        const existingRow = getRow(db, `SELECT ${infoColumns} FROM snapshots WHERE collection = ? AND day = ?`, [
          s.collection,
          s.day,
        ]);
        const existing = existingRow === null ? null : toInfo(existingRow, this.path);
        if (existing !== null && existing.contentHash === s.contentHash && existing.source === s.source) {
          return { info: existing, replaced: null, unchanged: true };
        }
        if (existing !== null) db.run('DELETE FROM snapshots WHERE id = ?', existing.id);
        const inserted = db.run(
          `INSERT INTO snapshots
             (collection, base_url, taken_at, day, source, complete, record_count, content_hash, notes, saved_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            s.collection,
            s.baseUrl,
            s.takenAt,
            s.day,
            s.source,
            s.complete ? 1 : 0,
            s.records.length,
            s.contentHash,
            JSON.stringify(s.notes),
            savedAt,
          ],
        );
        const id = Number(inserted.lastInsertRowid);
        db.run('INSERT INTO snapshot_records (snapshot_id, record_ids, concept_ids, counters) VALUES (?, ?, ?, ?)', [
          id,
          packed.recordIds,
          packed.conceptIds,
          packed.counters,
        ]);
        upsertMetadata(db, s.metadata.inRecordIdOrder(), s.takenAt);
        return { info: savedInfo(s, id), replaced: existing, unchanged: false };
      });
    const action = `saving the ${s.collection} snapshot of ${s.day}`;
    try {
      return this.#run(action, write, (e) => s.metadata.isInputError(e));
    } catch (error) {
      const bytes = packed.recordIds.byteLength + packed.conceptIds.byteLength + packed.counters.byteLength;
      throw await explainWriteFailure(error, this.path, action, bytes);
    }
  }

  async listSnapshots(filter: { collection?: string | undefined } = {}): Promise<SnapshotInfo[]> {
    const db = this.#openDb();
    return this.#run('listing snapshots', () => {
      const rows =
        filter.collection === undefined
          ? allRows(db, `SELECT ${infoColumns} FROM snapshots ORDER BY taken_at, collection, id`)
          : allRows(db, `SELECT ${infoColumns} FROM snapshots WHERE collection = ? ORDER BY taken_at, id`, [
              filter.collection,
            ]);
      return rows.map((row) => toInfo(row, this.path));
    });
  }

  async loadSnapshot(id: number): Promise<LoadedSnapshot | null> {
    const db = this.#openDb();
    return this.#run(`loading snapshot ${id}`, () => {
      const row = getRow(
        db,
        `SELECT ${joinedColumns} FROM snapshots s JOIN snapshot_records r ON r.snapshot_id = s.id WHERE s.id = ?`,
        [id],
      );
      if (row === null) return null;
      const packed = decodePacked(row, this.path, new IdDecoder(), new IdDecoder());
      return { info: packed.info, records: toRecords(packed) };
    });
  }

  async loadCollection(collection: string, options: LoadCollectionOptions = {}): Promise<LoadedSnapshot[]> {
    return this.#loadPacked(collection, options, (packed) => ({ info: packed.info, records: toRecords(packed) }));
  }

  /**
   * `loadCollection` in columns: the same snapshots and values, without one object per record. For a history of
   * a million records it is several times faster and uses a fraction of the memory.
   *
   * @example
   * for (const { info, recordIds, values } of await store.loadCollectionColumns('nfdi4bioimage')) {
   *   const total = values.downloads.reduce((sum, d) => (Number.isNaN(d) ? sum : sum + d), 0);
   *   console.log(info.day, recordIds.length, total);
   * }
   */
  async loadCollectionColumns(collection: string, options: LoadCollectionOptions = {}): Promise<SnapshotColumns[]> {
    return this.#loadPacked(collection, options, toColumns);
  }

  /** One query over the joined rows, decoded row by row so that each packed row can be freed once decoded. */
  #loadPacked<T>(collection: string, options: LoadCollectionOptions, convert: (packed: PackedRow) => T): T[] {
    const db = this.#openDb();
    const conditions = ['s.collection = ?'];
    const values: string[] = [collection];
    for (const [bound, operator] of [
      ['from', '>='],
      ['to', '<='],
    ] as const) {
      const day = options[bound];
      if (day === undefined) continue;
      if (!isDay(day)) {
        throw new StoreError('invalid-input', `loadCollection: "${bound}" must be a day as YYYY-MM-DD, got "${day}"`);
      }
      conditions.push(`s.day ${operator} ?`);
      values.push(day);
    }
    return this.#run(`loading the snapshots of ${collection}`, () => {
      const statement = db.prepare(
        `SELECT ${joinedColumns} FROM snapshots s JOIN snapshot_records r ON r.snapshot_id = s.id
         WHERE ${conditions.join(' AND ')} ORDER BY s.taken_at, s.id`,
      );
      try {
        const recordIds = new IdDecoder();
        const conceptIds = new IdDecoder();
        const result: T[] = [];
        for (const row of statement.iterate(values)) {
          result.push(convert(decodePacked(row as Row, this.path, recordIds, conceptIds)));
        }
        return result;
      } finally {
        statement.finalize();
      }
    });
  }

  async recordMetadata(recordIds?: readonly string[]): Promise<Map<string, RecordMetadata>> {
    const db = this.#openDb();
    const metadataColumns = metadataColumnsOf(this.#schemaVersion);
    return this.#run('reading record metadata', () => {
      const rows =
        recordIds === undefined
          ? allRows(db, `SELECT ${metadataColumns} FROM records ORDER BY record_id`)
          : allRows(
              db,
              `SELECT ${metadataColumns} FROM records
               WHERE record_id IN (SELECT value FROM json_each(?)) ORDER BY record_id`,
              [JSON.stringify(recordIds)],
            );
      return new Map(rows.map((row) => [text(row, 'record_id', this.path), toMetadata(row, this.path)]));
    });
  }

  async saveRecordLookup(lookup: RecordLookup): Promise<void> {
    const db = this.#writableDb('saving a look-up of records');
    const l = prepareRecordLookup(lookup);
    const action = `saving the look-up of ${l.found.length + l.gone.length} records`;
    try {
      this.#run(action, () =>
        inTransaction(db, () => {
          upsertMetadata(db, l.found, l.lookedUpAt);
          markGone(db, l.gone, l.day, l.lookedUpAt);
        }),
      );
    } catch (error) {
      throw await explainWriteFailure(error, this.path, action, 1024 * (l.found.length + l.gone.length));
    }
  }

  async resolveConcept(conceptId: string): Promise<string | null> {
    const db = this.#openDb();
    return this.#run(`resolving concept ${conceptId}`, () => {
      // Newest by creation date; among equal (or unknown) dates the highest record id, compared as a number.
      const row = getRow(
        db,
        `SELECT record_id FROM records WHERE concept_id = ?
         ORDER BY created IS NULL, created DESC, length(record_id) DESC, record_id DESC LIMIT 1`,
        [conceptId],
      );
      return row === null ? null : text(row, 'record_id', this.path);
    });
  }

  async deleteSnapshot(id: number): Promise<boolean> {
    const db = this.#writableDb(`deleting snapshot ${id}`);
    return this.#run(`deleting snapshot ${id}`, () => db.run('DELETE FROM snapshots WHERE id = ?', id).changes > 0);
  }

  async close(): Promise<void> {
    const db = this.#db;
    if (db === null) return;
    this.#db = null;
    try {
      db.close();
    } catch (error) {
      throw toStoreError(error, this.path, 'closing the database', this.#busyTimeoutMs);
    } finally {
      await this.#release();
    }
  }

  #openDb(): Database {
    if (this.#db === null) throw new StoreError('closed', `The snapshot database ${this.path} is closed`);
    return this.#db;
  }

  /** The database, for a write: refused up front when the store was opened read-only. */
  #writableDb(action: string): Database {
    const db = this.#openDb();
    if (this.#readOnly) throw readOnlyStore(this.path, `${action} refused: it was opened for reading only`);
    return db;
  }

  /** Runs `work`, turning SQLite's errors into StoreErrors, except those `isInputError` says the input raised. */
  #run<T>(action: string, work: () => T, isInputError: (error: unknown) => boolean = () => false): T {
    try {
      return work();
    } catch (error) {
      throw isInputError(error) ? error : toStoreError(error, this.path, action, this.#busyTimeoutMs);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Opening and migrating

/** Refuses files that are not ours or too new, then applies the pending migrations. */
function migrate(db: Database, path: string): void {
  const application = pragmaNumber(db, 'application_id');
  if (application !== 0 && application !== applicationId) throw foreignDatabase(path);
  if (!needsMigration(db, path)) return;
  inTransaction(db, () => {
    // Check again under the write lock: another process may have migrated the file meanwhile.
    if (!needsMigration(db, path)) return;
    const version = pragmaNumber(db, 'user_version');
    if (version === 0 && getRow(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table'") !== null) {
      throw foreignDatabase(path);
    }
    for (const migration of migrations) {
      if (migration.version > version) db.exec(migration.sql);
    }
    db.exec(`PRAGMA application_id = ${applicationId}; PRAGMA user_version = ${sqliteSchemaVersion}`);
  });
}

/**
 * Before anything is saved into a file, `PRAGMA quick_check` reads every page and checks the structure of each
 * table (not that indexes match their tables, which `integrity_check` adds at several times the cost): a damaged
 * store is refused here instead of being noticed by a later `history`, with nothing saved into it. It takes some
 * 40 ms for a store of 100 weekly snapshots (1.3 MB) once the page cache is warm. https://sqlite.org/pragma.html#pragma_quick_check
 */
function assertIntact(db: Database, path: string): void {
  const problems = allRows(db, 'PRAGMA quick_check(5)').map((row) => String(Object.values(row)[0]));
  if (problems.length === 1 && problems[0] === 'ok') return;
  throw new StoreError(
    'corrupt',
    `${path} is damaged (PRAGMA quick_check: ${problems.join('; ').replace(/\s+/g, ' ')}): nothing was saved into it. ` +
      'Restore it from a backup, or save into another store with --db',
    { path },
  );
}

/** The oldest schema a read-only open reads as it is: 1 lacks only `records.gone_at` (`metadataColumnsOf`). */
const oldestReadableSchema = 1;

/**
 * For a read-only open: refuses what `migrate` refuses, and a file that would need a migration it cannot be read
 * without (which would write): an empty file is not a store yet. Returns the file's schema version.
 */
function assertReadable(db: Database, path: string): number {
  const application = pragmaNumber(db, 'application_id');
  if (application !== 0 && application !== applicationId) throw foreignDatabase(path);
  if (!needsMigration(db, path)) return sqliteSchemaVersion;
  const version = pragmaNumber(db, 'user_version');
  if (version >= oldestReadableSchema) return version;
  if (version === 0) {
    if (getRow(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table'") !== null) throw foreignDatabase(path);
    throw new StoreError('missing', `no store at ${path} (the file is empty): ${howToMakeAStore}`, { path });
  }
  throw readOnlyStore(
    path,
    `it was written by an older zenodo-stats (schema ${pragmaNumber(db, 'user_version')}) and reading it needs ` +
      `an upgrade first: run a command that writes to it (import, summarize) once`,
  );
}

function needsMigration(db: Database, path: string): boolean {
  const version = pragmaNumber(db, 'user_version');
  if (version > sqliteSchemaVersion) {
    throw new StoreError(
      'newer-schema',
      `${path} was written by a newer zenodo-stats (schema ${version}; ` +
        `this version knows ${sqliteSchemaVersion}): upgrade zenodo-stats`,
      { path },
    );
  }
  return version < sqliteSchemaVersion;
}

function foreignDatabase(path: string): StoreError {
  return new StoreError('not-a-store', `${path} is a SQLite database of another program, not a zenodo-stats one`, {
    path,
  });
}

function pragmaNumber(db: Database, name: 'application_id' | 'user_version'): number {
  const value = getRow(db, `PRAGMA ${name}`)?.[name];
  return typeof value === 'number' ? value : 0;
}

/** Runs `work` in a write transaction; on any error rolls back, so the file is exactly as before. */
function inTransaction<T>(db: Database, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    // A failed ROLLBACK (e.g. the transaction is already gone) must not hide the error that caused it.
    if (db.inTransaction) {
      try {
        db.exec('ROLLBACK');
      } catch {
        // SQLite rolls back the hot journal on the next open.
      }
    }
    throw error;
  }
}

function closeQuietly(db: Database): void {
  try {
    db.close();
  } catch {
    // The open already failed; that error is the one to report.
  }
}

function toStoreError(error: unknown, path: string, action: string, busyTimeoutMs: number): unknown {
  if (!(error instanceof sqlite3.SQLite3Error)) return error;
  const message = error.message;
  if (/database (table )?is locked|database is busy/i.test(message)) {
    return new StoreError(
      'locked',
      `${path} is in use by another process: gave up ${action} after waiting ${busyTimeoutMs} ms. ` +
        `If no other zenodo-stats is running, a crashed run left the lock directory ${path}.lock behind: remove it.`,
      { cause: error, path },
    );
  }
  if (/readonly database|attempt to write a read-?only/i.test(message)) {
    return readOnlyStore(path, `${action} refused: permission denied (${message})`, false, error);
  }
  if (/database or disk is full/i.test(message)) {
    return new StoreError('full', `${path}: ${action} failed: ${message}`, { cause: error, path });
  }
  if (/not a database/i.test(message)) {
    return new StoreError('not-a-store', `${path} is not a SQLite database (${message})`, { cause: error, path });
  }
  if (/malformed|corrupt/i.test(message)) {
    const unsaved = action === 'opening the database' ? ': nothing was saved into it' : '';
    return new StoreError('corrupt', `${path} is damaged: ${message} (while ${action})${unsaved}`, { cause: error, path });
  }
  return new StoreError('sqlite', `${path}: ${action} failed: ${message}`, { cause: error, path });
}

/**
 * A save that failed with SQLite's "disk I/O error" (how node-sqlite3-wasm reports every failed write) or
 * "database or disk is full": why, in words, from a probe of the store's folder (`probeWriteFailure`). The
 * transaction was rolled back, so the snapshot being saved was not written, and earlier ones are whole.
 */
async function explainWriteFailure(error: unknown, path: string, action: string, bytes: number): Promise<unknown> {
  if (!(error instanceof StoreError) || !(error.reason === 'full' || /disk I\/O error/i.test(error.message))) {
    return error;
  }
  // The journal and the new pages need about twice the snapshot's size.
  const probe = await probeWriteFailure(path, 2 * bytes + 1024 * 1024).catch(() => null);
  const notSaved = `${action} failed, so that snapshot was not saved`;
  if (probe?.full) {
    return new StoreError('full', `no space left for the store ${path}: ${probe.reason}; ${notSaved}`, { cause: error, path });
  }
  if (probe !== null && (probe.code === 'EACCES' || probe.code === 'EPERM' || probe.code === 'EROFS')) {
    return readOnlyStore(path, `${probe.reason}; ${notSaved}`, false, error);
  }
  if (error.reason === 'full') {
    return new StoreError('full', `no space left for the store ${path}: the database or disk is full (SQLITE_FULL); ${notSaved}`, {
      cause: error,
      path,
    });
  }
  return new StoreError(error.reason, `${error.message}; ${notSaved}${probe === null ? '' : ` (writing beside it: ${probe.reason})`}`, {
    cause: error,
    path,
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------------------------------
// Rows

type Row = Record<string, SQLiteValue>;

/** `Database.all/get` prepare and finalize their own statement, also when they throw. */
function allRows(db: Database, sql: string, values?: BindValues): Row[] {
  return db.all(sql, values) as Row[];
}

function getRow(db: Database, sql: string, values?: BindValues): Row | null {
  return db.get(sql, values) as Row | null;
}

const infoColumns = 'id, collection, base_url, taken_at, day, source, complete, record_count, content_hash, notes';
const joinedColumns =
  's.id, s.collection, s.base_url, s.taken_at, s.day, s.source, s.complete, s.record_count, s.content_hash, ' +
  's.notes, r.record_ids, r.concept_ids, r.counters';

function corrupt(path: string, what: string): StoreError {
  return new StoreError('corrupt', `${path} is damaged: ${what}`, { path });
}

function text(row: Row, column: string, path: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw corrupt(path, `${column} is not text`);
  return value;
}

function optionalText(row: Row, column: string, path: string): string | null {
  const value = row[column];
  if (value !== null && typeof value !== 'string') throw corrupt(path, `${column} is not text`);
  return value ?? null;
}

function integer(row: Row, column: string, path: string): number {
  const value = row[column];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw corrupt(path, `${column} is not an integer`);
  return value;
}

function stringArray(json: string, column: string, path: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw corrupt(path, `${column} is not JSON`);
  }
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw corrupt(path, `${column} is not a list of strings`);
  }
  return value;
}

function toInfo(row: Row, path: string): SnapshotInfo {
  return {
    id: integer(row, 'id', path),
    collection: text(row, 'collection', path),
    baseUrl: optionalText(row, 'base_url', path),
    takenAt: text(row, 'taken_at', path),
    day: text(row, 'day', path),
    source: text(row, 'source', path),
    complete: integer(row, 'complete', path) === 1,
    recordCount: integer(row, 'record_count', path),
    contentHash: text(row, 'content_hash', path),
    notes: stringArray(text(row, 'notes', path), 'notes', path),
  };
}

function toMetadata(row: Row, path: string): RecordMetadata {
  return {
    recordId: text(row, 'record_id', path),
    conceptId: optionalText(row, 'concept_id', path),
    doi: optionalText(row, 'doi', path),
    conceptDoi: optionalText(row, 'concept_doi', path),
    title: text(row, 'title', path),
    resourceType: optionalText(row, 'resource_type', path),
    publicationDate: optionalText(row, 'publication_date', path),
    version: optionalText(row, 'version', path),
    url: text(row, 'url', path),
    communities: stringArray(text(row, 'communities', path), 'communities', path),
    creators: stringArray(text(row, 'creators', path), 'creators', path),
    keywords: stringArray(text(row, 'keywords', path), 'keywords', path),
    created: optionalText(row, 'created', path),
    goneAt: optionalText(row, 'gone_at', path),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Packed records

/** The nine numeric columns of a record, in their order in the counter block. */
const numericColumns = recordNumberNames;
type NumericColumn = (typeof numericColumns)[number];

/**
 * Counter block, version 1, all little-endian:
 *   byte 0      format (1); bytes 1–3 zero
 *   bytes 4–7   record count n (uint32)
 *   bytes 8–16  one kind per column of `numericColumns`: 0 = all null (no data), 1 = int32, 2 = float64
 *   bytes 17–23 zero
 * then each column that has data, in order, starting on a multiple of 8: n int32 (null = -2^31) or n float64
 * (null = NaN; stored counters are always finite). Counters are whole numbers, so most columns take 4 bytes a
 * record; a column falls back to float64 when any value is not an int32 (a volume in bytes, say). These are the
 * kinds and nulls of a `NumberColumn`, whose values are copied as they are.
 */
const counterFormat = 1;
const headerBytes = 24;
const kindAbsent = 0;
const kindInt32 = 1;
const kindFloat64 = 2;
const kindCodes = { absent: kindAbsent, int32: kindInt32, float64: kindFloat64 } as const;
const littleEndianHost = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * Ids are stored as UTF-8 BLOBs rather than TEXT: node-sqlite3-wasm scans TEXT results for their end one byte at
 * a time in JavaScript, while a BLOB is copied out in one go. `CAST(record_ids AS TEXT)` shows them in SQL.
 */
interface PackedRecords {
  /** Record ids joined by newlines, UTF-8 (validation rejects ids with line breaks). */
  recordIds: Uint8Array;
  /** Concept ids in the same order, joined by newlines, UTF-8; an empty line where the concept is unknown. */
  conceptIds: Uint8Array;
  counters: Uint8Array;
}

const utf8 = new TextEncoder();

function encodeRecords(records: RecordColumns): PackedRecords {
  return {
    recordIds: utf8.encode(records.recordIds.join('\n')),
    // `join` writes null as an empty string: the empty line of an unknown concept.
    conceptIds: utf8.encode(records.conceptIds.join('\n')),
    counters: encodeCounters(records),
  };
}

function columnBytes(kind: number, count: number): number {
  const bytes = kind === kindInt32 ? 4 * count : kind === kindFloat64 ? 8 * count : 0;
  return Math.ceil(bytes / 8) * 8;
}

function encodeCounters(records: RecordColumns): Uint8Array {
  const count = records.length;
  const columns = numericColumns.map((name) => records.numbers[name]);
  const kinds = columns.map((column) => kindCodes[column.kind]);
  const size = kinds.reduce((total, kind) => total + columnBytes(kind, count), headerBytes);
  const view = new DataView(new ArrayBuffer(size));
  view.setUint8(0, counterFormat);
  view.setUint32(4, count, true);
  let offset = headerBytes;
  for (const [c, column] of columns.entries()) {
    const kind = kinds[c] ?? kindAbsent;
    view.setUint8(8 + c, kind);
    if (kind === kindInt32) writeInt32s(view, offset, column);
    else if (kind === kindFloat64) writeFloat64s(view, offset, column);
    offset += columnBytes(kind, count);
  }
  return new Uint8Array(view.buffer);
}

/** In one copy on little-endian hosts (every common one), else value by value. `offset` is a multiple of 8. */
function writeInt32s(view: DataView, offset: number, column: NumberColumn): void {
  const values = column.int32Values();
  if (littleEndianHost) new Int32Array(view.buffer, offset, values.length).set(values);
  else for (let i = 0; i < values.length; i++) view.setInt32(offset + 4 * i, values[i] ?? int32Null, true);
}

function writeFloat64s(view: DataView, offset: number, column: NumberColumn): void {
  const values = column.float64Values();
  if (littleEndianHost) new Float64Array(view.buffer, offset, values.length).set(values);
  else for (let i = 0; i < values.length; i++) view.setFloat64(offset + 8 * i, values[i] ?? Number.NaN, true);
}

/** One decoded column of the counter block. Int32 values are kept as such: V8 stores them without allocating. */
type DecodedColumn =
  | { kind: typeof kindAbsent }
  | { kind: typeof kindInt32; values: Int32Array }
  | { kind: typeof kindFloat64; values: Float64Array };

function decodeCounters(
  bytes: Uint8Array,
  count: number,
  fail: (what: string) => Error,
): Record<NumericColumn, DecodedColumn> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < headerBytes || view.getUint8(0) !== counterFormat) throw fail('unknown counter format');
  if (view.getUint32(4, true) !== count) throw fail('counter block and record ids differ in length');
  let offset = headerBytes;
  const columns: Partial<Record<NumericColumn, DecodedColumn>> = {};
  for (const [c, column] of numericColumns.entries()) {
    const kind = view.getUint8(8 + c);
    if (offset + columnBytes(kind, count) > bytes.byteLength) throw fail('counter block is truncated');
    if (kind === kindAbsent) {
      columns[column] = { kind };
    } else if (kind === kindInt32) {
      columns[column] = { kind, values: readInt32s(view, offset, count) };
    } else if (kind === kindFloat64) {
      columns[column] = { kind, values: readFloat64s(view, offset, count) };
    } else {
      throw fail('unknown counter column kind');
    }
    offset += columnBytes(kind, count);
  }
  return columns as Record<NumericColumn, DecodedColumn>;
}

/** In place on little-endian hosts (every common one), else value by value. */
function readInt32s(view: DataView, offset: number, count: number): Int32Array {
  const start = view.byteOffset + offset;
  if (littleEndianHost && start % 4 === 0) return new Int32Array(view.buffer, start, count);
  const values = new Int32Array(count);
  for (let i = 0; i < count; i++) values[i] = view.getInt32(offset + 4 * i, true);
  return values;
}

function readFloat64s(view: DataView, offset: number, count: number): Float64Array {
  const start = view.byteOffset + offset;
  if (littleEndianHost && start % 8 === 0) return new Float64Array(view.buffer, start, count);
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = view.getFloat64(offset + 8 * i, true);
  return values;
}

function valueAt(column: DecodedColumn, i: number): number | null {
  if (column.kind === kindInt32) {
    const value = column.values[i];
    return value === undefined || value === int32Null ? null : value;
  }
  if (column.kind === kindFloat64) {
    const value = column.values[i];
    return value === undefined || Number.isNaN(value) ? null : value;
  }
  return null;
}

// The hot loops below index arrays instead of iterating `entries()`: a CLI runs them once, before V8 has
// optimized iterator code, and they run a million times.

function toFloat64(column: DecodedColumn, count: number): Float64Array {
  // A copy, not a view into the counter block, so that the block can be freed.
  if (column.kind === kindFloat64) return column.values.slice();
  if (column.kind === kindAbsent) return new Float64Array(count).fill(Number.NaN);
  const values = new Float64Array(column.values);
  for (let i = 0; i < count; i++) if (values[i] === int32Null) values[i] = Number.NaN;
  return values;
}

/**
 * Splits the newline-joined ids of successive snapshots. Consecutive snapshots mostly hold the same records, so
 * an unchanged list is reused and every id string is kept once: a two-year history then holds 10 000 id strings
 * instead of a million.
 */
class IdDecoder {
  static readonly #utf8 = new TextDecoder('utf-8', { fatal: true });
  #previousText: string | null = null;
  #previous: readonly string[] = [];
  readonly #known = new Map<string, string>();

  decode(bytes: Uint8Array, count: number, fail: (what: string) => Error): readonly string[] {
    let text: string;
    try {
      text = IdDecoder.#utf8.decode(bytes);
    } catch {
      throw fail('ids are not UTF-8');
    }
    if (text === this.#previousText) return this.#previous;
    const ids = count === 0 ? [] : text.split('\n');
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] ?? '';
      const known = this.#known.get(id);
      if (known === undefined) this.#known.set(id, id);
      else ids[i] = known;
    }
    this.#previousText = text;
    this.#previous = ids;
    return ids;
  }
}

interface PackedRow {
  info: SnapshotInfo;
  recordIds: readonly string[];
  /** Empty strings where the concept is unknown. */
  conceptIds: readonly string[];
  columns: Record<NumericColumn, DecodedColumn>;
}

function decodePacked(row: Row, path: string, recordIds: IdDecoder, conceptIds: IdDecoder): PackedRow {
  const info = toInfo(row, path);
  const fail = (what: string): StoreError => corrupt(path, `snapshot ${info.id}: ${what}`);
  const count = info.recordCount;
  const counters = blob(row, 'counters', fail);
  const ids = recordIds.decode(blob(row, 'record_ids', fail), count, fail);
  const concepts = conceptIds.decode(blob(row, 'concept_ids', fail), count, fail);
  if (ids.length !== count || concepts.length !== count || ids.includes('')) throw fail('record ids are damaged');
  return { info, recordIds: ids, conceptIds: concepts, columns: decodeCounters(counters, count, fail) };
}

function blob(row: Row, column: string, fail: (what: string) => Error): Uint8Array {
  const value = row[column];
  if (!(value instanceof Uint8Array)) throw fail(`${column} is not a BLOB`);
  return value;
}

function toRecords({ recordIds, conceptIds, columns: c }: PackedRow): SnapshotRecord[] {
  const records: SnapshotRecord[] = [];
  for (let i = 0; i < recordIds.length; i++) {
    const conceptId = conceptIds[i];
    records.push({
      recordId: recordIds[i] ?? '',
      conceptId: conceptId === undefined || conceptId === '' ? null : conceptId,
      downloads: valueAt(c.downloads, i),
      uniqueDownloads: valueAt(c.uniqueDownloads, i),
      views: valueAt(c.views, i),
      uniqueViews: valueAt(c.uniqueViews, i),
      versionDownloads: valueAt(c.versionDownloads, i),
      versionUniqueDownloads: valueAt(c.versionUniqueDownloads, i),
      versionViews: valueAt(c.versionViews, i),
      versionUniqueViews: valueAt(c.versionUniqueViews, i),
      volume: valueAt(c.volume, i),
    });
  }
  return records;
}

function toColumns({ info, recordIds, conceptIds, columns }: PackedRow): SnapshotColumns {
  const count = recordIds.length;
  const values: Partial<Record<NumericColumn, Float64Array>> = {};
  for (const column of numericColumns) values[column] = toFloat64(columns[column], count);
  return {
    info,
    recordIds,
    conceptIds: conceptIds.map((id) => (id === '' ? null : id)),
    values: values as Record<NumericColumn, Float64Array>,
  };
}
