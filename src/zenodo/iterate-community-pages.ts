import { InvalidResponseError, PaginationError, ValidationError, type RecordProblem } from '../errors.js';
import { normalizeLegacyRecord } from '../records/normalize-legacy-record.js';
import { formatIssues, legacySearchPageSchema, type Community } from '../records/schema-legacy.js';
import type { ZenodoRecord } from '../records/zenodo-record.js';
import type { ZenodoClient } from './client.js';

/** Zenodo's search stops at 10 000 results: a page starting at or past it is a 400 (zenodo-api.md §5, §8a). */
export const searchResultWindow = 10_000;

export interface ListProgress {
  /** Pages fetched so far. */
  page: number;
  /** Pages the listing needs, from `hits.total`. */
  pages: number;
  /** Distinct records listed so far. */
  records: number;
  /** `hits.total` as Zenodo announced it on the first page. */
  total: number;
}

export interface ListRecordsOptions {
  /** Every version of every concept instead of the latest only (the default). */
  allVersions?: boolean | undefined;
  /** Page size; default and maximum the client's (25 anonymous, 100 with a token; zenodo-api.md §1). */
  pageSize?: number | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: ListProgress) => void) | undefined;
  /** Things worth telling a person that do not stop the run. */
  onWarning?: ((message: string) => void) | undefined;
}

export interface RecordPage {
  /** 1-based page number. */
  page: number;
  pages: number;
  total: number;
  url: string;
  /** The records of this page that were not already listed on an earlier page. */
  records: ZenodoRecord[];
  /** The raw hits of this page as Zenodo sent them (for `--raw`). */
  hits: unknown[];
}

/**
 * Pages through a community's records with the largest page size allowed, following `links.next`.
 *
 * Sorted `oldest` first (by creation date), so records created while the run goes on land on the last page
 * instead of shifting earlier pages. Records are deduplicated by id; at the end the count is compared with
 * `hits.total` and any disagreement reported through `onWarning`. A looping or off-site `links.next`, a page
 * that is not a search result, and a hit that does not fit the schema all stop the iteration with an error.
 *
 * @example
 * const community = await getCommunity(client, 'nfdi4bioimage');
 * for await (const page of iterateCommunityPages(client, community)) {
 *   console.log(page.page, page.records.length);
 * }
 */
