import { z } from 'zod';

/**
 * zod schemas for the fields of the native InvenioRDM record JSON that we use, and nothing more (SHAPES.md, "RDM
 * record"; real samples: test/fixtures/api-samples/rdm-record-rogue-scholar-*.json). zenodo.org answers this
 * format to `Accept: application/vnd.inveniordm.v1+json`; other InvenioRDM sites answer it by default. Objects
 * are `.loose()` so unknown keys pass through, and every field but `id` and `metadata` may be missing or null.
 */

/** A counter. JSON `173.0` parses to the integer 173 already; a real fraction is refused rather than rounded. */
const count = z.number().int().nonnegative();

/** A counter that may be absent or null (then reported as an empty cell, never as 0). */
const optionalCount = count.nullish();

/**
 * One half of RDM `stats` (invenio-rdm-records `services/schemas/stats.py`). `data_volume` is the bytes
 * downloaded, sent as a float (`0.0`, or e.g. `123456789.0`).
 */
export const rdmCountersSchema = z
  .object({
    views: optionalCount,
    unique_views: optionalCount,
    downloads: optionalCount,
    unique_downloads: optionalCount,
    data_volume: z.number().nonnegative().nullish(),
  })
  .loose();

/** `this_version` counts this version only, `all_versions` every version of the concept (the parent). */
export const rdmStatsSchema = z
  .object({
    this_version: rdmCountersSchema.nullish(),
    all_versions: rdmCountersSchema.nullish(),
  })
  .loose();

/** `pids` of a record or of its parent: only the DOI matters here (`provider` may be `datacite`, `crossref`, `external`). */
const rdmPidsSchema = z
  .object({ doi: z.object({ identifier: z.string() }).loose().nullish() })
  .loose();

/** A file entry; `files.entries` is an object keyed by file name (SHAPES.md), an array accepted too. */
const rdmFileEntrySchema = z.object({ size: z.number().nonnegative().nullish() }).loose();

export const rdmRecordSchema = z
  .object({
    // A string on every InvenioRDM site: numeric on zenodo.org ("17897525"), `xxxxx-xxxxx` elsewhere.
    id: z.string().min(1),
    created: z.string().nullish(),
    updated: z.string().nullish(),
    pids: rdmPidsSchema.nullish(),
    parent: z
      .object({
        // The concept id (legacy `conceptrecid`).
        id: z.string().nullish(),
        pids: rdmPidsSchema.nullish(),
        // `ids` are community UUIDs; slugs appear only in the full community objects of `entries`.
        communities: z
          .object({
            ids: z.array(z.string()).nullish(),
            entries: z.array(z.object({ id: z.string().nullish(), slug: z.string() }).loose()).nullish(),
          })
          .loose()
          .nullish(),
      })
      .loose()
      .nullish(),
    metadata: z
      .object({
        title: z.string().nullish(),
        // `{"id": "publication-article", "title": {"en": …, "de": …}}`: the id is the legacy `type-subtype`.
        resource_type: z.object({ id: z.string() }).loose().nullish(),
        publication_date: z.string().nullish(),
        version: z.string().nullish(),
        creators: z.array(z.object({ person_or_org: z.object({ name: z.string() }).loose() }).loose()).nullish(),
        // Controlled-vocabulary subjects carry an `id` (and `scheme`); free-text keywords only `subject`.
        subjects: z.array(z.object({ id: z.string().nullish(), subject: z.string().nullish() }).loose()).nullish(),
      })
      .loose(),
    links: z.object({ self_html: z.string().nullish() }).loose().nullish(),
    // `access.record`: `public`, or `restricted` for a record only some callers (a token that may read it) see.
    access: z.object({ record: z.string().nullish() }).loose().nullish(),
    stats: rdmStatsSchema.nullish(),
    // Without `read_files` permission (restricted files) only `{"enabled": true}` is left: count, total_bytes,
    // entries and order are dropped (invenio-rdm-records `services/schemas/files.py`, `FilesSchema.field_dump_permissions`).
    files: z
      .object({
        enabled: z.boolean().nullish(),
        count: count.nullish(),
        total_bytes: z.number().nonnegative().nullish(),
        entries: z.union([z.record(z.string(), rdmFileEntrySchema), z.array(rdmFileEntrySchema)]).nullish(),
      })
      .loose()
      .nullish(),
  })
  .loose();

export type RdmRecord = z.infer<typeof rdmRecordSchema>;
export type RdmCounters = z.infer<typeof rdmCountersSchema>;
