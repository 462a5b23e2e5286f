/**
 * Checking and copying a `NewSnapshot` before any store writes it, and its content hash: pure code shared by the
 * SQLite and PostgreSQL stores, so that both accept exactly the same snapshots and hash them alike.
 */
import { createHash } from 'node:crypto';
import type { NewSnapshot, RecordMetadata, SnapshotRecord, SnapshotInfo } from './snapshot.js';
import { StoreError } from './store-error.js';

export interface PreparedSnapshot {
  collection: string;
  baseUrl: string | null;
  /** Normalized to `toISOString()` form, so that text order is time order. */
  takenAt: string;
  day: string;
  source: string;
  complete: boolean;
  /** Plain copies, sorted by record id. */
  records: SnapshotRecord[];
  metadata: RecordMetadata[];
  notes: string[];
}

const maxProblemsShown = 20;

/**
 * Checks a snapshot and copies it into plain objects, reading each input field once, so that nothing the caller
 * passed can fail or change once the transaction has begun. Throws an `invalid-input` StoreError listing the
 * problems (at most 20).
 *
 * @example
 * const prepared = prepareSnapshot(snapshot);
 * const contentHash = snapshotContentHash(prepared.records, prepared.complete);
 */
export function prepareSnapshot(input: NewSnapshot): PreparedSnapshot {
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

  const recordsInput = input.records;
  const records: SnapshotRecord[] = [];
  if (Array.isArray(recordsInput)) {
    for (const [index, record] of recordsInput.entries()) records.push(copyRecord(record, index, problems));
    records.sort((a, b) => compareIds(a.recordId, b.recordId));
    const repeated = repeatedIds(records.map((r) => r.recordId));
    if (repeated.length > 0) {
      const shown = repeated.slice(0, maxProblemsShown).map(([id, count]) => `${id} (${count} times)`);
      if (repeated.length > shown.length) shown.push(`… and ${repeated.length - shown.length} more`);
      problems.push(`record ids appear more than once: ${shown.join(', ')}`);
    }
  } else {
    problems.push('records must be an array');
  }

  const metadataInput = input.metadata ?? [];
  const metadata: RecordMetadata[] = [];
  if (Array.isArray(metadataInput)) {
    for (const [index, item] of metadataInput.entries()) metadata.push(copyMetadata(item, index, problems));
    const repeated = repeatedIds(metadata.map((m) => m.recordId).sort(compareIds));
    if (repeated.length > 0) {
      problems.push(`metadata lists record ids more than once: ${repeated.map(([id]) => id).join(', ')}`);
    }
  } else {
    problems.push('metadata must be an array');
  }

  const notesInput = input.notes ?? [];
  const notes = Array.isArray(notesInput) ? [...notesInput] : [];
  if (!Array.isArray(notesInput) || !notes.every((note) => typeof note === 'string')) {
    problems.push('notes must be an array of strings');
  }

  if (problems.length > 0 || takenAt === null) {
    const shown = problems.slice(0, maxProblemsShown);
    if (problems.length > shown.length) shown.push(`… and ${problems.length - shown.length} more problems`);
    throw new StoreError(
      'invalid-input',
      `Cannot save the snapshot of ${String(collection)} taken ${String(takenAtInput)}:\n${shown.join('\n')}`,
    );
  }
  return {
    collection,
    baseUrl,
    takenAt,
    day: takenAt.slice(0, 10),
    source,
    complete,
    records,
    metadata,
    notes,
  };
}

