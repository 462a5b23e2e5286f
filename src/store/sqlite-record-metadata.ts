/**
 * Writing the `records` table of the SQLite store: a snapshot's metadata, and what a look-up by id found or found
 * gone (`SnapshotStore.saveRecordLookup`). Kept apart from `sqlite-store.ts`, which reads the rows back.
 */
import type { Database } from 'node-sqlite3-wasm';
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

/**
 * Inserts or updates metadata row by row as `metadata` yields it, so that only one item is held at a time. A row
 * from a later snapshot or look-up (`updated_at`) is never overwritten by an older one. `gone_at` is written as
 * given: an API listing's metadata (`null`) takes a gone mark away, a copied store (`migrate`) keeps it.
 *
 * @example
 * inTransaction(db, () => upsertMetadata(db, prepared.metadata.inRecordIdOrder(), prepared.takenAt));
 */
export function upsertMetadata(db: Database, metadata: Iterable<RecordMetadata>, updatedAt: string): void {
  const statement = db.prepare(
    `INSERT INTO records (${metadataColumns}, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (record_id) DO UPDATE SET
       concept_id = excluded.concept_id, doi = excluded.doi, concept_doi = excluded.concept_doi,
       title = excluded.title, resource_type = excluded.resource_type, publication_date = excluded.publication_date,
       version = excluded.version, url = excluded.url, communities = excluded.communities,
       creators = excluded.creators, keywords = excluded.keywords, created = excluded.created,
       gone_at = excluded.gone_at, updated_at = excluded.updated_at
     WHERE excluded.updated_at >= records.updated_at`,
  );
  try {
    for (const m of metadata) {
      statement.run([
        m.recordId,
        m.conceptId,
        m.doi,
        m.conceptDoi,
        m.title,
        m.resourceType,
        m.publicationDate,
        m.version,
        m.url,
        JSON.stringify(m.communities),
        JSON.stringify(m.creators),
        JSON.stringify(m.keywords),
        m.created,
        m.goneAt,
        updatedAt,
      ]);
    }
  } finally {
    statement.finalize();
  }
}

/**
 * Marks records gone on `day`: a known record keeps its fields (and an earlier gone day); one not yet known gets a
 * row with an empty title and its page, so that it is not looked up again on every run.
 *
 * @example
 * markGone(db, [{ recordId: '8139354', url: 'https://zenodo.org/records/8139354' }], '2026-12-07', lookedUpAt);
 */
export function markGone(db: Database, gone: readonly { recordId: string; url: string }[], day: string, updatedAt: string): void {
  const statement = db.prepare(
    `INSERT INTO records (${metadataColumns}, updated_at) VALUES (?, NULL, NULL, NULL, '', NULL, NULL, NULL, ?, '[]', '[]', '[]', NULL, ?, ?)
     ON CONFLICT (record_id) DO UPDATE SET gone_at = coalesce(records.gone_at, excluded.gone_at)`,
  );
  try {
    for (const g of gone) statement.run([g.recordId, g.url, day, updatedAt]);
  } finally {
    statement.finalize();
  }
}
