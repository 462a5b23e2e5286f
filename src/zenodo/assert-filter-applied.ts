import { PaginationError } from '../errors.js';
import { detectRecordFormat, recordFormats, type RecordFormatReader } from '../records/record-format.js';
import type { Community } from '../records/schema-legacy.js';

/**
 * Second line of defence against the unknown-community trap (zenodo-api.md §8), returning the error rather than
 * throwing it so that the caller can first rule out a renamed community's stale slug: a filtered search returns only
 * records that list the community (legacy `metadata.communities`, RDM `parent.communities`). If most of the first
 * page does not, the site dropped the filter and we would be listing all of it. A plain InvenioRDM site ignores
 * `communities=` on `/api/records` altogether and answers RDM JSON: the message then says so.
 */
export function assertFilterApplied(hits: unknown[], community: Community, url: string, reader: RecordFormatReader): PaginationError | undefined {
  if (hits.length === 0) return undefined;
  const foreign = hits.filter((hit) => !reader.listsCommunity(hit, community));
  if (foreign.length * 2 > hits.length) {
    const rdmSite = reader === recordFormats.legacy && detectRecordFormat(hits[0]) === 'rdm';
    const hint = rdmSite ? `; its hits are InvenioRDM's RDM JSON, so this looks like a plain InvenioRDM site: list it in the 'rdm' or 'auto' format` : '';
    return new PaginationError(
      `GET ${url} returned records that are not in community '${community.slug}' (${foreign.length} of ${hits.length} on the first page): the site ignored the community filter, so the listing would not be this community's${hint}`,
    );
  }
  return undefined;
}
