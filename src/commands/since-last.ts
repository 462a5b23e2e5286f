import { formatCount } from '../cli/terminal.js';
import { buildTimeline } from '../history/build-timeline.js';
import { resolveTopWindow, topGains } from '../history/top-gains.js';
import type { LoadedSnapshot, SnapshotRecord, SnapshotStore } from '../store/snapshot.js';

/** The newest stored snapshot of a collection from a day before `takenAt`'s, or `null`. */
export async function previousSnapshot(store: SnapshotStore, collection: string, takenAt: string): Promise<LoadedSnapshot | null> {
  const day = takenAt.slice(0, 10);
  const earlier = (await store.listSnapshots({ collection })).filter((s) => s.day < day);
  const last = earlier[earlier.length - 1];
  return last ? store.loadSnapshot(last.id) : null;
}

/** What `--since-last` says when there is no store to compare with. */
export const sinceLastWithoutStore = '--since-last compares with the previous snapshot in the store; it has nothing to compare with under --no-db';

/**
 * `--since-last`: what changed between the previous snapshot and this run's, counted like `history` (each concept
 * once, new records listed as new, their earlier downloads not counted as gained). `titleOf` names the records
 * that gained most.
 *
 * @example
 * for (const line of describeSinceLast(previous, { takenAt, records }, (id) => titles.get(id))) console.error(line);
 */
export function describeSinceLast(
  previous: LoadedSnapshot | null,
  current: { takenAt: string; records: SnapshotRecord[] },
  titleOf: (recordId: string) => string | undefined,
): string[] {
  if (previous === null) return ['since last: no earlier snapshot to compare with; this is the first'];
  const currentLoaded: LoadedSnapshot = {
    info: { ...previous.info, id: -1, takenAt: current.takenAt, day: current.takenAt.slice(0, 10), source: 'api', complete: true, recordCount: current.records.length, contentHash: '', notes: [] },
    records: current.records,
  };
  const timeline = buildTimeline([previous, currentLoaded]);
  const gained = [...timeline.intervals.values()].reduce((sum, i) => sum.map((v, m) => v + (i.gains[m] ?? 0)), [0, 0, 0, 0]);
  const days = Math.max(1, Math.round((Date.parse(current.takenAt) - Date.parse(previous.info.takenAt)) / 86_400_000));
  const lines = [
    `since ${previous.info.day} (${days} day${days === 1 ? '' : 's'}): +${formatCount(gained[0] ?? 0)} downloads · +${formatCount(gained[2] ?? 0)} views · ${formatCount(timeline.newUnits[1] ?? 0)} new record${timeline.newUnits[1] === 1 ? '' : 's'}`,
  ];
  const top = topGains(timeline, resolveTopWindow('all', timeline.times), { by: 'downloads', limit: 3 }).filter((g) => g.downloads > 0);
  top.forEach((g, i) => lines.push(`  ${i + 1}. +${formatCount(g.downloads)}  ${(titleOf(g.recordId) ?? `record ${g.recordId}`).replace(/\s+/g, ' ').slice(0, 70)}`));
  for (const a of timeline.anomalies) if (a.kind === 'frozen') lines.push(`  note: downloads look frozen since ${a.from} (views grew): a Zenodo statistics stall`);
  return lines;
}
