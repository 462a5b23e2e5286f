/**
 * The PostgreSQL `SnapshotStore`, on node-postgres (`pg`): the same behaviour as the SQLite store
 * (`sqlite-store.ts`), for teams that keep their history in a shared database.
 *
 * Storage layout. One plain row per record and snapshot in `snapshot_records`, so that the data can be queried
 * with SQL; reads ask the server to pack each snapshot into one row (`packedRecordsQuery`), because a million rows
 * through node-postgres take about 3 s to parse, packed 1.6–2 s (105 × 10 000 records on a 2-core machine, server
 * included; 100–115 ms to save each snapshot of 10 000). Counters are `DOUBLE PRECISION`, not `BIGINT`: they
 * are JavaScript numbers, which the store accepts whenever they are finite (as the SQLite store does), and a double
 * holds each of them exactly, whole numbers up to 2^53 included. Ids are `COLLATE "C"` so that the primary key
 * index already lists them in the order the store returns them (code-unit order, see `compareIds`).
 *
 * Concurrency. Several processes may share one database. A save runs in one transaction that first takes a
 * transaction-scoped advisory lock on its collection and day, so two saves of the same day run one after the
 * other: the second sees the first's snapshot and replaces it (or finds it unchanged). `UNIQUE (collection, day)`
 * stays the last line of defence. Metadata rows are upserted in record-id order, so that two saves of different
 * days that touch the same records lock them in the same order and cannot deadlock. Migrations run under another
 * advisory lock. https://www.postgresql.org/docs/15/explicit-locking.html#ADVISORY-LOCKS
 */
import { DatabaseError, Pool } from 'pg';
import type { PoolClient } from 'pg';
import { codeUnitOrder } from '../snapshot/compare-ids.js';
import type { NumberColumn } from '../snapshot/number-column.js';
import { isDay, prepareSnapshot, savedInfo } from './prepare-snapshot.js';
import type { RecordColumns } from '../snapshot/record-columns.js';
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
import { StoreError } from './store-error.js';
import { markGone, metadataColumnsOf, upsertMetadata } from './postgres-record-metadata.js';
import { prepareRecordLookup } from './prepare-record-lookup.js';

export interface PostgresStoreOptions {
  /** Clock for the `saved_at` column (when a snapshot was written). Default `Date.now`. */
  now?: (() => number) | undefined;
  /**
   * How long a save waits for another process's save of the same collection and day, or for its migration,
   * before failing with a `locked` StoreError. Default 30 000 ms.
   */
  lockTimeoutMs?: number | undefined;
  /** How long to wait for a connection before failing with a `cannot-open` StoreError. Default 10 000 ms. */
  connectTimeoutMs?: number | undefined;
  /** Connections in the pool. Default 4. */
  maxConnections?: number | undefined;
  /**
   * Only read: an empty database (schema) is a `missing` StoreError and is left empty (no tables are created),
   * nothing is migrated, every transaction is read-only, and saving or deleting fails with a `read-only`
   * StoreError.
   */
  readOnly?: boolean | undefined;
}

interface Migration {
  version: number;
  description: string;
  sql: string;
}

/**
 * Schema changes, in order. `zenodo_stats_meta.schema_version` holds the last one applied; all pending ones run in
 * one transaction. Never edit a released migration: append a new one.
 */
