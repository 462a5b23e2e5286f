/**
 * SQLite's errors as StoreErrors, in words a user can act on: a lock left behind, a read-only file, a full disk
 * (asked again by a probe, since node-sqlite3-wasm reports every failed write alike: `store-write-failure.ts`).
 */
import sqlite3 from 'node-sqlite3-wasm';
import { readOnlyStore } from './sqlite-file-access.js';
import { StoreError } from './store-error.js';
import { lockedStore, storeFailure } from './store-error-texts.js';
import { probeWriteFailure } from './store-write-failure.js';

export function toStoreError(error: unknown, path: string, action: string, busyTimeoutMs: number): unknown {
  if (!(error instanceof sqlite3.SQLite3Error)) return error;
  const message = error.message;
  if (/database (table )?is locked|database is busy/i.test(message)) {
    const advice = `If no other zenodo-stats is running, a crashed run left the lock directory ${path}.lock behind: remove it.`;
    return lockedStore(path, action, busyTimeoutMs, error, advice);
  }
  if (/readonly database|attempt to write a read-?only/i.test(message)) {
    return readOnlyStore(path, `${action} refused: permission denied (${message})`, false, error);
  }
  if (/database or disk is full/i.test(message)) {
    return storeFailure('full', path, action, message, error);
  }
  if (/not a database/i.test(message)) {
    return new StoreError('not-a-store', `${path} is not a SQLite database (${message})`, { cause: error, path });
  }
  if (/malformed|corrupt/i.test(message)) {
    const unsaved = action === 'opening the database' ? ': nothing was saved into it' : '';
    return new StoreError('corrupt', `${path} is damaged: ${message} (while ${action})${unsaved}`, { cause: error, path });
  }
  return storeFailure('sqlite', path, action, message, error);
}

/**
 * A save that failed with SQLite's "disk I/O error" (how node-sqlite3-wasm reports every failed write) or
 * "database or disk is full": why, in words, from a probe of the store's folder (`probeWriteFailure`). The
 * transaction was rolled back, so the snapshot being saved was not written, and earlier ones are whole.
 */
export async function explainWriteFailure(error: unknown, path: string, action: string, bytes: number): Promise<unknown> {
  if (!(error instanceof StoreError) || !(error.reason === 'full' || /disk I\/O error/i.test(error.message))) {
    return error;
  }
  // The journal and the new pages need about twice the snapshot's size.
  const probe = await probeWriteFailure(path, 2 * bytes + 1024 * 1024).catch(() => null);
  const notSaved = `${action} failed, so that snapshot was not saved`;
  if (probe?.full) {
    return new StoreError('full', `no space left for the store ${path}: ${probe.reason}; ${notSaved}`, { cause: error, path });
  }
  if (probe !== null && (probe.code === 'EACCES' || probe.code === 'EPERM' || probe.code === 'EROFS')) {
    return readOnlyStore(path, `${probe.reason}; ${notSaved}`, false, error);
  }
  if (error.reason === 'full') {
    return new StoreError('full', `no space left for the store ${path}: the database or disk is full (SQLITE_FULL); ${notSaved}`, {
      cause: error,
      path,
    });
  }
  return new StoreError(error.reason, `${error.message}; ${notSaved}${probe === null ? '' : ` (writing beside it: ${probe.reason})`}`, {
    cause: error,
    path,
  });
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
