import { NotFoundError } from '../errors.js';
import type { SnapshotStore } from '../snapshot/snapshot.js';

/**
 * The collections a store holds, as ` (it has: a, b)` for a message about a collection it does not hold (a typo,
 * or a community name given for an import's `--as` name), or '' for an empty store.
 */
export async function storeHasHint(store: SnapshotStore): Promise<string> {
  const known = [...new Set((await store.listSnapshots()).map((s) => s.collection))];
  return known.length > 0 ? ` (it has: ${known.join(', ')})` : '';
}

/** `history`, `top`, `report` and `export` of a collection with no snapshots: exit 3, naming what the store has. */
export async function noSnapshotsError(store: SnapshotStore, collection: string, dbPath: string): Promise<NotFoundError> {
  return new NotFoundError(`no snapshots of '${collection}' in ${dbPath}${await storeHasHint(store)}; run summarize or import first`);
}
