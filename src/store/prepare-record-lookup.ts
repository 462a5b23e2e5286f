/**
 * Checking and copying a `RecordLookup` before a store writes it: shared by the SQLite and PostgreSQL stores, so
 * that both accept the same look-ups, as `prepare-snapshot.ts` does for snapshots.
 */
import { compareIds } from '../snapshot/compare-ids.js';
import type { RecordLookup, RecordMetadata } from '../snapshot/snapshot.js';
import { normalizeTimestamp } from './prepare-snapshot.js';
import { copyMetadata } from './snapshot-metadata.js';
import { StoreError } from './store-error.js';

export interface PreparedRecordLookup {
  /** Normalized to `toISOString()` form. */
  lookedUpAt: string;
  /** Its UTC day: what gone records are marked with. */
  day: string;
  /** Checked copies in record-id order, `goneAt` null. */
  found: RecordMetadata[];
  /** In record-id order (rows are locked in that order, as a snapshot's metadata). */
  gone: { recordId: string; url: string }[];
}

/**
 * Checks a look-up and copies it, reading each field once. Throws an `invalid-input` StoreError naming every
 * problem (a bad timestamp, a bad metadata field, an id both found and gone or listed twice).
 *
 * @example
 * const lookup = prepareRecordLookup({ lookedUpAt: '2026-12-07T10:00:00.000Z', found: [], gone: [{ recordId: '1', url: 'https://zenodo.org/records/1' }] });
 * lookup.day; // '2026-12-07'
 */
export function prepareRecordLookup(input: RecordLookup): PreparedRecordLookup {
  const problems: string[] = [];
  const lookedUpAt = normalizeTimestamp(input.lookedUpAt);
  if (lookedUpAt === null) problems.push(`lookedUpAt must be an ISO 8601 date and time with a UTC offset, got ${JSON.stringify(input.lookedUpAt)}`);
  const foundInput: unknown = input.found;
  const goneInput: unknown = input.gone;
  if (!Array.isArray(foundInput)) problems.push('found must be an array');
  if (!Array.isArray(goneInput)) problems.push('gone must be an array');
  const found = (Array.isArray(foundInput) ? (foundInput as RecordMetadata[]) : []).map((item, i): RecordMetadata | null => {
    if (typeof item === 'object' && item !== null) return { ...copyMetadata(item, i, problems), goneAt: null };
    problems.push(`found #${i + 1} must be an object`);
    return null;
  });
  const gone = (Array.isArray(goneInput) ? (goneInput as unknown[]) : []).map((item, i) => {
    const { recordId, url } = (typeof item === 'object' && item !== null ? item : {}) as { recordId?: unknown; url?: unknown };
    if (typeof recordId !== 'string' || recordId === '' || typeof url !== 'string') {
      problems.push(`gone #${i + 1} must have a non-empty recordId and a url, both strings`);
      return null;
    }
    return { recordId, url };
  });
  const seen = new Set<string>();
  for (const item of [...found, ...gone]) {
    if (item === null) continue;
    if (seen.has(item.recordId)) problems.push(`the look-up lists record ${item.recordId} more than once`);
    seen.add(item.recordId);
  }
  if (problems.length > 0 || lookedUpAt === null) {
    throw new StoreError('invalid-input', `Cannot save the look-up of ${String(input.lookedUpAt)}:\n${problems.slice(0, 20).join('\n')}`);
  }
  const byId = (a: { recordId: string }, b: { recordId: string }) => compareIds(a.recordId, b.recordId);
  return {
    lookedUpAt,
    day: lookedUpAt.slice(0, 10),
    found: found.filter((m): m is RecordMetadata => m !== null).sort(byId),
    gone: gone.filter((g): g is { recordId: string; url: string } => g !== null).sort(byId),
  };
}
