import path from 'node:path';
import type { SnapshotStore } from '../store/snapshot.js';
import { openSqliteStore } from '../store/sqlite-store.js';

/** The default store file, in the working directory. */
export const defaultDbFile = 'zenodo-stats.sqlite';

/** `--db`, else `ZENODO_STATS_DB`, else `./zenodo-stats.sqlite`, resolved against the working directory. */
export function resolveDbPath(flag: string | undefined, env: Record<string, string | undefined>, cwd: string): string {
  return path.resolve(cwd, flag ?? env.ZENODO_STATS_DB ?? defaultDbFile);
}

/**
 * Opens the store, runs `work`, and closes the store on every path, errors included.
 *
 * @example
 * const n = await withStore('zenodo-stats.sqlite', async (store) => (await store.listSnapshots()).length);
 */
export async function withStore<T>(dbPath: string, work: (store: SnapshotStore) => Promise<T>): Promise<T> {
  const store = await openSqliteStore(dbPath);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