const timestampPattern =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** A real calendar date and time with an explicit offset, as `toISOString()`; `null` if it is not one. */
function normalizeTimestamp(value: unknown): string | null {
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

/** No line breaks: the SQLite store keeps ids one per line (`PackedRecords` in sqlite-store.ts). */
function isId(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && !/[\r\n]/.test(value);
}

export function isDay(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
}

function copyRecord(record: SnapshotRecord, index: number, problems: string[]): SnapshotRecord {
  const recordId = record.recordId;
  const label = isId(recordId) ? `record ${recordId}` : `record #${index + 1}`;
  if (!isId(recordId)) problems.push(`${label}: recordId must be a non-empty string without line breaks`);
  const conceptId = record.conceptId;
  if (conceptId !== null && !isId(conceptId)) {
    problems.push(`${label}: conceptId must be null or a non-empty string without line breaks`);
  }
  const count = (value: number | null, name: string): number | null => {
    if (value === null || (typeof value === 'number' && Number.isFinite(value))) return value;
    problems.push(`${label}: ${name} must be a finite number or null, got ${String(value)}`);
    return null;
  };
  return {
    recordId,
    conceptId,
    downloads: count(record.downloads, 'downloads'),
    uniqueDownloads: count(record.uniqueDownloads, 'uniqueDownloads'),
    views: count(record.views, 'views'),
    uniqueViews: count(record.uniqueViews, 'uniqueViews'),
    versionDownloads: count(record.versionDownloads, 'versionDownloads'),
    versionUniqueDownloads: count(record.versionUniqueDownloads, 'versionUniqueDownloads'),
    versionViews: count(record.versionViews, 'versionViews'),
    versionUniqueViews: count(record.versionUniqueViews, 'versionUniqueViews'),
    volume: count(record.volume, 'volume'),
  };
}

function copyMetadata(item: RecordMetadata, index: number, problems: string[]): RecordMetadata {
  const recordId = item.recordId;
  const label =
    typeof recordId === 'string' && recordId !== '' ? `metadata of ${recordId}` : `metadata #${index + 1}`;
  if (typeof recordId !== 'string' || recordId === '') problems.push(`${label}: recordId must be a non-empty string`);
  const required = (value: string, name: string): string => {
    if (typeof value !== 'string') problems.push(`${label}: ${name} must be a string`);
    return value;
  };
  const optional = (value: string | null, name: string): string | null => {
    if (value !== null && typeof value !== 'string') problems.push(`${label}: ${name} must be a string or null`);
    return value;
  };
  const list = (value: string[], name: string): string[] => {
    if (!Array.isArray(value)) {
      problems.push(`${label}: ${name} must be an array of strings`);
      return [];
    }
    const copy = [...value];
    if (!copy.every((entry) => typeof entry === 'string')) {
      problems.push(`${label}: ${name} must be an array of strings`);
    }
    return copy;
  };
  return {
    recordId,
    conceptId: optional(item.conceptId, 'conceptId'),
    doi: optional(item.doi, 'doi'),
    conceptDoi: optional(item.conceptDoi, 'conceptDoi'),
    title: required(item.title, 'title'),
    resourceType: optional(item.resourceType, 'resourceType'),
    publicationDate: optional(item.publicationDate, 'publicationDate'),
    version: optional(item.version, 'version'),
    url: required(item.url, 'url'),
    communities: list(item.communities, 'communities'),
    creators: list(item.creators, 'creators'),
    keywords: list(item.keywords, 'keywords'),
    created: optional(item.created, 'created'),
  };
}

/** Plain code-unit order: the same in every store and locale (`ORDER BY … COLLATE "C"` in PostgreSQL). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Ids that occur more than once in a sorted list, with their counts. */
function repeatedIds(sortedIds: readonly string[]): [string, number][] {
  const repeated: [string, number][] = [];
  for (let i = 0; i < sortedIds.length; ) {
    let end = i + 1;
    while (end < sortedIds.length && sortedIds[end] === sortedIds[i]) end += 1;
    const id = sortedIds[i];
    if (end - i > 1 && id !== undefined) repeated.push([id, end - i]);
    i = end;
  }
  return repeated;
}

/**
 * The `contentHash` of a snapshot: sha256 over `complete` and, for each record in record-id order, its id,
 * concept id, eight counters and volume as a JSON array. Depends on the data only, not on the store.
 *
 * @example
 * snapshotContentHash([], true); // sha256 of "complete\n"
 */
export function snapshotContentHash(sortedRecords: readonly SnapshotRecord[], complete: boolean): string {
  const lines = sortedRecords.map((r) =>
    JSON.stringify([
      r.recordId,
      r.conceptId,
      r.downloads,
      r.uniqueDownloads,
      r.views,
      r.uniqueViews,
      r.versionDownloads,
      r.versionUniqueDownloads,
      r.versionViews,
      r.versionUniqueViews,
      r.volume,
    ]),
  );
  return createHash('sha256')
    .update(`${complete ? 'complete' : 'partial'}\n${lines.join('\n')}`)
    .digest('hex');
}

/**
 * The `SnapshotInfo` of a prepared snapshot once a store has saved it under `id`.
 *
 * @example
 * return { info: savedInfo(prepared, id, contentHash), replaced: existing, unchanged: false };
 */
export function savedInfo(s: PreparedSnapshot, id: number, contentHash: string): SnapshotInfo {
  return {
    id,
    collection: s.collection,
    baseUrl: s.baseUrl,
    takenAt: s.takenAt,
    day: s.day,
    source: s.source,
    complete: s.complete,
    recordCount: s.records.length,
    contentHash,
    notes: s.notes,
  };
}
