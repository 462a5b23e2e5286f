import type { LegacyRecord } from './schema-legacy.js';
import type { Counters, RecordStats, ZenodoRecord } from './zenodo-record.js';

/**
 * A legacy hit that fits `legacyRecordSchema` (checked by zod or by `fitsLegacyRecord`) as a {@link ZenodoRecord}.
 *
 * @example
 * legacyToRecord(hit, 'https://zenodo.org').stats?.allVersions.downloads; // all versions of the concept
 */
export function legacyToRecord(r: LegacyRecord, baseUrl: string): ZenodoRecord {
  const id = String(r.id);
  const m = r.metadata;
  const preMigration = isPreMigration(r);
  const parentId = m.relations?.version?.[0]?.parent?.pid_value;
  const type = m.resource_type;
  return {
    id,
    conceptId: stringOrNull(r.conceptrecid ?? parentId),
    doi: r.doi ?? m.doi ?? null,
    conceptDoi: r.conceptdoi ?? null,
    title: m.title ?? r.title ?? '',
    resourceType: type ? (type.subtype ? `${type.type}-${type.subtype}` : type.type) : null,
    publicationDate: m.publication_date ?? null,
    version: m.version === undefined || m.version === null ? null : String(m.version),
    url: r.links?.self_html ?? r.links?.html ?? `${baseUrl}/records/${id}`,
    communities: [...new Set((m.communities ?? []).map((c) => c.id))].sort(),
    creators: (m.creators ?? []).map((c) => c.name),
    // A copy: the record must not share an array with the raw hit that `--raw` writes out.
    keywords: [...(m.keywords ?? [])],
    created: r.created ?? null,
    updated: r.updated ?? null,
    stats: r.stats ? toStats(r.stats, preMigration) : null,
  };
}

/**
 * Before Zenodo's October 2023 migration the plain counters meant *this version* and `version_*` meant *all
 * versions*; since then it is the other way round (SHAPES.md, "The meaning flipped at the migration"). Such
 * responses are recognised by the old `links.html` key without `links.self_html`.
 */
function isPreMigration(r: LegacyRecord): boolean {
  return Boolean(r.links?.html) && !r.links?.self_html;
}

function toStats(s: NonNullable<LegacyRecord['stats']>, preMigration: boolean): RecordStats {
  const plain: Counters = {
    downloads: s.downloads ?? null,
    uniqueDownloads: s.unique_downloads ?? null,
    views: s.views ?? null,
    uniqueViews: s.unique_views ?? null,
  };
  const version: Counters = {
    downloads: s.version_downloads ?? null,
    uniqueDownloads: s.version_unique_downloads ?? null,
    views: s.version_views ?? null,
    uniqueViews: s.version_unique_views ?? null,
  };
  return preMigration ? { allVersions: version, thisVersion: plain } : { allVersions: plain, thisVersion: version };
}

function stringOrNull(value: string | number | null | undefined): string | null {
  return value === undefined || value === null ? null : String(value);
}
