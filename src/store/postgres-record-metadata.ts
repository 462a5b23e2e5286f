/**
 * Writing the `records` table of the PostgreSQL store: a snapshot's metadata, and what a look-up by id found or
 * found gone (`SnapshotStore.saveRecordLookup`). Kept apart from `postgres-store.ts`, which reads the rows back.
 */
import type { PoolClient } from 'pg';
import { laterMetadataWins, metadataColumns } from './record-metadata-row.js';
import type { RecordMetadata } from '../snapshot/snapshot.js';

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
      file_count: m.fileCount ?? null,
      size_bytes: m.sizeBytes ?? null,
    }));
    await client.query(
      `INSERT INTO records (${metadataColumns}, updated_at)
       SELECT m.*, $2::timestamptz FROM jsonb_to_recordset($1::jsonb) AS m (
         record_id TEXT, concept_id TEXT, doi TEXT, concept_doi TEXT, title TEXT, resource_type TEXT,
         publication_date TEXT, version TEXT, url TEXT, communities TEXT[], creators TEXT[], keywords TEXT[],
         created TEXT, gone_at TEXT, file_count INTEGER, size_bytes BIGINT)
       ORDER BY m.record_id COLLATE "C"
     ${laterMetadataWins}`,
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
       SELECT g.record_id, NULL, NULL, NULL, '', NULL, NULL, NULL, g.url, '{}', '{}', '{}', NULL, $2, NULL::integer, NULL::bigint, $3::timestamptz
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
