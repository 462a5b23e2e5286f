import type { RecordNumberName } from '../snapshot/record-columns.js';
import type { SnapshotRecord } from '../snapshot/snapshot.js';

/**
 * A snapshot's records as objects, from its columns as a store decoded them: `valueAt` reads value `i` of one
 * numeric column (`null` where there is none), and an unknown concept is `null` or an empty string.
 *
 * @example
 * recordsFromColumns(['1'], [null], values, (column, i) => (Number.isNaN(column[i]) ? null : column[i]));
 */
export function recordsFromColumns<C>(
  recordIds: readonly string[],
  conceptIds: readonly (string | null)[],
  columns: Record<RecordNumberName, C>,
  valueAt: (column: C, i: number) => number | null,
): SnapshotRecord[] {
  // Indexes instead of `entries()`: a CLI runs this once, before V8 has optimized iterator code, a million times.
  const c = columns;
  const records: SnapshotRecord[] = new Array(recordIds.length);
  for (let i = 0; i < recordIds.length; i++) {
    const conceptId = conceptIds[i];
    records[i] = {
      recordId: recordIds[i] ?? '',
      conceptId: conceptId === undefined || conceptId === '' ? null : conceptId,
      downloads: valueAt(c.downloads, i),
      uniqueDownloads: valueAt(c.uniqueDownloads, i),
      views: valueAt(c.views, i),
      uniqueViews: valueAt(c.uniqueViews, i),
      versionDownloads: valueAt(c.versionDownloads, i),
      versionUniqueDownloads: valueAt(c.versionUniqueDownloads, i),
      versionViews: valueAt(c.versionViews, i),
      versionUniqueViews: valueAt(c.versionUniqueViews, i),
      volume: valueAt(c.volume, i),
    };
  }
  return records;
}
