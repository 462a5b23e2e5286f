/**
 * Opening a SQLite store: refusing files that are not ours, too new or damaged, and bringing the schema up to date
 * (`sqlite-schema.ts`), or, for a read-only open, checking that the file can be read as it is.
 */
import type { Database } from 'node-sqlite3-wasm';
import { applicationId, migrations, sqliteSchemaVersion } from './sqlite-schema.js';
import { readOnlyStore } from './sqlite-file-access.js';
import { allRows, getRow } from './sqlite-rows.js';
import { inReadTransaction, inTransaction } from './sqlite-transaction.js';
import { StoreError } from './store-error.js';
import { missingStore, newerSchema } from './store-error-texts.js';

/**
 * Before a store is written: refuses a damaged file (`assertIntact`), one that is not ours or too new, then applies
 * the pending migrations. The checks are one read transaction (one lock of the file, not one per statement).
 */
export function checkAndMigrate(db: Database, path: string): void {
  const pending = inReadTransaction(db, () => {
    assertIntact(db, path);
    return migrationPending(db, path);
  });
  if (pending) applyMigrations(db, path);
}

/** Applies the pending migrations in one write transaction. */
function applyMigrations(db: Database, path: string): void {
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
export function assertIntact(db: Database, path: string): void {
  const problems = allRows(db, 'PRAGMA quick_check(5)').map((row) => String(Object.values(row)[0]));
  if (problems.length === 1 && problems[0] === 'ok') return;
  throw new StoreError(
    'corrupt',
    `${path} is damaged (PRAGMA quick_check: ${problems.join('; ').replace(/\s+/g, ' ')}): nothing was saved into it. ` +
      'Restore it from a backup, or save into another store with --db',
    { path },
  );
}

/** Whether the file needs migrating; refuses a file that is not ours or is too new. */
function migrationPending(db: Database, path: string): boolean {
  const application = pragmaNumber(db, 'application_id');
  if (application !== 0 && application !== applicationId) throw foreignDatabase(path);
  return needsMigration(db, path);
}

/** The oldest schema a read-only open reads as it is: 1 and 2 lack only columns read as null (`metadataColumnsOf`). */
const oldestReadableSchema = 1;

/**
 * For a read-only open: refuses what `migrate` refuses, and a file that would need a migration it cannot be read
 * without (which would write): an empty file is not a store yet. Returns the file's schema version.
 */
export function assertReadable(db: Database, path: string): number {
  const application = pragmaNumber(db, 'application_id');
  if (application !== 0 && application !== applicationId) throw foreignDatabase(path);
  if (!needsMigration(db, path)) return sqliteSchemaVersion;
  const version = pragmaNumber(db, 'user_version');
  if (version >= oldestReadableSchema) return version;
  if (version === 0) {
    if (getRow(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table'") !== null) throw foreignDatabase(path);
    throw missingStore(path, 'the file is empty');
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
    throw newerSchema(path, version, sqliteSchemaVersion);
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
