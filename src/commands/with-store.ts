import path from 'node:path';
import { openPostgresStore } from '../store/postgres-store.js';
import type { SnapshotStore } from '../store/snapshot.js';
import { openSqliteStore } from '../store/sqlite-store.js';

/** The default store file, in the working directory. */
export const defaultDbFile = 'zenodo-stats.sqlite';

const postgresUrl = /^postgres(ql)?:\/\//i;

/**
 * `--db`, else `ZENODO_STATS_DB`, else `./zenodo-stats.sqlite`: a file path resolved against the working
 * directory (`sqlite:` prefix optional), or a `postgres://` URL used as it is.
 */
export function resolveDbPath(flag: string | undefined, env: Record<string, string | undefined>, cwd: string): string {
  const given = flag ?? env.ZENODO_STATS_DB ?? defaultDbFile;
  if (postgresUrl.test(given)) return given;
  return path.resolve(cwd, given.replace(/^sqlite:/i, ''));
}

/** Opens a SQLite file or, for a `postgres://` URL, a PostgreSQL database. */
export function openStore(location: string): Promise<SnapshotStore> {
  return postgresUrl.test(location) ? openPostgresStore(location) : openSqliteStore(location);
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
