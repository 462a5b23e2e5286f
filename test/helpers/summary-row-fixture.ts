import type { SummaryRow } from '../../src/records/summary-row.js';

/** A complete output row with plain values, for renderer and reader tests; override what a test is about. */
export function makeSummaryRow(overrides: Partial<SummaryRow> = {}): SummaryRow {
  return {
    zenodo_url: 'https://zenodo.org/records/101',
    downloads: 120,
    unique_downloads: 100,
    views: 340,
    unique_views: 300,
    version_downloads: 20,
    version_unique_downloads: 18,
    version_views: 40,
    version_unique_views: 35,
    id: '101',
    concept_id: '100',
    doi: '10.5281/zenodo.101',
    concept_doi: '10.5281/zenodo.100',
    title: 'A plain title',
    resource_type: 'dataset',
    publication_date: '2024-05-01',
    version: 'v1.0',
    est_full_downloads: null,
    files: null,
    size_bytes: null,
    ...overrides,
  };
}
