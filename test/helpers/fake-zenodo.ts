/**
 * A fake zenodo.org on 127.0.0.1 (real `node:http`, port 0) serving legacy and RDM JSON, with Zenodo's page-size
 * caps, 10 000-result window, rate-limit headers, the unknown-community trap, and scripted faults.
 * Section numbers (§) refer to the project's zenodo-api.md; shapes follow zenodo-api-samples/SHAPES.md.
 * With `format` it plays a plain InvenioRDM site (RDM JSON only) or a legacy-only site; records are kept in
 * legacy form and converted by `legacyToRdm` when served as RDM. zenodo.org's habits of §8b are options:
 * `verifiedOwners` (verified-first sort), `restrictedFiles`, `restrictedRecords`, `FakeCommunity.formerSlug`.
 *
 * Time: rate-limit windows use the injected `now()`; the only real waiting is `latencyMs` and the
 * `slow` fault, and `close()` cancels both.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LegacyRecord } from './dataset.js';
import { legacyToRdm } from './legacy-to-rdm.js';

export interface FakeCommunity {
  /** UUID, as in `GET /api/communities/{id}`. */
  id: string;
  slug: string;
  title: string;
  /**
   * The slug before a rename less than 24 h ago: legacy JSON still lists the community under it in
   * `metadata.communities` (records in the dataset list the current slug). The filter `communities=<slug>` and
   * RDM JSON use the current one.
   */
  formerSlug?: string;
  /**
   * A deleted community: `GET /api/communities/{id}` (and its records) answer 410 "The record has been deleted."
   * // src: inveniosoftware/invenio-communities invenio_communities/communities/resources/config.py (CommunityDeletedError)
   */
  deleted?: boolean;
}

export interface FakeZenodoOptions {
  records: LegacyRecord[];
  communities: FakeCommunity[];
  /** Bearer tokens it accepts; any other token is treated as anonymous, with no 401 (§8a). */
  tokens?: string[];
  /** Clock in ms for rate-limit accounting and `requests[].at`. Default `Date.now`. */
  now?: () => number;
  /** Rate-limit window in ms. Default 60 000 (Zenodo's limits are per minute, §2). */
  windowMs?: number;
  /** Requests per window. Defaults: search 30 (§2), guest 133 and authenticated 200 (§8a, observed/configured). */
  limits?: { search?: number; guest?: number; authenticated?: number };
  /** Real delay before every response. Default 0. */
  latencyMs?: number;
  /**
   * Which record JSON the site speaks (§8, SHAPES.md "Which format you get"). Default `'both'`, like zenodo.org.
   * - `'both'`: zenodo.org: legacy JSON by default, RDM JSON to `Accept: application/vnd.inveniordm.v1+json`, on
   *   `/api/records` and on `/api/communities/{id}/records` alike.
   *   src: zenodo/zenodo-rdm/site/zenodo_rdm/resources.py (`record_serializers`: InvenioRDM's handlers, with
   *   `application/json` replaced by the legacy ZenodoJSONSerializer), used for every records resource through
   *   `RDM_RECORDS_SERIALIZERS` in zenodo/zenodo-rdm/invenio.cfg, the community records route included
   *   (inveniosoftware/invenio-rdm-records/invenio_rdm_records/resources/config.py, RDMCommunityRecordsResourceConfig).
   * - `'legacy'`: legacy JSON only, whatever the `Accept` header (an older zenodo.org, or a test of legacy alone).
   * - `'rdm'`: a plain InvenioRDM site: RDM JSON only, and `/api/records` ignores `communities=` (no such
   *   filter there: every record is listed); `/api/communities/{id}/records` filters.
   */
  format?: 'legacy' | 'rdm' | 'both';
  /**
   * Owner ids (`owners[].id` of a record) whose owner is verified. zenodo.org sorts every `/api/records` search
   * by `-parent.is_verified` before the sort asked for, so their records come first whatever the sort; the
   * community records endpoint is not verified-sorted (zenodo-api.md §8b). Default: none.
   */
  verifiedOwners?: string[];
  /** Ids of records whose files the caller may not read: their RDM JSON has only `files: {"enabled": true}`. */
  restrictedFiles?: number[];
  /** Ids of restricted records: listed (with `access.record: "restricted"`) only to an accepted token. */
  restrictedRecords?: number[];
  /**
   * The origin named in the API links it sends (search `links`, the community's `links`), e.g. `https://zenodo.org`,
   * instead of the origin it is reached on: Zenodo builds links from its configured server name, whatever host
   * the request came to (§8b). Record links (`self_html`) are left alone: they are data.
   * // src: inveniosoftware/invenio-records-resources invenio_records_resources/services/base/links.py (EndpointLink.expand, invenio_url_for)
   */
  linkOrigin?: string;
  /**
   * Serve under this path, like an app behind a proxy that strips it (`/zenodo` → requests to `/zenodo/api/…`);
   * links do not carry it, as the app does not know it (same source as `linkOrigin`).
   */
  mountPath?: string;
}