const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'initial schema',
    sql: `
      CREATE TABLE zenodo_stats_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE snapshots (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        collection TEXT COLLATE "C" NOT NULL CHECK (collection <> ''),
        base_url TEXT,
        taken_at TIMESTAMPTZ NOT NULL,
        day DATE NOT NULL,
        source TEXT NOT NULL,
        complete BOOLEAN NOT NULL,
        record_count INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        notes TEXT[] NOT NULL DEFAULT '{}',
        saved_at TIMESTAMPTZ NOT NULL,
        UNIQUE (collection, day)
      );
      CREATE TABLE snapshot_records (
        snapshot_id BIGINT NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
        record_id TEXT COLLATE "C" NOT NULL,
        concept_id TEXT,
        downloads DOUBLE PRECISION,
        unique_downloads DOUBLE PRECISION,
        views DOUBLE PRECISION,
        unique_views DOUBLE PRECISION,
        version_downloads DOUBLE PRECISION,
        version_unique_downloads DOUBLE PRECISION,
        version_views DOUBLE PRECISION,
        version_unique_views DOUBLE PRECISION,
        volume DOUBLE PRECISION,
        PRIMARY KEY (snapshot_id, record_id)
      );
      CREATE TABLE records (
        record_id TEXT COLLATE "C" PRIMARY KEY,
        concept_id TEXT,
        doi TEXT,
        concept_doi TEXT,
        title TEXT NOT NULL,
        resource_type TEXT,
        publication_date TEXT,
        version TEXT,
        url TEXT NOT NULL,
        communities TEXT[] NOT NULL,
        creators TEXT[] NOT NULL,
        keywords TEXT[] NOT NULL,
        created TEXT COLLATE "C",
        updated_at TIMESTAMPTZ NOT NULL
      );
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
export const postgresSchemaVersion = migrations.at(-1)?.version ?? 0;

/** Tables of our schema: a database that has any of them without `zenodo_stats_meta` belongs to someone else. */
const ourTables = ['snapshots', 'snapshot_records', 'records'] as const;

/**
 * First key of our advisory locks, "zsts" in ASCII (the SQLite store's application id). Migrations lock
 * (lockSpace, 1) with the two-int4 form; saves lock a bigint hashed from collection and day, seeded with it. The
 * two forms never collide with each other.
 */
const lockSpace = 0x7a737473;
const migrationLockKey = 1;

/** Rows per INSERT when writing records and metadata: bounds the size of one statement's parameters. */
const insertChunkSize = 5000;
/** Records per SELECT when loading a collection: bounds the rows held at once by the driver. */
const loadBatchRecords = 200_000;

/**
 * Connects to the PostgreSQL database at `url` (`postgres://user:password@host:port/database`) and brings its
 * schema up to date. The tables go into the first schema of the connection's `search_path`, normally `public`
 * (`?options=-c%20search_path%3Dstats` picks another).
 *
 * @example
 * const store = await openPostgresStore('postgres://stats@db.example.org/zenodo');
 * try {
 *   const weeks = await store.loadCollection('nfdi4bioimage', { from: '2026-01-01' });
 * } finally {
 *   await store.close();
 * }
 */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<PostgresSnapshotStore> {
  const target = describePostgresUrl(url);
  const lockTimeoutMs = Math.max(0, Math.trunc(options.lockTimeoutMs ?? 30_000));
  const pool = new Pool({
    connectionString: url,
    max: options.maxConnections ?? 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    application_name: 'zenodo-stats',
    // Doubles must come back exact whatever the server's default (extra_float_digits > 0: shortest exact form).
    onConnect: async (client) => {
      await client.query('SET extra_float_digits = 3');
      // The server refuses every write of a read-only store's sessions, whatever our code does.
      if (options.readOnly) await client.query('SET default_transaction_read_only = on');
    },
  });
  // An idle connection that breaks (server restart) emits 'error' on the pool; without a listener Node would
  // crash. The pool drops it and the next query opens a new one, whose failure is reported there.
  pool.on('error', () => {});
  const context: StoreContext = { target, lockTimeoutMs, readOnly: options.readOnly ?? false, schemaVersion: postgresSchemaVersion };
  try {
    if (context.readOnly) context.schemaVersion = await assertReadable(pool, context);
    else await migrate(pool, context);
  } catch (error) {
    await pool.end().catch(() => {});
    throw toStoreError(error, context, 'opening the database');
  }
  return new PostgresSnapshotStore(pool, context, options.now ?? Date.now);
}

/** A `SnapshotStore` in one PostgreSQL database. Create it with `openPostgresStore`. */
export class PostgresSnapshotStore implements SnapshotStore {
  /** The database, as `postgres://user:***@host:port/database`: never the password. */
  readonly url: string;
  #pool: Pool | null;
  readonly #context: StoreContext;
  readonly #now: () => number;

  /** @internal Use `openPostgresStore`, which connects and migrates first. */
  constructor(pool: Pool, context: StoreContext, now: () => number) {
    this.#pool = pool;
    this.#context = context;
    this.url = context.target.display;
    this.#now = now;
  }

