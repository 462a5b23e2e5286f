/**
 * Checking and copying a `NewSnapshot` before any store writes it, and its content hash: pure code shared by the
 * SQLite and PostgreSQL stores, so that both accept exactly the same snapshots and hash them alike.
 */
import type { NewSnapshot, RecordMetadata, SnapshotInfo, SnapshotRecord } from '../snapshot/snapshot.js';
import type { RecordColumns } from '../snapshot/record-columns.js';
import { isIterable, readSnapshotRecords } from '../snapshot/read-snapshot-records.js';
import { recordColumnsHash } from '../snapshot/snapshot-content-hash.js';
import { SnapshotMetadata } from './snapshot-metadata.js';
import { StoreError } from './store-error.js';

export { compareIds } from '../snapshot/compare-ids.js';
export { snapshotContentHash } from '../snapshot/snapshot-content-hash.js';

/** A snapshot as its `SnapshotInfo` will say, checked and copied, before it has an id. */
export interface PreparedSnapshot extends Pick<SnapshotInfo, 'collection' | 'baseUrl' | 'day' | 'source' | 'complete' | 'notes'> {
  /** Normalized to `toISOString()` form, so that text order is time order. */
  takenAt: string;
  /** Checked copies, column by column, sorted by record id. */
  records: RecordColumns;
  /** Of `records` and `complete` (`recordColumnsHash`). */
  contentHash: string;
  /** Read and checked only while the store writes it (`SnapshotMetadata`). */
  metadata: SnapshotMetadata;
}

const maxProblemsShown = 20;

/**
 * Checks a snapshot and copies it, reading each input field once, so that nothing the caller passed can fail or
 * change once the transaction has begun. The records are read here, in one pass, into columns (they decide the
 * content hash, which decides whether the save writes anything); an error their iterable throws is passed on as
 * it is. Throws an `invalid-input` StoreError listing the problems (at most 20). The metadata, which may be a
 * stream too, is checked only as the store reads it, inside its transaction (`SnapshotMetadata`).
 *
 * @example
 * const prepared = prepareSnapshot(snapshot);
 * if (existing?.contentHash === prepared.contentHash) return { info: existing, replaced: null, unchanged: true };
 */
export function prepareSnapshot(input: NewSnapshot<Iterable<SnapshotRecord>>): PreparedSnapshot {
  const problems: string[] = [];
  const collection = input.collection;
  if (typeof collection !== 'string' || collection === '') problems.push('collection must be a non-empty string');
  const baseUrl = input.baseUrl;
  if (baseUrl !== null && typeof baseUrl !== 'string') problems.push('baseUrl must be a string or null');
  const takenAtInput = input.takenAt;
  const takenAt = normalizeTimestamp(takenAtInput);
  if (takenAt === null) {
    problems.push(
      'takenAt must be a valid ISO 8601 date and time with a UTC offset (2026-08-11T00:00:00.000Z), ' +
        `got ${JSON.stringify(takenAtInput)}`,
    );
  }
  const source = input.source;
  if (typeof source !== 'string' || source === '') problems.push('source must be a non-empty string');
  const complete = input.complete;
  if (typeof complete !== 'boolean') problems.push('complete must be true or false');

  const records = readSnapshotRecords(input.records, problems);

  const metadataInput = input.metadata ?? [];
  if (!isIterable<RecordMetadata>(metadataInput)) problems.push('metadata must be an array or another iterable');

  const notesInput = input.notes ?? [];
  const notes = Array.isArray(notesInput) ? [...notesInput] : [];
  if (!Array.isArray(notesInput) || !notes.every((note) => typeof note === 'string')) {
    problems.push('notes must be an array of strings');
  }

  const invalid = (found: string[]): StoreError => invalidSnapshot(collection, takenAtInput, found);
  if (problems.length > 0 || takenAt === null) throw invalid(problems);
  return {
    collection,
    baseUrl,
    takenAt,
    day: takenAt.slice(0, 10),
    source,
    complete,
    records,
    contentHash: recordColumnsHash(records, complete),
    metadata: new SnapshotMetadata(metadataInput, invalid),
    notes,
  };
}

function invalidSnapshot(collection: unknown, takenAt: unknown, problems: string[]): StoreError {
  const shown = problems.slice(0, maxProblemsShown);
  if (problems.length > shown.length) shown.push(`… and ${problems.length - shown.length} more problems`);
  return new StoreError(
    'invalid-input',
    `Cannot save the snapshot of ${String(collection)} taken ${String(takenAt)}:\n${shown.join('\n')}`,
  );
}

const timestampPattern =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** A real calendar date and time with an explicit offset, as `toISOString()`; `null` if it is not one. */
export function normalizeTimestamp(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = timestampPattern.exec(value);
  if (match === null) return null;
  const [, year, month, day, hour, minute, second, offsetHours, offsetMinutes] = match.map(Number);
  if (year === undefined || month === undefined || day === undefined) return null;
  // Date.parse rolls 2026-02-30 over to March; a date that does not exist is a mistake, not a moment.
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return null;
  if ((hour ?? 0) > 23 || (minute ?? 0) > 59 || (second ?? 0) > 59) return null;
  if ((offsetHours ?? 0) > 23 || (offsetMinutes ?? 0) > 59) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

export function isDay(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
}

/**
 * The `SnapshotInfo` of a prepared snapshot once a store has saved it under `id`.
 *
 * @example
 * return { info: savedInfo(prepared, id), replaced: existing, unchanged: false };
 */
export function savedInfo(s: PreparedSnapshot, id: number): SnapshotInfo {
  return {
    id,
    collection: s.collection,
    baseUrl: s.baseUrl,
    takenAt: s.takenAt,
    day: s.day,
    source: s.source,
    complete: s.complete,
    recordCount: s.records.length,
    contentHash: s.contentHash,
    notes: s.notes,
  };
}