export interface FakeRequestLog {
  method: string;
  path: string;
  /** Query arguments; for a repeated key the last value. */
  query: Record<string, string>;
  /** Path and query exactly as requested. */
  url: string;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  /** 0 when no response was sent (a `reset` fault, or the client left during a delay). */
  status: number;
  fault?: string;
  /** `now()` when the request arrived. */
  at: number;
}

export type FaultKind =
  | '429'
  | '503'
  | '500'
  | 'reset'
  | 'slow'
  | 'truncated'
  | 'invalid-json'
  | 'maintenance-200'
  | 'bad-record'
  | 'loop-next'
  | 'offsite-next'
  | 'other-origin-links'
  | 'short-page'
  | 'total-change'
  | 'zero-stats'
  | 'zero-downloads'
  | 'zero-views';

export interface FaultSpec {
  kind: FaultKind;
  /** Exact pathname, or a RegExp tested against the pathname. Default: any records search request
   * (`/api/records`, and `/api/communities/{id}/records`). */
  path?: string | RegExp;
  /** Only requests for this page (query `page`, default 1). */
  page?: number;
  /** How many matching requests get the fault. Default 1; `Infinity` allowed. */
  times?: number;
  /** For 429/503: the `Retry-After` value ('2' or an HTTP date). Omit to send none. */
  retryAfter?: string;
  /** For `slow`: ms to wait before answering normally. Default 5 000. */
  delayMs?: number;
}

export interface FakeZenodo {
  /** e.g. `http://127.0.0.1:43123`, no trailing slash. */
  url: string;
  requests: FakeRequestLog[];
  inject(fault: FaultSpec): void;
  /** Forget every injected fault not used up yet (e.g. after `times: Infinity`). */
  clearFaults(): void;
  /** Simulate a record published during a run. */
  addRecord(r: LegacyRecord): void;
  close(): Promise<void>;
}

/** Zenodo's own error bodies (invenio-records-resources / flask-resources error handlers). */
const messages = {
  pidNotFound: 'The persistent identifier does not exist.',
  notFound: 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
  deleted: 'The record has been deleted.',
  badQuery: 'Invalid querystring parameters.',
  methodNotAllowed: 'The method is not allowed for the requested URL.',
};

/** The media type that gets zenodo.org's RDM serializer (zenodo/zenodo-rdm `site/zenodo_rdm/resources.py`). */
const rdmMediaType = 'application/vnd.inveniordm.v1+json';

/** §5 and §8a: `(page - 1) * size >= 10000` is refused. */
const maxResults = 10_000;

const placeholderOrigin = 'https://zenodo.org';

/** Legacy sort names map to the RDM ones (SHAPES.md "Legacy list"); `sortBy` and links echo the RDM name. */
const sortAliases: Record<string, string> = {
  newest: 'newest',
  mostrecent: 'newest',
  oldest: 'oldest',
  '-mostrecent': 'oldest',
  bestmatch: 'bestmatch',
  mostdownloaded: 'mostdownloaded',
  mostviewed: 'mostviewed',
};

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** A body sent as it is instead of `body` as JSON (an HTML page); set `Content-Type` in `headers`. */
  text?: string;
}

interface SearchQuery {
  allVersions: boolean;
  /** Community slugs as given (links echo them). */
  communities: string[];
  page: number;
  q: string;
  size: number;
  sort: string;
}

interface RateState {
  limit: number;
  remaining: number;
  resetMs: number;
  over: boolean;
}

/**
 * Starts the fake on an ephemeral port.
 *
 * @example
 * const { records, communities } = loadCommunityFixture();
 * const zenodo = await startFakeZenodo({ records, communities, tokens: ['secret'] });
 * zenodo.inject({ kind: '429', page: 2, retryAfter: '1' });
 * const res = await fetch(`${zenodo.url}/api/records?communities=nfdi4bioimage&size=25`);
 * await zenodo.close();
 */
