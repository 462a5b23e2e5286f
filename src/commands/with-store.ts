import { postgresUrl } from './resolve-db-path.js';
import type { SnapshotStore } from '../store/snapshot.js';

export { defaultDbFile, resolveDbPath } from './resolve-db-path.js';

/**
 * Opens a SQLite file or, for a `postgres://` URL, a PostgreSQL database. Each store's module (and `pg`, or
 * SQLite's WebAssembly) is loaded only when a store of its kind is opened (issue 14, start-up).
 */
export async function openStore(location: string): Promise<SnapshotStore> {
  return postgresUrl.test(location)
    ? (await import('../store/postgres-store.js')).openPostgresStore(location)
    : (await import('../store/sqlite-store.js')).openSqliteStore(location);
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
 * Opens the store, runs `work`, and closes the store on every path, errors included.
 *
 * @example
 * const n = await withStore('zenodo-stats.sqlite', async (store) => (await store.listSnapshots()).length);
 */
export async function withStore<T>(dbPath: string, work: (store: SnapshotStore) => Promise<T>): Promise<T> {
  const store = await openStore(dbPath);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
