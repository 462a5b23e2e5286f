import type { Community } from '../records/schema-legacy.js';
import type { ZenodoRecord } from '../records/zenodo-record.js';
import type { ZenodoClient } from './client.js';
import { getCommunity } from './get-community.js';
import { iterateCommunityPages, type ListRecordsOptions } from './iterate-community-pages.js';

/**
 * Every record of a community, one at a time: looks the community up first (a 404 is a
 * {@link NotFoundError}), then pages through its records. Latest versions only unless `allVersions`.
 *
 * @example
 * const client = createZenodoClient();
 * for await (const record of listCommunityRecords(client, 'nfdi4bioimage')) {
 *   console.log(record.id, record.stats?.allVersions.downloads);
 * }
 */
export async function* listCommunityRecords(
  client: ZenodoClient,
  community: string | Community,
  options: ListRecordsOptions = {},
): AsyncGenerator<ZenodoRecord, void, undefined> {
  const resolved = typeof community === 'string' ? await getCommunity(client, community, options.signal) : community;
  for await (const page of iterateCommunityPages(client, resolved, options)) yield* page.records;
}

export interface CommunityListing {
  community: Community;
  records: ZenodoRecord[];
  /** Raw hits in the order they arrived, duplicates dropped (for `--raw`). */
  hits: unknown[];
  /** `hits.total` announced by Zenodo on the first page. */
  total: number;
  pages: number;
  warnings: string[];
}

/**
 * Fetches a whole community at once (see {@link listCommunityRecords}), keeping the raw hits too.
 *
 * @example
 * const { records, warnings } = await fetchCommunityRecords(createZenodoClient(), 'nfdi4bioimage');
 */
export async function fetchCommunityRecords(
  client: ZenodoClient,
  community: string,
  options: ListRecordsOptions & { keepHits?: boolean | undefined } = {},
): Promise<CommunityListing> {
  // Raw hits are several times the size of the records; keep them only when asked (`--raw`).
  const keepHits = options.keepHits ?? true;
  const warnings: string[] = [];
  const onWarning = (message: string) => {
    warnings.push(message);
    options.onWarning?.(message);
  };
  const resolved = await getCommunity(client, community, options.signal);
  const records: ZenodoRecord[] = [];
  const hits: unknown[] = [];
  let total = 0;
  let pages = 0;
  for await (const page of iterateCommunityPages(client, resolved, { ...options, onWarning })) {
    // Keep one raw hit per listed record, in the order the records were listed.
    const pending = new Set(page.records.map((r) => r.id));
    for (const hit of keepHits ? page.hits : []) {
      const id = String((hit as { id?: unknown }).id);
      if (pending.delete(id)) hits.push(hit);
    }
    records.push(...page.records);
    total = page.total;
    pages = page.page;
  }
  return { community: resolved, records, hits, total, pages, warnings };
}
