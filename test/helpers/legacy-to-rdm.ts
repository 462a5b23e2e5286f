/**
 * Turns a legacy record (the fixture format) into the same record in the native InvenioRDM JSON, so that one
 * fixture can back a legacy site, an RDM site, and zenodo.org serving both. The shape follows the real RDM
 * samples (test/fixtures/api-samples/rdm-record-rogue-scholar-*.json) and SHAPES.md; the mapping is the inverse
 * of Zenodo's legacy serializer (zenodo/zenodo-rdm `site/zenodo_rdm/legacy/serializers/schemas/common.py`,
 * `zenodojson.py`):
 *
 * - `conceptrecid` → `parent.id`, `conceptdoi` → `parent.pids.doi`, `doi` → `pids.doi`;
 * - `metadata.communities[].id` (slugs) → `parent.communities.ids` (UUIDs) and `.entries` (community objects);
 * - `stats` plain keys → `stats.all_versions`, `version_*` → `stats.this_version`, plus `data_volume` =
 *   downloads × the record's mean file size (0 without files): deterministic, and bytes as a float like the real
 *   thing. A record without `stats` stays without. Post-migration meaning only (SHAPES.md: the legacy keys
 *   flipped in October 2023; no fixture record predates it);
 * - `metadata.keywords` → free-text `metadata.subjects` (no `id`: Zenodo's `dump_keywords` keeps only those);
 * - `metadata.resource_type` `{type, subtype}` → `{id: "type-subtype"}`; `relations.version[0]` → `versions`;
 * - `files` (either shape: `key`/`size` or the 2023 `filename`/`filesize`) → `files.entries`, `count`, `total_bytes`.
 *
 * Pure: the input is not changed.
 */
import type { LegacyRecord } from './dataset.js';
import type { FakeCommunity } from './fake-zenodo.js';

type Json = Record<string, unknown>;

/**
 * @example
 * const { records, communities } = loadCommunityFixture();
 * const rdm = legacyToRdm(records[0]!, communities);
 * rdm.stats; // { this_version: {…}, all_versions: {…} }
 */
export function legacyToRdm(record: LegacyRecord, communities: readonly FakeCommunity[]): Json {
  const r = structuredClone(record);
  const m = r.metadata;
  const id = String(r.id);
  const relation = m.relations?.version?.[0];
  const files = toFiles(r['files'], r.links);
  const rdm: Json = {
    id,
    created: r.created,
    updated: r['updated'] ?? r['modified'] ?? r.created,
    // The legacy serializer passes RDM's links through unchanged (SHAPES.md).
    links: r.links,
    revision_id: r['revision'] ?? 1,
    parent: {
      id: r.conceptrecid,
      access: { owned_by: owner(r['owners']) },
      communities: toCommunities(m.communities ?? [], communities, id),
      pids: typeof r['conceptdoi'] === 'string' ? { doi: doiPid(r['conceptdoi']) } : {},
    },
    versions: { is_latest: relation?.is_last ?? true, index: (relation?.index ?? 0) + 1 },
    is_published: true,
    is_draft: false,
    pids: {
      ...(typeof r['doi'] === 'string' ? { doi: doiPid(r['doi']) } : {}),
      oai: { identifier: `oai:zenodo.org:${id}`, provider: 'oai' },
    },
    metadata: toMetadata(m),
    custom_fields: {},
    access: {
      record: 'public',
      files: m['access_right'] === 'open' ? 'public' : 'restricted',
      embargo: { active: false, reason: null },
      status: files.count === 0 ? 'metadata-only' : m['access_right'] === 'open' ? 'open' : 'restricted',
    },
    files,
    media_files: { enabled: false, order: [], count: 0, total_bytes: 0, entries: {} },
    status: 'published',
    deletion_status: { is_deleted: false, status: 'P' },
  };
  if (r.stats) rdm['stats'] = toStats(r.stats, files.count === 0 ? 0 : files.total_bytes / files.count);
  return rdm;
}

function doiPid(identifier: string): Json {
  return { identifier, provider: 'datacite', client: 'datacite' };
}

function owner(owners: unknown): Json {
  const first = Array.isArray(owners) ? (owners[0] as unknown) : undefined;
  const ownerId = first && typeof first === 'object' ? (first as { id?: unknown }).id : first;
  return ownerId === undefined ? {} : { user: String(ownerId) };
}

