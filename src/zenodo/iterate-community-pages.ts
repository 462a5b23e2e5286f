import { InvalidResponseError, PaginationError, ValidationError, type RecordProblem } from '../errors.js';
import { detectRecordFormat, recordFormats, type RecordFormatReader } from '../records/record-format.js';
import type { Community } from '../records/schema-legacy.js';
import type { ZenodoRecord } from '../records/zenodo-record.js';
import type { ZenodoClient } from './client.js';
import { addDays, createdQuery, dayOf, daysBetween, densityAfterOverflow, sliceDays } from './created-slices.js';
import { assertFilterApplied } from './assert-filter-applied.js';
import { fetchSearchPage, followPages, type FetchedPage } from './follow-pages.js';

/** Zenodo's search stops at 10 000 results: a page starting at or past it is a 400 (zenodo-api.md §5, §8a). */
export const searchResultWindow = 10_000;

/** Asks zenodo.org for the native InvenioRDM JSON instead of its legacy JSON (zenodo-api.md §8, SHAPES.md). */
const rdmMediaType = 'application/vnd.inveniordm.v1+json';

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
  /** Clock for "today" (the end of the last date slice); default `Date.now`. */
  now?: (() => number) | undefined;
  /** Continue an interrupted listing from a checkpoint instead of starting afresh. */
  resume?: ResumeFrom | undefined;
  /**
   * Which JSON the listing asks for and reads (zenodo-api-samples/SHAPES.md). Default `'rdm'`.
   * - `'rdm'`: `GET /api/communities/<uuid>/records` with `Accept: application/vnd.inveniordm.v1+json`, the native
   *   InvenioRDM JSON, on zenodo.org and any other InvenioRDM site. It is what zenodo.org's own community page
   *   asks for, carries `stats.*.data_volume` and file sizes (so `est_full_downloads` can be filled), matches the
   *   community by id, and is not verified-sorted (invenio-rdm-records `services/config.py`,
   *   `RDMCommunityRecordSearchOptions.verified_sorting_enabled = False`; zenodo-api.md §8b). zenodo.org serves
   *   it there: zenodo-rdm `invenio.cfg` sets `RDM_RECORDS_SERIALIZERS` to `site/zenodo_rdm/resources.py`'s
   *   `record_serializers`, which keep InvenioRDM's `application/vnd.inveniordm.v1+json` handler, and
   *   invenio-rdm-records `resources/config.py` `RDMCommunityRecordsResourceConfig` serves the community records
   *   route with those serializers.
   * - `'legacy'`: `GET /api/records?communities=<slug>`, Zenodo's legacy JSON. zenodo.org only: plain InvenioRDM
   *   sites have no `communities=` filter there (the listing then stops with a {@link PaginationError}).
   * - `'auto'`: `GET /api/communities/<uuid>/records` with the client's `Accept: application/json`, which zenodo.org
   *   answers in legacy JSON and other InvenioRDM sites in RDM JSON; the format is read off the first hit
   *   (flat `stats.downloads` and a numeric `id`: legacy; `stats.this_version`: RDM; see `detectRecordFormat`).
   *
   * The community endpoint is addressed by the UUID the community lookup returned, so it has no
   * unknown-community trap (zenodo-api.md §8). The same sort, page size, `created` slices and checks apply to all.
   */
  format?: 'legacy' | 'rdm' | 'auto' | undefined;
  /**
   * A collection defined by a search instead of a community (`summarize --query`): `GET /api/records?q=<query>`
   * on any site, the community given only names the listing. zenodo.org sorts this endpoint by
   * `-parent.is_verified` first (zenodo-api.md §8b), which changes the order of pages but not what a `created`
   * slice holds: slices never take their bounds from the order of hits, so every record comes once.
   */
  query?: string | undefined;
}

export interface RecordPage {
  /** 1-based page number over the whole listing (slices included). */
  page: number;
  pages: number;
  total: number;
  url: string;
  /** The records of this page that were not already listed on an earlier page. */
  records: ZenodoRecord[];
  /** The raw hits of this page as Zenodo sent them (for `--raw`). */
  hits: unknown[];
  /** Where the listing stands after this page: enough to resume it later (`ListRecordsOptions.resume`). */
  state: ListingState;
}

