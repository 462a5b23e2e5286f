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
export function summarizeRows(rows: Iterable<SummaryRow>): CommunityTotals {
  const totals = new TotalsAccumulator();
  for (const row of rows) totals.add(row);
  return totals.totals();
}

/**
 * {@link summarizeRows} one row at a time, for rows that are never all in memory: keeps the four all-version
 * counters of each concept only.
 */
export class TotalsAccumulator {
  #records = 0;
  #recordsWithoutStats = 0;
  readonly #perConcept = new Map<string, { downloads: number; uniqueDownloads: number; views: number; uniqueViews: number; ranking: number }>();

  add(row: SummaryRow): void {
    this.#records += 1;
    if (hasMissingCounter(row)) this.#recordsWithoutStats += 1;
    const key = row.concept_id ?? `record:${row.id}`;
    const seen = this.#perConcept.get(key);
    // Versions of a concept carry the same all-version figures; should they differ (a stats lag between
    // versions, zenodo/zenodo#1680), keep the largest, which is the most recent aggregation.
    const ranking = row.downloads ?? -1;
    if (!seen || ranking > seen.ranking) {
      this.#perConcept.set(key, {
        downloads: row.downloads ?? 0,
        uniqueDownloads: row.unique_downloads ?? 0,
        views: row.views ?? 0,
        uniqueViews: row.unique_views ?? 0,
        ranking,
      });
    }
  }

  totals(): CommunityTotals {
    const totals: CommunityTotals = {
      records: this.#records,
      concepts: this.#perConcept.size,
      downloads: 0,
      uniqueDownloads: 0,
      views: 0,
      uniqueViews: 0,
      recordsWithoutStats: this.#recordsWithoutStats,
    };
    for (const c of this.#perConcept.values()) {
      totals.downloads += c.downloads;
      totals.uniqueDownloads += c.uniqueDownloads;
      totals.views += c.views;
      totals.uniqueViews += c.uniqueViews;
    }
    return totals;
  }
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
