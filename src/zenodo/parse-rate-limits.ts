import { UsageError } from '../errors.js';
import type { RateLimits, RequestKind } from './pacer.js';

const units: Record<string, number> = { s: 1_000, sec: 1_000, min: 60_000, m: 60_000, h: 3_600_000, hour: 3_600_000 };

/**
 * `--rate-limit search=30/min,other=60/min` for InvenioRDM sites whose limits differ from zenodo.org's.
 * Kinds not named keep their defaults.
 *
 * @example
 * parseRateLimits('search=100/min'); // { search: { limit: 100, windowMs: 60000 } }
 */
export function parseRateLimits(text: string): Partial<RateLimits> {
  const limits: Partial<RateLimits> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(search|other)=(\d+)\/(\d*)(s|sec|min|m|h|hour)$/.exec(part);
    if (!m) throw new UsageError(`--rate-limit: '${part}' is not like search=30/min or other=60/min (units: s, min, h)`);
    const [, kind, count, every, unit] = m;
    const windowMs = (every ? Number(every) : 1) * (units[unit ?? 'min'] ?? 60_000);
    if (Number(count) < 1 || windowMs < 1) throw new UsageError(`--rate-limit: '${part}' must allow at least one request`);
    limits[kind as RequestKind] = { limit: Number(count), windowMs };
  }
  return limits;
}
