/**
 * A snapshot's metadata as a store reads it: from the caller's iterable, once the save's transaction has begun,
 * one item at a time, each checked and copied as it comes. A snapshot of 200 000 records then never needs all
 * their titles and creators in memory at once, and a bad item found late still leaves the store as it was (the
 * transaction rolls back).
 */
import { compareIds, outOfOrderProblem } from '../snapshot/compare-ids.js';
import type { RecordMetadata } from '../snapshot/snapshot.js';
import type { StoreError } from './store-error.js';

/**
 * The metadata of one save, read at most once. The store writes what `inRecordIdOrder()` yields inside its
 * transaction, and rethrows unchanged whatever `isInputError` recognises: the caller's own failure (an I/O error
 * of a streamed source, say) must not be reported as the database's.
 *
 * @example
 * try {
 *   for (const m of metadata.inRecordIdOrder()) statement.run([m.recordId, m.title]);
 * } catch (error) {
 *   throw metadata.isInputError(error) ? error : toStoreError(error);
 * }
 */
export class SnapshotMetadata {
  readonly #source: Iterable<RecordMetadata>;
  readonly #invalid: (problems: string[]) => StoreError;
  #read = false;
  #inputError: { error: unknown } | null = null;

  /** `invalid` makes the `invalid-input` StoreError for the problems found, naming the snapshot. */
  constructor(source: Iterable<RecordMetadata>, invalid: (problems: string[]) => StoreError) {
    this.#source = source;
    this.#invalid = invalid;
  }

  /**
   * Checked copies in record-id order. An array is sorted (a copy: it is in memory already); any other iterable
   * must already come in order, since only its producer can sort it without holding it whole. Throws an
   * `invalid-input` StoreError at the first item with a problem, a repeated record id, or an item out of order.
   */
  *inRecordIdOrder(): Generator<RecordMetadata, void, undefined> {
    if (this.#read) throw new Error('SnapshotMetadata.inRecordIdOrder: the metadata can be read only once');
    this.#read = true;
    try {
      const copies = this.#copies();
      yield* this.#ordered(Array.isArray(this.#source) ? [...copies].sort(byRecordId) : copies);
    } catch (error) {
      // Only reading the input runs in here: an error the store raises while it writes never passes this catch.
      this.#inputError = { error };
      throw error;
    }
  }

  /** Whether `error` came from reading the metadata (the caller's iterable, or a failed check). */
  isInputError(error: unknown): boolean {
    return this.#inputError !== null && this.#inputError.error === error;
  }

  *#copies(): Generator<RecordMetadata, void, undefined> {
    let index = 0;
    for (const item of this.#source) {
      if (typeof item !== 'object' || item === null) throw this.#invalid([`metadata #${index + 1} must be an object`]);
      const problems: string[] = [];
      const copy = copyMetadata(item, index, problems);
      if (problems.length > 0) throw this.#invalid(problems);
      index += 1;
      yield copy;
    }
  }

  /** Sorted input has any repeated ids side by side, so comparing neighbours finds them without a set of ids. */
  *#ordered(items: Iterable<RecordMetadata>): Generator<RecordMetadata, void, undefined> {
    let previous: string | null = null;
    for (const item of items) {
      const order = previous === null ? -1 : compareIds(previous, item.recordId);
      if (order === 0) throw this.#invalid([`metadata lists record ids more than once: ${item.recordId}`]);
      if (order > 0 && previous !== null) throw this.#invalid([outOfOrderProblem('metadata', previous, item.recordId)]);
      previous = item.recordId;
      yield item;
    }
  }
}

function byRecordId(a: RecordMetadata, b: RecordMetadata): number {
  return compareIds(a.recordId, b.recordId);
}

/** A plain copy, reading each field once, with a problem pushed for each field of the wrong type (also used for a look-up's metadata). */
export function copyMetadata(item: RecordMetadata, index: number, problems: string[]): RecordMetadata {
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
    goneAt: goneDay(item.goneAt, label, problems),
    fileCount: count(item.fileCount, 'fileCount', label, problems),
    sizeBytes: count(item.sizeBytes, 'sizeBytes', label, problems),
  };
}

/** A file count or size: a whole number of 0 or more, or `null`; left out (a caller older than the field) is `null`. */
function count(value: number | null | undefined, name: string, label: string, problems: string[]): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) problems.push(`${label}: ${name} must be a whole number of 0 or more, or null`);
  return value;
}

/** `goneAt` as a day or `null`; a caller written before the field existed leaves it out, which means not gone. */
function goneDay(value: string | null | undefined, label: string, problems: string[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) problems.push(`${label}: goneAt must be a day as YYYY-MM-DD or null`);
  return value;
}
