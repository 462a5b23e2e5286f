import { stat } from 'node:fs/promises';
import { postgresUrl } from './resolve-db-path.js';
import type { SnapshotStore } from '../snapshot/snapshot.js';

export { defaultDbFile, resolveDbPath } from './resolve-db-path.js';

export interface OpenStoreOptions {
  /**
   * Only read: a missing store is an error (nothing is created: no file, no tables), nothing is migrated, and a
   * store that may not be written can still be read. Every command that only reads opens its store so.
   */
  readOnly?: boolean | undefined;
}

/**
 * Opens a SQLite file or, for a `postgres://` URL, a PostgreSQL database. Each store's module (and `pg`, or
 * SQLite's WebAssembly) is loaded only when a store of its kind is opened (issue 14, start-up).
 */
export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<SnapshotStore> {
  return postgresUrl.test(location)
    ? (await import('../store/postgres-store.js')).openPostgresStore(location, options)
    : (await import('../store/sqlite-store.js')).openSqliteStore(location, options);
}

/**
 * Starts loading the module of `location`'s kind of store without opening anything, so a command that will
 * save at the end (summarize) loads SQLite's WebAssembly while it waits for the network, not after.
 */
export function preloadStore(location: string): void {
  const loading = postgresUrl.test(location) ? import('../store/postgres-store.js') : import('../store/sqlite-store.js');
  // A failure to load shows up, with its message, when the store is opened.
  loading.catch(() => undefined);
}

/**
 * Checks, before a long run, that a snapshot can be saved into the store, without creating it: a SQLite file that
 * exists is opened for writing (which refuses a read-only or damaged one) and closed; a missing one needs a folder
 * that can be written. A PostgreSQL store is checked when the snapshot is saved.
 */
export async function checkStoreForWriting(location: string): Promise<void> {
  if (postgresUrl.test(location)) return;
  await (await import('../store/sqlite-file-access.js')).assertWritableStore(location);
  if (await stat(location).then(() => true, () => false)) await (await openStore(location)).close();
}

/**
 * Opens the store (for writing unless `readOnly`), runs `work`, and closes the store on every path, errors
 * included.
 *
 * @example
 * const n = await withStore('zenodo-stats.sqlite', async (store) => (await store.listSnapshots()).length, {
 *   readOnly: true,
 * });
 */
export async function withStore<T>(
  dbPath: string,
  work: (store: SnapshotStore) => Promise<T>,
  options: OpenStoreOptions = {},
): Promise<T> {
  const store = await openStore(dbPath, options);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