  async saveSnapshot(snapshot: NewSnapshot<Iterable<SnapshotRecord>>): Promise<SaveResult> {
    const pool = this.#writablePool('saving a snapshot');
    // Reads the records (see `NewSnapshot.records`): an error of the caller's iterable leaves here as it is.
    const s = prepareSnapshot(snapshot);
    const savedAt = new Date(this.#now()).toISOString();
    const write = async (client: PoolClient): Promise<SaveResult> => {
      // Serializes saves of the same collection and day across processes; released at COMMIT or ROLLBACK.
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, $2))', [
        `${s.collection}\n${s.day}`,
        lockSpace,
      ]);
      const found = await client.query<InfoRow>(
        `SELECT ${infoColumns} FROM snapshots WHERE collection = $1 AND day = $2::date`,
        [s.collection, s.day],
      );
      const existingRow = found.rows[0];
      const existing = existingRow === undefined ? null : this.#toInfo(existingRow);
      if (existing !== null && existing.contentHash === s.contentHash && existing.source === s.source) {
        return { info: existing, replaced: null, unchanged: true };
      }
      if (existing !== null) await client.query('DELETE FROM snapshots WHERE id = $1', [existing.id]);
      const inserted = await client.query<{ id: string }>(
        `INSERT INTO snapshots
           (collection, base_url, taken_at, day, source, complete, record_count, content_hash, notes, saved_at)
         VALUES ($1, $2, $3::timestamptz, $4::date, $5, $6, $7, $8, $9::text[], $10::timestamptz)
         RETURNING id::text AS id`,
        [
          s.collection,
          s.baseUrl,
          s.takenAt,
          s.day,
          s.source,
          s.complete,
          s.records.length,
          s.contentHash,
          s.notes,
          savedAt,
        ],
      );
      const id = this.#snapshotId(inserted.rows[0]?.id);
      await insertRecords(client, id, s.records);
      await upsertMetadata(client, s.metadata.inRecordIdOrder(), s.takenAt);
      return { info: savedInfo(s, id), replaced: existing, unchanged: false };
    };
    const action = `saving the ${s.collection} snapshot of ${s.day}`;
    return this.#transaction(pool, action, 'write', write, (error) => s.metadata.isInputError(error));
  }

  async listSnapshots(filter: { collection?: string | undefined } = {}): Promise<SnapshotInfo[]> {
    const pool = this.#openPool();
    return this.#run('listing snapshots', async () => {
      const result =
        filter.collection === undefined
          ? await pool.query<InfoRow>(`SELECT ${infoColumns} FROM snapshots ORDER BY taken_at, collection, id`)
          : await pool.query<InfoRow>(
              `SELECT ${infoColumns} FROM snapshots WHERE collection = $1 ORDER BY taken_at, id`,
              [filter.collection],
            );
      return result.rows.map((row) => this.#toInfo(row));
    });
  }

  async loadSnapshot(id: number): Promise<LoadedSnapshot | null> {
    const pool = this.#openPool();
    if (!Number.isSafeInteger(id)) return null;
    return this.#transaction(pool, `loading snapshot ${id}`, 'read', async (client) => {
      const found = await client.query<InfoRow>(`SELECT ${infoColumns} FROM snapshots WHERE id = $1`, [id]);
      const row = found.rows[0];
      if (row === undefined) return null;
      const [columns] = await this.#loadColumns(client, [this.#toInfo(row)]);
      return columns === undefined ? null : toLoadedSnapshot(columns);
    });
  }

  async loadCollection(collection: string, options: LoadCollectionOptions = {}): Promise<LoadedSnapshot[]> {
    return (await this.loadCollectionColumns(collection, options)).map(toLoadedSnapshot);
  }

  /**
   * `loadCollection` in columns: the same snapshots and values without one object per record, which for a long
   * history is faster and takes a fraction of the memory. Snapshots with the same record ids share one id array.
   *
   * @example
   * for (const { info, values } of await store.loadCollectionColumns('nfdi4bioimage')) {
   *   console.log(info.day, values.downloads.reduce((sum, d) => (Number.isNaN(d) ? sum : sum + d), 0));
   * }
   */
  async loadCollectionColumns(collection: string, options: LoadCollectionOptions = {}): Promise<SnapshotColumns[]> {
    const pool = this.#openPool();
    const conditions = ['collection = $1'];
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
      values.push(day);
      // Compared as text, like the SQLite store: a bound such as 2026-02-30 is a valid limit, not an error.
      conditions.push(`to_char(day, 'YYYY-MM-DD') ${operator} $${values.length}`);
    }
    return this.#transaction(pool, `loading the snapshots of ${collection}`, 'read', async (client) => {
      const found = await client.query<InfoRow>(
        `SELECT ${infoColumns} FROM snapshots WHERE ${conditions.join(' AND ')} ORDER BY taken_at, id`,
        values,
      );
      return this.#loadColumns(
        client,
        found.rows.map((row) => this.#toInfo(row)),
      );
    });
  }

  async recordMetadata(recordIds?: readonly string[]): Promise<Map<string, RecordMetadata>> {
    const pool = this.#openPool();
    const metadataColumns = metadataColumnsOf(this.#context.schemaVersion);
    return this.#run('reading record metadata', async () => {
      const result =
        recordIds === undefined
          ? await pool.query<MetadataRow>(`SELECT ${metadataColumns} FROM records ORDER BY record_id`)
          : await pool.query<MetadataRow>(
              `SELECT ${metadataColumns} FROM records WHERE record_id = ANY($1::text[]) ORDER BY record_id`,
              [[...recordIds]],
            );
      return new Map(result.rows.map((row) => [row.record_id, this.#toMetadata(row)]));
    });
  }

  async saveRecordLookup(lookup: RecordLookup): Promise<void> {
    const pool = this.#writablePool('saving a look-up of records');
    const l = prepareRecordLookup(lookup);
    await this.#transaction(pool, `saving the look-up of ${l.found.length + l.gone.length} records`, 'write', async (client) => {
      await upsertMetadata(client, l.found, l.lookedUpAt);
      await markGone(client, l.gone, l.day, l.lookedUpAt);
    });
  }

  async resolveConcept(conceptId: string): Promise<string | null> {
    const pool = this.#openPool();
    return this.#run(`resolving concept ${conceptId}`, async () => {
      // Newest by creation date; among equal (or unknown) dates the highest record id, compared as a number.
      const result = await pool.query<{ record_id: unknown }>(
        `SELECT record_id FROM records WHERE concept_id = $1
         ORDER BY created IS NULL, created DESC, length(record_id) DESC, record_id DESC LIMIT 1`,
        [conceptId],
      );
      const row = result.rows[0];
      return row === undefined ? null : this.#text(row.record_id, 'record_id');
    });
  }

  async deleteSnapshot(id: number): Promise<boolean> {
    const pool = this.#writablePool(`deleting snapshot ${id}`);
    if (!Number.isSafeInteger(id)) return false;
    return this.#run(`deleting snapshot ${id}`, async () => {
      const result = await pool.query('DELETE FROM snapshots WHERE id = $1', [id]);
      return (result.rowCount ?? 0) > 0;
    });
  }

  async close(): Promise<void> {
    const pool = this.#pool;
    if (pool === null) return;
    this.#pool = null;
    try {
      await pool.end();
    } catch (error) {
      throw toStoreError(error, this.#context, 'closing the connections');
    }
  }

  #openPool(): Pool {
    if (this.#pool === null) throw new StoreError('closed', `The snapshot database ${this.url} is closed`);
    return this.#pool;
  }

  /** The pool, for a write: refused up front when the store was opened read-only. */
  #writablePool(action: string): Pool {
    const pool = this.#openPool();
    if (this.#context.readOnly) {
      throw new StoreError('read-only', `the store ${this.url} is read-only: ${action} refused: it was opened for reading only`, {
        path: this.url,
      });
    }
    return pool;
  }

  /**
   * Runs `work`, turning database and connection errors into StoreErrors, except those `isInputError` says the
   * input raised: a caller's `ECONNRESET` while it streams metadata is not the database's.
   */
  async #run<T>(
    action: string,
    work: () => Promise<T>,
    isInputError: (error: unknown) => boolean = () => false,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw isInputError(error) ? error : toStoreError(error, this.#context, action);
    }
  }

  /**
   * Runs `work` in one transaction on one connection. Reads are REPEATABLE READ so that a snapshot's info and its
   * records come from the same moment even while another process replaces that snapshot.
   */
  async #transaction<T>(
    pool: Pool,
    action: string,
    mode: 'read' | 'write',
    work: (client: PoolClient) => Promise<T>,
    isInputError?: (error: unknown) => boolean,
  ): Promise<T> {
    const begin = mode === 'read' ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN';
    const run = (): Promise<T> =>
      inTransaction(pool, begin, async (c) => {
        if (mode === 'write') await setLockTimeout(c, this.#context.lockTimeoutMs);
        return work(c);
      });
    return this.#run(action, run, isInputError);
  }

  /**
   * The records of `infos` as columns, fetched in batches of whole snapshots, each packed by the server into one
   * row of joined text (`packedRecordsQuery`).
   */
  async #loadColumns(client: PoolClient, infos: readonly SnapshotInfo[]): Promise<SnapshotColumns[]> {
    const recordIds = new IdListDecoder();
    const conceptIds = new IdListDecoder();
    const loaded: SnapshotColumns[] = [];
    for (const batch of batchesOf(infos, loadBatchRecords)) {
      const result = await client.query<PackedRow>({
        text: packedRecordsQuery,
        values: [batch.map((info) => info.id)],
        rowMode: 'array',
      });
      const rows = new Map(result.rows.map((row) => [String(row[0]), row]));
      for (const info of batch) {
        const fail = (what: string): StoreError => this.#corrupt(`snapshot ${info.id}: ${what}`);
        loaded.push(decodePacked(info, rows.get(String(info.id)), recordIds, conceptIds, fail));
      }
    }
    return loaded;
  }

  #toInfo(row: InfoRow): SnapshotInfo {
    const recordCount = row.record_count;
    if (typeof recordCount !== 'number' || !Number.isSafeInteger(recordCount)) {
      throw this.#corrupt('record_count is not an integer');
    }
    if (typeof row.complete !== 'boolean') throw this.#corrupt('complete is not a boolean');
    return {
      id: this.#snapshotId(row.id),
      collection: this.#text(row.collection, 'collection'),
      baseUrl: this.#optionalText(row.base_url, 'base_url'),
      takenAt: this.#text(row.taken_at, 'taken_at'),
      day: this.#text(row.day, 'day'),
      source: this.#text(row.source, 'source'),
      complete: row.complete,
      recordCount,
      contentHash: this.#text(row.content_hash, 'content_hash'),
      notes: this.#textArray(row.notes, 'notes'),
    };
  }

  #toMetadata(row: MetadataRow): RecordMetadata {
    return {
      recordId: this.#text(row.record_id, 'record_id'),
      conceptId: this.#optionalText(row.concept_id, 'concept_id'),
      doi: this.#optionalText(row.doi, 'doi'),
      conceptDoi: this.#optionalText(row.concept_doi, 'concept_doi'),
      title: this.#text(row.title, 'title'),
      resourceType: this.#optionalText(row.resource_type, 'resource_type'),
      publicationDate: this.#optionalText(row.publication_date, 'publication_date'),
      version: this.#optionalText(row.version, 'version'),
      url: this.#text(row.url, 'url'),
      communities: this.#textArray(row.communities, 'communities'),
      creators: this.#textArray(row.creators, 'creators'),
      keywords: this.#textArray(row.keywords, 'keywords'),
      created: this.#optionalText(row.created, 'created'),
      goneAt: this.#optionalText(row.gone_at, 'gone_at'),
    };
  }

  #snapshotId(value: unknown): number {
    const id = typeof value === 'string' ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(id)) throw this.#corrupt(`snapshot id ${String(value)} is not a safe integer`);
    return id;
  }

  #text(value: unknown, column: string): string {
    if (typeof value !== 'string') throw this.#corrupt(`${column} is not text`);
    return value;
  }

  #optionalText(value: unknown, column: string): string | null {
    return value === null ? null : this.#text(value, column);
  }

  #textArray(value: unknown, column: string): string[] {
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      throw this.#corrupt(`${column} is not a list of strings`);
    }
    return value;
  }

  #corrupt(what: string): StoreError {
    return new StoreError('corrupt', `${this.url} is damaged: ${what}`, { path: this.url });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Connecting and migrating

