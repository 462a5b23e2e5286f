/**
 * Opening a PostgreSQL store: refusing databases that are not ours or too new, and bringing the schema up to date
 * (`postgres-schema.ts`), or, for a read-only open, checking that the schema can be read as it is.
 */
import type { Pool, PoolClient } from 'pg';
import { lockSpace, migrationLockKey, migrations, ourTables, postgresSchemaVersion } from './postgres-schema.js';
import type { StoreContext } from './postgres-store-context.js';
import { inTransaction, setLockTimeout } from './postgres-transaction.js';
import { StoreError } from './store-error.js';
import { missingStore, newerSchema } from './store-error-texts.js';

/** Refuses databases that are not ours or too new, then applies the pending migrations under the migration lock. */
export async function migrate(pool: Pool, context: StoreContext): Promise<void> {
  await inTransaction(pool, 'BEGIN', async (client) => {
    await setLockTimeout(client, context.lockTimeoutMs);
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [lockSpace, migrationLockKey]);
    const version = await schemaVersion(client, context);
    if (version > postgresSchemaVersion) {
      throw newerSchema(context.target.display, version, postgresSchemaVersion);
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
 * For a read-only open: the schema must be there, current or older (schemas 1 and 2 lack only `records` columns
 * read as null: `metadataColumnsOf`), since reading may not create or migrate it. Returns its version.
 */
export async function assertReadable(pool: Pool, context: StoreContext): Promise<number> {
  const { display } = context.target;
  const version = await inTransaction(pool, 'BEGIN READ ONLY', (client) => schemaVersion(client, context));
  if (version > postgresSchemaVersion) {
    throw newerSchema(display, version, postgresSchemaVersion);
  }
  if (version === 0) {
    throw missingStore(display, 'no zenodo-stats tables in its schema');
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
