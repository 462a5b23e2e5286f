/** What the two stores' schemas (`sqlite-schema.ts`, `postgres-schema.ts`) are made of. */

/** One schema change. Never edit a released migration: append a new one. */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/**
 * The text columns of `records` in migration 1 of both stores, between `record_id` and `communities`, as they
 * stand in its SQL (one a line, indented 8): part of a released migration, so never edited either.
 */
export const initialRecordsTextColumns = [
  'concept_id TEXT',
  'doi TEXT',
  'concept_doi TEXT',
  'title TEXT NOT NULL',
  'resource_type TEXT',
  'publication_date TEXT',
  'version TEXT',
  'url TEXT NOT NULL',
]
  .map((column) => `        ${column},`)
  .join('\n');

/** Schema 2, the same SQL in both stores. */
export const goneAtMigration: Migration = {
  version: 2,
  description: 'records.gone_at: the day a look-up found the record no longer on Zenodo',
  sql: 'ALTER TABLE records ADD COLUMN gone_at TEXT;',
};

/**
 * Schema 3: each record's file count and total size, so that a stored snapshot gives `est_full_downloads` (its
 * bytes downloaded over the size) as `summarize` did. `bigint` is the store's type of a 64-bit integer (SQLite's
 * STRICT tables know only INTEGER; in PostgreSQL an INTEGER stops at 2 GiB).
 *
 * @example
 * fileSizeMigration('BIGINT'); // PostgreSQL
 */
export function fileSizeMigration(bigint: 'INTEGER' | 'BIGINT'): Migration {
  return {
    version: 3,
    description: "records.file_count, records.size_bytes: the record's files, for est_full_downloads",
    sql: `ALTER TABLE records ADD COLUMN file_count INTEGER; ALTER TABLE records ADD COLUMN size_bytes ${bigint};`,
  };
}

/**
 * The schema version a build writes and reads: its last migration's.
 *
 * @example
 * export const sqliteSchemaVersion = lastVersion(migrations); // 3
 */
export function lastVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}
