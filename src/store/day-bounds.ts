import type { LoadCollectionOptions } from '../snapshot/snapshot.js';
import { isDay } from './prepare-snapshot.js';
import { StoreError } from './store-error.js';

/** One limit of `loadCollection`: the snapshots whose day compares so with `day`. */
export interface DayBound {
  operator: '>=' | '<=';
  day: string;
}

/**
 * The `from` and `to` of `loadCollection`'s options as comparisons on the day, checked: an `invalid-input`
 * StoreError if one is not a day as YYYY-MM-DD. Days compare as text in both stores, so a bound such as 2026-02-30
 * is a valid limit, not an error.
 *
 * @example
 * dayBounds({ from: '2026-01-01' }); // [{ operator: '>=', day: '2026-01-01' }]
 */
export function dayBounds(options: LoadCollectionOptions): DayBound[] {
  const bounds: DayBound[] = [];
  for (const [bound, operator] of [
    ['from', '>='],
    ['to', '<='],
  ] as const) {
    const day = options[bound];
    if (day === undefined) continue;
    if (!isDay(day)) {
      throw new StoreError('invalid-input', `loadCollection: "${bound}" must be a day as YYYY-MM-DD, got "${day}"`);
    }
    bounds.push({ operator, day });
  }
  return bounds;
}