function toCommunities(listed: { id: string }[], known: readonly FakeCommunity[], recordId: string): Json {
  if (listed.length === 0) return {};
  const entries = listed.map(({ id: slug }) => {
    const c = known.find((k) => k.slug === slug);
    if (!c) throw new Error(`legacyToRdm: record ${recordId} lists community '${slug}', which is not among the communities given`);
    return communityEntry(c);
  });
  const ids = entries.map((e) => e['id'] as string);
  return { ids, default: ids[0], entries };
}

/** A full community object, as in `parent.communities.entries` of the rogue-scholar samples. */
function communityEntry(c: FakeCommunity): Json {
  return {
    id: c.id,
    created: '2022-03-01T09:12:44.521870+00:00',
    updated: '2025-06-02T14:03:11.904512+00:00',
    links: {},
    revision_id: 4,
    slug: c.slug,
    metadata: { title: c.title, type: { id: 'project' } },
    access: { visibility: 'public', members_visibility: 'public', member_policy: 'open', record_submission_policy: 'open', review_policy: 'closed' },
    custom_fields: {},
    deletion_status: { is_deleted: false, status: 'P' },
    children: { allow: false },
  };
}

function toMetadata(m: LegacyRecord['metadata']): Json {
  const type = m['resource_type'] as { type: string; subtype?: string; title?: string } | undefined;
  const creators = (m['creators'] as { name: string; affiliation?: string; orcid?: string }[] | undefined) ?? [];
  const keywords = (m['keywords'] as string[] | undefined) ?? [];
  const license = m['license'] as { id: string } | undefined;
  const metadata: Json = {
    resource_type: type ? { id: type.subtype ? `${type.type}-${type.subtype}` : type.type, title: { en: type.title ?? type.type } } : undefined,
    creators: creators.map(toCreator),
    title: m.title,
    publisher: 'Zenodo',
    publication_date: m['publication_date'],
    subjects: keywords.length > 0 ? keywords.map((subject) => ({ subject })) : undefined,
    version: m['version'],
    rights: license ? [{ id: license.id }] : undefined,
    description: m['description'],
  };
  // Like the real serializer, leave out what the record does not have rather than sending nulls.
  return Object.fromEntries(Object.entries(metadata).filter(([, v]) => v !== undefined));
}

function toCreator(c: { name: string; affiliation?: string; orcid?: string }): Json {
  const comma = c.name.indexOf(',');
  const person: Json =
    comma === -1
      ? { type: 'organizational', name: c.name }
      : { type: 'personal', name: c.name, given_name: c.name.slice(comma + 1).trim(), family_name: c.name.slice(0, comma).trim() };
  if (c.orcid) person['identifiers'] = [{ identifier: c.orcid, scheme: 'orcid' }];
  return c.affiliation ? { person_or_org: person, affiliations: [{ name: c.affiliation }] } : { person_or_org: person };
}

interface RdmFiles {
  enabled: boolean;
  order: string[];
  count: number;
  total_bytes: number;
  entries: Json;
}

function toFiles(files: unknown, links: Json): RdmFiles {
  const list = Array.isArray(files) ? (files as Json[]) : [];
  const entries: Json = {};
  let total = 0;
  for (const f of list) {
    const key = String(f['key'] ?? f['filename']);
    const size = Number(f['size'] ?? f['filesize'] ?? 0);
    const checksum = String(f['checksum'] ?? '');
    const base = `${String(links['self'] ?? '')}/files/${encodeURIComponent(key)}`;
    total += size;
    entries[key] = {
      id: f['id'],
      key,
      size,
      checksum: checksum.startsWith('md5:') ? checksum : `md5:${checksum}`,
      ext: key.includes('.') ? key.slice(key.lastIndexOf('.') + 1) : null,
      links: { self: base, content: `${base}/content` },
    };
  }
  return { enabled: list.length > 0, order: [], count: list.length, total_bytes: total, entries };
}

function toStats(s: Record<string, unknown>, meanFileSize: number): Json {
  const half = (prefix: '' | 'version_'): Json => {
    const out: Json = {};
    for (const key of ['views', 'unique_views', 'downloads', 'unique_downloads'] as const) {
      if (`${prefix}${key}` in s) out[key] = s[`${prefix}${key}`];
    }
    const downloads = s[`${prefix}downloads`];
    if (typeof downloads === 'number') out['data_volume'] = downloads * meanFileSize;
    return out;
  };
  return { this_version: half('version_'), all_versions: half('') };
}