/** A listing's position, JSON-serialisable, saved with each checkpoint. */
export interface ListingState {
  /** `hits.total` of the whole query on its first page. */
  total: number;
  /** The total the listing must add up to (the last page's, or the slices' sum). */
  expected: number;
  pages: number;
  pageCount: number;
  duplicates: number;
  totalChanged: boolean;
  shortPages: string[];
  /** The next page to fetch (of the whole query, or of the current slice); `null` when the query or slice is done. */
  nextUrl: string | null;
  /** Page number of `nextUrl` within its query, and the pages that query announced. */
  nextPage: number;
  queryPages: number;
  /** Listed records that are not public (RDM `access.record`), seen only with a token that may read them. */
  notPublic?: number | undefined;
  /** Date slicing, past the 10 000-result window. */
  sliced: SlicingState | null;
}

/** Where date slicing stands (see `iterateCommunityPages`). */
export interface SlicingState {
  /** First day of the current slice; `''` once the last slice is done. While `openBelow`, only a hint for sizing. */
  start: string;
  end: string | null;
  perDay: number;
  /** Records the finished slices (and the current one) held. */
  count: number;
  days: number;
  /** The current slice is the first: `created:[* TO end]`, so no record older than the hint can be missed. */
  openBelow?: boolean | undefined;
  /** Days before `start` the open-below slice ends at, once even `[* TO start]` overflowed. */
  stepBack?: number | undefined;
}

export interface ResumeFrom {
  state: ListingState;
  /** Ids of the records already listed (from the checkpoint). */
  seenIds: Iterable<string>;
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
  const format = options.format ?? 'rdm';
  const search = options.query;
  const recordsPath = format === 'legacy' || search !== undefined ? '/api/records' : `/api/communities/${encodeURIComponent(community.id)}/records`;
  const accept = format === 'rdm' ? rdmMediaType : undefined;
  /** What the listing is of, in messages. */
  const what = search === undefined ? `community '${community.slug}'` : `query '${search}'`;
  const queryUrl = (slice?: string): string => {
    const url = client.resolve(recordsPath);
    if (format === 'legacy' && search === undefined) url.searchParams.set('communities', community.slug);
    const q = search === undefined ? slice : slice === undefined ? search : `(${search}) AND ${slice}`;
    if (q !== undefined) url.searchParams.set('q', q);
    url.searchParams.set('size', String(size));
    url.searchParams.set('sort', 'oldest');
    url.searchParams.set('page', '1');
    // `all_versions` is zenodo.org's legacy spelling; InvenioRDM itself knows only `allversions`
    // (invenio-rdm-records `resources/args.py`), which zenodo.org accepts too.
    if (options.allVersions) url.searchParams.set(format === 'legacy' ? 'all_versions' : 'allversions', 'true');
    return url.href;
  };
  let reader: RecordFormatReader | undefined = format === 'auto' ? undefined : recordFormats[format];
  /** The reader of a page's hits: fixed up front, or ('auto') read off the first hit that arrives. */
  const readerOf = (hits: unknown[], url: string): RecordFormatReader => {
    if (reader) return reader;
    // No hit, nothing to read: any reader will do, and the next page decides.
    if (hits.length === 0) return recordFormats.legacy;
    const detected = detectRecordFormat(hits[0]);
    if (detected === undefined) {
      throw new InvalidResponseError(
        `GET ${url}: cannot tell whether the site answers Zenodo's legacy JSON or InvenioRDM's RDM JSON (the first hit has neither stats.downloads nor stats.this_version); set the format to 'legacy' or 'rdm'`,
      );
    }
    reader = recordFormats[detected];
    return reader;
  };

  const seenIds = new Set<string>(options.resume?.seenIds ?? []);
  /** The legacy hits carry a renamed community's old slug (checked by id): no warning per record then. */
  let staleSlug = false;
  const conceptOf = new Map<string, string>();
  let state: ListingState;
  let probe: FetchedPage | undefined;
  if (options.resume) {
    state = structuredClone(options.resume.state);
  } else {
    // The whole query's first page: its total decides whether the listing needs date slices.
    probe = await fetchSearchPage(client, queryUrl(), 1, signal, accept);
    const filterCheck = search === undefined ? assertFilterApplied(probe.body.hits.hits, community, probe.url, readerOf(probe.body.hits.hits, probe.url)) : undefined;
    if (filterCheck !== undefined) {
      if (format !== 'legacy') throw filterCheck;
      // Legacy hits name communities by slug, and zenodo.org caches a renamed community's old slug for 24 h
      // (zenodo-rdm `legacy/serializers/schemas/common.py`, `resolve_communities`, `cache_ttl=60*60*24`), while the
      // filter itself resolves the slug to the community's id. One request to the community's own endpoint,
      // which matches by id, tells a stale slug (same total) from a dropped filter (zenodo-api.md §8b).
      const byId = client.resolve(`/api/communities/${encodeURIComponent(community.id)}/records`);
      byId.searchParams.set('size', '1');
      byId.searchParams.set('page', '1');
      if (options.allVersions) byId.searchParams.set('allversions', 'true');
      const check = await fetchSearchPage(client, byId.href, 1, signal);
      if (check.body.hits.total !== probe.body.hits.total) throw filterCheck;
      staleSlug = true;
      onWarning?.(
        `the hits do not list community '${community.slug}' in metadata.communities, yet ${check.url} announces the same ${check.body.hits.total} records: the community was probably renamed within the last 24 hours (zenodo.org's legacy JSON keeps the old slug for a day); listed as '${community.slug}'`,
      );
    }
    const total = probe.body.hits.total;
    state = {
      total,
      expected: total,
      pages: Math.ceil(total / size),
      pageCount: 0,
      duplicates: 0,
      totalChanged: false,
      shortPages: [],
      nextUrl: probe.url,
      nextPage: 1,
      queryPages: Math.ceil(total / size),
      sliced: null,
    };
  }
  const { total } = state;

