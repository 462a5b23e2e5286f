import type { SummaryRow } from './summary-row.js';
import type { ZenodoRecord } from './zenodo-record.js';
import { estimateFullDownloads } from './estimate-full-downloads.js';

/**
 * One row per record, sorted by all-version `downloads` descending (records without stats last), then by id.
 *
 * @example
 * const rows = toSummaryRows(records);
 * rows[0]?.zenodo_url; // the most downloaded record's page
 */
export function toSummaryRows(records: Iterable<ZenodoRecord>): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const r of records) rows.push(toSummaryRow(r));
  return rows.sort(compareRows);
}

/** One record's output row. */
export function toSummaryRow(r: ZenodoRecord): SummaryRow {
  const all = r.stats?.allVersions;
  const version = r.stats?.thisVersion;
  return {
    zenodo_url: r.url,
    downloads: all?.downloads ?? null,
    unique_downloads: all?.uniqueDownloads ?? null,
    views: all?.views ?? null,
    unique_views: all?.uniqueViews ?? null,
    version_downloads: version?.downloads ?? null,
    version_unique_downloads: version?.uniqueDownloads ?? null,
    version_views: version?.views ?? null,
    version_unique_views: version?.uniqueViews ?? null,
    id: r.id,
    concept_id: r.conceptId,
    doi: r.doi,
    concept_doi: r.conceptDoi,
    title: r.title,
    resource_type: r.resourceType,
    publication_date: r.publicationDate,
    version: r.version,
    ...fullDownloads(r),
  };
}

function compareRows(a: SummaryRow, b: SummaryRow): number {
  const da = a.downloads ?? -1;
  const db = b.downloads ?? -1;
  if (da !== db) return db - da;
  return compareIds(a.id, b.id);
}

/** Numeric ids compare as numbers (9 before 10); other InvenioRDM ids as text. */
export function compareIds(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) {
    return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The estimate of complete downloads (`estimateFullDownloads`) and what it is made of. */
function fullDownloads(r: ZenodoRecord): Pick<SummaryRow, 'est_full_downloads' | 'files' | 'size_bytes'> {
  const files = r.files ?? null;
  const volume = r.volume?.allVersions ?? null;
  return { est_full_downloads: estimateFullDownloads(volume, files?.totalBytes ?? null), files: files?.count ?? null, size_bytes: files?.totalBytes ?? null };
}
