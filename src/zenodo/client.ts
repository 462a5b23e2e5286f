import PQueue from 'p-queue';
import {
  AbortedError,
  HttpError,
  InvalidResponseError,
  NetworkError,
  PaginationError,
  RouteNotFoundError,
  serverSaid,
  TokenRejectedError,
  UsageError,
} from '../errors.js';
import { defaultUserAgent } from '../version.js';
import { httpGet, type GetTransport, type HeaderLookup, type ResponseLike } from './http-get.js';
import { readErrorBody, type ErrorBody } from './read-error-body.js';
import { Pacer, publishedRateLimits, type RateLimits, type RequestKind } from './pacer.js';
import { retryDelayMs } from './retry-timing.js';
import { realSleep, type Sleep } from './sleep.js';

export interface ZenodoClientOptions {
  /** Site root. Default `https://zenodo.org`; any InvenioRDM site or a local server works. */
  baseUrl?: string | undefined;
  /** Personal access token. Sent only as `Authorization: Bearer …`, never in a URL (zenodo-api.md §4). */
  token?: string | undefined;
  /** Default `zenodo-stats/<version> (+<project url>)` (zenodo-api.md §3). */
  userAgent?: string | undefined;
  /** Per-attempt timeout in ms, body included. Default 30 000. */
  timeoutMs?: number | undefined;
  /** Attempts per request before giving up. Default 5. */
  maxAttempts?: number | undefined;
  /** Longest single wait a `Retry-After` may ask for before we give up instead. Default 300 000 (5 min). */
  maxRetryDelayMs?: number | undefined;
  /** Requests in flight at once. Default 4. */
  concurrency?: number | undefined;
  /** Rate limits per request kind; default the published ones for anonymous or token use. */
  limits?: Partial<RateLimits> | undefined;
  /**
   * The transport. Default {@link httpGet} (`node:http`/`node:https`); `fetch` itself, or a function in front of
   * it, works too (the tests' way of altering a request on its way).
   */
  fetch?: GetTransport | undefined;
  now?: (() => number) | undefined;
  sleep?: Sleep | undefined;
  random?: (() => number) | undefined;
  /** Called after every attempt (for `--verbose`). The event never contains the token. */
  onRequest?: ((event: RequestEvent) => void) | undefined;
}

export interface RequestEvent {
  method: 'GET';
  url: string;
  kind: RequestKind;
  attempt: number;
  /** HTTP status, or undefined when no response arrived. */
  status?: number | undefined;
  /** What went wrong when no usable response arrived. */
  error?: string | undefined;
  durationMs: number;
  /** Time spent waiting for the rate limit before this attempt. */
  waitedMs: number;
  /** Delay before the next attempt, when one follows. */
  retryInMs?: number | undefined;
}

export interface JsonResponse {
  url: string;
  status: number;
  headers: HeaderLookup;
  body: unknown;
}

export interface GetJsonOptions {
  kind: RequestKind;
  signal?: AbortSignal | undefined;
  /**
   * `Accept` header for this request instead of `application/json`, e.g. `application/vnd.inveniordm.v1+json`
   * for the RDM format on zenodo.org (zenodo-api.md §8).
   */
  accept?: string | undefined;
}

/** A polite HTTP client for one Zenodo/InvenioRDM site. */
export interface ZenodoClient {
  /** Site root without a trailing slash. */
  readonly baseUrl: string;
  readonly hasToken: boolean;
  /** Largest search page size allowed: 100 with a token, 25 without (zenodo-api.md §1). */
  readonly maxPageSize: number;
  /** HTTP requests sent so far, retries included. */
  readonly requestCount: number;
  /** GET a JSON document. `pathOrUrl` is relative to `baseUrl`, or an absolute URL on the same origin. */
  getJson(pathOrUrl: string, options: GetJsonOptions): Promise<JsonResponse>;
  /** Resolves a path against the site root. */
  resolve(pathOrUrl: string): URL;
}

/** 408 Request Timeout, 429 Too Many Requests and every 5xx are worth another try. */
const retryableStatuses = new Set([408, 429]);
const isRetryableStatus = (status: number) => retryableStatuses.has(status) || status >= 500;

/**
 * Creates a client that sends a descriptive User-Agent and the token as a Bearer header, paces requests to the
 * published rate limits, and retries network errors, timeouts, 408, 429 and 5xx with capped backoff.
 *
 * @example
 * const client = createZenodoClient({ token: process.env.ZENODO_TOKEN });
 * const { body } = await client.getJson('/api/communities/nfdi4bioimage', { kind: 'other' });
 */
