import { ValidationError } from '../errors.js';
import { formatIssues, legacyRecordSchema, type LegacyRecord } from './schema-legacy.js';
import type { Counters, RecordStats, ZenodoRecord } from './zenodo-record.js';

export interface NormalizeOptions {
  /** Site root, for the landing page of a record that carries no `links.self_html`. */
  baseUrl: string;
  /** How to name the record in an error when its id is unreadable, e.g. `page 3, hit 7`. */
  position?: string | undefined;
}

/**
 * Validates one legacy hit and turns it into a {@link ZenodoRecord}. A hit that does not fit throws a
 * {@link ValidationError} naming the record and each field (`record 123456: stats.downloads: expected number,
 * received string`): never a crash, never a silent 0.
 *
 * @example
 * const record = normalizeLegacyRecord(hit, { baseUrl: 'https://zenodo.org' });
 * record.stats?.allVersions.downloads; // all versions of the concept
 */
export function normalizeLegacyRecord(raw: unknown, options: NormalizeOptions): ZenodoRecord {
  const parsed = legacyRecordSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError([{ recordId: describeRecord(raw, options.position), issues: formatIssues(parsed.error) }]);
  }
  return fromLegacy(parsed.data, options.baseUrl);
}

function fromLegacy(r: LegacyRecord, baseUrl: string): ZenodoRecord {
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
    keywords: m.keywords ?? [],
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

function describeRecord(raw: unknown, position: string | undefined): string {
  if (raw && typeof raw === 'object' && 'id' in raw) {
    const id = (raw as { id: unknown }).id;
    if (typeof id === 'number' || (typeof id === 'string' && id.length > 0)) return String(id);
  }
  return position ? `at ${position}` : '(unknown id)';
}
