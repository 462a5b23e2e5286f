import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** The part of a response the client reads: what both `fetch`'s `Response` and {@link httpGet}'s answer have. */
export interface ResponseLike {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  /** The URL that answered, after redirects. */
  readonly url: string;
  readonly headers: HeaderLookup;
  text(): Promise<string>;
}

/** Case-insensitive header look-up, as `Headers.get`: `null` when absent. */
export interface HeaderLookup {
  get(name: string): string | null;
}

export interface GetInit {
  headers: Readonly<Record<string, string>>;
  signal: AbortSignal;
  redirect: 'follow';
}

/** A transport for GET requests: `fetch` itself, or {@link httpGet}. */
export type GetTransport = (url: URL, init: GetInit) => Promise<ResponseLike>;

/** What `fetch` follows at most before it gives up (WHATWG Fetch, "HTTP-redirect fetch", step 6). */
const maxRedirects = 20;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/**
 * GET over `node:http`/`node:https`, with what the client relied on `fetch` for: redirects followed (at most 20;
 * the `Authorization` header is dropped when one leads to another origin, as `fetch` does), gzip, deflate and
 * brotli bodies decoded, the body read as UTF-8 (a leading byte-order mark dropped, as `Response.text()` does),
 * and the request abandoned when `signal` aborts. Node's global `fetch` compiles undici at the first request,
 * some 100–150 ms of every run (issue 14, start-up); this needs only modules Node has loaded from its snapshot.
 *
 * A failure rejects with Node's own error (`code` `ECONNREFUSED`, `ECONNRESET`, …), or with `signal.reason`.
 *
 * @example
 * const response = await httpGet(new URL('https://zenodo.org/api/communities/nfdi4bioimage'), { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(30_000), redirect: 'follow' });
 * JSON.parse(await response.text());
 */
export const httpGet: GetTransport = async (url, init) => {
  let current = url;
  let headers = { ...init.headers };
  for (let redirects = 0; ; redirects += 1) {
    const response = await requestOnce(current, headers, init.signal);
    const location = response.headers.location;
    if (!redirectStatuses.has(response.statusCode ?? 0) || location === undefined) {
      return readResponse(response, current, init.signal);
    }
    response.resume();
    if (redirects >= maxRedirects) throw new Error(`redirect count exceeded (more than ${maxRedirects} redirects from ${url.href})`);
    const next = new URL(location, current);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new Error(`a redirect to ${next.protocol} is not followed`);
    // The token is for the site asked; a redirect elsewhere does not carry it (WHATWG Fetch, "HTTP-redirect fetch").
    if (next.origin !== current.origin) headers = withoutAuthorization(headers);
    current = next;
  }
};

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
}

function requestOnce(url: URL, headers: Readonly<Record<string, string>>, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const get = url.protocol === 'https:' ? https.get : http.get;
    const request = get(url, { headers: { 'Accept-Encoding': 'gzip, deflate, br', ...headers } });
    const onAbort = () => request.destroy(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
    signal.addEventListener('abort', onAbort, { once: true });
    request.once('response', (response) => {
      signal.removeEventListener('abort', onAbort);
      resolve(response);
    });
    request.once('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(signal.aborted ? signal.reason : error);
    });
  });
}

async function readResponse(response: IncomingMessage, url: URL, signal: AbortSignal): Promise<ResponseLike> {
  const status = response.statusCode ?? 0;
  const rawHeaders = response.headers;
  const text = await readBody(response, signal);
  return {
    status,
    statusText: response.statusMessage ?? '',
    ok: status >= 200 && status <= 299,
    url: url.href,
    headers: {
      get(name) {
        const value = rawHeaders[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    text: async () => text,
  };
}

/** The whole body as text, decoded as its `Content-Encoding` says; rejects when the body is cut off. */
function readBody(response: IncomingMessage, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const encoding = String(response.headers['content-encoding'] ?? '').trim().toLowerCase();
    const decoder =
      encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined;
    const chunks: Buffer[] = [];
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      response.destroy();
      decoder?.destroy();
      reject(signal.aborted ? signal.reason : error);
    };
    const onAbort = () => fail(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    // A response whose connection closes before its end is `aborted` (ECONNRESET), as fetch reports it.
    response.once('error', fail);
    response.once('close', () => {
      if (!response.complete) fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    });
    const body = decoder ? response.pipe(decoder) : response;
    decoder?.once('error', fail);
    body.on('data', (chunk: Buffer) => chunks.push(chunk));
    body.once('end', () => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      const text = Buffer.concat(chunks).toString('utf8');
      resolve(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    });
  });
}
