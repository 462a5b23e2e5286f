import { UsageError } from '../errors.js';

/** `scheme://userinfo@` at the start of a URL: what a user name and password look like before the host. */
const userinfo = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#@]*)@/i;

/**
 * A URL as it may be shown: a password becomes `***` (`https://user:***@host/`); a user name without a password
 * is masked too, since tokens are often given that way (`https://<token>@host/`). Works on text that is not a
 * valid URL, so an error about a malformed URL does not echo its password either.
 *
 * @example
 * maskUrlCredentials('https://me:s3cret@zenodo.org/'); // 'https://me:***@zenodo.org/'
 */
export function maskUrlCredentials(text: string): string {
  return text.replace(userinfo, (_all, scheme: string, info: string) => {
    const colon = info.indexOf(':');
    return colon === -1 ? `${scheme}***@` : `${scheme}${info.slice(0, colon)}:***@`;
  });
}

/**
 * Refuses a site root that carries credentials (`https://user:password@host/`), before any request: fetch
 * refuses to send such a URL anyway (WHATWG Fetch: "Request cannot be constructed from a URL that includes
 * credentials"), which would read as a network failure and be retried; and the password would end up in
 * messages and in every stored snapshot's site. `source` names where the URL came from (`--base-url`,
 * `ZENODO_BASE_URL`). Returns the value unchanged when it has none; the client checks the rest.
 *
 * @example
 * checkBaseUrl(process.env.ZENODO_BASE_URL ?? 'https://zenodo.org', 'ZENODO_BASE_URL');
 */
export function checkBaseUrl(value: string, source: string): string {
  if (userinfo.test(value.trim())) {
    throw new UsageError(
      `${source}: ${maskUrlCredentials(value.trim())} has a user name or password in it; zenodo-stats sends no credentials in URLs. Give the site root alone, and a token with ZENODO_TOKEN or --token.`,
    );
  }
  return value;
}

/**
 * The site root from `--base-url`, else `ZENODO_BASE_URL`, else zenodo.org, checked by `checkBaseUrl`.
 *
 * @example
 * siteRoot(flags.baseUrl, io.env); // 'https://zenodo.org'
 */
export function siteRoot(flag: string | undefined, env: Record<string, string | undefined>): string {
  if (flag !== undefined) return checkBaseUrl(flag, '--base-url');
  if (env.ZENODO_BASE_URL !== undefined && env.ZENODO_BASE_URL !== '') return checkBaseUrl(env.ZENODO_BASE_URL, 'ZENODO_BASE_URL');
  return 'https://zenodo.org';
}
