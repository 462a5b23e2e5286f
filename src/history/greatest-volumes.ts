import type { SnapshotColumns } from '../snapshot/snapshot.js';

/**
 * Each record's bytes downloaded (all versions, RDM `data_volume`) at its greatest: a counter never really falls
 * (zenodo-api.md §8b and §11: a statistics outage reads as zeros), so a lower later figure is a missing observation and
 * the greatest one seen is the last good one. Records with no volume in any snapshot (legacy listings, imports)
 * are left out.
 *
 * @example
 * greatestVolumes(await store.loadCollectionColumns('nfdi4bioimage')).get('17897525'); // bytes, or undefined
 */
export function greatestVolumes(snapshots: readonly SnapshotColumns[]): Map<string, number> {
  const greatest = new Map<string, number>();
  for (const snapshot of snapshots) {
    const volumes = snapshot.values.volume;
    snapshot.recordIds.forEach((id, i) => {
      const volume = volumes[i] ?? Number.NaN;
      if (Number.isNaN(volume)) return;
      const seen = greatest.get(id);
      if (seen === undefined || volume > seen) greatest.set(id, volume);
    });
  }
  return greatest;
}
