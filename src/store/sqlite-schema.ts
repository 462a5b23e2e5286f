/**
 * The SQLite store's schema: its tables, created and changed by numbered migrations (`migrate` in
 * `sqlite-migrate.ts` applies them), and the marks that tell our files from other programs' databases.
 */
import { fileSizeMigration, goneAtMigration, initialRecordsTextColumns, lastVersion, type Migration } from './store-migration.js';

/** `PRAGMA application_id` of our files, "zsts" in ASCII: a database with another non-zero id is not ours. */
export const applicationId = 0x7a737473;

/**
 * Schema changes, in order. `PRAGMA user_version` holds the last one applied; each runs once, all pending ones in
 * one transaction.
 */
export const migrations: readonly Migration[] = [
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
${initialRecordsTextColumns}
        communities TEXT NOT NULL,
        creators TEXT NOT NULL,
        keywords TEXT NOT NULL,
        created TEXT,
        updated_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX records_by_concept ON records (concept_id);
    `,
  },
  goneAtMigration,
  fileSizeMigration('INTEGER'),
];

/** The schema version this build writes and reads: the last migration's. */
export const sqliteSchemaVersion = lastVersion(migrations);
