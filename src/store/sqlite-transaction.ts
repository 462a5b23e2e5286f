/** Transactions of the SQLite store, and closing a database whose open failed. */
import type { Database } from 'node-sqlite3-wasm';

/** Runs `work` in a write transaction; on any error rolls back, so the file is exactly as before. */
export function inTransaction<T>(db: Database, work: () => T): T {
  return transaction(db, 'BEGIN IMMEDIATE', work);
}

/**
 * Runs several reads in one read transaction: they see the same state of the file, and node-sqlite3-wasm takes
 * and releases its lock (a `mkdir` and an `rmdir` of `<file>.lock`, some milliseconds each on a busy disk) once
 * for all of them instead of once per statement.
 */
export function inReadTransaction<T>(db: Database, work: () => T): T {
  return transaction(db, 'BEGIN', work);
}

function transaction<T>(db: Database, begin: string, work: () => T): T {
  db.exec(begin);
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

export function closeQuietly(db: Database): void {
  try {
    db.close();
  } catch {
    // The open already failed; that error is the one to report.
  }
}
