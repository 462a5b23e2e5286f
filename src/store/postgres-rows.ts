/**
 * Reading rows of the PostgreSQL store: the checked conversion of a `snapshots` or a `records` row, as
 * node-postgres returns it, into a `SnapshotInfo` or a `RecordMetadata` (a value of the wrong type means a
 * damaged store).
 */
import type { RecordMetadata, SnapshotInfo } from '../snapshot/snapshot.js';
import { metadataFromRow } from './record-metadata-row.js';
import { damagedStore } from './store-error-texts.js';

/** Rows as node-postgres returns them: values are checked before use. */
export interface InfoRow {
  id: unknown;
  collection: unknown;
  base_url: unknown;
  taken_at: unknown;
  day: unknown;
  source: unknown;
  complete: unknown;
  record_count: unknown;
  content_hash: unknown;
  notes: unknown;
}

export interface MetadataRow {
  record_id: string;
  concept_id: unknown;
  doi: unknown;
  concept_doi: unknown;
  title: unknown;
  resource_type: unknown;
  publication_date: unknown;
  version: unknown;
  url: unknown;
  communities: unknown;
  creators: unknown;
  keywords: unknown;
  created: unknown;
  gone_at: unknown;
  file_count: unknown;
  size_bytes: unknown;
}

/** Dates formatted by the server, in UTC, whatever the session's TimeZone and DateStyle. */
export const infoColumns =
  "id::text AS id, collection, base_url, to_char(taken_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') " +
  "AS taken_at, to_char(day, 'YYYY-MM-DD') AS day, source, complete, record_count, content_hash, notes";

export function toInfo(row: InfoRow, url: string): SnapshotInfo {
  const recordCount = row.record_count;
  if (typeof recordCount !== 'number' || !Number.isSafeInteger(recordCount)) {
    throw damagedStore(url, 'record_count is not an integer');
  }
  if (typeof row.complete !== 'boolean') throw damagedStore(url, 'complete is not a boolean');
  return {
    id: snapshotId(row.id, url),
    collection: text(row.collection, 'collection', url),
    baseUrl: optionalText(row.base_url, 'base_url', url),
    takenAt: text(row.taken_at, 'taken_at', url),
    day: text(row.day, 'day', url),
    source: text(row.source, 'source', url),
    complete: row.complete,
    recordCount,
    contentHash: text(row.content_hash, 'content_hash', url),
    notes: textArray(row.notes, 'notes', url),
  };
}

export function toMetadata(row: MetadataRow, url: string): RecordMetadata {
  const value = (column: string): unknown => row[column as keyof MetadataRow];
  return metadataFromRow({
    text: (column) => text(value(column), column, url),
    optionalText: (column) => optionalText(value(column), column, url),
    list: (column) => textArray(value(column), column, url),
    optionalCount: (column) => optionalCount(value(column), column, url),
  });
}

export function snapshotId(value: unknown, url: string): number {
  const id = typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw damagedStore(url, `snapshot id ${String(value)} is not a safe integer`);
  return id;
}

export function text(value: unknown, column: string, url: string): string {
  if (typeof value !== 'string') throw damagedStore(url, `${column} is not text`);
  return value;
}

function optionalText(value: unknown, column: string, url: string): string | null {
  return value === null ? null : text(value, column, url);
}

/** node-postgres returns a BIGINT as a string (it may not fit a number): a count is a safe integer of 0 or more. */
function optionalCount(value: unknown, column: string, url: string): number | null {
  if (value === null) return null;
  const count = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) throw damagedStore(url, `${column} is not a count`);
  return count;
}

function textArray(value: unknown, column: string, url: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw damagedStore(url, `${column} is not a list of strings`);
  }
  return value;
}