/** What error messages may say about the database. */
export interface PostgresTarget {
  /** `postgres://user:***@host:port/database`, query parameters left out (they may carry a password). */
  display: string;
  /** The password given in the URL, to scrub from server and driver messages; `null` if none. */
  password: string | null;
}

interface StoreContext {
  target: PostgresTarget;
  lockTimeoutMs: number;
  readOnly: boolean;
  /** What the schema holds: older than `postgresSchemaVersion` only when opened read-only (nothing migrated). */
  schemaVersion: number;
}

/**
 * The parts of a connection URL that are safe to show: user, host, port and database, with `***` for a password.
 *
 * @example
 * describePostgresUrl('postgres://stats:s3cret@db.example.org/zenodo').display;
 * // 'postgres://stats:***@db.example.org:5432/zenodo'
 */
export function describePostgresUrl(url: string): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreError(
      'cannot-open',
      'The PostgreSQL URL is not a URL: expected postgres://user:password@host:port/database',
    );
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new StoreError(
      'cannot-open',
      `The PostgreSQL URL must start with postgres:// or postgresql://, not ${parsed.protocol}//`,
    );
  }
  const decode = (value: string): string => {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  };
  const parameter = (name: string): string | null => parsed.searchParams.get(name);
  const password = parameter('password') ?? (parsed.password === '' ? null : decode(parsed.password));
  const user = parameter('user') ?? decode(parsed.username);
  const host = parameter('host') ?? (parsed.hostname === '' ? 'localhost' : decode(parsed.hostname));
  const port = parameter('port') ?? (parsed.port === '' ? '5432' : parsed.port);
  const database = decode(parsed.pathname.slice(1)) || user;
  const credentials = user === '' ? '' : `${user}${password === null ? '' : ':***'}@`;
  const hostPart = host.startsWith('/') ? `[socket ${host}]` : host;
  return { display: `${parsed.protocol}//${credentials}${hostPart}:${port}/${database}`, password };
}

