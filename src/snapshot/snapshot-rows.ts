import { compareIds } from '../records/to-summary-rows.js';
import { estimateFullDownloads } from '../records/estimate-full-downloads.js';
import type { SummaryRow } from '../records/summary-row.js';
import type { LoadedSnapshot, RecordMetadata } from './snapshot.js';

/**
 * A stored snapshot as output rows (the `summarize` CSV columns), sorted by record id so that the CSVs of
 * consecutive snapshots differ only where the numbers changed (small git diffs).
 *
 * @example
 * const rows = snapshotRows(loaded, await store.recordMetadata());
 */
export function snapshotRows(snapshot: LoadedSnapshot, metadata: ReadonlyMap<string, RecordMetadata>): SummaryRow[] {
  const baseUrl = snapshot.info.baseUrl ?? 'https://zenodo.org';
  return snapshot.records
    .map((r): SummaryRow => {
      const m = metadata.get(r.recordId);
      return {
        zenodo_url: m?.url ?? `${baseUrl}/records/${r.recordId}`,
        downloads: r.downloads,
        unique_downloads: r.uniqueDownloads,
        views: r.views,
        unique_views: r.uniqueViews,
        version_downloads: r.versionDownloads,
        version_unique_downloads: r.versionUniqueDownloads,
        version_views: r.versionViews,
        version_unique_views: r.versionUniqueViews,
        id: r.recordId,
        concept_id: r.conceptId ?? m?.conceptId ?? null,
        doi: m?.doi ?? null,
        concept_doi: m?.conceptDoi ?? null,
        title: m?.title ?? '',
        resource_type: m?.resourceType ?? null,
        publication_date: m?.publicationDate ?? null,
        version: m?.version ?? null,
        // The size is the record's (schema 3); the volume the snapshot's, as `summarize` divided them.
        est_full_downloads: estimateFullDownloads(r.volume, m?.sizeBytes ?? null),
        files: m?.fileCount ?? null,
        size_bytes: m?.sizeBytes ?? null,
      };
    })
    .sort((a, b) => compareIds(a.id, b.id));
}
