import { counterNames, type LoadedSnapshot, type SnapshotColumns } from './snapshot.js';

/**
 * A snapshot of record objects as columns (`null` → `NaN`), for stores without a faster columnar read and for
 * tests that build snapshots by hand.
 *
 * @example
 * const columns = toSnapshotColumns(await store.loadSnapshot(1));
 */
export function toSnapshotColumns(snapshot: LoadedSnapshot): SnapshotColumns {
  const n = snapshot.records.length;
  const values = Object.fromEntries(
    [...counterNames, 'volume' as const].map((name) => {
      const column = new Float64Array(n);
      snapshot.records.forEach((r, i) => {
        column[i] = r[name] ?? Number.NaN;
      });
      return [name, column];
    }),
  ) as SnapshotColumns['values'];
  return {
    info: snapshot.info,
    recordIds: snapshot.records.map((r) => r.recordId),
    conceptIds: snapshot.records.map((r) => r.conceptId),
    values,
  };
}
