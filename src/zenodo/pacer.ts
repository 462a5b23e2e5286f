import { headerReader, parseRateLimitReset } from './retry-timing.js';
import type { Sleep } from './sleep.js';

/**
 * Zenodo limits search requests separately from everything else (zenodo-api.md §2):
 * `/api/records` searches share 30 requests/min; other endpoints allow 60/min anonymous, 100/min with a token.
 */
export type RequestKind = 'search' | 'other';

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export type RateLimits = Record<RequestKind, RateLimit>;

/**
 * The published limits (zenodo/developers.zenodo.org `source/includes/rate-limit/_root.md`). Zenodo's own config
 * allows guests more (133/min, zenodo-api.md §8a); we pace to the documented figures.
 */
export function publishedRateLimits(hasToken: boolean): RateLimits {
  return {
    search: { limit: 30, windowMs: 60_000 },
    other: { limit: hasToken ? 100 : 60, windowMs: 60_000 },
  };
}

export interface PacerOptions {
  limits: RateLimits;
  now: () => number;
  sleep: Sleep;
  /**
   * When `X-RateLimit-Remaining` falls to this or below, spread the remaining requests evenly until
   * `X-RateLimit-Reset` instead of spending them at once. Default 2.
   */
  lowWater?: number;
}

interface Bucket {
  limit: RateLimit;
  /** Start times of the requests inside the current window, oldest first. */
  starts: number[];
  /** No request may start before this time (set from the server's headers). */
  notBefore: number;
  /** Serialises acquisitions so concurrent callers cannot both take the last slot. */
  tail: Promise<void>;
}

/**
 * Paces requests so a normal run never meets a 429: a sliding window per request kind, sized to the published
 * limits, tightened by the server's own `X-RateLimit-Remaining`/`X-RateLimit-Reset` headers.
 *
 * @example
 * const pacer = new Pacer({ limits: publishedRateLimits(false), now: Date.now, sleep: realSleep });
 * await pacer.acquire('search');
 * const response = await fetch(url);
 * pacer.observe('search', response.headers);
 */
export class Pacer {
  readonly #buckets: Record<RequestKind, Bucket>;
  readonly #now: () => number;
  readonly #sleep: Sleep;
  readonly #lowWater: number;

  constructor(options: PacerOptions) {
    this.#now = options.now;
    this.#sleep = options.sleep;
    this.#lowWater = options.lowWater ?? 2;
    const bucket = (limit: RateLimit): Bucket => ({ limit, starts: [], notBefore: 0, tail: Promise.resolve() });
    this.#buckets = { search: bucket(options.limits.search), other: bucket(options.limits.other) };
  }

  /** Resolves when a request of this kind may start, and counts it as started. Returns the ms waited. */
  acquire(kind: RequestKind, signal?: AbortSignal): Promise<number> {
    const bucket = this.#buckets[kind];
    const turn = bucket.tail.then(() => this.#take(bucket, signal));
    bucket.tail = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  /** Reads the rate-limit headers of a response to a request of this kind. */
  observe(kind: RequestKind, headers: Headers): void {
    const bucket = this.#buckets[kind];
    const header = headerReader(headers);
    const remainingText = header('x-ratelimit-remaining');
    if (remainingText === undefined || !/^\d+$/.test(remainingText.trim())) return;
    const remaining = Number(remainingText);
    const now = this.#now();
    const untilReset = parseRateLimitReset(header('x-ratelimit-reset'), now);
    if (untilReset === undefined) return;
    if (remaining === 0) {
      // The server's word is final: nothing more until its window resets, and no longer than that.
      bucket.notBefore = Math.max(bucket.notBefore, now + untilReset);
    } else if (remaining <= this.#lowWater) {
      bucket.notBefore = Math.max(bucket.notBefore, now + Math.ceil(untilReset / (remaining + 1)));
    }
  }

  async #take(bucket: Bucket, signal?: AbortSignal): Promise<number> {
    const now = this.#now();
    const { limit, windowMs } = bucket.limit;
    while (bucket.starts.length > 0 && (bucket.starts[0] ?? 0) <= now - windowMs) bucket.starts.shift();
    let startAt = Math.max(now, bucket.notBefore);
    if (bucket.starts.length >= limit) {
      const oldestInWindow = bucket.starts[bucket.starts.length - limit] ?? now;
      startAt = Math.max(startAt, oldestInWindow + windowMs);
    }
    const wait = startAt - now;
    if (wait > 0) await this.#sleep(wait, signal);
    // Record the planned start, not a fresh clock reading: the window stays correct even with a test clock
    // that does not move while we sleep.
    bucket.starts.push(startAt);
    if (bucket.starts.length > limit) bucket.starts.splice(0, bucket.starts.length - limit);
    return Math.max(0, wait);
  }
}
