import { PaginationError, ValidationError, type RecordProblem } from '../errors.js';
import { detectRecordFormat, recordFormats } from '../records/record-format.js';
import type { ZenodoRecord } from '../records/zenodo-record.js';
import type { ZenodoClient } from './client.js';
import { fetchSearchPage } from './follow-pages.js';

/** Asks zenodo.org for the native InvenioRDM JSON instead of its legacy JSON (zenodo-api.md §8, SHAPES.md). */
const rdmMediaType = 'application/vnd.inveniordm.v1+json';

export interface FetchByIdOptions {
  /** Ids per request; default and maximum the client's page size (25 anonymous, 100 with a token; zenodo-api.md §1). */
  pageSize?: number | undefined;
  /**
   * `legacy` (the default of this function; the CLI's default is `rdm`): zenodo.org's legacy JSON and its search names `recid` / `conceptrecid`. `rdm` and `auto`:
   * InvenioRDM's own field names `id` / `parent.id`, which zenodo.org accepts as well (its names are only
   * renamings of these: zenodo/zenodo-rdm `site/zenodo_rdm/queryparser.py`); `rdm` also asks for RDM JSON.
   */
  format?: 'legacy' | 'rdm' | 'auto' | undefined;
  signal?: AbortSignal | undefined;
  /** After each request: ids looked up so far, of how many. */
  onProgress?: ((done: number, total: number) => void) | undefined;
}

export interface FoundRecord {
  record: ZenodoRecord;
  /** The hit as Zenodo sent it (for `--raw`). */
  hit: unknown;
}

/**
 * Records by id, many per request: `GET /api/records?q=recid:(1 OR 2 OR …)&allversions=true&size=25`
 * (zenodo-api.md §8b). `allversions=true` matters: without it, an id that is not the latest version of its
 * concept is silently left out. Ids that Zenodo does not have (deleted, mistyped, or a concept id) are simply
 * absent from the result.
 *
 * @example
 * const found = await fetchRecordsById(client, ['1175282', '4071471']); // Map { '1175282' → { record, hit }, … }
 */
export function fetchRecordsById(client: ZenodoClient, ids: readonly string[], options: FetchByIdOptions = {}): Promise<Map<string, FoundRecord>> {
  const field = options.format === undefined || options.format === 'legacy' ? 'recid' : 'id';
  return searchByField(client, ids, { ...options, field, allVersions: true, keyOf: (r) => r.id });
}

/**
 * The latest version of each concept, many per request: `q=conceptrecid:(…)` without `allversions`, so that
 * only each concept's latest version comes back (zenodo-api.md §8b). Keyed by concept id.
 *
 * @example
 * const latest = await fetchLatestByConceptId(client, ['10008464']); // Map { '10008464' → { record: 15031842 … } }
 */
export function fetchLatestByConceptId(
  client: ZenodoClient,
  conceptIds: readonly string[],
  options: FetchByIdOptions = {},
): Promise<Map<string, FoundRecord>> {
  const field = options.format === undefined || options.format === 'legacy' ? 'conceptrecid' : 'parent.id';
  return searchByField(client, conceptIds, { ...options, field, allVersions: false, keyOf: (r) => r.conceptId });
}

interface SearchByField extends FetchByIdOptions {
  field: string;
  allVersions: boolean;
  keyOf: (record: ZenodoRecord) => string | null;
}

async function searchByField(client: ZenodoClient, ids: readonly string[], options: SearchByField): Promise<Map<string, FoundRecord>> {
  const size = options.pageSize ?? client.maxPageSize;
  if (!Number.isInteger(size) || size < 1 || size > client.maxPageSize) {
    throw new PaginationError(`page size ${size} is not allowed: Zenodo accepts 1–${client.maxPageSize} ${client.hasToken ? 'with a token' : 'without a token'}`);
  }
  const distinct = [...new Set(ids)];
  const accept = options.format === 'rdm' ? rdmMediaType : undefined;
  const found = new Map<string, FoundRecord>();
  for (let start = 0; start < distinct.length; start += size) {
    const batch = distinct.slice(start, start + size);
    const url = client.resolve('/api/records');
    url.searchParams.set('q', `${options.field}:(${batch.join(' OR ')})`);
    if (options.allVersions) url.searchParams.set('allversions', 'true');
    url.searchParams.set('size', String(size));
    const page = await fetchSearchPage(client, url.href, 1, options.signal, accept);
    const { hits, total } = page.body.hits;
    // At most one hit per id asked for: more means the site did not apply the query (it would be listing
    // everything), and the batch would not be what was asked.
    if (total > batch.length) {
      throw new PaginationError(`GET ${page.url} announced ${total} records for ${batch.length} ids: the site did not apply the query ${options.field}:(…)`);
    }
    const wanted = new Set(batch);
    const problems: RecordProblem[] = [];
    for (const [index, hit] of hits.entries()) {
      const format = options.format === 'rdm' ? 'rdm' : options.format === 'auto' ? (detectRecordFormat(hit) ?? 'legacy') : 'legacy';
      try {
        const record = await recordFormats[format].normalize(hit, { baseUrl: client.baseUrl, position: `${options.field} search ${start / size + 1}, hit ${index + 1}` });
        const key = options.keyOf(record);
        if (key !== null && wanted.has(key) && !found.has(key)) found.set(key, { record, hit });
      } catch (error) {
        if (error instanceof ValidationError) problems.push(...error.problems);
        else throw error;
      }
    }
    if (problems.length > 0) throw new ValidationError(problems);
    options.onProgress?.(Math.min(start + size, distinct.length), distinct.length);
  }
  return found;
}
