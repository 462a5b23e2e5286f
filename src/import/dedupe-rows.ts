import { counterNames, type SnapshotRecord } from '../snapshot/snapshot.js';
import type { DuplicateRow } from './types.js';

/**
 * Keeps one row per `record.recordId`. Identical counters: the row already kept stays. Different counters:
 * the row with the larger all-version `downloads` stays (counters only grow, so the larger one is the later
 * reading); on a tie the earlier row stays. The kept row takes the place of the first one, so the output order
 * does not depend on which row won. Every dropped row is listed with the line that was kept.
 *
 * @example
 * ```ts
 * const { rows, duplicates } = dedupeRows(parsedRows);
 * duplicates[0]?.reason; // 'duplicate of line 3 (identical)'
 * ```
 */
export function dedupeRows<Row extends { line: number; record: SnapshotRecord }>(
  rows: readonly Row[],
): { rows: Row[]; duplicates: DuplicateRow[] } {
  const kept: Row[] = [];
  const slotById = new Map<string, number>();
  const duplicates: DuplicateRow[] = [];
  for (const row of rows) {
    const recordId = row.record.recordId;
    const slot = slotById.get(recordId);
    const current = slot === undefined ? undefined : kept[slot];
    if (slot === undefined || current === undefined) {
      slotById.set(recordId, kept.length);
      kept.push(row);
      continue;
    }
    const differing = counterNames.filter((name) => current.record[name] !== row.record[name]);
    if (differing.length === 0) {
      duplicates.push({
        line: row.line,
        keptLine: current.line,
        recordId,
        identical: true,
        reason: `duplicate of line ${current.line} (identical)`,
      });
      continue;
    }
    const newDownloads = row.record.downloads ?? -1;
    const currentDownloads = current.record.downloads ?? -1;
    const newWins = newDownloads > currentDownloads;
    const [winner, loser] = newWins ? [row, current] : [current, row];
    if (newWins) kept[slot] = row;
    const why = newDownloads === currentDownloads ? 'the earlier of two with equal downloads' : 'which has the larger downloads';
    const diffs = differing.map((name) => `${name} ${show(loser.record[name])} vs ${show(winner.record[name])}`);
    duplicates.push({
      line: loser.line,
      keptLine: winner.line,
      recordId,
      identical: false,
      reason:
        `record ${recordId} also on line ${winner.line} with different counters (${diffs.join(', ')}); ` +
        `kept line ${winner.line}, ${why}`,
    });
  }
  return { rows: kept, duplicates };
}

function show(value: number | null): string {
  return value === null ? 'empty' : String(value);
}
