import { InvalidResponseError, PaginationError } from '../errors.js';
import { fitsSearchPage } from '../records/fits-legacy-shapes.js';
import type { LegacySearchPage } from '../records/schema-legacy.js';
import type { ZenodoClient } from './client.js';
import { rebaseLink } from './rebase-link.js';

export interface FetchedPage {
  /** 1-based page number within this query. */
  page: number;
  url: string;
  body: LegacySearchPage;
}

export interface FollowPagesOptions {
  signal?: AbortSignal | undefined;
  /** Page size the query asked for (for the "past hits.total" guard). */
  size: number;
  /** The first page, when the caller has fetched it already (a probe that fitted): not fetched again. */
  first?: FetchedPage | undefined;
  /** Names the query in messages, e.g. `slice created:[2024-01-01 TO 2024-06-30]`. */
  label?: string | undefined;
  /** Resuming: `firstUrl` is this page of the query (not page 1), whose total announced `resumePages` pages. */
  startPage?: number | undefined;
  resumePages?: number | undefined;
  /** `Accept` header of every page request (the RDM format on zenodo.org); default the client's. */
  accept?: string | undefined;
}

/**
 * Fetches one search query page by page, following `links.next` until there is none (on `--base-url`'s origin,
 * whatever origin the link names). Stops with an error on a `links.next` that loops, leaves the base URL's path,
 * or runs past the pages `hits.total` announced, and on a body that is not a page of search results.
 *
 * @example
 * for await (const { body } of followPages(client, url, { size: 25 })) console.log(body.hits.hits.length);
 */
export async function* followPages(client: ZenodoClient, firstUrl: string, options: FollowPagesOptions): AsyncGenerator<FetchedPage, void, undefined> {
  const requested = new Set<string>();
  const where = options.label ? ` (${options.label})` : '';
  let nextUrl: string | undefined = firstUrl;
  let pages = options.resumePages ?? 0;
  const startPage = options.startPage ?? 1;
  for (let page = startPage; nextUrl !== undefined; page += 1) {
    let fetched: FetchedPage;
    if (page === 1 && options.first) {
      fetched = options.first;
      requested.add(fetched.url);
    } else {
      const url = resolveNext(client, nextUrl, page, where);
      if (requested.has(url.href)) {
        throw new PaginationError(`links.next of page ${page - 1}${where} loops back to ${url.href}, which was already fetched`);
      }
      requested.add(url.href);
      if (page > startPage && page > pages + 1) {
        throw new PaginationError(`links.next keeps going past the ${pages} pages that hits.total announced${where}; stopping at ${url.href}`);
      }
      fetched = await fetchSearchPage(client, url.href, page, options.signal, options.accept);
    }
    if (page === startPage && options.resumePages === undefined) pages = Math.ceil(fetched.body.hits.total / options.size);
    yield fetched;
    nextUrl = fetched.body.links?.next ?? undefined;
  }
}

/** One search request, its body checked to be a page of results. */
export async function fetchSearchPage(client: ZenodoClient, url: string, page: number, signal?: AbortSignal, accept?: string): Promise<FetchedPage> {
  const response = await client.getJson(url, { kind: 'search', signal, accept });
  if (fitsSearchPage(response.body)) return { page, url, body: response.body };
  // zod (loaded only now) accepts what the quick check was unsure of, or names what is wrong.
  const { formatIssues, legacySearchPageSchema } = await import('../records/schema-legacy.js');
  const parsed = legacySearchPageSchema.safeParse(response.body);
  if (!parsed.success) {
    throw new InvalidResponseError(`GET ${url} did not return a page of search results: ${formatIssues(parsed.error).join('; ')}`);
  }
  return { page, url, body: parsed.data };
}

/**
 * Zenodo names its configured server in links, whatever host was asked (zenodo-api.md §8b): a link is followed as
 * its path and query on `--base-url`'s origin, so the token never leaves that host; a link outside the base URL's
 * path is refused.
 */
function resolveNext(client: ZenodoClient, next: string, page: number, where: string): URL {
  let rebased: URL;
  try {
    rebased = rebaseLink(next, client.baseUrl);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PaginationError(`links.next of page ${page - 1}${where} cannot be followed: ${reason}; not following it`, { cause: error });
  }
  return client.resolve(rebased.href);
}
