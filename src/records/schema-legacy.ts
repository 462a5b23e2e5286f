import { z } from 'zod';

/**
 * zod schemas for the fields of Zenodo's legacy record JSON that we use, and nothing more: every other field
 * may change shape (files, owners: zenodo-api-samples/SHAPES.md) without breaking us. Objects are `.loose()`
 * so unknown keys pass through.
 */

/**
 * A counter. JSON `173.0` (seen in pre-2023 responses, galaxyproject/training-material#4130) parses to the
 * integer 173 already; a real fraction is refused rather than rounded.
 */
const count = z.number().int().nonnegative();

/** A counter that may be absent or null (then reported as an empty cell, never as 0). */
const optionalCount = count.nullish();

const idLike = z.union([z.number().int().nonnegative(), z.string().min(1)]);

export const legacyStatsSchema = z
  .object({
    downloads: optionalCount,
    unique_downloads: optionalCount,
    views: optionalCount,
    unique_views: optionalCount,
    version_downloads: optionalCount,
    version_unique_downloads: optionalCount,
    version_views: optionalCount,
    version_unique_views: optionalCount,
  })
  .loose();

export const legacyRecordSchema = z
  .object({
    id: z.union([z.number().int().positive(), z.string().regex(/^\d+$/, 'expected a numeric record id')]),
    conceptrecid: idLike.nullish(),
    doi: z.string().nullish(),
    conceptdoi: z.string().nullish(),
    title: z.string().nullish(),
    created: z.string().nullish(),
    updated: z.string().nullish(),
    metadata: z
      .object({
        title: z.string().nullish(),
        publication_date: z.string().nullish(),
        version: z.union([z.string(), z.number()]).nullish(),
        doi: z.string().nullish(),
        resource_type: z
          .object({ type: z.string(), subtype: z.string().nullish(), title: z.string().nullish() })
          .loose()
          .nullish(),
        // Absent for a record in no community; order not stable between calls (SHAPES.md).
        communities: z.array(z.object({ id: z.string() }).loose()).nullish(),
        creators: z.array(z.object({ name: z.string() }).loose()).nullish(),
        keywords: z.array(z.string()).nullish(),
        relations: z
          .object({
            version: z
              .array(
                z
                  .object({ parent: z.object({ pid_value: idLike }).loose().nullish() })
                  .loose(),
              )
              .nullish(),
          })
          .loose()
          .nullish(),
      })
      .loose(),
    links: z
      .object({
        self_html: z.string().nullish(),
        // Pre-October-2023 key (singular /record/N); gone since the migration (SHAPES.md).
        html: z.string().nullish(),
      })
      .loose()
      .nullish(),
    stats: legacyStatsSchema.nullish(),
  })
  .loose();

export type LegacyRecord = z.infer<typeof legacyRecordSchema>;

/** The envelope of `GET /api/records` (flask-resources `BaseListSchema`; SHAPES.md). */
export const legacySearchPageSchema = z
  .object({
    hits: z.object({ hits: z.array(z.unknown()), total: z.number().int().nonnegative() }).loose(),
    links: z.object({ self: z.string().nullish(), next: z.string().nullish() }).loose().nullish(),
  })
  .loose();

export type LegacySearchPage = z.infer<typeof legacySearchPageSchema>;

/** The community object of `GET /api/communities/<slug-or-id>` (SHAPES.md). */
export const communitySchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    metadata: z.object({ title: z.string().nullish() }).loose().nullish(),
    links: z.object({ self_html: z.string().nullish() }).loose().nullish(),
  })
  .loose();

export type Community = z.infer<typeof communitySchema>;

/**
 * zod issues as `field.path: message` lines, e.g. `stats.downloads: expected number, received string`.
 */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(record)';
    const message = issue.message.replace(/^Invalid input: /, '');
    return `${path}: ${message}`;
  });
}
