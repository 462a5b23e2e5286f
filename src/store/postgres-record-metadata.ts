/**
 * Writing the `records` table of the PostgreSQL store: a snapshot's metadata, and what a look-up by id found or
 * found gone (`SnapshotStore.saveRecordLookup`). Kept apart from `postgres-store.ts`, which reads the rows back.
 */
import type { PoolClient } from 'pg';
import type { RecordMetadata } from '../snapshot/snapshot.js';

/** The columns of a `records` row that `RecordMetadata` holds, in its order. */
export const metadataColumns =
  'record_id, concept_id, doi, concept_doi, title, resource_type, publication_date, version, url, communities, ' +
  'creators, keywords, created, gone_at';

/**
 * The columns to read from a store of `schemaVersion`: a store of schema 1 (before `gone_at`) opened for reading
 * only cannot be migrated, and reads as if no record were gone.
 *
 * @example
 * `SELECT ${metadataColumnsOf(1)} FROM records`; // … created, NULL AS gone_at
 */
export function metadataColumnsOf(schemaVersion: number): string {
  return schemaVersion >= 2 ? metadataColumns : metadataColumns.replace('gone_at', 'NULL AS gone_at');
}

/** Rows per statement: bounds the size of one statement's parameters. */
const chunkSize = 5000;

/**
 * Inserts or updates metadata `chunkSize` rows at a time as `metadata` yields it, so that only one chunk is held at
 * once. `metadata` comes in record-id order, so the rows are locked in that order (see "Concurrency" in
 * `postgres-store.ts`). A row from a later snapshot or look-up (`updated_at`) is never overwritten by an older one.
 * `gone_at` is written as given: an API listing's metadata (`null`) takes a gone mark away, `migrate` keeps it.
 *
 * @example
 * await upsertMetadata(client, prepared.metadata.inRecordIdOrder(), prepared.takenAt);
 */
export async function upsertMetadata(client: PoolClient, metadata: Iterable<RecordMetadata>, updatedAt: string): Promise<void> {
  for (const items of chunksOf(metadata, chunkSize)) {
    const chunk = items.map((m) => ({
      record_id: m.recordId,
      concept_id: m.conceptId,
      doi: m.doi,
      concept_doi: m.conceptDoi,
      title: m.title,
      resource_type: m.resourceType,
      publication_date: m.publicationDate,
      version: m.version,
      url: m.url,
      communities: m.communities,
      creators: m.creators,
      keywords: m.keywords,
      created: m.created,
      gone_at: m.goneAt,
    }));
    await client.query(
      `INSERT INTO records (${metadataColumns}, updated_at)
       SELECT m.*, $2::timestamptz FROM jsonb_to_recordset($1::jsonb) AS m (
         record_id TEXT, concept_id TEXT, doi TEXT, concept_doi TEXT, title TEXT, resource_type TEXT,
         publication_date TEXT, version TEXT, url TEXT, communities TEXT[], creators TEXT[], keywords TEXT[],
         created TEXT, gone_at TEXT)
       ORDER BY m.record_id COLLATE "C"
       ON CONFLICT (record_id) DO UPDATE SET
         concept_id = excluded.concept_id, doi = excluded.doi, concept_doi = excluded.concept_doi,
         title = excluded.title, resource_type = excluded.resource_type, publication_date = excluded.publication_date,
         version = excluded.version, url = excluded.url, communities = excluded.communities,
         creators = excluded.creators, keywords = excluded.keywords, created = excluded.created,
         gone_at = excluded.gone_at, updated_at = excluded.updated_at
       WHERE excluded.updated_at >= records.updated_at`,
      [JSON.stringify(chunk), updatedAt],
    );
  }
}

/**
 * Marks records gone on `day`: a known record keeps its fields (and an earlier gone day); one not yet known gets a
 * row with an empty title and its page, so that it is not looked up again on every run.
 *
 * @example
 * await markGone(client, [{ recordId: '8139354', url: 'https://zenodo.org/records/8139354' }], '2026-12-07', lookedUpAt);
 */
export async function markGone(client: PoolClient, gone: readonly { recordId: string; url: string }[], day: string, updatedAt: string): Promise<void> {
  for (let start = 0; start < gone.length; start += chunkSize) {
    const chunk = gone.slice(start, start + chunkSize);
    await client.query(
      `INSERT INTO records (${metadataColumns}, updated_at)
       SELECT g.record_id, NULL, NULL, NULL, '', NULL, NULL, NULL, g.url, '{}', '{}', '{}', NULL, $2, $3::timestamptz
       FROM unnest($1::text[], $4::text[]) AS g (record_id, url)
       ORDER BY g.record_id COLLATE "C"
       ON CONFLICT (record_id) DO UPDATE SET gone_at = coalesce(records.gone_at, excluded.gone_at)`,
      [chunk.map((g) => g.recordId), day, updatedAt, chunk.map((g) => g.url)],
    );
  }
}

/** Consecutive chunks of `size` items (the last one shorter), pulled from `items` only as each is needed. */
function* chunksOf<T>(items: Iterable<T>, size: number): Generator<T[], void, undefined> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}
