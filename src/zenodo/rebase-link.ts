import { PaginationError } from '../errors.js';

/**
 * Turns a link from a Zenodo response (`links.next`, `links.records`) into the URL to request on our own
 * `--base-url`. Zenodo builds links from its configured server name, whatever host the request came to
 * (invenio-records-resources `services/base/links.py`, `EndpointLink.expand`; zenodo-api.md §8b), so
 * `http://zenodo.org`, an alias, a proxy or a tunnel all get `https://zenodo.org/…` links. Their path and query
 * are followed on the `--base-url` origin, so the request (and the token) only ever goes to `--base-url`'s host.
 *
 * A link whose path lies outside the base URL's path (a base URL behind a proxy, `https://host/zenodo`, and a link
 * to `/api/records`) cannot be mapped safely and is refused with a {@link PaginationError}.
 *
 * @example
 * rebaseLink('https://zenodo.org/api/records?page=2', 'http://127.0.0.1:8080').href;
 * // 'http://127.0.0.1:8080/api/records?page=2'
 */
export function rebaseLink(link: string, baseUrl: string): URL {
  const base = new URL(`${baseUrl.replace(/\/+$/, '')}/`);
  let url: URL;
  try {
    url = new URL(link, base);
  } catch (error) {
    throw new PaginationError(`the link ${JSON.stringify(link)} is not a URL`, { cause: error });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new PaginationError(`the link ${link} is not an http(s) URL`);
  }
  if (!url.pathname.startsWith(base.pathname)) {
    throw new PaginationError(
      `the link ${link} is outside --base-url ${baseUrl} (its path ${url.pathname} does not start with ${base.pathname}); ` +
        `a base URL with a path (a proxy) must be the path under which the site's own /api lives`,
    );
  }
  return new URL(`${url.pathname}${url.search}`, base.origin);
}
