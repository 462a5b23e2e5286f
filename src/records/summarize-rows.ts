import type { SummaryRow } from './summary-row.js';

export interface CommunityTotals {
  records: number;
  /** Distinct concepts; a record without a concept id counts as its own concept. */
  concepts: number;
  downloads: number;
  uniqueDownloads: number;
  views: number;
  uniqueViews: number;
  /** Records whose stats were missing entirely or in part. */
  recordsWithoutStats: number;
}

/**
 * Community totals that never double count versions: the all-version counters are identical on every version
 * of a concept (zenodo-api.md §6), so each concept is counted once. With latest versions only (the default)
 * every concept appears once anyway; with `--all-versions` this is what keeps the sum right.
 *
 * @example
 * const totals = summarizeRows(rows);
 * console.error(`${totals.records} records, ${totals.downloads} downloads`);
 */
export function summarizeRows(rows: readonly SummaryRow[]): CommunityTotals {
  const perConcept = new Map<string, SummaryRow>();
  let recordsWithoutStats = 0;
  for (const row of rows) {
    if (hasMissingCounter(row)) recordsWithoutStats += 1;
    const key = row.concept_id ?? `record:${row.id}`;
    const seen = perConcept.get(key);
    // Versions of a concept carry the same all-version figures; should they differ (a stats lag between
    // versions, zenodo/zenodo#1680), keep the largest, which is the most recent aggregation.
    if (!seen || (row.downloads ?? -1) > (seen.downloads ?? -1)) perConcept.set(key, row);
  }
  const totals: CommunityTotals = {
    records: rows.length,
    concepts: perConcept.size,
    downloads: 0,
    uniqueDownloads: 0,
    views: 0,
    uniqueViews: 0,
    recordsWithoutStats,
  };
  for (const row of perConcept.values()) {
    totals.downloads += row.downloads ?? 0;
    totals.uniqueDownloads += row.unique_downloads ?? 0;
    totals.views += row.views ?? 0;
    totals.uniqueViews += row.unique_views ?? 0;
  }
  return totals;
}

function hasMissingCounter(row: SummaryRow): boolean {
  return (
    row.downloads === null ||
    row.unique_downloads === null ||
    row.views === null ||
    row.unique_views === null ||
    row.version_downloads === null ||
    row.version_unique_downloads === null ||
    row.version_views === null ||
    row.version_unique_views === null
  );
}