export async function startFakeZenodo(options: FakeZenodoOptions): Promise<FakeZenodo> {
  const now = options.now ?? Date.now;
  const windowMs = options.windowMs ?? 60_000;
  const limits = {
    search: options.limits?.search ?? 30,
    guest: options.limits?.guest ?? 133,
    authenticated: options.limits?.authenticated ?? 200,
  };
  const latencyMs = options.latencyMs ?? 0;
  const siteFormat = options.format ?? 'both';
  const verifiedOwners = new Set(options.verifiedOwners ?? []);
  const restrictedFiles = new Set(options.restrictedFiles ?? []);
  const restrictedRecords = new Set(options.restrictedRecords ?? []);
  const isVerified = (r: LegacyRecord): boolean =>
    Array.isArray(r['owners']) && (r['owners'] as { id?: unknown }[]).some((o) => verifiedOwners.has(String(o?.id)));
  const tokens = new Set(options.tokens ?? []);
  const records = [...options.records];
  const byId = new Map(records.map((r) => [r.id, r]));
  const faults: { spec: FaultSpec; remaining: number }[] = [];
  const requests: FakeRequestLog[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const windows = new Map<string, { start: number; count: number }>();
  let listings = new Map<string, LegacyRecord[]>();
  let origin = '';

  const linkOrigin = () => options.linkOrigin?.replace(/\/+$/, '') ?? origin;
  const findCommunity = (key: string) => options.communities.find((c) => c.slug === key || c.id === key);

  /** Fixed window per bucket, opened by its first request (flask-limiter's fixed window). */
  function consume(bucket: keyof typeof limits, who: string): RateState {
    const t = now();
    const key = `${bucket}:${who}`;
    let w = windows.get(key);
    if (!w || t >= w.start + windowMs) {
      w = { start: t, count: 0 };
      windows.set(key, w);
    }
    const limit = limits[bucket];
    const over = w.count >= limit;
    if (!over) w.count++;
    return { limit, remaining: Math.max(0, limit - w.count), resetMs: w.start + windowMs, over };
  }

  /**
   * zenodo.org sends all four on every response, 200s included (response-headers-2026-07.json, §8a). Its reset
   * is in whole seconds, 1/60 of its one-minute window; a time-scaled fake keeps that proportion (fractional
   * seconds), or rounding alone would stretch every shrunken window.
   */
  const resetResolutionMs = Math.min(1000, windowMs / 60);
  function rateHeaders(rate: RateState): Record<string, string> {
    const reset = (Math.ceil(rate.resetMs / resetResolutionMs) * resetResolutionMs) / 1000;
    return {
      'X-RateLimit-Limit': String(rate.limit),
      'X-RateLimit-Remaining': String(rate.remaining),
      'X-RateLimit-Reset': resetResolutionMs === 1000 ? String(reset) : reset.toFixed(3),
      'Retry-After': String(Math.max(0, Math.ceil((rate.resetMs - now()) / 1000))),
    };
  }

  function takeFault(path: string, isSearch: boolean, page: number): FaultSpec | undefined {
    for (const f of faults) {
      if (f.remaining <= 0) continue;
      const { path: want } = f.spec;
      if (want === undefined && !isSearch) continue;
      if (typeof want === 'string' && want !== path) continue;
      if (want instanceof RegExp) {
        want.lastIndex = 0;
        if (!want.test(path)) continue;
      }
      if (f.spec.page !== undefined && f.spec.page !== page) continue;
      f.remaining--;
      return f.spec;
    }
    return undefined;
  }

  function later(ms: number, fn: () => void): void {
    if (ms <= 0) return fn();
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    timers.add(timer);
  }

  function send(res: ServerResponse, log: FakeRequestLog, status: number, headers: Record<string, string>, body: string, truncate = false): void {
    if (res.destroyed || res.socket?.destroyed) return;
    log.status = status;
    const bytes = Buffer.from(body);
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers, 'Content-Length': String(bytes.length) });
    if (!truncate) {
      res.end(bytes);
      return;
    }
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    res.on('error', () => {});
    const url = new URL(req.url ?? '/', origin);
    const mount = options.mountPath?.replace(/\/+$/, '');
    const path = mount && url.pathname.startsWith(`${mount}/`) ? url.pathname.slice(mount.length) : url.pathname;
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const log: FakeRequestLog = {
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      url: req.url ?? '/',
      headers,
      status: 0,
      at: now(),
    };
    requests.push(log);

    // §4 and §8a: a Bearer header or ?access_token=; an unknown token silently counts as anonymous.
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? url.searchParams.get('access_token') ?? undefined;
    const authenticated = token !== undefined && tokens.has(token);

    const communityRecords = /^\/api\/communities\/([^/]+)\/records$/.exec(path);
    const isSearch = path === '/api/records' || communityRecords !== null;
    // §2/§8a: the search limit replaces the global one for search requests.
    const bucket = isSearch ? 'search' : authenticated ? 'authenticated' : 'guest';
    const rate = consume(bucket, authenticated ? `token:${token}` : 'anonymous');
    const baseHeaders = rateHeaders(rate);

    const reply = (r: Reply, truncate = false) =>
      later(latencyMs, () => send(res, log, r.status, { ...baseHeaders, ...r.headers }, r.text ?? JSON.stringify(r.body), truncate));

    if (rate.over) {
      return reply({ status: 429, body: { status: 429, message: `Too Many Requests: ${rate.limit} per window` } });
    }

    const page = Number(url.searchParams.get('page') ?? '1');
    const fault = takeFault(path, isSearch, page);
    if (fault) log.fault = fault.kind;

    switch (fault?.kind) {
      case 'reset':
        return later(latencyMs, () => req.socket.destroy());
      case '429':
      case '503': {
        const status = Number(fault.kind);
        // Only the hint the test asked for: X-RateLimit-* keep the real counter (Remaining usually > 0), so a
        // scripted 429 without retryAfter leaves the client nothing but its own backoff. A 429 from the
        // limiter itself (above) has Remaining 0 and a Retry-After.
        const h: Record<string, string> = { ...baseHeaders };
        delete h['Retry-After'];
        if (fault.retryAfter !== undefined) h['Retry-After'] = fault.retryAfter;
        const message = status === 429 ? 'Too Many Requests' : 'Service Unavailable';
        return later(latencyMs, () => send(res, log, status, h, JSON.stringify({ status, message })));
      }
      case '500':
        return reply({ status: 500, body: { status: 500, message: 'Internal Server Error' } });
      case 'invalid-json':
        return later(latencyMs, () =>
          send(res, log, 200, baseHeaders, '<!DOCTYPE html>\n<html><head><title>Zenodo</title></head><body><h1>Internal error</h1></body></html>\n'),
        );
      case 'maintenance-200':
        // A proxy's maintenance page: status 200, text/html, not JSON (zenodo-api.md §8b). Served by the front proxy
        // (zenodo.org's HAProxy/nginx), not by the app.
        // src: zenodo/zenodo-rdm (none: the proxy answers before the app; the app's own errors are JSON, flask-resources errors.py)
        return later(latencyMs, () =>
          send(
            res,
            log,
            200,
            { ...baseHeaders, 'Content-Type': 'text/html; charset=utf-8' },
            '<!DOCTYPE html>\n<html><head><title>Zenodo - Maintenance</title></head><body><h1>We are down for maintenance</h1><p>Zenodo will be back shortly.</p></body></html>\n',
          ),
        );
      default:
        break;
    }

    const rdm = siteFormat === 'rdm' || (siteFormat === 'both' && (req.headers.accept ?? '').includes(rdmMediaType));
    const answer = () => {
      const r = route(req.method ?? 'GET', path, url, authenticated, communityRecords?.[1], rdm);
      if (fault && r.status === 200) applyBodyFault(fault, r.body);
      if (fault?.kind === 'truncated') reply(r, true);
      else reply(r);
    };
    if (fault?.kind === 'slow') later(fault.delayMs ?? 5_000, answer);
    else answer();
  }

  function route(method: string, path: string, url: URL, authenticated: boolean, communityKey: string | undefined, rdm: boolean): Reply {
    if (method !== 'GET' && method !== 'HEAD') return error(405, messages.methodNotAllowed);
    if (path === '/api/records') return search(url, authenticated, undefined, rdm);
    if (communityKey !== undefined) {
      // §8: /api/communities/<id>/records answers 404 for an unknown community (no trap there).
      const c = findCommunity(decodeURIComponent(communityKey));
      if (c?.deleted) return error(410, messages.deleted);
      return c ? search(url, authenticated, c, rdm) : error(404, messages.pidNotFound);
    }
    const recordId = /^\/api\/records\/(\d+)$/.exec(path)?.[1];
    if (recordId !== undefined) {
      const r = byId.get(Number(recordId));
      return r ? { status: 200, body: served(r, rdm) } : error(404, messages.pidNotFound);
    }
    const communityId = /^\/api\/communities\/([^/]+)$/.exec(path)?.[1];
    if (communityId !== undefined) {
      const c = findCommunity(decodeURIComponent(communityId));
      // src: inveniosoftware/invenio-communities invenio_communities/communities/resources/config.py (CommunityDeletedError → 410)
      if (c?.deleted) return error(410, messages.deleted);
      return c ? { status: 200, body: communityObject(c) } : error(404, messages.pidNotFound);
    }
    return routeNotFound(path);
  }

  function search(url: URL, authenticated: boolean, pathCommunity: FakeCommunity | undefined, rdm: boolean): Reply {
    const params = url.searchParams;
    const size = positiveInt(params.get('size'), 25);
    const page = positiveInt(params.get('page'), 1);
    if (size === undefined || page === undefined) return error(400, messages.badQuery);
    // §1: 25 anonymous, 100 with an accepted token; larger sizes are refused, not clipped.
    const cap = authenticated ? 100 : 25;
    if (size > cap) return validationError('size', pageSizeMessage(cap));
    if ((page - 1) * size >= maxResults) return error(400, messages.badQuery);

    const q = params.get('q') ?? '';
    const byIds = parseIdQuery(q);
    // A search for a keyword, alone or AND-ed with a created range (`summarize --query`, sliced past 10 000).
    const sliced = /^\((.+)\) AND (created:\S.*)$/.exec(q);
    const byKeyword = byIds ? undefined : parseKeywordQuery(sliced?.[1] ?? q);
    const range = byIds ? [-Infinity, Infinity] as [number, number] : parseCreatedRange(byKeyword ? (sliced?.[2] ?? '') : q);
    if (range === undefined) return error(400, `${messages.badQuery} (this fake only understands q=created:[A TO B], ids, and keywords:"…", got ${JSON.stringify(q)})`);
    const sort = sortAliases[params.get('sort') ?? (q ? 'bestmatch' : 'newest')];
    if (sort === undefined) return error(400, messages.badQuery);
    const flag = params.get('all_versions') ?? params.get('allversions') ?? '';
    const allVersions = ['1', 'true', 'yes'].includes(flag.toLowerCase());
    // A plain InvenioRDM site has no `communities=` parameter: it is dropped, like any unknown argument.
    const given = pathCommunity || siteFormat === 'rdm' ? [] : params.getAll('communities');

    // §8: slugs that do not resolve are dropped; when none resolves, no community filter applies.
    const resolved = pathCommunity ? [pathCommunity.slug] : given.map(findCommunity).flatMap((c) => (c ? [c.slug] : []));
    // src: inveniosoftware/invenio-records-resources/invenio_records_resources/services/records/service.py
    // (`create_search` applies the read permission's query filter): restricted records only for who may read them.
    const all = listing(resolved, allVersions, sort, range, pathCommunity === undefined);
    const visible = authenticated || restrictedRecords.size === 0 ? all : all.filter((r) => !restrictedRecords.has(r.id));
    const hits = byIds ? visible.filter(byIds) : byKeyword ? visible.filter(byKeyword) : visible;
    const query: SearchQuery = { allVersions, communities: given, page, q, size, sort };
    const base = pathCommunity ? `/api/communities/${pathCommunity.id}/records` : '/api/records';
    const links: Record<string, string> = { self: searchLink(base, query) };
    if (page > 1) links['prev'] = searchLink(base, { ...query, page: page - 1 });
    // §8a: `next` appears while more hits exist, even when that page lies beyond the 10 000 window.
    if (page * size < hits.length) links['next'] = searchLink(base, { ...query, page: page + 1 });
    return {
      status: 200,
      body: {
        hits: { hits: hits.slice((page - 1) * size, page * size).map((r) => served(r, rdm)), total: hits.length },
        aggregations: {},
        sortBy: sort,
        links,
      },
    };
  }

  /** §8a: absolute links on our origin, arguments sorted, `allversions=True`, never an access_token. */
  function searchLink(base: string, s: SearchQuery): string {
    const p = new URLSearchParams();
    if (s.allVersions) p.append('allversions', 'True');
    for (const c of s.communities) p.append('communities', c);
    p.append('page', String(s.page));
    p.append('q', s.q);
    p.append('size', String(s.size));
    p.append('sort', s.sort);
    return `${linkOrigin()}${base}?${p.toString()}`;
  }

  /** Filtered and sorted hits, cached per query shape: benchmarks page through 200 000 records. */
  function listing(communities: string[], allVersions: boolean, sort: string, range: [number, number], verifiedFirst: boolean): LegacyRecord[] {
    const key = JSON.stringify([communities, allVersions, sort, range, verifiedFirst]);
    const cached = listings.get(key);
    if (cached) return cached;
    const wanted = new Set(communities);
    const rows: { r: LegacyRecord; t: number; n: number }[] = [];
    for (const r of records) {
      if (!allVersions && r.metadata.relations?.version?.[0]?.is_last === false) continue;
      if (wanted.size > 0 && !(r.metadata.communities ?? []).some((c) => wanted.has(c.id))) continue;
      const t = Date.parse(r.created);
      if (t < range[0] || t >= range[1]) continue;
      const counter = sort === 'mostviewed' ? r.stats?.['views'] : r.stats?.['downloads'];
      rows.push({ r, t, n: typeof counter === 'number' ? counter : -1 });
    }
    const byIdDesc = (a: { r: LegacyRecord }, b: { r: LegacyRecord }) => b.r.id - a.r.id;
    if (sort === 'oldest') rows.sort((a, b) => a.t - b.t || a.r.id - b.r.id);
    else if (sort === 'mostdownloaded' || sort === 'mostviewed') rows.sort((a, b) => b.n - a.n || byIdDesc(a, b));
    else rows.sort((a, b) => b.t - a.t || byIdDesc(a, b));
    let result = rows.map((row) => row.r);
    if (verifiedFirst && verifiedOwners.size > 0) {
      // src: inveniosoftware/invenio-rdm-records/invenio_rdm_records/services/sort.py (VerifiedRecordsSortParam:
      // `search.sort("-parent.is_verified", *fields)` when RDM_SEARCH_SORT_BY_VERIFIED, which zenodo/zenodo-rdm
      // invenio.cfg sets; RDMCommunityRecordSearchOptions in services/config.py turns it off for community searches).
      result = [...result.filter(isVerified), ...result.filter((r) => !isVerified(r))];
    }
    listings.set(key, result);
    return result;
  }

  /** A deep copy whose zenodo.org links point at this server, in RDM JSON when `rdm`. */
  function served(r: LegacyRecord, rdm = false): Record<string, unknown> {
    const copy = structuredClone(r);
    copy.links = rewriteLinks(copy.links) as Record<string, unknown>;
    if (Array.isArray(copy['files'])) {
      for (const f of copy['files'] as Record<string, unknown>[]) if (f['links']) f['links'] = rewriteLinks(f['links']);
    }
    if (!rdm) {
      // src: zenodo/zenodo-rdm/site/zenodo_rdm/legacy/serializers/schemas/common.py (`resolve_communities`:
      // slugs come from `get_cached_community_slug(..., cache_ttl=60 * 60 * 24)`, so a rename shows after a day).
      const listed = copy.metadata.communities;
      if (listed) copy.metadata.communities = listed.map((c) => ({ id: options.communities.find((k) => k.slug === c.id)?.formerSlug ?? c.id }));
      // src: zenodo/zenodo-rdm/site/zenodo_rdm/legacy/serializers/schemas/zenodojson.py (`dump_files` lists
      // `files.entries`, which restricted files do not carry).
      if (restrictedFiles.has(r.id)) copy['files'] = [];
      return copy;
    }
    const out = legacyToRdm(copy, options.communities);
    if (restrictedFiles.has(r.id)) {
      // src: inveniosoftware/invenio-rdm-records/invenio_rdm_records/services/schemas/files.py
      // (`FilesSchema.field_dump_permissions`: count, total_bytes, entries and order need `read_files`).
      out['files'] = { enabled: true };
      out['access'] = { ...(out['access'] as object), files: 'restricted', status: 'restricted' };
    }
    if (restrictedRecords.has(r.id)) out['access'] = { ...(out['access'] as object), record: 'restricted' };
    return out;
  }

  function rewriteLinks(value: unknown): unknown {
    if (typeof value === 'string') return value.startsWith(placeholderOrigin) ? origin + value.slice(placeholderOrigin.length) : value;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteLinks(v)]));
    }
    return value;
  }

  /** Shape of community-object-lexibank-2023-10-20.json, plus the newer keys SHAPES.md lists. */
  function communityObject(c: FakeCommunity): Record<string, unknown> {
    const api = `${linkOrigin()}/api/communities/${c.id}`;
    return {
      id: c.id,
      created: '2022-03-01T09:12:44.521870+00:00',
      updated: '2025-06-02T14:03:11.904512+00:00',
      links: {
        self: api,
        self_html: `${origin}/communities/${c.slug}`,
        settings_html: `${origin}/communities/${c.slug}/settings`,
        logo: `${api}/logo`,
        rename: `${api}/rename`,
        members: `${api}/members`,
        public_members: `${api}/members/public`,
        invitations: `${api}/invitations`,
        requests: `${api}/requests`,
        records: `${api}/records`,
      },
      revision_id: 4,
      slug: c.slug,
      metadata: { title: c.title, description: `${c.title} community`, curation_policy: '', page: '', website: '', organizations: [] },
      access: { visibility: 'public', member_policy: 'open', record_policy: 'open', review_policy: 'closed', members_visibility: 'public' },
      custom_fields: {},
      deletion_status: { is_deleted: false, status: 'P' },
      children: { allow: false },
      is_verified: false,
    };
  }

  const server = createServer(handle);
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // A test that forgets close() must not keep the process alive.
  server.unref();
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    requests,
    inject(fault) {
      faults.push({ spec: fault, remaining: fault.times ?? 1 });
    },
    clearFaults() {
      faults.length = 0;
    },
    addRecord(r) {
      records.push(r);
      byId.set(r.id, r);
      listings = new Map();
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A route that does not exist (e.g. `/api/api/communities/x` from a base URL ending in `/api`). Under `/api` the
 * API app answers Werkzeug's NotFound description as JSON; elsewhere the UI app renders its HTML 404 page.
 * // src: inveniosoftware/invenio-rest invenio_rest/views.py (create_api_errorhandler: message = e.description)
 * // src: inveniosoftware/invenio-theme invenio_theme/views.py (page_not_found renders THEME_404_TEMPLATE)
 */
function routeNotFound(path: string): Reply {
  if (path === '/api' || path.startsWith('/api/')) return error(404, messages.notFound);
  return {
    status: 404,
    body: undefined,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    text: '<!DOCTYPE html>\n<html lang="en"><head><title>Page not found | Zenodo</title></head><body><h1>Page not found</h1><p>The page you are looking for could not be found.</p></body></html>\n',
  };
}

function error(status: number, message: string): Reply {
  return { status, body: { status, message } };
}

/**
 * A marshmallow validation error in flask-resources' envelope: the reason is in `errors[].messages`, `message`
 * is generic (§8b).
 * // src: inveniosoftware/flask-resources flask_resources/errors.py (HTTPJSONValidationException, create_error_handler)
 */
function validationError(field: string, text: string): Reply {
  return { status: 400, body: { status: 400, message: 'A validation error occurred.', errors: [{ field, messages: [text] }] } };
}

/**
 * The exact texts of the page-size cap, as pinned in zenodo-rdm's tests.
 * // src: zenodo/zenodo-rdm site/zenodo_rdm/params.py (validate_max_page_size), site/tests/test_search.py
 */
function pageSizeMessage(cap: number): string {
  return cap === 25
    ? 'Page size cannot be greater than 25. Please use authenticated requests to increase the limit to 100.'
    : `Page size cannot be greater than ${cap}.`;
}

function positiveInt(raw: string | null, fallback: number): number | undefined {
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= 1 ? n : undefined;
}

/**
 * A search for given records: `recid:(1 OR 2 …)` or `conceptrecid:(…)`, also InvenioRDM's own names `id:(…)` and
 * `parent.id:(…)`, a single value without parentheses, or several such terms joined by OR. A predicate on
 * the records, or `undefined` when `q` is not of this form. Older versions are still left out unless the
 * search asks for `allversions` (the caller's latest-only filter applies first).
 */
// src: zenodo/zenodo-rdm/site/zenodo_rdm/queryparser.py (ZENODO_LEGACY_SEARCH_MAP: recid → id, conceptrecid → parent.id)
// src: inveniosoftware/invenio-rdm-records/invenio_rdm_records/services/search_params.py (AllVersionsParam: latest only without allversions)
function parseIdQuery(q: string): ((r: LegacyRecord) => boolean) | undefined {
  const term = /\s*(recid|conceptrecid|id|parent\.id):(?:\(\s*(\d+(?:\s+OR\s+\d+)*)\s*\)|(\d+))\s*/y;
  const recids = new Set<string>();
  const conceptIds = new Set<string>();
  let at = 0;
  let terms = 0;
  while (at < q.length) {
    if (terms > 0) {
      const or = /\s*OR\s+/y;
      or.lastIndex = at;
      if (!or.exec(q)) return undefined;
      at = or.lastIndex;
    }
    term.lastIndex = at;
    const m = term.exec(q);
    if (!m) return undefined;
    at = term.lastIndex;
    terms++;
    const ids = (m[2] ?? m[3] ?? '').split(/\s+OR\s+/).filter((v) => v !== '');
    const target = m[1] === 'recid' || m[1] === 'id' ? recids : conceptIds;
    for (const id of ids) target.add(id);
  }
  if (terms === 0) return undefined;
  return (r) => recids.has(String(r.id)) || conceptIds.has(String(r.conceptrecid));
}

/**
 * A search for a keyword: `keywords:"napari"` (the legacy name), `metadata.subjects.subject:"napari"` (InvenioRDM's)
 * or either without quotes, matched case-insensitively against the whole keyword. A predicate on the records, or
 * `undefined` when `q` is not of this form.
 */
// src: zenodo/zenodo-rdm/site/zenodo_rdm/queryparser.py (ZENODO_LEGACY_SEARCH_MAP: "keywords" → "metadata.subjects.subject")
function parseKeywordQuery(q: string): ((r: LegacyRecord) => boolean) | undefined {
  const m = /^\s*(?:keywords|metadata\.subjects\.subject):(?:"([^"]+)"|([^\s"()]+))\s*$/.exec(q);
  const wanted = (m?.[1] ?? m?.[2])?.toLowerCase();
  if (wanted === undefined) return undefined;
  return (r) => ((r.metadata as { keywords?: string[] }).keywords ?? []).some((k) => k.toLowerCase() === wanted);
}

