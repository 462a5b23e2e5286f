import { HttpError, InvalidResponseError, NotFoundError } from '../errors.js';
import { communitySchema, formatIssues, type Community } from '../records/schema-legacy.js';
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
    if (error instanceof HttpError && (error.status === 404 || error.status === 410)) {
      throw new NotFoundError(`community '${slug}' not found on ${client.baseUrl}`, { cause: error });
    }
    throw error;
  }
  const parsed = communitySchema.safeParse(body);
  if (!parsed.success) {
    throw new InvalidResponseError(
      `GET ${client.resolve(path).href} did not return a community: ${formatIssues(parsed.error).join('; ')}`,
    );
  }
  return parsed.data;
}
