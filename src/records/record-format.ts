import { fitsLegacyRecord } from './fits-legacy-shapes.js';
import { fitsRdmRecord } from './fits-rdm-record.js';
import { legacyToRecord } from './legacy-to-record.js';
import type { NormalizeOptions } from './normalize-legacy-record.js';
import { rdmToRecord } from './rdm-to-record.js';
import type { ZenodoRecord } from './zenodo-record.js';

/**
 * The two JSON formats a record comes in (zenodo-api-samples/SHAPES.md): Zenodo's `legacy` JSON, which zenodo.org
 * serves by default, and the native InvenioRDM `rdm` JSON, which other InvenioRDM sites serve by default and
 * zenodo.org to `Accept: application/vnd.inveniordm.v1+json`.
 */
export type RecordFormat = 'legacy' | 'rdm';

/** What the listing needs to know about one format. */
export interface RecordFormatReader {
  /**
   * Validates a raw hit and turns it into a {@link ZenodoRecord}; rejects with a `ValidationError` naming the
   * field. A hit that passes the quick check costs no zod: its schemas are loaded only for one that does not
   * (issue 14, start-up).
   */
  normalize(raw: unknown, options: NormalizeOptions): Promise<ZenodoRecord>;
  /** Whether a raw (not yet validated) hit says it belongs to the community. */
  listsCommunity(raw: unknown, community: { id: string; slug: string }): boolean;
  /** Where a hit lists its communities, for messages. */
  communitiesField: string;
}

/**
 * One reader per format.
 *
 * @example
 * const record = await recordFormats[detectRecordFormat(hit) ?? 'legacy'].normalize(hit, { baseUrl: 'https://zenodo.org' });
 */
export const recordFormats: Record<RecordFormat, RecordFormatReader> = {
  legacy: {
    normalize: async (raw, options) =>
      fitsLegacyRecord(raw) ? legacyToRecord(raw, options.baseUrl) : (await import('./normalize-legacy-record.js')).normalizeLegacyRecord(raw, options),
    // `metadata.communities: [{"id": "<slug>"}]` (zenodojson.py, `dump_communities`).
    listsCommunity(raw, community) {
      const communities = (raw as { metadata?: { communities?: unknown } } | null)?.metadata?.communities;
      const wanted = community.slug.toLowerCase();
      // Only a string is a slug: an entry without one must not match a community whose slug is "undefined".
      return Array.isArray(communities) && communities.some((c) => {
        const id = (c as { id?: unknown } | null)?.id;
        return typeof id === 'string' && id.toLowerCase() === wanted;
      });
    },
    communitiesField: 'metadata.communities',
  },
  rdm: {
    normalize: async (raw, options) =>
      fitsRdmRecord(raw) ? rdmToRecord(raw, options.baseUrl) : (await import('./normalize-rdm-record.js')).normalizeRdmRecord(raw, options),
    // `parent.communities: {"ids": [uuid, …], "entries": [<community object>, …]}`: slugs only in the entries.
    listsCommunity(raw, community) {
      const communities = (raw as { parent?: { communities?: { ids?: unknown; entries?: unknown } } } | null)?.parent?.communities;
      const wanted = community.slug.toLowerCase();
      const ids = Array.isArray(communities?.ids) ? communities.ids : [];
      const entries = Array.isArray(communities?.entries) ? communities.entries : [];
      return (
        ids.includes(community.id) ||
        entries.some((e) => {
          const entry = e as { id?: unknown; slug?: unknown } | null;
          return entry?.id === community.id || (typeof entry?.slug === 'string' && entry.slug.toLowerCase() === wanted);
        })
      );
    },
    communitiesField: 'parent.communities',
  },
};

/**
 * Tells the format of one raw hit, or `undefined` when it looks like neither. RDM stats are split into
 * `stats.this_version` / `stats.all_versions`, legacy stats are flat (`stats.downloads`, `stats.version_downloads`).
 * A hit without stats (the legacy serializer drops the key when it cannot fill it) is told by its id: a JSON number
 * in the legacy format, a string next to a `parent` object in the RDM one (where zenodo.org's ids are numeric
 * strings).
 *
 * @example
 * detectRecordFormat({ id: 'a9awy-52h48', parent: { id: 'dj4cp-2b786' }, stats: { this_version: {}, all_versions: {} } }); // 'rdm'
 * detectRecordFormat({ id: 17897525, stats: { downloads: 855 } }); // 'legacy'
 */
export function detectRecordFormat(hit: unknown): RecordFormat | undefined {
  if (!isObject(hit)) return undefined;
  const { stats } = hit;
  if (isObject(stats)) {
    if ('this_version' in stats || 'all_versions' in stats) return 'rdm';
    if ('downloads' in stats || 'version_downloads' in stats) return 'legacy';
  }
  if (typeof hit['id'] === 'number') return 'legacy';
  if (typeof hit['id'] === 'string' && isObject(hit['parent'])) return 'rdm';
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