  const take = async (fetched: FetchedPage, label: string): Promise<RecordPage> => {
    state.pageCount += 1;
    const page = state.pageCount;
    const hitCount = fetched.body.hits.hits.length;
    if (fetched.body.links?.next && hitCount < size) state.shortPages.push(`${label}page ${fetched.page}: ${hitCount} of ${size} hits`);
    const records: ZenodoRecord[] = [];
    const problems: RecordProblem[] = [];
    const notListed: string[] = [];
    const read = readerOf(fetched.body.hits.hits, fetched.url);
    for (const [index, hit] of fetched.body.hits.hits.entries()) {
      try {
        const record = await read.normalize(hit, { baseUrl: client.baseUrl, position: `${label}page ${fetched.page}, hit ${index + 1}` });
        if (seenIds.has(record.id)) {
          state.duplicates += 1;
          continue;
        }
        seenIds.add(record.id);
        if (record.recordAccess !== undefined) state.notPublic = (state.notPublic ?? 0) + 1;
        if (search === undefined && !read.listsCommunity(hit, community)) notListed.push(record.id);
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
    }
    if (problems.length > 0) throw new ValidationError(problems);
    if (notListed.length > 0 && !staleSlug) {
      onWarning?.(
        `record${notListed.length === 1 ? '' : 's'} ${notListed.join(', ')} came back for community '${community.slug}' but do${notListed.length === 1 ? 'es' : ''} not list it in ${read.communitiesField}; kept`,
      );
    }
    state.nextUrl = fetched.body.links?.next ?? null;
    state.nextPage = fetched.page + 1;
    state.pages = Math.max(state.pages, page);
    onProgress?.({ page, pages: state.pages, records: seenIds.size, total });
    return { page, pages: state.pages, total, url: fetched.url, records, hits: fetched.body.hits.hits, state: structuredClone(state) };
  };

  /** Pages of one query from `state.nextUrl` on (the probe, if it is that page, is not fetched again). */
  const restOfQuery = (label: string | undefined, first: FetchedPage | undefined) =>
    state.nextUrl === null
      ? []
      : followPages(client, state.nextUrl, {
          signal,
          size,
          first: state.nextPage === 1 ? first : undefined,
          label,
          startPage: state.nextPage,
          resumePages: state.nextPage === 1 ? undefined : state.queryPages,
          accept,
        });

  if (total <= searchResultWindow && state.sliced === null) {
    for await (const fetched of restOfQuery(undefined, probe)) {
      if (fetched.page === 1) state.queryPages = Math.ceil(fetched.body.hits.total / size);
      if (fetched.page > 1 && fetched.body.hits.total !== total && !state.totalChanged) {
        state.totalChanged = true;
        onWarning?.(`hits.total changed from ${total} to ${fetched.body.hits.total} during the run (page ${fetched.page}); records were added or removed meanwhile`);
      }
      state.expected = fetched.body.hits.total;
      yield take(fetched, '');
    }
  } else {
    // Past the window: whole-day `created` slices of about `target` records each, oldest first, sized from
    // the density seen so far; a slice that comes back over the window is split (one probe request each).
    const target = Math.floor(searchResultWindow * 0.9);
    const today = dayOf((options.now ?? Date.now)());
    if (state.sliced === null) {
      // The first hit's date only sizes the first slice, which is open below: zenodo.org sorts `/api/records` by
      // `-parent.is_verified` before `oldest` (zenodo-api.md §8b), so older records may follow on later pages.
      const firstHit = probe?.body.hits.hits[0] as { created?: unknown } | undefined;
      const start = typeof firstHit?.created === 'string' && !Number.isNaN(Date.parse(firstHit.created)) ? dayOf(firstHit.created) : today;
      state.sliced = { start, end: null, perDay: total / Math.max(1, daysBetween(start, today)), count: 0, days: 0, openBelow: true };
      state.nextUrl = null;
    } else {
      // Resuming: a saved state is always one after a page of the current slice. With a next page the slice is
      // finished first; without one it is complete (its count already added) and the listing goes on after it.
      const slice = state.sliced;
      const query = createdQuery(slice.openBelow ? undefined : slice.start, slice.end ?? undefined);
      for await (const fetched of restOfQuery(query, undefined)) yield take(fetched, `${query}, `);
      if (slice.end === null) state.sliced = { ...slice, start: '' };
      else state.sliced = { ...slice, ...afterSlice(slice, slice.end, slice.count) };
    }
    let sliced = state.sliced;
    while (sliced.start !== '') {
      const days = sliceDays(target, sliced.perDay);
      let end: string | undefined = sliced.stepBack ? addDays(sliced.start, -sliced.stepBack) : addDays(sliced.start, days - 1);
      if (end >= today) end = undefined;
      const query = createdQuery(sliced.openBelow ? undefined : sliced.start, end);
      const first = await fetchSearchPage(client, queryUrl(query), 1, signal, accept);
      const count = first.body.hits.total;
      if (count > searchResultWindow) {
        if (sliced.openBelow && (days === 1 || sliced.stepBack)) {
          // More than the window lies before the hint day: end the open-below slice 1, 2, 4, … days earlier.
          const stepBack = (sliced.stepBack ?? 0) * 2 || 1;
          if (stepBack > 100_000) {
            throw new PaginationError(`GET ${first.url} still announced ${count} records for created dates before ${addDays(sliced.start, -sliced.stepBack!)}: the site seems to ignore the created filter, so the listing cannot be split`);
          }
          sliced = state.sliced = { ...sliced, stepBack };
          continue;
        }
        if (days === 1) {
          throw new PaginationError(`more than ${searchResultWindow} records of ${what} were created on ${sliced.start} alone; Zenodo's search cannot list them`);
        }
        sliced = state.sliced = { ...sliced, perDay: densityAfterOverflow(sliced.perDay, count, days) };
        continue;
      }
      const previousCount = sliced.count;
      sliced = state.sliced = { ...sliced, end: end ?? null, days, count: previousCount + count };
      state.nextUrl = first.url;
      state.nextPage = 1;
      state.queryPages = Math.ceil(count / size);
      for await (const fetched of restOfQuery(query, first)) yield take(fetched, `${query}, `);
      sliced = state.sliced = end === undefined ? { ...sliced, start: '' } : { ...sliced, ...afterSlice(sliced, end, count) };
    }
    if (sliced.count !== total) {
      onWarning?.(`Zenodo announced ${total} records; the date slices held ${sliced.count}: records were added or removed during the run`);
    }
    state.expected = sliced.count;
  }

  if ((state.notPublic ?? 0) > 0) {
    // Restricted records are listed only to a token that may read them (invenio-records-resources
    // `services/records/service.py`, `create_search`): the same community has fewer records for the public.
    onWarning?.(
      `${state.notPublic} of ${seenIds.size} listed records are not public (only your token sees them); a listing without that token has ${seenIds.size - (state.notPublic ?? 0)}`,
    );
  }
  if (state.duplicates > 0) {
    onWarning?.(`${state.duplicates} hit${state.duplicates === 1 ? ' was' : 's were'} listed twice and counted once`);
  }
  // Fewer records than the last page announced means some were skipped (a short page, or pages that shifted):
  // an incomplete listing must not pass for a complete one (nothing lost), so the run fails and writes nothing.
  if (seenIds.size < state.expected) {
    const where = state.shortPages.length > 0 ? ` (short: ${state.shortPages.join('; ')})` : '';
    throw new PaginationError(
      `Zenodo announced ${state.expected} records for ${what} but only ${seenIds.size} arrived${where}; the listing is incomplete. Run again.`,
    );
  }
  if (seenIds.size !== total) {
    onWarning?.(
      `Zenodo announced ${total} records at first but ${seenIds.size} were listed; records were added or removed during the run`,
    );
  }
}

/**
 * The slicing state once a slice ending on `end` and holding `count` records is done: the next slice starts the
 * day after and is closed below; its size comes from this slice's density (an open-below slice's span is unknown,
 * so the density it was sized with is kept).
 */
function afterSlice(slice: SlicingState, end: string, count: number): SlicingState {
  const perDay = slice.openBelow ? slice.perDay : Math.max(count, 1) / Math.max(1, slice.days);
  return { ...slice, perDay, start: addDays(end, 1), openBelow: false, stepBack: undefined };
}
