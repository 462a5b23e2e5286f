import { formatCount } from '../terminal/terminal.js';
import { buildTimeline } from '../history/build-timeline.js';
import { topGains } from '../history/top-gains.js';
import { toSnapshotColumns } from '../snapshot/snapshot-columns.js';
import type { LoadedSnapshot, SnapshotColumns, SnapshotRecord, SnapshotStore } from '../snapshot/snapshot.js';

/**
 * The stored snapshots of a collection from days before `takenAt`'s, oldest first (`[]` when none): all of them
 * with `all`, else only the newest. A counter's last good figure can lie several snapshots back when a Zenodo
 * statistics outage zeroed the newest (zenodo-api.md §8b), so `--since-last` reads them all.
 */
export async function earlierSnapshots(store: SnapshotStore, collection: string, takenAt: string, all: boolean): Promise<SnapshotColumns[]> {
  const day = takenAt.slice(0, 10);
  const last = (await store.listSnapshots({ collection })).filter((s) => s.day < day).at(-1);
  if (!last) return [];
  const loaded = await store.loadCollectionColumns(collection, { from: all ? undefined : last.day, to: last.day });
  // Several snapshots of one day cannot be stored, but keep to the listed one whatever the store holds.
  return loaded.filter((s) => s.info.takenAt <= last.takenAt);
}

/** What `--since-last` says when there is no store to compare with. */
export const sinceLastWithoutStore = '--since-last compares with the previous snapshot in the store; it has nothing to compare with under --no-db';

/**
 * `--since-last`: what changed between the previous snapshot and this run's, counted like `history` (each concept
 * once, new records listed as new, their earlier downloads not counted as gained; a counter below its last good
 * figure counts nothing, and its recovery counts only what it gained since that figure, spread over the time
 * since). `earlier` are the stored snapshots before this run's, oldest first; `titleOf` names the records that
 * gained most.
 *
 * @example
 * for (const line of describeSinceLast(earlier, { takenAt, records }, (id) => titles.get(id))) console.error(line);
 */
export function describeSinceLast(
  earlier: readonly (LoadedSnapshot | SnapshotColumns)[],
  current: { takenAt: string; records: SnapshotRecord[] },
  titleOf: (recordId: string) => string | undefined,
): string[] {
  const previous = earlier.at(-1);
  if (previous === undefined) return ['since last: no earlier snapshot to compare with; this is the first'];
  const currentLoaded: LoadedSnapshot = {
    info: { ...previous.info, id: -1, takenAt: current.takenAt, day: current.takenAt.slice(0, 10), source: 'api', complete: true, recordCount: current.records.length, contentHash: '', notes: [] },
    records: current.records,
  };
  const timeline = buildTimeline([...earlier.map((s) => ('records' in s ? toSnapshotColumns(s) : s)), toSnapshotColumns(currentLoaded)]);
  const n = timeline.times.length;
  const window = { label: 'since last', start: timeline.times[n - 2] ?? 0, end: timeline.times[n - 1] ?? 0 };
  const gains = topGains(timeline, window, { by: 'downloads', limit: Number.POSITIVE_INFINITY });
  const downloads = gains.reduce((sum, g) => sum + g.downloads, 0);
  const views = gains.reduce((sum, g) => sum + g.views, 0);
  const fresh = timeline.newUnits[n - 1] ?? 0;
  const days = Math.max(1, Math.round((Date.parse(current.takenAt) - Date.parse(previous.info.takenAt)) / 86_400_000));
  const lines = [
    `since ${previous.info.day} (${days} day${days === 1 ? '' : 's'}): +${formatCount(downloads)} downloads · +${formatCount(views)} views · ${formatCount(fresh)} new record${fresh === 1 ? '' : 's'}`,
  ];
  const top = gains.slice(0, 3).filter((g) => g.downloads > 0);
  top.forEach((g, i) => lines.push(`  ${i + 1}. +${formatCount(g.downloads)}  ${(titleOf(g.recordId) ?? `record ${g.recordId}`).replace(/\s+/g, ' ').slice(0, 70)}`));
  const last = timeline.snapshots[n - 1]?.day;
  const before = timeline.snapshots[n - 2]?.day;
  for (const a of timeline.anomalies) {
    if (a.kind === 'fallen' && a.day === last) {
      lines.push(`  note: ${formatCount(a.units)} of ${formatCount(a.of)} records' counters fell since ${before} (Zenodo's statistics were probably unavailable): not counted`);
    } else if (a.kind === 'fallen' && a.day === before) {
      lines.push(`  note: ${formatCount(a.units)} of ${formatCount(a.of)} records' counters had fallen in the snapshot of ${before}: their gains are taken from their last good figure`);
    } else if (a.kind === 'frozen' && a.to === last) {
      lines.push(`  note: downloads look frozen since ${a.from} (views grew): a Zenodo statistics stall`);
    }
  }
  return lines;
}