export function createZenodoClient(options: ZenodoClientOptions = {}): ZenodoClient {
  const baseUrl = normalizeBaseUrl(options.baseUrl ?? 'https://zenodo.org');
  const base = new URL(`${baseUrl}/`);
  const token = options.token?.trim() || undefined;
  const hasToken = token !== undefined;
  const fetchImpl = options.fetch ?? httpGet;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 300_000;
  const pacer = new Pacer({ limits: { ...publishedRateLimits(hasToken), ...options.limits }, now, sleep });
  const queue = new PQueue({ concurrency: Math.max(1, options.concurrency ?? 4) });
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'User-Agent': options.userAgent ?? defaultUserAgent,
  };
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  let requestCount = 0;

  const resolve = (pathOrUrl: string): URL => {
    const url = /^[a-z][a-z0-9+.-]*:/i.test(pathOrUrl)
      ? new URL(pathOrUrl)
      : new URL(pathOrUrl.replace(/^\/+/, ''), base);
    // The token goes to the configured site only: a link elsewhere is refused, never followed.
    if (url.origin !== base.origin) {
      throw new PaginationError(`refusing to request ${redactUrl(url)}: it is not on ${baseUrl}`);
    }
    if (url.searchParams.has('access_token')) url.searchParams.delete('access_token');
    return url;
  };

  async function attemptOnce(url: URL, kind: RequestKind, signal: AbortSignal | undefined, accept: string | undefined) {
    const waitedMs = await pacer.acquire(kind, signal);
    const started = now();
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    requestCount += 1;
    try {
      const requestHeaders = accept === undefined ? headers : { ...headers, Accept: accept };
      const response = await fetchImpl(url, { headers: requestHeaders, signal: combined, redirect: 'follow' });
      // Reading the body is part of the attempt: a body cut off mid-way is a network error, retried.
      const text = await response.text();
      pacer.observe(kind, response.headers);
      return { ok: true as const, response, text, waitedMs, durationMs: now() - started };
    } catch (error) {
      if (signal?.aborted) throw new AbortedError('cancelled', { cause: signal.reason });
      const reason = timeout.aborted ? `timed out after ${formatSeconds(timeoutMs)}` : describeNetworkError(error);
      return { ok: false as const, error, reason, waitedMs, durationMs: now() - started };
    }
  }

  async function getJsonOnce(pathOrUrl: string, { kind, signal, accept }: GetJsonOptions): Promise<JsonResponse> {
    const url = resolve(pathOrUrl);
    const shownUrl = redactUrl(url);
    for (let attempt = 1; ; attempt += 1) {
      if (signal?.aborted) throw new AbortedError('cancelled', { cause: signal.reason });
      const result = await attemptOnce(url, kind, signal, accept);
      const isLast = attempt >= maxAttempts;

      if (!result.ok) {
        const retryInMs = isLast ? undefined : retryDelayMs({ attempt, now: now(), random: random() });
        options.onRequest?.({ method: 'GET', url: shownUrl, kind, attempt, error: result.reason, durationMs: result.durationMs, waitedMs: result.waitedMs, retryInMs });
        if (retryInMs === undefined) {
          const attempts = attempt > 1 ? ` after ${attempt} attempts` : '';
          throw new NetworkError(`GET ${shownUrl} failed: ${result.reason}${attempts}`, { cause: result.error });
        }
        await sleep(retryInMs, signal);
        continue;
      }

      const { response, text } = result;
      const status = response.status;
      if (response.ok) {
        const parsed = parseJson(text);
        if (parsed.ok) {
          options.onRequest?.({ method: 'GET', url: shownUrl, kind, attempt, status, durationMs: result.durationMs, waitedMs: result.waitedMs });
          return { url: response.url || url.href, status, headers: response.headers, body: parsed.value };
        }
        // A 200 that is not JSON is a proxy's maintenance page, not an answer (zenodo-api.md §8b): retried like a
        // 5xx within the same attempt budget, then exit 5. Zenodo's Retry-After on every 200 is not a hint here.
        const notJson = describeNotJson(text, response, shownUrl);
        const retryInMs = isLast ? undefined : retryDelayMs({ attempt, now: now(), random: random() });
        options.onRequest?.({ method: 'GET', url: shownUrl, kind, attempt, status, error: 'the body is not JSON', durationMs: result.durationMs, waitedMs: result.waitedMs, retryInMs });
        if (retryInMs === undefined) {
          const attempts = attempt > 1 ? ` after ${attempt} attempts` : '';
          throw new InvalidResponseError(`${notJson}${attempts}`, { cause: parsed.error });
        }
        await sleep(retryInMs, signal);
        continue;
      }

      const retryable = isRetryableStatus(status) && !isLast;
      const retryInMs = retryable
        ? retryDelayMs({ status, headers: response.headers, attempt, now: now(), random: random() })
        : undefined;
      options.onRequest?.({ method: 'GET', url: shownUrl, kind, attempt, status, durationMs: result.durationMs, waitedMs: result.waitedMs, retryInMs });
      const errorBody = readErrorBody(text);
      const details = {
        method: 'GET',
        url: shownUrl,
        status,
        statusText: response.statusText,
        attempts: attempt,
        serverMessage: errorBody.message,
        serverErrors: errorBody.errors,
      };
      if (retryInMs === undefined) throw httpError(details, errorBody, hasToken, baseUrl);
      if (retryInMs > maxRetryDelayMs) {
        throw new HttpError(
          details,
          `GET ${shownUrl} failed: ${status} ${response.statusText}; the server asks to wait ${formatSeconds(retryInMs)}, longer than the ${formatSeconds(maxRetryDelayMs)} we wait. Try again later.`,
        );
      }
      await sleep(retryInMs, signal);
    }
  }

  return {
    baseUrl,
    hasToken,
    maxPageSize: hasToken ? 100 : 25,
    get requestCount() {
      return requestCount;
    },
    resolve,
    getJson: (pathOrUrl, opts) =>
      queue.add(() => getJsonOnce(pathOrUrl, opts)) as Promise<JsonResponse>,
  };
}

