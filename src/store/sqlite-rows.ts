/**
 * Reading rows of the SQLite store: queries that return rows, and the checked conversion of a `snapshots` or a
 * `records` row into a `SnapshotInfo` or a `RecordMetadata` (a value of the wrong type means a damaged file).
 */
import type { BindValues, Database, SQLiteValue } from 'node-sqlite3-wasm';
import type { RecordMetadata, SnapshotInfo } from '../snapshot/snapshot.js';
import { metadataFromRow } from './record-metadata-row.js';
import { damagedStore } from './store-error-texts.js';

export type Row = Record<string, SQLiteValue>;

/** `Database.all/get` prepare and finalize their own statement, also when they throw. */
export function allRows(db: Database, sql: string, values?: BindValues): Row[] {
  return db.all(sql, values) as Row[];
}

export function getRow(db: Database, sql: string, values?: BindValues): Row | null {
  return db.get(sql, values) as Row | null;
}

export const infoColumns = 'id, collection, base_url, taken_at, day, source, complete, record_count, content_hash, notes';
export const joinedColumns =
  's.id, s.collection, s.base_url, s.taken_at, s.day, s.source, s.complete, s.record_count, s.content_hash, ' +
  's.notes, r.record_ids, r.concept_ids, r.counters';

export function text(row: Row, column: string, path: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw damagedStore(path, `${column} is not text`);
  return value;
}

function optionalText(row: Row, column: string, path: string): string | null {
  const value = row[column];
  if (value !== null && typeof value !== 'string') throw damagedStore(path, `${column} is not text`);
  return value ?? null;
}

function integer(row: Row, column: string, path: string): number {
  const value = row[column];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw damagedStore(path, `${column} is not an integer`);
  return value;
}

function optionalCount(row: Row, column: string, path: string): number | null {
  const value = row[column];
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw damagedStore(path, `${column} is not a count`);
  return value;
}

function stringArray(json: string, column: string, path: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw damagedStore(path, `${column} is not JSON`);
  }
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw damagedStore(path, `${column} is not a list of strings`);
  }
  return value;
}

export function toInfo(row: Row, path: string): SnapshotInfo {
  return {
    id: integer(row, 'id', path),
    collection: text(row, 'collection', path),
    baseUrl: optionalText(row, 'base_url', path),
    takenAt: text(row, 'taken_at', path),
    day: text(row, 'day', path),
    source: text(row, 'source', path),
    complete: integer(row, 'complete', path) === 1,
    recordCount: integer(row, 'record_count', path),
    contentHash: text(row, 'content_hash', path),
    notes: stringArray(text(row, 'notes', path), 'notes', path),
  };
}

export function toMetadata(row: Row, path: string): RecordMetadata {
  return metadataFromRow({
    text: (column) => text(row, column, path),
    optionalText: (column) => optionalText(row, column, path),
    list: (column) => stringArray(text(row, column, path), column, path),
    optionalCount: (column) => optionalCount(row, column, path),
  });
}
