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
import { Pool } from 'pg';
import type { PoolClient } from 'pg';
import { prepareSnapshot, savedInfo } from './prepare-snapshot.js';
import { dayBounds } from './day-bounds.js';
import type { LoadCollectionOptions, LoadedSnapshot, NewSnapshot, RecordLookup, RecordMetadata } from '../snapshot/snapshot.js';
import type { SaveResult, SnapshotColumns, SnapshotInfo, SnapshotRecord, SnapshotStore } from '../snapshot/snapshot.js';
import { StoreError } from './store-error.js';
import { markGone, upsertMetadata } from './postgres-record-metadata.js';
import { metadataColumnsOf } from './record-metadata-row.js';
import { closedStore } from './store-error-texts.js';
import { prepareRecordLookup } from './prepare-record-lookup.js';
import { describePostgresUrl } from './describe-postgres-url.js';
import { lockSpace, postgresSchemaVersion } from './postgres-schema.js';
import { assertReadable, migrate } from './postgres-migrate.js';
import type { StoreContext } from './postgres-store-context.js';
import { toStoreError } from './postgres-store-error.js';
import { inTransaction, setLockTimeout } from './postgres-transaction.js';
import { infoColumns, snapshotId, text, toInfo, toMetadata, type InfoRow, type MetadataRow } from './postgres-rows.js';
import { insertRecords, loadColumns, toLoadedSnapshot } from './postgres-snapshot-records.js';

export { describePostgresUrl, type PostgresTarget } from './describe-postgres-url.js';
export { postgresSchemaVersion } from './postgres-schema.js';

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
      const existing = existingRow === undefined ? null : toInfo(existingRow, this.url);
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
      const id = snapshotId(inserted.rows[0]?.id, this.url);
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
      return result.rows.map((row) => toInfo(row, this.url));
    });
  }

  async loadSnapshot(id: number): Promise<LoadedSnapshot | null> {
    const pool = this.#openPool();
    if (!Number.isSafeInteger(id)) return null;
    return this.#transaction(pool, `loading snapshot ${id}`, 'read', async (client) => {
      const found = await client.query<InfoRow>(`SELECT ${infoColumns} FROM snapshots WHERE id = $1`, [id]);
      const row = found.rows[0];
      if (row === undefined) return null;
      const [columns] = await loadColumns(client, [toInfo(row, this.url)], this.url);
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
    for (const { operator, day } of dayBounds(options)) {
      values.push(day);
      // Compared as text, like the SQLite store: a bound such as 2026-02-30 is a valid limit, not an error.
      conditions.push(`to_char(day, 'YYYY-MM-DD') ${operator} $${values.length}`);
    }
    return this.#transaction(pool, `loading the snapshots of ${collection}`, 'read', async (client) => {
      const found = await client.query<InfoRow>(
        `SELECT ${infoColumns} FROM snapshots WHERE ${conditions.join(' AND ')} ORDER BY taken_at, id`,
        values,
      );
      return loadColumns(
        client,
        found.rows.map((row) => toInfo(row, this.url)),
        this.url,
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
      return new Map(result.rows.map((row) => [row.record_id, toMetadata(row, this.url)]));
    });
  }

  async recordIdsWithoutMetadata(collection: string): Promise<string[]> {
    const pool = this.#openPool();
    return this.#run(`reading the record ids of ${collection}`, async () => {
      const result = await pool.query<{ record_id: string }>(
        `SELECT DISTINCT r.record_id FROM snapshot_records r JOIN snapshots s ON s.id = r.snapshot_id
         WHERE s.collection = $1 AND NOT EXISTS (SELECT 1 FROM records m WHERE m.record_id = r.record_id)`,
        [collection],
      );
      return result.rows.map((row) => row.record_id);
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
      return row === undefined ? null : text(row.record_id, 'record_id', this.url);
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
    if (this.#pool === null) throw closedStore(this.url);
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

}
