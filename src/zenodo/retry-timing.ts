/**
 * How long to wait before retrying a failed request. Pure: headers, clock and randomness come in as arguments,
 * so the whole header → delay table is unit-tested without a server.
 */
import type { HeaderLookup } from './http-get.js';

export interface RetryDelayInput {
  /** HTTP status of the failed attempt, or `undefined` for a network error or timeout. */
  status?: number | undefined;
  /** Response headers of the failed attempt (any case), if there was a response. */
  headers?: HeaderLookup | Record<string, string | undefined> | undefined;
  /** 1 for the first retry, 2 for the second, … */
  attempt: number;
  /** Current time in ms since the epoch. */
  now: number;
  /** A number in [0, 1); `Math.random` in production. */
  random: number;
  /** First backoff step in ms. Default 1 000. */
  baseMs?: number;
  /** Largest backoff in ms. Default 30 000. */
  capMs?: number;
}

/**
 * `X-RateLimit-Reset` is documented as unix seconds (zenodo-api.md §2, observed in
 * shared/data/zenodo-api-samples/response-headers-2026-07.json). Values below this threshold (2001-09-09) cannot
 * be timestamps, so they are read as "seconds from now", the way some other servers send it.
 */
const epochSecondsThreshold = 1_000_000_000;

/**
 * Delay in ms before the next attempt.
 *
 * 1. On a 429 or 503, `Retry-After` (seconds or an HTTP date) wins. Zenodo sends `Retry-After` on every
 *    response, 200s included (zenodo-api.md §8a), so it is read on these two statuses only.
 * 2. Else, when `X-RateLimit-Remaining` is 0, wait until `X-RateLimit-Reset`.
 * 3. Else capped exponential backoff with full jitter: `random × min(cap, base × 2^(attempt−1))`.
 *
 * @example
 * retryDelayMs({ status: 429, headers: { 'retry-after': '2' }, attempt: 1, now: Date.now(), random: Math.random() });
 * // → 2000
 */
export function retryDelayMs(input: RetryDelayInput): number {
  const { status, attempt, now, random } = input;
  const baseMs = input.baseMs ?? 1_000;
  const capMs = input.capMs ?? 30_000;
  const header = headerReader(input.headers);

  if (status === 429 || status === 503) {
    const retryAfter = parseRetryAfter(header('retry-after'), now);
    if (retryAfter !== undefined) return retryAfter;
  }
  if (header('x-ratelimit-remaining')?.trim() === '0') {
    const reset = parseRateLimitReset(header('x-ratelimit-reset'), now);
    if (reset !== undefined) return reset;
  }
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(random * exponential);
}

/** `Retry-After` as ms from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1_000;
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** `X-RateLimit-Reset` as ms from `now` (unix seconds; small values read as seconds from now). */
export function parseRateLimitReset(value: string | undefined, now: number): number | undefined {
  if (value === undefined || !/^\d+(\.\d+)?$/.test(value.trim())) return undefined;
  const seconds = Number(value.trim());
  if (seconds < epochSecondsThreshold) return Math.ceil(seconds * 1_000);
  return Math.max(0, Math.ceil(seconds * 1_000 - now));
}

type HeaderReader = (name: string) => string | undefined;

/** Case-insensitive header lookup over a `Headers` object or a plain record. */
export function headerReader(headers: RetryDelayInput['headers']): HeaderReader {
  if (headers === undefined) return () => undefined;
  // Told by shape, not `instanceof Headers`: reading the global `Headers` loads undici (issue 14, start-up).
  if (typeof headers.get === 'function') {
    const lookup = headers as HeaderLookup;
    return (name) => lookup.get(name) ?? undefined;
  }
  const lower = new Map(Object.entries(headers as Record<string, string | undefined>).map(([k, v]) => [k.toLowerCase(), v]));
  return (name) => lower.get(name.toLowerCase());
}
