/**
 * A snapshot's records as the one packed row of `snapshot_records` in the SQLite store: the ids as newline-joined
 * UTF-8, the counters as a counter block (`counter-block.ts`); and that row back as records or as columns.
 */
import type { SnapshotColumns, SnapshotInfo, SnapshotRecord } from '../snapshot/snapshot.js';
import type { RecordColumns } from '../snapshot/record-columns.js';
import { decodeCounters, encodeCounters, numericColumns, toFloat64, valueAt, type DecodedColumn, type NumericColumn } from './counter-block.js';
import { corrupt, toInfo, type Row } from './sqlite-rows.js';
import type { StoreError } from './store-error.js';

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

// The hot loops below index arrays instead of iterating `entries()`: a CLI runs them once, before V8 has
// optimized iterator code, and they run a million times.

/**
 * Splits the newline-joined ids of successive snapshots. Consecutive snapshots mostly hold the same records, so
 * an unchanged list is reused and every id string is kept once: a two-year history then holds 10 000 id strings
 * instead of a million.
 */
export class IdDecoder {
  static readonly #utf8 = new TextDecoder('utf-8', { fatal: true });
  #previousText: string | null = null;
  #previous: readonly string[] = [];
  readonly #known = new Map<string, string>();

  decode(bytes: Uint8Array, count: number, fail: (what: string) => Error): readonly string[] {
    let text: string;
    try {
      text = IdDecoder.#utf8.decode(bytes);
    } catch {
      throw fail('ids are not UTF-8');
    }
    if (text === this.#previousText) return this.#previous;
    const ids = count === 0 ? [] : text.split('\n');
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] ?? '';
      const known = this.#known.get(id);
      if (known === undefined) this.#known.set(id, id);
      else ids[i] = known;
    }
    this.#previousText = text;
    this.#previous = ids;
    return ids;
  }
}

export interface PackedRow {
  info: SnapshotInfo;
  recordIds: readonly string[];
  /** Empty strings where the concept is unknown. */
  conceptIds: readonly string[];
  columns: Record<NumericColumn, DecodedColumn>;
}

export function decodePacked(row: Row, path: string, recordIds: IdDecoder, conceptIds: IdDecoder): PackedRow {
  const info = toInfo(row, path);
  const fail = (what: string): StoreError => corrupt(path, `snapshot ${info.id}: ${what}`);
  const count = info.recordCount;
  const counters = blob(row, 'counters', fail);
  const ids = recordIds.decode(blob(row, 'record_ids', fail), count, fail);
  const concepts = conceptIds.decode(blob(row, 'concept_ids', fail), count, fail);
  if (ids.length !== count || concepts.length !== count || ids.includes('')) throw fail('record ids are damaged');
  return { info, recordIds: ids, conceptIds: concepts, columns: decodeCounters(counters, count, fail) };
}

function blob(row: Row, column: string, fail: (what: string) => Error): Uint8Array {
  const value = row[column];
  if (!(value instanceof Uint8Array)) throw fail(`${column} is not a BLOB`);
  return value;
}

export function toRecords({ recordIds, conceptIds, columns: c }: PackedRow): SnapshotRecord[] {
  const records: SnapshotRecord[] = [];
  for (let i = 0; i < recordIds.length; i++) {
    const conceptId = conceptIds[i];
    records.push({
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
    });
  }
  return records;
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