export async function* iterateCommunityPages(
  client: ZenodoClient,
  community: Community,
  options: ListRecordsOptions = {},
): AsyncGenerator<RecordPage, void, undefined> {
  const { signal, onProgress, onWarning } = options;
  const size = options.pageSize ?? client.maxPageSize;
  if (!Number.isInteger(size) || size < 1 || size > client.maxPageSize) {
    throw new PaginationError(
      `page size ${size} is not allowed: Zenodo accepts 1–${client.maxPageSize} ${client.hasToken ? 'with a token' : 'without a token'}`,
    );
  }
  const first = client.resolve('/api/records');
  first.searchParams.set('communities', community.slug);
  first.searchParams.set('size', String(size));
  first.searchParams.set('sort', 'oldest');
  first.searchParams.set('page', '1');
  if (options.allVersions) first.searchParams.set('all_versions', 'true');

  const seenIds = new Set<string>();
  const conceptOf = new Map<string, string>();
  const requested = new Set<string>();
  let nextUrl: string | undefined = first.href;
  let total = 0;
  let pages = 0;
  let duplicates = 0;
  let totalChanged = false;

  for (let page = 1; nextUrl !== undefined; page += 1) {
    const url: URL = resolveNext(client, nextUrl, page);
    if (requested.has(url.href)) {
      throw new PaginationError(`links.next of page ${page - 1} loops back to ${url.href}, which was already fetched`);
    }
    requested.add(url.href);
    if (page > 1 && page > pages + 1) {
      throw new PaginationError(
        `links.next keeps going past the ${pages} pages that hits.total (${total}) announced; stopping at ${url.href}`,
      );
    }

    const response = await client.getJson(url.href, { kind: 'search', signal });
    const parsed = legacySearchPageSchema.safeParse(response.body);
    if (!parsed.success) {
      throw new InvalidResponseError(
        `GET ${url.href} did not return a page of search results: ${formatIssues(parsed.error).join('; ')}`,
      );
    }
    const body = parsed.data;

    if (page === 1) {
      total = body.hits.total;
      pages = Math.ceil(total / size);
      if (total > searchResultWindow) {
        throw new PaginationError(
          `community '${community.slug}' has ${total} records${options.allVersions ? ' (all versions)' : ''}, more than the ${searchResultWindow} results Zenodo's search can page through; listing it needs date slices, which this version does not do yet`,
        );
      }
      assertFilterApplied(body.hits.hits, community, url.href);
    } else if (body.hits.total !== total && !totalChanged) {
      totalChanged = true;
      onWarning?.(`hits.total changed from ${total} to ${body.hits.total} during the run (page ${page}); records were added or removed meanwhile`);
    }

    const records: ZenodoRecord[] = [];
    const problems: RecordProblem[] = [];
    const notListed: string[] = [];
    body.hits.hits.forEach((hit, index) => {
      try {
        const record = normalizeLegacyRecord(hit, { baseUrl: client.baseUrl, position: `page ${page}, hit ${index + 1}` });
        if (seenIds.has(record.id)) {
          duplicates += 1;
          return;
        }
        seenIds.add(record.id);
        if (!listsCommunity(hit, community.slug)) notListed.push(record.id);
        if (!options.allVersions && record.conceptId !== null) {
          const earlier = conceptOf.get(record.conceptId);
          if (earlier !== undefined) {
            onWarning?.(
              `records ${earlier} and ${record.id} are both listed as the latest version of concept ${record.conceptId}: a new version was published during the run, so pages may have shifted; run again for an exact list`,
            );
          }
          conceptOf.set(record.conceptId, record.id);
        }
        records.push(record);
      } catch (error) {
        if (error instanceof ValidationError) problems.push(...error.problems);
        else throw error;
      }
    });
    if (problems.length > 0) throw new ValidationError(problems);
    if (notListed.length > 0) {
      onWarning?.(
        `record${notListed.length === 1 ? '' : 's'} ${notListed.join(', ')} came back for community '${community.slug}' but do${notListed.length === 1 ? 'es' : ''} not list it in metadata.communities; kept`,
      );
    }

    onProgress?.({ page, pages, records: seenIds.size, total });
    yield { page, pages, total, url: url.href, records, hits: body.hits.hits };
    nextUrl = body.links?.next ?? undefined;
  }

  if (duplicates > 0) {
    onWarning?.(`${duplicates} hit${duplicates === 1 ? ' was' : 's were'} listed twice and counted once`);
  }
  if (seenIds.size !== total) {
    onWarning?.(
      `Zenodo announced ${total} records but ${seenIds.size} were listed; records may have been added or removed during the run`,
    );
  }
}

function resolveNext(client: ZenodoClient, next: string, page: number): URL {
  try {
    return client.resolve(next);
  } catch (error) {
    throw new PaginationError(`links.next of page ${page - 1} points off-site (${next}); not following it`, {
      cause: error,
    });
  }
}

/**
 * Second line of defence against the unknown-community trap (zenodo-api.md §8): a filtered search returns only
 * records that list the community in `metadata.communities`. If most of the first page does not, the site
 * dropped the filter and we would be listing all of it.
 */
function assertFilterApplied(hits: unknown[], community: Community, url: string): void {
  if (hits.length === 0) return;
  const foreign = hits.filter((hit) => !listsCommunity(hit, community.slug));
  if (foreign.length * 2 > hits.length) {
    throw new PaginationError(
      `GET ${url} returned records that are not in community '${community.slug}' (${foreign.length} of ${hits.length} on the first page): the site ignored the community filter, so the listing would not be this community's`,
    );
  }
}

function listsCommunity(hit: unknown, slug: string): boolean {
  const communities = (hit as { metadata?: { communities?: unknown } } | null)?.metadata?.communities;
  const wanted = slug.toLowerCase();
  return Array.isArray(communities) && communities.some((c) => String((c as { id?: unknown } | null)?.id).toLowerCase() === wanted);
}
