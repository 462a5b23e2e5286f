import type { RdmCounters, RdmRecord } from './schema-rdm.js';
import type { Counters, ZenodoRecord } from './zenodo-record.js';

/**
 * An RDM hit that fits `rdmRecordSchema` (checked by zod or by `fitsRdmRecord`) as a {@link ZenodoRecord}.
 *
 * @example
 * rdmToRecord(hit, 'https://rogue-scholar.org').volume?.allVersions; // bytes downloaded, all versions
 */
export function rdmToRecord(r: RdmRecord, baseUrl: string): ZenodoRecord {
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
