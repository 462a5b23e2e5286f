import { stat } from 'node:fs/promises';
import type { SnapshotStore } from '../snapshot/snapshot.js';
import { postgresUrl } from './resolve-db-path.js';
import { openStore, withStore } from './with-store.js';

/**
 * The store of one `summarize`, opened once for the whole run: one start of SQLite's WebAssembly, one
 * `PRAGMA quick_check`, where checking it before the listing, saving the snapshot and naming the history each
 * opened it again (issue 14: three integrity checks of the same file per run). An open SQLite connection holds no
 * lock between statements, so other processes read and write the file meanwhile as before.
 *
 * @example
 * const session = new StoreSession('zenodo-stats.sqlite');
 * await session.check(); // before the first request
 * try { await session.use((store) => store.saveSnapshot(snapshot)); } finally { await session.close(); }
 */
export class StoreSession {
  #store: SnapshotStore | undefined;

  constructor(readonly location: string) {}

  /**
   * Refuses, before a long run, a store that cannot be saved into: a SQLite file that exists is opened for
   * writing now (a read-only or damaged one is refused) and kept open; a missing one needs a folder that can be
   * written, and is created only when something is saved. A PostgreSQL store is checked when first used.
   */
  async check(): Promise<void> {
    if (postgresUrl.test(this.location)) return;
    await (await import('../store/sqlite-file-access.js')).assertWritableStore(this.location);
    if (await stat(this.location).then(() => true, () => false)) this.#store = await openStore(this.location);
  }

  /** Runs `work` on the store, opening (and so creating) it if it is not open yet. */
  async use<T>(work: (store: SnapshotStore) => Promise<T>): Promise<T> {
    this.#store ??= await openStore(this.location);
    return work(this.#store);
  }

  /** Reads from the store without creating it: `otherwise` when no store exists. */
  async read<T>(work: (store: SnapshotStore) => Promise<T>, otherwise: T): Promise<T> {
    if (this.#store !== undefined) return work(this.#store);
    if (!postgresUrl.test(this.location) && !(await stat(this.location).then(() => true, () => false))) return otherwise;
    return withStore(this.location, work, { readOnly: true });
  }

  async close(): Promise<void> {
    const store = this.#store;
    this.#store = undefined;
    await store?.close();
  }
}
