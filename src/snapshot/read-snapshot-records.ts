/**
 * Reading `NewSnapshot.records` into `RecordColumns` in one pass, each record checked as it comes and then dropped:
 * a snapshot of 200 000 records streamed from a spool is never held as 200 000 objects, nor sorted as such.
 */
import { codeUnitOrder, compareIds, outOfOrderProblem } from './compare-ids.js';
import { RecordColumns, recordNumberNames } from './record-columns.js';
import type { SnapshotRecord } from './snapshot.js';

const maxRepeatedShown = 20;

/**
 * The records of `input` as columns in record-id order, reading the input once. An array may come in any order
 * (its columns are sorted afterwards: the caller holds it whole anyway); any other iterable must come in order,
 * since only its producer can sort it without holding it whole, and reading stops at the first record out of
 * order. Problems are pushed onto `problems` (every bad field, every repeated id) for the caller to throw; an error
 * the input throws is not caught.
 *
 * @example
 * const problems: string[] = [];
 * const records = readSnapshotRecords(snapshot.records, problems);
 * if (problems.length > 0) throw invalid(problems);
 */
export function readSnapshotRecords(input: unknown, problems: string[]): RecordColumns {
  if (!isIterable<SnapshotRecord>(input)) {
    problems.push('records must be an array or another iterable');
    return new RecordColumns();
  }
  const streamed = !Array.isArray(input);
  let columns = new RecordColumns();
  let index = 0;
  let previous: string | null = null;
  for (const record of input) {
    const copy = copyRecord(record, index, problems);
    index += 1;
    if (streamed && copy.recordId !== '') {
      // Equal neighbours are repeated ids: `repeatedIds` below reports them as it does for arrays.
      if (previous !== null && compareIds(previous, copy.recordId) > 0) {
        problems.push(outOfOrderProblem('records', previous, copy.recordId));
        break;
      }
      previous = copy.recordId;
    }
    columns.push(copy);
  }
  if (!streamed) {
    const order = codeUnitOrder(columns.recordIds);
    if (order !== null) columns = columns.reordered(order);
  }
  const repeated = repeatedIds(columns.recordIds);
  if (repeated.length > 0) {
    const shown = repeated.slice(0, maxRepeatedShown).map(([id, count]) => `${id} (${count} times)`);
    if (repeated.length > shown.length) shown.push(`… and ${repeated.length - shown.length} more`);
    problems.push(`record ids appear more than once: ${shown.join(', ')}`);
  }
  return columns;
}

/** Strings are iterable too, but never a list of records or metadata. */
export function isIterable<T>(value: unknown): value is Iterable<T> {
  if (typeof value !== 'object' || value === null) return false;
  return typeof (value as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function';
}

/** No line breaks: the SQLite store keeps ids one per line (`PackedRecords` in sqlite-store.ts). */
function isId(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && !/[\r\n]/.test(value);
}

/**
 * A plain copy, reading each field once, with a problem pushed for each bad field. A bad id becomes `''` and a bad
 * number `null`, so that the copy can still be stored in columns (the save fails before they are written).
 */
function copyRecord(record: SnapshotRecord, index: number, problems: string[]): SnapshotRecord {
  if (typeof record !== 'object' || record === null) {
    problems.push(`record #${index + 1} must be an object`);
    const placeholder = { recordId: '', conceptId: null } as SnapshotRecord;
    for (const name of recordNumberNames) placeholder[name] = null;
    return placeholder;
  }
  const recordId = record.recordId;
  const conceptId = record.conceptId;
  const copy: SnapshotRecord = {
    recordId,
    conceptId,
    downloads: record.downloads,
    uniqueDownloads: record.uniqueDownloads,
    views: record.views,
    uniqueViews: record.uniqueViews,
    versionDownloads: record.versionDownloads,
    versionUniqueDownloads: record.versionUniqueDownloads,
    versionViews: record.versionViews,
    versionUniqueViews: record.versionUniqueViews,
    volume: record.volume,
  };
  // The checks of a valid record in one expression; the messages are built only for a bad one.
  const valid =
    isId(recordId) &&
    (conceptId === null || isId(conceptId)) &&
    isCount(copy.downloads) &&
    isCount(copy.uniqueDownloads) &&
    isCount(copy.views) &&
    isCount(copy.uniqueViews) &&
    isCount(copy.versionDownloads) &&
    isCount(copy.versionUniqueDownloads) &&
    isCount(copy.versionViews) &&
    isCount(copy.versionUniqueViews) &&
    isCount(copy.volume);
  if (!valid) reportProblems(copy, index, problems);
  return copy;
}

function isCount(value: unknown): value is number | null {
  return value === null || (typeof value === 'number' && Number.isFinite(value));
}

/** Pushes a problem for each bad field of `copy` and replaces the field (`''` for an id, else `null`). */
function reportProblems(copy: SnapshotRecord, index: number, problems: string[]): void {
  const label = isId(copy.recordId) ? `record ${copy.recordId}` : `record #${index + 1}`;
  if (!isId(copy.recordId)) {
    problems.push(`${label}: recordId must be a non-empty string without line breaks`);
    copy.recordId = '';
  }
  if (copy.conceptId !== null && !isId(copy.conceptId)) {
    problems.push(`${label}: conceptId must be null or a non-empty string without line breaks`);
    copy.conceptId = null;
  }
  for (const name of recordNumberNames) {
    const value = copy[name];
    if (isCount(value)) continue;
    problems.push(`${label}: ${name} must be a finite number or null, got ${String(value)}`);
    copy[name] = null;
  }
}

/** Ids that occur more than once among sorted ids, with their counts; bad ids (`''`) are reported elsewhere. */
function repeatedIds(sorted: readonly string[]): [string, number][] {
  const repeated: [string, number][] = [];
  for (let i = 0; i < sorted.length; ) {
    const id = sorted[i];
    let end = i + 1;
    while (end < sorted.length && sorted[end] === id) end += 1;
    if (end - i > 1 && id !== undefined && id !== '') repeated.push([id, end - i]);
    i = end;
  }
  return repeated;
}
