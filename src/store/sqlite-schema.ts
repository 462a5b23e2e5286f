/**
 * The SQLite store's schema: its tables, created and changed by numbered migrations (`migrate` in
 * `sqlite-migrate.ts` applies them), and the marks that tell our files from other programs' databases.
 */

/** `PRAGMA application_id` of our files, "zsts" in ASCII: a database with another non-zero id is not ours. */
export const applicationId = 0x7a737473;

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/**
 * Schema changes, in order. `PRAGMA user_version` holds the last one applied; each runs once, all pending ones in
 * one transaction. Never edit a released migration: append a new one.
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
