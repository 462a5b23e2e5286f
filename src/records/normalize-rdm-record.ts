import { ValidationError } from '../errors.js';
import type { NormalizeOptions } from './normalize-legacy-record.js';
import { formatIssues } from './schema-legacy.js';
import { rdmRecordSchema, type RdmCounters, type RdmRecord } from './schema-rdm.js';
import type { Counters, ZenodoRecord } from './zenodo-record.js';

/**
 * Validates one hit in the native InvenioRDM format and turns it into a {@link ZenodoRecord}, the same record
 * {@link normalizeLegacyRecord} makes of zenodo.org's legacy JSON for the same data. A hit that does not fit
 * throws a {@link ValidationError} naming the record and each field (`record a9awy-52h48:
 * stats.all_versions.downloads: expected number, received string`).
 *
 * Field by field it follows Zenodo's own legacy serializer (zenodo/zenodo-rdm
 * `site/zenodo_rdm/legacy/serializers/schemas/common.py` and `zenodojson.py`), so that both formats give the
 * same rows: `conceptId` is `parent.id`, `conceptDoi` `parent.pids.doi.identifier`, communities the slugs of
 * `parent.communities.entries`, stats `all_versions` → `allVersions` and `this_version` → `thisVersion`, and
 * keywords only the free-text subjects (`dump_keywords` skips subjects with an `id`, which come from a
 * controlled vocabulary such as OpenAlex subfields or FOS). It also sets `volume` (bytes downloaded) and
 * `files`, which the legacy format lacks.
 *
 * @example
 * const record = normalizeRdmRecord(hit, { baseUrl: 'https://rogue-scholar.org' });
 * record.stats?.allVersions.views; // all versions of the concept
 * record.volume?.allVersions;      // bytes downloaded, all versions
 */
export function normalizeRdmRecord(raw: unknown, options: NormalizeOptions): ZenodoRecord {
  const parsed = rdmRecordSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError([{ recordId: describeRecord(raw, options.position), issues: formatIssues(parsed.error) }]);
  }
  return fromRdm(parsed.data, options.baseUrl);
}

function fromRdm(r: RdmRecord, baseUrl: string): ZenodoRecord {
  const m = r.metadata;
  const s = r.stats;
  const keywords = (m.subjects ?? []).flatMap((subject) => (!subject.id && subject.subject ? [subject.subject] : []));
  return {
    id: r.id,
    conceptId: r.parent?.id ?? null,
    doi: r.pids?.doi?.identifier ?? null,
    conceptDoi: r.parent?.pids?.doi?.identifier ?? null,
    title: m.title ?? '',
    resourceType: m.resource_type?.id ?? null,
    publicationDate: m.publication_date ?? null,
    version: m.version ?? null,
    url: r.links?.self_html ?? `${baseUrl}/records/${r.id}`,
    communities: [...new Set((r.parent?.communities?.entries ?? []).map((c) => c.slug))].sort(),
    creators: (m.creators ?? []).map((c) => c.person_or_org.name),
    keywords,
    created: r.created ?? null,
    updated: r.updated ?? null,
    stats: s ? { allVersions: toCounters(s.all_versions), thisVersion: toCounters(s.this_version) } : null,
    volume: s ? { allVersions: s.all_versions?.data_volume ?? null, thisVersion: s.this_version?.data_volume ?? null } : null,
    files: r.files ? toFiles(r.files) : null,
    // Only a record that is not public says so, so public records read the same in both formats.
    ...(r.access?.record && r.access.record !== 'public' ? { recordAccess: r.access.record } : {}),
  };
}

function toCounters(c: RdmCounters | null | undefined): Counters {
  return {
    downloads: c?.downloads ?? null,
    uniqueDownloads: c?.unique_downloads ?? null,
    views: c?.views ?? null,
    uniqueViews: c?.unique_views ?? null,
  };
}

/**
 * `count` and `total_bytes` as sent; from `entries` when the site left them out. `null` (unknown, never 0) when
 * the files are restricted: then only `{"enabled": true}` is sent (invenio-rdm-records `services/schemas/files.py`,
 * `FilesSchema.field_dump_permissions`). A record without files (`enabled: false`) has 0 of them.
 */
function toFiles(files: NonNullable<RdmRecord['files']>): { count: number; totalBytes: number } | null {
  if (files.count == null && files.total_bytes == null && files.entries == null) {
    return files.enabled === false ? { count: 0, totalBytes: 0 } : null;
  }
  const entries = Object.values(files.entries ?? {});
  return {
    count: files.count ?? entries.length,
    totalBytes: files.total_bytes ?? entries.reduce((sum, entry) => sum + (entry.size ?? 0), 0),
  };
}

function describeRecord(raw: unknown, position: string | undefined): string {
  if (raw && typeof raw === 'object' && 'id' in raw) {
    const id = (raw as { id: unknown }).id;
    if (typeof id === 'number' || (typeof id === 'string' && id.length > 0)) return String(id);
  }
  return position ? `at ${position}` : '(unknown id)';
}
