/**
 * The `records` table as both stores keep it: its columns, the rule of an upsert (the later row wins), and a row
 * read back as `RecordMetadata`. Each store says how its values are typed (JSON text in SQLite, arrays in
 * PostgreSQL) through a `MetadataRowReader`.
 */
import type { RecordMetadata } from '../snapshot/snapshot.js';

/** The columns of a `records` row that `RecordMetadata` holds, in its order. */
export const metadataColumns =
  'record_id, concept_id, doi, concept_doi, title, resource_type, publication_date, version, url, communities, ' +
  'creators, keywords, created, gone_at, file_count, size_bytes';

/**
 * The columns to read from a store of `schemaVersion`: an older store opened for reading only cannot be migrated,
 * and reads as if no record were gone (schema 1, before `gone_at`) and no file size known (before schema 3).
 *
 * @example
 * `SELECT ${metadataColumnsOf(1)} FROM records`; // … created, NULL AS gone_at, NULL AS file_count, NULL AS size_bytes
 */
export function metadataColumnsOf(schemaVersion: number): string {
  const absent = [...(schemaVersion < 2 ? ['gone_at'] : []), ...(schemaVersion < 3 ? ['file_count', 'size_bytes'] : [])];
  return metadataColumns
    .split(', ')
    .map((column) => (absent.includes(column) ? `NULL AS ${column}` : column))
    .join(', ');
}

/** Columns a newer row without a value leaves as they were: a record's files do not change once published. */
const keptWhenUnknown = new Set(['file_count', 'size_bytes']);

/**
 * The end of an `INSERT INTO records (${metadataColumns}, updated_at) …`: a row already there takes every new
 * value, unless it comes from a later snapshot or look-up (`updated_at`), which an older one never overwrites.
 * A file count or size the newer row does not know (a legacy listing's) keeps the one known.
 */
export const laterMetadataWins = `ON CONFLICT (record_id) DO UPDATE SET
       ${[...metadataColumns.split(', ').slice(1), 'updated_at']
         .map((c) => (keptWhenUnknown.has(c) ? `${c} = coalesce(excluded.${c}, records.${c})` : `${c} = excluded.${c}`))
         .join(', ')}
     WHERE excluded.updated_at >= records.updated_at`;

/** Reads one column of a `records` row, checked: a value of the wrong type is a damaged store. */
export interface MetadataRowReader {
  text(column: string): string;
  optionalText(column: string): string | null;
  list(column: string): string[];
  /** A whole number of 0 or more, or `null`. */
  optionalCount(column: string): number | null;
}

/**
 * A `records` row as `RecordMetadata`, each column read through `row`.
 *
 * @example
 * const metadata = metadataFromRow({ text: (c) => …, optionalText: (c) => …, list: (c) => …, optionalCount: (c) => … });
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
    fileCount: row.optionalCount('file_count'),
    sizeBytes: row.optionalCount('size_bytes'),
  };
}
