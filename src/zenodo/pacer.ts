import type { HeaderLookup } from './http-get.js';
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
}

/**
 * Our window is counted from when a request starts, the server's from when it arrives; a request that arrives
 * late could make the server count one more than we did. A 1 % longer window keeps us clear of that edge.
 */
const windowMargin = 1.01;

interface Bucket {
  limit: RateLimit;
  /** Start times of the requests inside the current window, oldest first. */
  starts: number[];
  /** What the server said is left of its budget (`X-RateLimit-Remaining`), minus what we sent since. */
  serverRemaining: number;
  /** When the server's budget refills (`X-RateLimit-Reset`); 0 when unknown. */
  serverResetAt: number;
  /** Serialises acquisitions so concurrent callers cannot both take the last slot. */
  tail: Promise<void>;
}

/**
 * Paces requests so a normal run never meets a 429: a sliding window per request kind, sized to the published
 * limits, and the server's own budget from `X-RateLimit-Remaining`/`X-RateLimit-Reset`: when it runs out, the
 * next request waits for the reset. A server that allows more than the published limits is still paced to them.
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

  constructor(options: PacerOptions) {
    this.#now = options.now;
    this.#sleep = options.sleep;
    const bucket = (limit: RateLimit): Bucket => ({
      limit,
      starts: [],
      serverRemaining: Number.POSITIVE_INFINITY,
      serverResetAt: 0,
      tail: Promise.resolve(),
    });
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

  /**
   * Reads the rate-limit headers of a response to a request of this kind. The server's word is final: once its
   * remaining budget is spent, nothing more starts until its `X-RateLimit-Reset`, and no longer than that.
   */
  observe(kind: RequestKind, headers: HeaderLookup): void {
    const bucket = this.#buckets[kind];
    const header = headerReader(headers);
    const remainingText = header('x-ratelimit-remaining');
    if (remainingText === undefined || !/^\d+$/.test(remainingText.trim())) return;
    const now = this.#now();
    const untilReset = parseRateLimitReset(header('x-ratelimit-reset'), now);
    if (untilReset === undefined) return;
    bucket.serverRemaining = Number(remainingText);
    bucket.serverResetAt = now + untilReset;
    // A server that allows more than we assumed is used at its real pace (its remaining budget still rules).
    const limitText = header('x-ratelimit-limit');
    const limit = limitText !== undefined && /^\d+$/.test(limitText.trim()) ? Number(limitText) : undefined;
    if (limit !== undefined && limit > bucket.limit.limit) bucket.limit = { ...bucket.limit, limit };
  }

  /** The limits in force now (the configured ones, raised where the server said it allows more). */
  get limits(): RateLimits {
    return { search: { ...this.#buckets.search.limit }, other: { ...this.#buckets.other.limit } };
  }

  async #take(bucket: Bucket, signal?: AbortSignal): Promise<number> {
    const now = this.#now();
    const { limit } = bucket.limit;
    const span = Math.ceil(bucket.limit.windowMs * windowMargin);
    while (bucket.starts.length > 0 && (bucket.starts[0] ?? 0) <= now - span) bucket.starts.shift();
    let startAt = now;
    if (bucket.starts.length >= limit) {
      const oldestInWindow = bucket.starts[bucket.starts.length - limit] ?? now;
      startAt = Math.max(startAt, oldestInWindow + span);
    }
    if (bucket.serverResetAt > 0 && bucket.serverResetAt <= startAt) {
      // The server's window has refilled; its next response will tell us the new budget.
      bucket.serverRemaining = Number.POSITIVE_INFINITY;
      bucket.serverResetAt = 0;
    }
    if (bucket.serverRemaining <= 0) {
      startAt = Math.max(startAt, bucket.serverResetAt);
      bucket.serverRemaining = Number.POSITIVE_INFINITY;
      bucket.serverResetAt = 0;
    }
    bucket.serverRemaining -= 1;
    const wait = startAt - now;
    if (wait > 0) await this.#sleep(wait, signal);
    // Record the planned start, not a fresh clock reading: the window stays correct even with a test clock
    // that does not move while we sleep.
    bucket.starts.push(startAt);
    if (bucket.starts.length > limit) bucket.starts.splice(0, bucket.starts.length - limit);
    return Math.max(0, wait);
  }
}
