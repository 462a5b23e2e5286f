import { InvalidResponseError, PaginationError, ValidationError, type RecordProblem } from '../errors.js';
import { detectRecordFormat, recordFormats, type RecordFormatReader } from '../records/record-format.js';
import type { Community } from '../records/schema-legacy.js';
import type { ZenodoRecord } from '../records/zenodo-record.js';
import type { ZenodoClient } from './client.js';
import { addDays, createdQuery, dayOf, daysBetween, densityAfterOverflow, sliceDays } from './created-slices.js';
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
   * Which JSON the listing asks for and reads (zenodo-api-samples/SHAPES.md). Default `'legacy'`.
   * - `'legacy'`: `GET /api/records?communities=<slug>`, Zenodo's legacy JSON. zenodo.org only: plain InvenioRDM
   *   sites have no `communities=` filter there (the listing then stops with a {@link PaginationError}).
   * - `'rdm'`: `GET /api/communities/<uuid>/records` with `Accept: application/vnd.inveniordm.v1+json`, the native
   *   InvenioRDM JSON, on zenodo.org and any other InvenioRDM site.
   * - `'auto'`: `GET /api/communities/<uuid>/records` with the client's `Accept: application/json`, which zenodo.org
   *   answers in legacy JSON and other InvenioRDM sites in RDM JSON; the format is read off the first hit
   *   (flat `stats.downloads` and a numeric `id`: legacy; `stats.this_version`: RDM; see `detectRecordFormat`).
   *
   * The community endpoint is addressed by the UUID the community lookup returned, so it has no
   * unknown-community trap (zenodo-api.md §8). The same sort, page size, `created` slices and checks apply to all.
   */
  format?: 'legacy' | 'rdm' | 'auto' | undefined;
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
  /** Date slicing, past the 10 000-result window. */
  sliced: { start: string; end: string | null; perDay: number; count: number; days: number } | null;
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
  const format = options.format ?? 'legacy';
  const recordsPath = format === 'legacy' ? '/api/records' : `/api/communities/${encodeURIComponent(community.id)}/records`;
  const accept = format === 'rdm' ? rdmMediaType : undefined;
  const queryUrl = (q?: string): string => {
    const url = client.resolve(recordsPath);
    if (format === 'legacy') url.searchParams.set('communities', community.slug);
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
  const conceptOf = new Map<string, string>();
  let state: ListingState;
  let probe: FetchedPage | undefined;
  if (options.resume) {
    state = structuredClone(options.resume.state);
  } else {
    // The whole query's first page: its total decides whether the listing needs date slices.
    probe = await fetchSearchPage(client, queryUrl(), 1, signal, accept);
    assertFilterApplied(probe.body.hits.hits, community, probe.url, readerOf(probe.body.hits.hits, probe.url));
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

  const take = (fetched: FetchedPage, label: string): RecordPage => {
    state.pageCount += 1;
    const page = state.pageCount;
    const hitCount = fetched.body.hits.hits.length;
    if (fetched.body.links?.next && hitCount < size) state.shortPages.push(`${label}page ${fetched.page}: ${hitCount} of ${size} hits`);
    const records: ZenodoRecord[] = [];
    const problems: RecordProblem[] = [];
    const notListed: string[] = [];
    const read = readerOf(fetched.body.hits.hits, fetched.url);
    fetched.body.hits.hits.forEach((hit, index) => {
      try {
        const record = read.normalize(hit, { baseUrl: client.baseUrl, position: `${label}page ${fetched.page}, hit ${index + 1}` });
        if (seenIds.has(record.id)) {
          state.duplicates += 1;
          return;
        }
        seenIds.add(record.id);
        if (!read.listsCommunity(hit, community)) notListed.push(record.id);
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
      const firstHit = probe?.body.hits.hits[0] as { created?: unknown } | undefined;
      if (typeof firstHit?.created !== 'string') {
        throw new PaginationError(`community '${community.slug}' has ${total} records, more than Zenodo's ${searchResultWindow}-result window, and its oldest record has no created date to slice by`);
      }
      const start = dayOf(firstHit.created);
      state.sliced = { start, end: null, perDay: total / Math.max(1, daysBetween(start, today)), count: 0, days: 0 };
      state.nextUrl = null;
    } else {
      // Resuming: a saved state is always one after a page of the current slice. With a next page the slice is
      // finished first; without one it is complete (its count already added) and the listing goes on after it.
      const slice = state.sliced;
      const query = createdQuery(slice.start, slice.end ?? undefined);
      for await (const fetched of restOfQuery(query, undefined)) yield take(fetched, `${query}, `);
      if (slice.end === null) state.sliced = { ...slice, start: '' };
      else state.sliced = { ...slice, perDay: Math.max(slice.count, 1) / Math.max(1, slice.days), start: addDays(slice.end, 1) };
    }
    let sliced = state.sliced;
    while (sliced.start !== '') {
      const days = sliceDays(target, sliced.perDay);
      let end: string | undefined = addDays(sliced.start, days - 1);
      if (end >= today) end = undefined;
      const query = createdQuery(sliced.start, end);
      const first = await fetchSearchPage(client, queryUrl(query), 1, signal, accept);
      const count = first.body.hits.total;
      if (count > searchResultWindow) {
        if (days === 1) {
          throw new PaginationError(`more than ${searchResultWindow} records of community '${community.slug}' were created on ${sliced.start} alone; Zenodo's search cannot list them`);
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
      sliced = state.sliced = end === undefined ? { ...sliced, start: '' } : { ...sliced, perDay: Math.max(count, 1) / days, start: addDays(end, 1) };
    }
    if (sliced.count !== total) {
      onWarning?.(`Zenodo announced ${total} records; the date slices held ${sliced.count}: records were added or removed during the run`);
    }
    state.expected = sliced.count;
  }

  if (state.duplicates > 0) {
    onWarning?.(`${state.duplicates} hit${state.duplicates === 1 ? ' was' : 's were'} listed twice and counted once`);
  }
  // Fewer records than the last page announced means some were skipped (a short page, or pages that shifted):
  // an incomplete listing must not pass for a complete one (nothing lost), so the run fails and writes nothing.
  if (seenIds.size < state.expected) {
    const where = state.shortPages.length > 0 ? ` (short: ${state.shortPages.join('; ')})` : '';
    throw new PaginationError(
      `Zenodo announced ${state.expected} records for community '${community.slug}' but only ${seenIds.size} arrived${where}; the listing is incomplete. Run again.`,
    );
  }
  if (seenIds.size !== total) {
    onWarning?.(
      `Zenodo announced ${total} records at first but ${seenIds.size} were listed; records were added or removed during the run`,
    );
  }
}

/**
 * Second line of defence against the unknown-community trap (zenodo-api.md §8): a filtered search returns only
 * records that list the community (legacy `metadata.communities`, RDM `parent.communities`). If most of the first
 * page does not, the site dropped the filter and we would be listing all of it. A plain InvenioRDM site ignores
 * `communities=` on `/api/records` altogether and answers RDM JSON: the message then says so.
 */
function assertFilterApplied(hits: unknown[], community: Community, url: string, reader: RecordFormatReader): void {
  if (hits.length === 0) return;
  const foreign = hits.filter((hit) => !reader.listsCommunity(hit, community));
  if (foreign.length * 2 > hits.length) {
    const rdmSite = reader === recordFormats.legacy && detectRecordFormat(hits[0]) === 'rdm';
    const hint = rdmSite ? `; its hits are InvenioRDM's RDM JSON, so this looks like a plain InvenioRDM site: list it in the 'rdm' or 'auto' format` : '';
    throw new PaginationError(
      `GET ${url} returned records that are not in community '${community.slug}' (${foreign.length} of ${hits.length} on the first page): the site ignored the community filter, so the listing would not be this community's${hint}`,
    );
  }
}
