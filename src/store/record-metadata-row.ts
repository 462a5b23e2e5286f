/**
 * The `records` table as both stores keep it: its columns, the rule of an upsert (the later row wins), and a row
 * read back as `RecordMetadata`. Each store says how its values are typed (JSON text in SQLite, arrays in
 * PostgreSQL) through a `MetadataRowReader`.
 */
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
 * The end of an `INSERT INTO records (${metadataColumns}, updated_at) …`: a row already there takes every new
 * value, unless it comes from a later snapshot or look-up (`updated_at`), which an older one never overwrites.
 */
export const laterMetadataWins = `ON CONFLICT (record_id) DO UPDATE SET
       ${[...metadataColumns.split(', ').slice(1), 'updated_at'].map((c) => `${c} = excluded.${c}`).join(', ')}
     WHERE excluded.updated_at >= records.updated_at`;

/** Reads one column of a `records` row, checked: a value of the wrong type is a damaged store. */
export interface MetadataRowReader {
  text(column: string): string;
  optionalText(column: string): string | null;
  list(column: string): string[];
}

/**
 * A `records` row as `RecordMetadata`, each column read through `row`.
 *
 * @example
 * const metadata = metadataFromRow({ text: (c) => …, optionalText: (c) => …, list: (c) => … });
 */
export function metadataFromRow(row: MetadataRowReader): RecordMetadata {
  return {
    recordId: row.text('record_id'),
    conceptId: row.optionalText('concept_id'),
    doi: row.optionalText('doi'),
    conceptDoi: row.optionalText('concept_doi'),
    title: row.text('title'),
    resourceType: row.optionalText('resource_type'),
    publicationDate: row.optionalText('publication_date'),
    version: row.optionalText('version'),
    url: row.text('url'),
    communities: row.list('communities'),
    creators: row.list('creators'),
    keywords: row.list('keywords'),
    created: row.optionalText('created'),
    goneAt: row.optionalText('gone_at'),
  };
}