/**
 * `created:[A TO B]` (also `{`/`}` for exclusive bounds, `*` for open ones) as [from, to) in ms; an empty
 * q is no filter; anything else is `undefined`. `created` is an Elasticsearch date field, so day bounds
 * round to whole days: `[2020-01-01 TO 2020-12-31]` includes all of Dec 31 (§8a).
 */
function parseCreatedRange(q: string): [number, number] | undefined {
  if (q.trim() === '') return [-Infinity, Infinity];
  const m = /^\s*created:([[{])\s*(\S+)\s+TO\s+(\S+?)\s*([\]}])\s*$/.exec(q);
  if (!m) return undefined;
  const [, open, lowRaw = '*', highRaw = '*', close] = m;
  const day = 86_400_000;
  const bound = (raw: string, isLow: boolean, inclusive: boolean): number | undefined => {
    if (raw === '*') return isLow ? -Infinity : Infinity;
    const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(raw);
    const t = Date.parse(dayOnly ? `${raw}T00:00:00Z` : raw);
    if (Number.isNaN(t)) return undefined;
    if (!dayOnly) return inclusive === isLow ? t : t + 1;
    // Lower: inclusive → start of day, exclusive → after the whole day. Upper: inclusive → through the
    // end of the day, exclusive → before it starts.
    return isLow ? (inclusive ? t : t + day) : inclusive ? t + day : t;
  };
  const low = bound(lowRaw, true, open === '[');
  const high = bound(highRaw, false, close === ']');
  return low === undefined || high === undefined ? undefined : [low, high];
}

