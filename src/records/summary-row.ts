/**
 * One output row per record. Plain counters are Zenodo's all-version totals, `version_*` count this version
 * only (zenodo/zenodo-rdm `zenodojson.py`, `StatsSchema`). Empty (`null`) means Zenodo sent no figure.
 */
// A type alias rather than an interface, so rows fit the generic `Tabular` renderers' index signature.
export type SummaryRow = {
  zenodo_url: string;
  downloads: number | null;
  unique_downloads: number | null;
  views: number | null;
  unique_views: number | null;
  version_downloads: number | null;
  version_unique_downloads: number | null;
  version_views: number | null;
  version_unique_views: number | null;
  id: string;
  concept_id: string | null;
  doi: string | null;
  concept_doi: string | null;
  title: string;
  resource_type: string | null;
  publication_date: string | null;
  version: string | null;
  /**
   * Estimated complete downloads (all versions): bytes downloaded ÷ the record's total file size. Only from
   * InvenioRDM JSON (`stats.all_versions.data_volume`, `files.total_bytes`); empty otherwise.
   */
  est_full_downloads: number | null;
  files: number | null;
  size_bytes: number | null;
};

/** The eight counters, all-version ones first, as they are named in every output. */
const counterColumns = [
  'downloads',
  'unique_downloads',
  'views',
  'unique_views',
  'version_downloads',
  'version_unique_downloads',
  'version_views',
  'version_unique_views',
] as const satisfies readonly (keyof SummaryRow)[];

/** Output columns, in the order every format writes them. */
export const summaryColumns = [
  'zenodo_url',
  ...counterColumns,
  'id',
  'concept_id',
  'doi',
  'concept_doi',
  'title',
  'resource_type',
  'publication_date',
  'version',
  'est_full_downloads',
  'files',
  'size_bytes',
] as const satisfies readonly (keyof SummaryRow)[];

export type SummaryColumn = (typeof summaryColumns)[number];

/** Columns that hold counts (right-aligned in tables, numbers in JSON). */
export const numericColumns: ReadonlySet<SummaryColumn> = new Set([...counterColumns, 'est_full_downloads', 'files', 'size_bytes']);
