/** Transactions of the SQLite store, and closing a database whose open failed. */
import type { Database } from 'node-sqlite3-wasm';

/** Runs `work` in a write transaction; on any error rolls back, so the file is exactly as before. */
export function inTransaction<T>(db: Database, work: () => T): T {
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

export function closeQuietly(db: Database): void {
  try {
    db.close();
  } catch {
    // The open already failed; that error is the one to report.
  }
}
