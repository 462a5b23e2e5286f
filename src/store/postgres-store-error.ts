/**
 * node-postgres's and the server's errors as StoreErrors: a lock wait or a deadlock, a connection that failed, a
 * write refused, a full disk; the password scrubbed from every message.
 */
import { DatabaseError } from 'pg';
import type { StoreContext } from './postgres-store-context.js';
import { StoreError } from './store-error.js';
import { lockedStore, storeFailure } from './store-error-texts.js';

/** Node socket errors and PostgreSQL SQLSTATE classes that mean "could not reach or log into the database". */
const connectionErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);
/** 08: connection exception; 28: invalid authorization; 3D000: no such database; 57P: the server is shutting down. */
const connectionSqlStates = /^(08|28|3D000|57P0[1-3])/;
/** node-postgres's own messages for a connection that failed or broke (they carry no code). */
const connectionErrorMessages =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|ECONNREFUSED/i;
/** SQLSTATE of a lock wait that ran past `lock_timeout`. */
const lockNotAvailable = '55P03';
/** A write in a read-only transaction, and a write the role has no privilege for (permission denied). */
const readOnlyTransaction = '25006';
const insufficientPrivilege = '42501';
/** SQLSTATE of a transaction the server aborted to break a deadlock. */
const deadlockDetected = '40P01';
/**
 * SQLSTATE 53100 disk_full (PostgreSQL's errcodes.txt): the server could not extend a file; the transaction is
 * rolled back, so nothing of the save is kept.
 */
const diskFull = '53100';

export function toStoreError(error: unknown, context: StoreContext, action: string): unknown {
  if (error instanceof StoreError || !(error instanceof Error)) return error;
  const { display } = context.target;
  const message = scrub(error.message, context.target.password);
  const code = (error as { code?: unknown }).code;
  if (error instanceof DatabaseError && code === lockNotAvailable) {
    return lockedStore(display, action, context.lockTimeoutMs, error);
  }
  if (error instanceof DatabaseError && code === deadlockDetected) {
    return new StoreError('locked', `${display}: ${action} deadlocked with another process; try again`, {
      cause: error,
      path: display,
    });
  }
  const isConnectionError =
    (typeof code === 'string' && (connectionErrorCodes.has(code) || connectionSqlStates.test(code))) ||
    connectionErrorMessages.test(message);
  if (isConnectionError) {
    return new StoreError('cannot-open', `Cannot connect to the snapshot database ${display}: ${message}`, {
      cause: error,
      path: display,
    });
  }
  if (error instanceof DatabaseError && code === diskFull) {
    return new StoreError('full', `no space left for the store ${display}: the database server's disk is full (${message}); ${action} failed, so nothing of it was saved`, {
      cause: error,
      path: display,
    });
  }
  if (error instanceof DatabaseError && (code === readOnlyTransaction || code === insufficientPrivilege)) {
    return new StoreError('read-only', `the store ${display} is read-only: ${action} refused: ${message}`, {
      cause: error,
      path: display,
    });
  }
  if (error instanceof DatabaseError) {
    // StoreErrorReason has no PostgreSQL-specific member; 'sqlite' is documented as "any other database failure".
    return storeFailure('sqlite', display, action, message, error);
  }
  return error;
}

function scrub(message: string, password: string | null): string {
  return password === null || password === '' ? message : message.split(password).join('***');
}
