/**
 * The PostgreSQL store's schema: its tables, created and changed by numbered migrations (`migrate` in
 * `postgres-migrate.ts` applies them), and the keys of its advisory locks.
 */
import { fileSizeMigration, goneAtMigration, initialRecordsTextColumns, lastVersion, type Migration } from './store-migration.js';

/**
 * Schema changes, in order. `zenodo_stats_meta.schema_version` holds the last one applied; all pending ones run in
 * one transaction.
 */
export const migrations: readonly Migration[] = [
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
${initialRecordsTextColumns}
        communities TEXT[] NOT NULL,
        creators TEXT[] NOT NULL,
        keywords TEXT[] NOT NULL,
        created TEXT COLLATE "C",
        updated_at TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX records_by_concept ON records (concept_id);
    `,
  },
  goneAtMigration,
  fileSizeMigration('BIGINT'),
];

/** The schema version this build writes and reads: the last migration's. */
export const postgresSchemaVersion = lastVersion(migrations);

/** Tables of our schema: a database that has any of them without `zenodo_stats_meta` belongs to someone else. */
export const ourTables = ['snapshots', 'snapshot_records', 'records'] as const;

/**
 * First key of our advisory locks, "zsts" in ASCII (the SQLite store's application id). Migrations lock
 * (lockSpace, 1) with the two-int4 form; saves lock a bigint hashed from collection and day, seeded with it. The
 * two forms never collide with each other.
 */
export const lockSpace = 0x7a737473;
export const migrationLockKey = 1;
