/**
 * The one record shape the rest of the tool works with, whatever JSON format Zenodo answered in.
 *
 * Counter families (zenodo/zenodo-rdm `legacy/serializers/schemas/zenodojson.py`, `StatsSchema`):
 * `allVersions` holds the legacy plain fields (`downloads`, `views`, …), which count every version of the
 * concept; `thisVersion` holds the legacy `version_*` fields, which count this version only.
 */
export interface ZenodoRecord {
  /** Record id (the legacy integer id as a decimal string, or an InvenioRDM `xxxxx-xxxxx` id). */
  id: string;
  /** Concept (RDM parent) id shared by all versions; `null` when the API did not say. */
  conceptId: string | null;
  doi: string | null;
  conceptDoi: string | null;
  title: string;
  /** RDM-style resource type id, e.g. `dataset` or `publication-article`; `null` when absent. */
  resourceType: string | null;
  publicationDate: string | null;
  version: string | null;
  /** The record's landing page, e.g. `https://zenodo.org/records/123`. */
  url: string;
  /** Community slugs, sorted (Zenodo does not keep their order stable between calls). */
  communities: string[];
  creators: string[];
  keywords: string[];
  created: string | null;
  updated: string | null;
  /** `null` when the API sent no `stats` object at all. */
  stats: RecordStats | null;
  /**
   * Bytes downloaded (RDM `stats.*.data_volume`, a float); a half is `null` when the API left it out. Only the
   * RDM format has it: absent for legacy records, `null` when an RDM record has no `stats`.
   */
  volume?: { allVersions: number | null; thisVersion: number | null } | null;
  /** The record's files (RDM `files.count` and `files.total_bytes`); absent for legacy records, `null` when not sent. */
  files?: { count: number; totalBytes: number } | null;
  /**
   * RDM `access.record` when it is not `public`: `restricted` for a record that only a token allowed to read it
   * lists (invenio-records-resources `services/records/service.py`, the read filter of `create_search`). Absent
   * for public records and for legacy records, whose JSON does not say.
   */
  recordAccess?: string;
}

export interface RecordStats {
  allVersions: Counters;
  thisVersion: Counters;
}

/** A counter is `null` when Zenodo left it out; never guessed as 0. */
export interface Counters {
  downloads: number | null;
  uniqueDownloads: number | null;
  views: number | null;
  uniqueViews: number | null;
}