function applyBodyFault(fault: FaultSpec, body: unknown): void {
  if (!body || typeof body !== 'object') return;
  const b = body as { hits?: { hits: Record<string, unknown>[]; total: number }; links?: Record<string, string>; stats?: unknown };
  switch (fault.kind) {
    case 'bad-record': {
      // A search hit, or the single record of GET /api/records/{id}; in RDM JSON the all-versions counter.
      const target = b.hits ? b.hits.hits[0] : (b as Record<string, unknown>);
      if (!target) break;
      const stats = target['stats'] as Record<string, object> | undefined;
      if ('parent' in target) target['stats'] = { ...stats, all_versions: { ...stats?.['all_versions'], downloads: '12' } };
      else target['stats'] = { ...stats, downloads: '12' };
      break;
    }
    case 'loop-next':
      if (b.links?.['self']) b.links['next'] = b.links['self'];
      break;
    case 'offsite-next':
      if (b.links?.['self']) {
        const self = new URL(b.links['self']);
        self.searchParams.set('page', String(Number(self.searchParams.get('page') ?? '1') + 1));
        b.links['next'] = `https://evil.example${self.pathname}${self.search}`;
      }
      break;
    case 'other-origin-links':
      // The links of this page name zenodo.org's configured origin, not the one asked (see `linkOrigin`).
      // src: inveniosoftware/invenio-records-resources invenio_records_resources/services/base/links.py (EndpointLink.expand)
      if (b.links) {
        for (const [k, v] of Object.entries(b.links)) {
          const link = new URL(v);
          b.links[k] = `${placeholderOrigin}${link.pathname}${link.search}`;
        }
      }
      break;
    case 'short-page':
      b.hits?.hits.pop();
      break;
    case 'total-change':
      if (b.hits) b.hits.total += 1;
      break;
    case 'zero-stats':
    case 'zero-downloads':
    case 'zero-views':
      for (const hit of b.hits ? b.hits.hits : [b as Record<string, unknown>]) zeroStats(hit, fault.kind);
      break;
    default:
      break;
  }
}