/** Refuses databases that are not ours or too new, then applies the pending migrations under the migration lock. */
async function migrate(pool: Pool, context: StoreContext): Promise<void> {
  await inTransaction(pool, 'BEGIN', async (client) => {
    await setLockTimeout(client, context.lockTimeoutMs);
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [lockSpace, migrationLockKey]);
    const version = await schemaVersion(client, context);
    if (version > postgresSchemaVersion) {
      throw new StoreError(
        'newer-schema',
        `${context.target.display} was written by a newer zenodo-stats (schema ${version}; ` +
          `this version knows ${postgresSchemaVersion}): upgrade zenodo-stats`,
        { path: context.target.display },
      );
    }
    if (version === postgresSchemaVersion) return;
    for (const migration of migrations) {
      if (migration.version > version) await client.query(migration.sql);
    }
    await client.query(
      `INSERT INTO zenodo_stats_meta (key, value) VALUES ('schema_version', $1)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [String(postgresSchemaVersion)],
    );
  });
}

/**
 * For a read-only open: the schema must be there, and current or schema 1 (which lacks only `records.gone_at`,
 * read as null: `metadataColumnsOf`), since reading may not create or migrate it. Returns its version.
 */
async function assertReadable(pool: Pool, context: StoreContext): Promise<number> {
  const { display } = context.target;
  const version = await inTransaction(pool, 'BEGIN READ ONLY', (client) => schemaVersion(client, context));
  if (version > postgresSchemaVersion) {
    throw new StoreError(
      'newer-schema',
      `${display} was written by a newer zenodo-stats (schema ${version}; ` +
        `this version knows ${postgresSchemaVersion}): upgrade zenodo-stats`,
      { path: display },
    );
  }
  if (version === 0) {
    throw new StoreError(
      'missing',
      `no store at ${display} (no zenodo-stats tables in its schema): make one with ` +
        '`zenodo-stats summarize <community>` or `zenodo-stats import <files>`, or name another with --db',
      { path: display },
    );
  }
  return version;
}

/** The schema version of the connection's first search_path schema: 0 when empty. */
async function schemaVersion(client: PoolClient, context: StoreContext): Promise<number> {
  const tables = await client.query<{ name: string; present: boolean }>(
    `SELECT name, to_regclass(quote_ident(name)) IS NOT NULL AS present
     FROM unnest($1::text[]) AS name`,
    [['zenodo_stats_meta', ...ourTables]],
  );
  const present = new Set(tables.rows.filter((row) => row.present).map((row) => row.name));
  if (!present.has('zenodo_stats_meta')) {
    if (present.size > 0) {
      throw new StoreError(
        'not-a-store',
        `${context.target.display} has tables named ${[...present].join(', ')} but no zenodo_stats_meta: ` +
          'it belongs to another program (give zenodo-stats its own database or search_path schema)',
        { path: context.target.display },
      );
    }
    return 0;
  }
  const found = await client.query<{ value: string }>(
    "SELECT value FROM zenodo_stats_meta WHERE key = 'schema_version'",
  );
  const value = found.rows[0]?.value;
  const version = value !== undefined && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(version)) {
    throw new StoreError(
      'corrupt',
      `${context.target.display} is damaged: zenodo_stats_meta has no valid schema_version (${String(value)})`,
      { path: context.target.display },
    );
  }
  return version;
}

async function setLockTimeout(client: PoolClient, ms: number): Promise<void> {
  // SET does not take parameters; `ms` is a non-negative integer (see openPostgresStore).
  await client.query(`SET LOCAL lock_timeout = ${ms}`);
}

/** Runs `work` between `begin` and COMMIT on one pooled connection; on any error rolls back. */
async function inTransaction<T>(pool: Pool, begin: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A failed ROLLBACK (the connection is gone) must not hide the error that caused it; the server rolls back
      // by itself when the connection closes, and the broken connection is not returned to the pool.
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    }
  } finally {
    client.release(broken);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Errors

/** Node socket errors and PostgreSQL SQLSTATE classes that mean "could not reach or log into the database". */
const connectionErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);
/** 08: connection exception; 28: invalid authorization; 3D000: no such database; 57P: the server is shutting down. */
const connectionSqlStates = /^(08|28|3D000|57P0[1-3])/;
/** node-postgres's own messages for a connection that failed or broke (they carry no code). */
const connectionErrorMessages =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|ECONNREFUSED/i;
/** SQLSTATE of a lock wait that ran past `lock_timeout`. */
const lockNotAvailable = '55P03';
/** A write in a read-only transaction, and a write the role has no privilege for (permission denied). */
const readOnlyTransaction = '25006';
const insufficientPrivilege = '42501';
/** SQLSTATE of a transaction the server aborted to break a deadlock. */
const deadlockDetected = '40P01';

function toStoreError(error: unknown, context: StoreContext, action: string): unknown {
  if (error instanceof StoreError || !(error instanceof Error)) return error;
  const { display } = context.target;
  const message = scrub(error.message, context.target.password);
  const code = (error as { code?: unknown }).code;
  if (error instanceof DatabaseError && code === lockNotAvailable) {
    return new StoreError(
      'locked',
      `${display} is in use by another process: gave up ${action} after waiting ${context.lockTimeoutMs} ms`,
      { cause: error, path: display },
    );
  }
  if (error instanceof DatabaseError && code === deadlockDetected) {
    return new StoreError('locked', `${display}: ${action} deadlocked with another process; try again`, {
      cause: error,
      path: display,
    });
  }
  const isConnectionError =
    (typeof code === 'string' && (connectionErrorCodes.has(code) || connectionSqlStates.test(code))) ||
    connectionErrorMessages.test(message);
  if (isConnectionError) {
    return new StoreError('cannot-open', `Cannot connect to the snapshot database ${display}: ${message}`, {
      cause: error,
      path: display,
    });
  }
  if (error instanceof DatabaseError && (code === readOnlyTransaction || code === insufficientPrivilege)) {
    return new StoreError('read-only', `the store ${display} is read-only: ${action} refused: ${message}`, {
      cause: error,
      path: display,
    });
  }
  if (error instanceof DatabaseError) {
    // StoreErrorReason has no PostgreSQL-specific member; 'sqlite' is documented as "any other database failure".
    return new StoreError('sqlite', `${display}: ${action} failed: ${message}`, { cause: error, path: display });
  }
  return error;
}

function scrub(message: string, password: string | null): string {
  return password === null || password === '' ? message : message.split(password).join('***');
}

// ---------------------------------------------------------------------------------------------------------------
// Rows

/** Rows as node-postgres returns them: values are checked before use. */
interface InfoRow {
  id: unknown;
  collection: unknown;
  base_url: unknown;
  taken_at: unknown;
  day: unknown;
  source: unknown;
  complete: unknown;
  record_count: unknown;
  content_hash: unknown;
  notes: unknown;
}

interface MetadataRow {
  record_id: string;
  concept_id: unknown;
  doi: unknown;
  concept_doi: unknown;
  title: unknown;
  resource_type: unknown;
  publication_date: unknown;
  version: unknown;
  url: unknown;
  communities: unknown;
  creators: unknown;
  keywords: unknown;
  created: unknown;
  gone_at: unknown;
}

/** snapshot_id, record count, record ids, concept ids, then the nine numeric columns: see `packedRecordsQuery`. */
type PackedRow = unknown[];

/** Dates formatted by the server, in UTC, whatever the session's TimeZone and DateStyle. */
const infoColumns =
  "id::text AS id, collection, base_url, to_char(taken_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') " +
  "AS taken_at, to_char(day, 'YYYY-MM-DD') AS day, source, complete, record_count, content_hash, notes";

/** The nine numeric columns, in `SnapshotRecord` order: the eight counters, then the volume. */
const numericColumns = [
  ['downloads', 'downloads'],
  ['uniqueDownloads', 'unique_downloads'],
  ['views', 'views'],
  ['uniqueViews', 'unique_views'],
  ['versionDownloads', 'version_downloads'],
  ['versionUniqueDownloads', 'version_unique_downloads'],
  ['versionViews', 'version_views'],
  ['versionUniqueViews', 'version_unique_views'],
  ['volume', 'volume'],
] as const;
type NumericColumn = (typeof numericColumns)[number][0];
const numericColumnList = numericColumns.map(([, column]) => column).join(', ');

/**
 * Each snapshot's records as one row: the ids joined by newlines (validation keeps line breaks out of ids), the
 * concept ids likewise with an empty line for none, and each numeric column as its values joined by commas, empty
 * for null (`extra_float_digits` makes the text exact). All aggregates of a group read its rows in the same order,
 * so the lists stay aligned. The rows come sorted from a subquery rather than through `string_agg(… ORDER BY …)`,
 * which in PostgreSQL 15 sorts once per aggregate: 1.0 s instead of 3.5 s for 105 × 10 000 records. PostgreSQL
 * only "usually" keeps a subquery's order in an aggregate
 * (https://www.postgresql.org/docs/15/sql-expressions.html#SYNTAX-AGGREGATES), so `decodePacked` checks the
 * order and sorts if needed.
 */
const packedRecordsQuery = `
  SELECT snapshot_id::text, count(*)::int,
    string_agg(record_id, E'\\n'),
    string_agg(coalesce(concept_id, ''), E'\\n'),
    ${numericColumns.map(([, c]) => `string_agg(coalesce(${c}::text, ''), ',')`).join(', ')}
  FROM (
    SELECT * FROM snapshot_records WHERE snapshot_id = ANY($1::bigint[]) ORDER BY snapshot_id, record_id
  ) AS sorted
  GROUP BY snapshot_id`;

/** Inserts the records of one snapshot, `insertChunkSize` at a time, each chunk as parallel arrays. */
async function insertRecords(client: PoolClient, snapshotId: number, records: RecordColumns): Promise<void> {
  const arrays = numericColumns.map((_, i) => `$${i + 4}::float8[]`).join(', ');
  const sql =
    `INSERT INTO snapshot_records (snapshot_id, record_id, concept_id, ${numericColumnList}) ` +
    `SELECT $1, u.* FROM unnest($2::text[], $3::text[], ${arrays}) AS u`;
  for (let start = 0; start < records.length; start += insertChunkSize) {
    const end = Math.min(start + insertChunkSize, records.length);
    await client.query(sql, [
      snapshotId,
      records.recordIds.slice(start, end),
      records.conceptIds.slice(start, end),
      ...numericColumns.map(([name]) => float8ArrayLiteral(records.numbers[name], start, end)),
    ]);
  }
}

/**
 * A `float8[]` literal of `column`'s values from `start` to `end`. Written here rather than by node-postgres, whose
 * `String(value)` turns -0 into 0; every other finite number's `String` form is one PostgreSQL reads back exactly.
 */
function float8ArrayLiteral(column: NumberColumn, start: number, end: number): string {
  const items: string[] = [];
  for (let i = start; i < end; i++) {
    const v = column.at(i);
    items.push(v === null ? 'NULL' : Object.is(v, -0) ? '-0' : String(v));
  }
  return `{${items.join(',')}}`;
}

/** Consecutive runs of snapshots holding about `limit` records together; a larger snapshot makes a batch alone. */
function batchesOf(infos: readonly SnapshotInfo[], limit: number): SnapshotInfo[][] {
  const batches: SnapshotInfo[][] = [];
  let batch: SnapshotInfo[] = [];
  let size = 0;
  for (const info of infos) {
    if (batch.length > 0 && size + info.recordCount > limit) {
      batches.push(batch);
      batch = [];
      size = 0;
    }
    batch.push(info);
    size += info.recordCount;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

function decodePacked(
  info: SnapshotInfo,
  row: PackedRow | undefined,
  recordIdDecoder: IdListDecoder,
  conceptIdDecoder: IdListDecoder,
  fail: (what: string) => StoreError,
): SnapshotColumns {
  const count = row === undefined ? 0 : row[1];
  if (count !== info.recordCount) throw fail(`has ${String(count)} records, not ${info.recordCount}`);
  let recordIds = recordIdDecoder.decode(row?.[2], count, fail);
  const concepts = conceptIdDecoder.decode(row?.[3], count, fail);
  let conceptIds: readonly (string | null)[] = concepts.map((id) => (id === '' ? null : id));
  const values = {} as Record<NumericColumn, Float64Array>;
  for (const [i, [name]] of numericColumns.entries()) values[name] = decodeNumbers(row?.[4 + i], count, fail);
  // The server sorts ids by UTF-8 bytes, JavaScript by UTF-16 code units. They differ only for characters beyond
  // U+FFFF against U+E000–U+FFFF, which Zenodo ids never contain, so this reordering almost never runs (also see
  // `packedRecordsQuery`).
  const order = codeUnitOrder(recordIds);
  if (order !== null) {
    recordIds = order.map((i) => recordIds[i] ?? '');
    conceptIds = order.map((i) => conceptIds[i] ?? null);
    for (const [name] of numericColumns) {
      const column = values[name];
      values[name] = Float64Array.from(order, (i) => column[i] ?? Number.NaN);
    }
  }
  return { info, recordIds, conceptIds, values };
}

/** A packed numeric column: `NaN` for null, as in `SnapshotColumns`. */
function decodeNumbers(text: unknown, count: number, fail: (what: string) => StoreError): Float64Array {
  const values = new Float64Array(count);
  if (count === 0) return values;
  if (typeof text !== 'string') throw fail('a counter column is missing');
  const parts = text.split(',');
  if (parts.length !== count) throw fail('a counter column has the wrong length');
  for (let i = 0; i < count; i++) {
    const part = parts[i] ?? '';
    const value = part === '' ? Number.NaN : Number(part);
    if (part !== '' && !Number.isFinite(value)) throw fail(`a counter is not a finite number: ${part}`);
    values[i] = value;
  }
  return values;
}

/**
 * Splits newline-joined ids. Consecutive snapshots mostly hold the same records: an unchanged list is returned as
 * the same array, and each id string is kept once across the whole load.
 */
class IdListDecoder {
  #previousText: string | null = null;
  #previous: readonly string[] = [];
  readonly #known = new Map<string, string>();

  decode(text: unknown, count: number, fail: (what: string) => StoreError): readonly string[] {
    if (count === 0) return [];
    if (typeof text !== 'string') throw fail('the id list is missing');
    if (text === this.#previousText) return this.#previous;
    const ids = text.split('\n');
    if (ids.length !== count) throw fail('the id list has the wrong length');
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

/** Columns back to record objects (`NaN` → `null`: stored values are always finite). */
function toLoadedSnapshot({ info, recordIds, conceptIds, values }: SnapshotColumns): LoadedSnapshot {
  const records: SnapshotRecord[] = new Array(recordIds.length);
  const at = (name: NumericColumn, i: number): number | null => {
    const value = values[name][i];
    return value === undefined || Number.isNaN(value) ? null : value;
  };
  for (let i = 0; i < recordIds.length; i++) {
    records[i] = {
      recordId: recordIds[i] ?? '',
      conceptId: conceptIds[i] ?? null,
      downloads: at('downloads', i),
      uniqueDownloads: at('uniqueDownloads', i),
      views: at('views', i),
      uniqueViews: at('uniqueViews', i),
      versionDownloads: at('versionDownloads', i),
      versionUniqueDownloads: at('versionUniqueDownloads', i),
      versionViews: at('versionViews', i),
      versionUniqueViews: at('versionUniqueViews', i),
      volume: at('volume', i),
    };
  }
  return { info, records };
}
