import { parquetWriteBuffer } from 'hyparquet-writer';
import type { LoadedSnapshot, RecordMetadata } from '../snapshot/snapshot.js';

/**
 * Every snapshot of a collection as one Parquet table in long form — one row per record per snapshot — for
 * DuckDB or pandas (`SELECT day, sum(version_downloads) FROM 'x.parquet' GROUP BY day`). Counters are DOUBLE
 * (integers up to 2^53, exactly) and null where the source had no figure.
 *
 * @example
 * await writeFileAtomic('nfdi4bioimage.parquet', renderParquet(await store.loadCollection('nfdi4bioimage'), metadata));
 */
export function renderParquet(snapshots: readonly LoadedSnapshot[], metadata: ReadonlyMap<string, RecordMetadata>): Uint8Array {
  const rows = snapshots.flatMap((s) => s.records.map((r) => ({ s, r })));
  const text = (pick: (x: (typeof rows)[number]) => string | null) => rows.map(pick);
  const number = (pick: (x: (typeof rows)[number]) => number | null) => rows.map(pick);
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'collection', data: text(({ s }) => s.info.collection), type: 'STRING' },
      { name: 'day', data: text(({ s }) => s.info.day), type: 'STRING' },
      { name: 'taken_at', data: text(({ s }) => s.info.takenAt), type: 'STRING' },
      { name: 'complete', data: rows.map(({ s }) => s.info.complete), type: 'BOOLEAN' },
      { name: 'record_id', data: text(({ r }) => r.recordId), type: 'STRING' },
      { name: 'concept_id', data: text(({ r }) => r.conceptId), type: 'STRING' },
      { name: 'downloads', data: number(({ r }) => r.downloads), type: 'DOUBLE' },
      { name: 'unique_downloads', data: number(({ r }) => r.uniqueDownloads), type: 'DOUBLE' },
      { name: 'views', data: number(({ r }) => r.views), type: 'DOUBLE' },
      { name: 'unique_views', data: number(({ r }) => r.uniqueViews), type: 'DOUBLE' },
      { name: 'version_downloads', data: number(({ r }) => r.versionDownloads), type: 'DOUBLE' },
      { name: 'version_unique_downloads', data: number(({ r }) => r.versionUniqueDownloads), type: 'DOUBLE' },
      { name: 'version_views', data: number(({ r }) => r.versionViews), type: 'DOUBLE' },
      { name: 'version_unique_views', data: number(({ r }) => r.versionUniqueViews), type: 'DOUBLE' },
      { name: 'title', data: text(({ r }) => metadata.get(r.recordId)?.title ?? null), type: 'STRING' },
      { name: 'resource_type', data: text(({ r }) => metadata.get(r.recordId)?.resourceType ?? null), type: 'STRING' },
    ],
  });
  return new Uint8Array(buffer);
}