/**
 * A statistics outage: when the views or the downloads index cannot be queried, each half falls back to zeros on
 * its own, for this version and all versions alike, and records are indexed that way (zenodo-api.md §8b).
 */
// src: inveniosoftware/invenio-rdm-records/invenio_rdm_records/records/stats/api.py (Statistics.get_record_stats)
function zeroStats(hit: Record<string, unknown>, kind: 'zero-stats' | 'zero-downloads' | 'zero-views'): void {
  const stats = hit['stats'] as Record<string, unknown> | undefined;
  if (!stats) return;
  const downloads = kind !== 'zero-views';
  const views = kind !== 'zero-downloads';
  const zeroed = (half: Record<string, unknown>, prefix: string) => {
    const out = { ...half };
    if (downloads) for (const k of ['downloads', 'unique_downloads', 'data_volume']) if (`${prefix}${k}` in out) out[`${prefix}${k}`] = 0;
    if (views) for (const k of ['views', 'unique_views']) if (`${prefix}${k}` in out) out[`${prefix}${k}`] = 0;
    return out;
  };
  if ('all_versions' in stats || 'this_version' in stats) {
    // RDM JSON: stats.this_version and stats.all_versions.
    hit['stats'] = {
      ...stats,
      ...(stats['this_version'] ? { this_version: zeroed(stats['this_version'] as Record<string, unknown>, '') } : {}),
      ...(stats['all_versions'] ? { all_versions: zeroed(stats['all_versions'] as Record<string, unknown>, '') } : {}),
    };
  } else {
    // Legacy JSON: the all-version keys plain, this version's with a `version_` prefix.
    hit['stats'] = zeroed(zeroed(stats, ''), 'version_');
  }
}
