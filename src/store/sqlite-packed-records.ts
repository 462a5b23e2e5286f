/**
 * A snapshot's records as the one packed row of `snapshot_records` in the SQLite store: the ids as newline-joined
 * UTF-8, the counters as a counter block (`counter-block.ts`); and that row back as records or as columns.
 */
import type { SnapshotColumns, SnapshotInfo, SnapshotRecord } from '../snapshot/snapshot.js';
import type { RecordColumns } from '../snapshot/record-columns.js';
import { decodeCounters, encodeCounters, numericColumns, toFloat64, valueAt, type DecodedColumn, type NumericColumn } from './counter-block.js';
import { toInfo, type Row } from './sqlite-rows.js';
import { damagedStore } from './store-error-texts.js';
import type { StoreError } from './store-error.js';
import type { IdListDecoder } from './id-list-decoder.js';
import { recordsFromColumns } from './records-from-columns.js';

/**
 * Ids are stored as UTF-8 BLOBs rather than TEXT: node-sqlite3-wasm scans TEXT results for their end one byte at
 * a time in JavaScript, while a BLOB is copied out in one go. `CAST(record_ids AS TEXT)` shows them in SQL.
 */
interface PackedRecords {
  /** Record ids joined by newlines, UTF-8 (validation rejects ids with line breaks). */
  recordIds: Uint8Array;
  /** Concept ids in the same order, joined by newlines, UTF-8; an empty line where the concept is unknown. */
  conceptIds: Uint8Array;
  counters: Uint8Array;
}

const utf8 = new TextEncoder();

export function encodeRecords(records: RecordColumns): PackedRecords {
  return {
    recordIds: utf8.encode(records.recordIds.join('\n')),
    // `join` writes null as an empty string: the empty line of an unknown concept.
    conceptIds: utf8.encode(records.conceptIds.join('\n')),
    counters: encodeCounters(records),
  };
}

const utf8Ids = new TextDecoder('utf-8', { fatal: true });

/** The ids in one of the UTF-8 id columns, split by `ids` (which shares them across the snapshots of a load). */
function decodeIds(ids: IdListDecoder, bytes: Uint8Array, count: number, fail: (what: string) => Error): readonly string[] {
  let text: string;
  try {
    text = utf8Ids.decode(bytes);
  } catch {
    throw fail('ids are not UTF-8');
  }
  return ids.split(text, count);
}

export interface PackedRow {
  info: SnapshotInfo;
  recordIds: readonly string[];
  /** Empty strings where the concept is unknown. */
  conceptIds: readonly string[];
  columns: Record<NumericColumn, DecodedColumn>;
}

export function decodePacked(row: Row, path: string, recordIds: IdListDecoder, conceptIds: IdListDecoder): PackedRow {
  const info = toInfo(row, path);
  const fail = (what: string): StoreError => damagedStore(path, `snapshot ${info.id}: ${what}`);
  const count = info.recordCount;
  const counters = blob(row, 'counters', fail);
  const ids = decodeIds(recordIds, blob(row, 'record_ids', fail), count, fail);
  const concepts = decodeIds(conceptIds, blob(row, 'concept_ids', fail), count, fail);
  if (ids.length !== count || concepts.length !== count || ids.includes('')) throw fail('record ids are damaged');
  return { info, recordIds: ids, conceptIds: concepts, columns: decodeCounters(counters, count, fail) };
}

/** Only the record ids of a packed row of `id`, `record_count` and `record_ids`, checked as `decodePacked` does. */
export function decodeRecordIds(row: Row, path: string, recordIds: IdListDecoder): readonly string[] {
  const fail = (what: string): StoreError => damagedStore(path, `snapshot ${String(row['id'])}: ${what}`);
  const count = row['record_count'];
  if (typeof count !== 'number') throw fail('record_count is not a number');
  const ids = decodeIds(recordIds, blob(row, 'record_ids', fail), count, fail);
  if (ids.length !== count || ids.includes('')) throw fail('record ids are damaged');
  return ids;
}

function blob(row: Row, column: string, fail: (what: string) => Error): Uint8Array {
  const value = row[column];
  if (!(value instanceof Uint8Array)) throw fail(`${column} is not a BLOB`);
  return value;
}

export function toRecords({ recordIds, conceptIds, columns }: PackedRow): SnapshotRecord[] {
  return recordsFromColumns(recordIds, conceptIds, columns, valueAt);
}

export function toColumns({ info, recordIds, conceptIds, columns }: PackedRow): SnapshotColumns {
  const count = recordIds.length;
  const values: Partial<Record<NumericColumn, Float64Array>> = {};
  for (const column of numericColumns) values[column] = toFloat64(columns[column], count);
  return {
    info,
    recordIds,
    conceptIds: conceptIds.map((id) => (id === '' ? null : id)),
    values: values as Record<NumericColumn, Float64Array>,
  };
}
