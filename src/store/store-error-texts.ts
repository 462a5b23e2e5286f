/**
 * The StoreErrors both stores raise in the same words, so that a message reads alike whether the store is a SQLite
 * file or a PostgreSQL database. `where` is the file's path or the database's URL without its password.
 */
import { StoreError, type StoreErrorReason } from './store-error.js';

/** How to make a store, for messages about one that is missing. */
export const howToMakeAStore =
  'make one with `zenodo-stats summarize <community>` or `zenodo-stats import <files>`, or name another with --db';

/**
 * The store holds a schema newer than this build's.
 *
 * @example
 * throw newerSchema('zenodo-stats.sqlite', 3, 2); // "… was written by a newer zenodo-stats (schema 3; this version knows 2) …"
 */
export function newerSchema(where: string, version: number, known: number): StoreError {
  return new StoreError(
    'newer-schema',
    `${where} was written by a newer zenodo-stats (schema ${version}; ` +
      `this version knows ${known}): upgrade zenodo-stats`,
    { path: where },
  );
}

/** An open for reading found no store: `why` says what is there instead (an empty file, a schema without our tables). */
export function missingStore(where: string, why: string): StoreError {
  return new StoreError('missing', `no store at ${where} (${why}): ${howToMakeAStore}`, { path: where });
}

/** What the store holds cannot be read: `what` names the column or the part. */
export function damagedStore(where: string, what: string): StoreError {
  return new StoreError('corrupt', `${where} is damaged: ${what}`, { path: where });
}

/** The store was used after `close()`. */
export function closedStore(where: string): StoreError {
  return new StoreError('closed', `The snapshot database ${where} is closed`);
}

/** Another process held the store for longer than we wait; `advice`, if any, follows as a sentence of its own. */
export function lockedStore(where: string, action: string, waitedMs: number, cause: unknown, advice?: string): StoreError {
  return new StoreError(
    'locked',
    `${where} is in use by another process: gave up ${action} after waiting ${waitedMs} ms` +
      (advice === undefined ? '' : `. ${advice}`),
    { cause, path: where },
  );
}

/** The database failed `action` with `message` (its own words). */
export function storeFailure(reason: StoreErrorReason, where: string, action: string, message: string, cause: unknown): StoreError {
  return new StoreError(reason, `${where}: ${action} failed: ${message}`, { cause, path: where });
}