/** Werkzeug's `NotFound` description: what a route that does not exist answers, as HTML or in JSON (§8b). */
const routeNotFoundText = /the requested url was not found on the server/i;

function httpError(details: ConstructorParameters<typeof HttpError>[0], body: ErrorBody, hasToken: boolean, baseUrl: string): HttpError {
  // §8b: a missing community or record is JSON "The persistent identifier does not exist."; an unknown route is
  // Werkzeug's generic text (JSON from the API app, invenio-rest `views.py`) or an HTML page (the UI app, a proxy).
  if (details.status === 404 && (!body.isJson || routeNotFoundText.test(body.message ?? ''))) {
    return new RouteNotFoundError(
      details,
      `GET ${details.url} failed: 404: ${baseUrl} has no such API route, so --base-url looks wrong${baseUrlHint(baseUrl)}`,
    );
  }
  // zenodo-api.md §8a: an unaccepted token is silently treated as anonymous, so size=100 meets the guest cap.
  // The reason is in errors[].messages of the real body, not in its message (zenodo-api.md §8b).
  const said = serverSaid(details);
  if (hasToken && details.status === 400 && /page size cannot be greater than 25/i.test(said)) {
    return new TokenRejectedError(
      details,
      `the token was not accepted by ${baseUrl}: it answered as it does to anonymous requests (${details.status}: ${said}). Check ZENODO_TOKEN / --token, or run without a token.`,
    );
  }
  return new HttpError(details);
}

/** What the base URL probably should be: the site root, without `/api`. */
function baseUrlHint(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (url.pathname === '/' || url.pathname === '') return ' (is it the InvenioRDM site you meant?)';
  const root = /\/api$/i.test(url.pathname) ? `${url.origin}${url.pathname.replace(/\/api$/i, '')}` : url.origin;
  return ` (it should be the site's root, without /api: e.g. --base-url ${root})`;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error };
  }
}

function describeNotJson(text: string, response: ResponseLike, shownUrl: string): string {
  const type = response.headers.get('content-type') ?? 'no content type';
  const start = text.slice(0, 80).replace(/\s+/g, ' ').trim();
  return `GET ${shownUrl} returned a body that is not valid JSON (${response.status}, ${type}, ${text.length} bytes, starting "${start}")`;
}

/** What a person should read for the network failures reported by code (Node's, undici's and the OS's). */
const networkErrorText: Readonly<Record<string, string>> = {
  UND_ERR_SOCKET: 'the connection was closed before the response was complete',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed while the request was sent',
  ECONNREFUSED: 'the connection was refused (is the site up, and is --base-url right?)',
  ENOTFOUND: 'the host name could not be resolved (check --base-url and the network)',
  EAI_AGAIN: 'the host name could not be resolved for now (DNS did not answer)',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host cannot be reached',
  ENETUNREACH: 'the network cannot be reached',
};

/**
 * `the connection was reset (ECONNRESET)` rather than fetch's bare `fetch failed`; the code stays for searching.
 * `node:http` puts the code on the error itself, `fetch` on its cause.
 */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  const own = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  const code = own ?? (cause && typeof cause === 'object' && 'code' in cause ? String(cause.code) : undefined);
  const known = code === undefined ? undefined : networkErrorText[code];
  if (known !== undefined) return `${known} (${code})`;
  const causeMessage = cause instanceof Error ? cause.message : undefined;
  return [error.message, code ?? causeMessage].filter(Boolean).join(': ');
}

/** Drops credentials and `access_token` from a URL before it is shown anywhere. */
export function redactUrl(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  copy.searchParams.delete('access_token');
  return copy.href;
}

function normalizeBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--base-url: '${value}' is not a URL (expected e.g. https://zenodo.org)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`--base-url: '${value}' must start with https:// or http://`);
  }
  if (url.search || url.hash) throw new UsageError(`--base-url: '${value}' must not have a query or fragment`);
  return url.href.replace(/\/+$/, '');
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
