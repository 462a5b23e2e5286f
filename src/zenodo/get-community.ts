import { CommunityDeletedError, HttpError, InvalidResponseError, NotFoundError, RouteNotFoundError, serverSaid } from '../errors.js';
import { fitsCommunity } from '../records/fits-legacy-shapes.js';
import type { Community } from '../records/schema-legacy.js';
import type { ZenodoClient } from './client.js';

/**
 * Looks a community up by slug (or UUID). This check is vital: zenodo.org silently drops a community slug it
 * cannot resolve from `/api/records?communities=…`, and with none left applies no filter at all, so a typo
 * would page through every public record on Zenodo (zenodo-api.md §8, zenodo/zenodo-rdm `params.py`,
 * `LegacyCommunitiesParam`).
 *
 * @example
 * const community = await getCommunity(client, 'nfdi4bioimage');
 * community.slug; // 'nfdi4bioimage'
 */
export async function getCommunity(client: ZenodoClient, slug: string, signal?: AbortSignal): Promise<Community> {
  const path = `/api/communities/${encodeURIComponent(slug)}`;
  let body: unknown;
  try {
    ({ body } = await client.getJson(path, { kind: 'other', signal }));
  } catch (error) {
    // A route 404 (a wrong --base-url) is thrown as it is: it says nothing about the community (§8b).
    if (error instanceof RouteNotFoundError) throw error;
    const said = error instanceof HttpError ? serverSaid(error) : '';
    const reason = error instanceof HttpError ? ` (GET ${error.url}: ${error.status}${said ? ` ${said}` : ''})` : '';
    // InvenioRDM answers 410 for a deleted community (invenio-communities `communities/resources/config.py`).
    if (error instanceof HttpError && error.status === 410) {
      throw new CommunityDeletedError(`community '${slug}' was deleted from ${client.baseUrl}${reason}`, { cause: error });
    }
    if (error instanceof HttpError && error.status === 404) {
      throw new NotFoundError(`community '${slug}' not found on ${client.baseUrl}${reason}`, { cause: error });
    }
    throw error;
  }
  if (fitsCommunity(body)) return body;
  // zod (loaded only now) accepts what the quick check was unsure of, or names what is wrong.
  const { communitySchema, formatIssues } = await import('../records/schema-legacy.js');
  const parsed = communitySchema.safeParse(body);
  if (!parsed.success) {
    throw new InvalidResponseError(
      `GET ${client.resolve(path).href} did not return a community: ${formatIssues(parsed.error).join('; ')}`,
    );
  }
  return parsed.data;
}
