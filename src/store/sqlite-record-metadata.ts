/**
 * Writing the `records` table of the SQLite store: a snapshot's metadata, and what a look-up by id found or found
 * gone (`SnapshotStore.saveRecordLookup`). Kept apart from `sqlite-store.ts`, which reads the rows back.
 */
import type { Database } from 'node-sqlite3-wasm';
import { laterMetadataWins, metadataColumns } from './record-metadata-row.js';
import type { RecordMetadata } from '../snapshot/snapshot.js';

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
    `INSERT INTO records (${metadataColumns}, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ${laterMetadataWins}`,
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
        m.fileCount ?? null,
        m.sizeBytes ?? null,
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
    `INSERT INTO records (${metadataColumns}, updated_at) VALUES (?, NULL, NULL, NULL, '', NULL, NULL, NULL, ?, '[]', '[]', '[]', NULL, ?, NULL, NULL, ?)
     ON CONFLICT (record_id) DO UPDATE SET gone_at = coalesce(records.gone_at, excluded.gone_at)`,
  );
  try {
    for (const g of gone) statement.run([g.recordId, g.url, day, updatedAt]);
  } finally {
    statement.finalize();
  }
}
