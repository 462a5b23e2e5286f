/**
 * The `contentHash` of a snapshot, by which a store recognises an identical re-save. Stored hashes were made over
 * one string, `${complete ? 'complete' : 'partial'}\n` followed by one JSON array a record joined by newlines:
 * whatever the code looks like, it must feed the hash exactly those bytes (test/snapshot-content-hash.test.ts).
 */
import { createHash } from 'node:crypto';
import { RecordColumns, recordNumberNames } from './record-columns.js';
import type { SnapshotRecord } from './snapshot.js';

/** Characters gathered before they are fed to the hash: fewer calls than one a record, little memory. */
const chunkLength = 1 << 16;

/**
 * sha256 over `complete` and, for each record in the columns' order, its id, concept id, eight counters and volume
 * as a JSON array. Depends on the data only, not on the store.
 *
 * @example
 * const contentHash = recordColumnsHash(prepared.records, prepared.complete);
 */
export function recordColumnsHash(records: RecordColumns, complete: boolean): string {
  const hash = createHash('sha256').update(complete ? 'complete\n' : 'partial\n');
  const { recordIds, conceptIds } = records;
  const numbers = recordNumberNames.map((name) => records.numbers[name]);
  // One array reused for every record: JSON.stringify of it gives the bytes of the stored hashes.
  const line: (string | number | null)[] = new Array<null>(2 + numbers.length).fill(null);
  let chunk = '';
  for (let i = 0; i < recordIds.length; i++) {
    line[0] = recordIds[i] ?? '';
    line[1] = conceptIds[i] ?? null;
    for (let c = 0; c < numbers.length; c++) line[2 + c] = numbers[c]?.at(i) ?? null;
    chunk += i === 0 ? JSON.stringify(line) : `\n${JSON.stringify(line)}`;
    if (chunk.length >= chunkLength) {
      hash.update(chunk);
      chunk = '';
    }
  }
  return hash.update(chunk).digest('hex');
}

/**
 * The `contentHash` of records already sorted by record id (`compareIds`), as a store computes it.
 *
 * @example
 * snapshotContentHash([], true); // sha256 of "complete\n"
 */
export function snapshotContentHash(sortedRecords: readonly SnapshotRecord[], complete: boolean): string {
  const columns = new RecordColumns();
  for (const record of sortedRecords) columns.push(record);
  return recordColumnsHash(columns, complete);
}
