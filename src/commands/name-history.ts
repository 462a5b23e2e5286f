import { compareIds } from '../snapshot/compare-ids.js';
import { recordMetadataOf } from '../snapshot/snapshot-from-records.js';
import type { RecordMetadata, SnapshotStore } from '../snapshot/snapshot.js';
import { formatCount } from '../terminal/terminal.js';
import type { ZenodoClient } from '../zenodo/client.js';
import { fetchLatestByConceptId, fetchRecordsById, type FoundRecord } from '../zenodo/fetch-records-by-id.js';

export interface NameHistoryOptions {
  /** JSON to ask for (`--api-format`); `rdm` and `auto` search InvenioRDM's `id` / `parent.id`. */
  apiFormat?: 'legacy' | 'rdm' | 'auto' | undefined;
  pageSize?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Clock for the look-up's date (the day gone records are marked with). */
  now?: (() => number) | undefined;
  /** After each search: ids looked up so far, of how many (by id, then again for those not found, as concepts). */
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** Ids a listing's searches answered already (`SpooledListing.answered`): not asked again. */
  answered?: ReadonlyMap<string, FoundRecord | null> | undefined;
}

export interface HistoryNaming {
  /** Records of the history that had no metadata in the store: what was looked up. */
  lookedUp: number;
  /** Of those, how many were found as a record, and how many only as a concept (named after its latest version). */
  found: number;
  viaConcept: number;
  /** Found neither as record nor as concept: marked gone. */
  gone: number;
  /** HTTP requests the look-up took (retries included). */
  requests: number;
}

/** Ids Zenodo and InvenioRDM give records (`1214456`, `abcde-12345`); anything else cannot go into a `q=id:(…)`. */
const searchableId = /^[0-9A-Za-z-]+$/;

/**
 * The record ids of a collection's stored history that the store has no metadata for (never named, never found
 * gone), in record-id order.
 *
 * @example
 * const unnamed = await historyWithoutNames(store, 'training'); // ['10008464', '8139354', …]
 */
export async function historyWithoutNames(store: SnapshotStore, collection: string): Promise<string[]> {
  return (await store.recordIdsWithoutMetadata(collection)).filter((id) => searchableId.test(id)).sort(compareIds);
}

/**
 * Names every record of a collection's stored history that the store has no metadata for (records that left a
 * community, records that came from `import`): looks them up in batched searches, as `summarize --records` does
 * (`q=id:(…)&allversions=true`, 25 ids a request anonymous, 100 with a token; then `parent.id:(…)` for those not
 * found, which may be concept ids: zenodo-api.md §8b), and saves what it found in the store. A concept gets its
 * latest version's metadata under the concept id the history uses. An id found neither way is marked gone. Ids a
 * listing's own searches answered already (`answered`) cost no request. Records that already have metadata, gone
 * ones included, are not asked for again, so a second run makes no request.
 *
 * @example
 * const naming = await nameHistory(store, client, 'training'); // { lookedUp: 212, found: 201, viaConcept: 8, gone: 3, requests: 10 }
 */
export async function nameHistory(store: SnapshotStore, client: ZenodoClient, collection: string, options: NameHistoryOptions = {}): Promise<HistoryNaming> {
  const now = options.now ?? Date.now;
  const missing = await historyWithoutNames(store, collection);
  if (missing.length === 0) return { lookedUp: 0, found: 0, viaConcept: 0, gone: 0, requests: 0 };

  const before = client.requestCount;
  const answers = new Map<string, FoundRecord | null>(options.answered ?? []);
  const ask = missing.filter((id) => !answers.has(id));
  if (ask.length > 0) {
    const fetchOptions = { pageSize: options.pageSize, format: options.apiFormat, signal: options.signal, onProgress: options.onProgress };
    const byId = await fetchRecordsById(client, ask, fetchOptions);
    const notRecords = ask.filter((id) => !byId.has(id));
    const byConcept = notRecords.length > 0 ? await fetchLatestByConceptId(client, notRecords, fetchOptions) : new Map<string, FoundRecord>();
    for (const id of ask) answers.set(id, byId.get(id) ?? byConcept.get(id) ?? null);
  }

  const found: RecordMetadata[] = [];
  const gone: { recordId: string; url: string }[] = [];
  let viaConcept = 0;
  for (const id of missing) {
    const answer = answers.get(id) ?? null;
    if (answer === null) gone.push({ recordId: id, url: `${client.baseUrl}/records/${id}` });
    else if (answer.record.id === id) found.push(recordMetadataOf(answer.record));
    else {
      // A concept: the history counts it under its own id (a weekly CSV's URL named the concept): keep it there.
      found.push({ ...recordMetadataOf(answer.record), recordId: id });
      viaConcept += 1;
    }
  }
  await store.saveRecordLookup({ lookedUpAt: new Date(now()).toISOString(), found, gone });
  return { lookedUp: missing.length, found: found.length, viaConcept, gone: gone.length, requests: client.requestCount - before };
}

/**
 * The one stderr line about a naming, or `null` when nothing needed naming. `what` says which records they were.
 *
 * @example
 * describeNaming(naming, 'of the history that the listing did not cover');
 * // 'named 212 records of the history that the listing did not cover, in 9 requests; 3 are no longer on Zenodo'
 */
export function describeNaming(n: HistoryNaming, what: string): string | null {
  if (n.lookedUp === 0) return null;
  const plural = (count: number, one: string, many: string) => `${formatCount(count)} ${count === 1 ? one : many}`;
  const cost = n.requests === 0 ? "in the listing's own searches" : `in ${plural(n.requests, 'request', 'requests')}`;
  let line = `named ${plural(n.lookedUp, 'record', 'records')} ${what}, ${cost}`;
  if (n.viaConcept > 0) line += `; ${plural(n.viaConcept, 'is a concept, named after its', 'are concepts, named after their')} latest version`;
  if (n.gone > 0) line += `; ${plural(n.gone, 'is', 'are')} no longer on Zenodo`;
  return line;
}
