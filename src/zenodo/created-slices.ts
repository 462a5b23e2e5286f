/**
 * Day arithmetic for listing past Zenodo's 10 000-result window by `created` date (zenodo-api.md §5, §8a).
 * `created` is an Elasticsearch date field: `created:[2024-01-01 TO 2024-06-30]` includes all of June 30, so
 * whole-day slices `[a TO b]`, the next starting the day after `b`, neither overlap nor leave gaps. The last
 * slice is open-ended (`[a TO *]`): records created while the run goes on land there. The first slice is open
 * below (`[* TO b]`): its start is never inferred from the order of hits, because zenodo.org sorts every
 * `/api/records` search by `-parent.is_verified` first (invenio-rdm-records `services/sort.py`
 * `VerifiedRecordsSortParam`), so `sort=oldest`'s first hit need not be the oldest record (zenodo-api.md §8b).
 */

const dayMs = 86_400_000;

/** `YYYY-MM-DD` (UTC) of an instant or of a Zenodo `created` timestamp. */
export function dayOf(value: number | string): string {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return dayOf(Date.parse(`${day}T00:00:00Z`) + days * dayMs);
}

/** Days from `a` to `b`, both included. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / dayMs) + 1;
}

/** The query of one slice; `start` undefined for the first slice (open below), `end` for the last (open-ended). */
export function createdQuery(start: string | undefined, end: string | undefined): string {
  return `created:[${start ?? '*'} TO ${end ?? '*'}]`;
}

/**
 * How many days the next slice should span to hold about `target` records at `perDay` records a day (at least
 * one day). The target sits below the window so that uneven days rarely overflow a slice (each overflow costs
 * one probe request).
 *
 * @example
 * sliceDays(9_000, 120); // 75
 */
export function sliceDays(target: number, perDay: number): number {
  if (!(perDay > 0)) return 3650;
  return Math.max(1, Math.floor(target / perDay));
}

/**
 * The density to size the next try with after a `days`-day slice came back with `count` records, more than the
 * window: the density that slice showed, and at least 1.5 × the one it was sized with, so every retry is
 * shorter by a third or more and splitting ends (at one day, where `iterateCommunityPages` gives up).
 *
 * @example
 * sliceDays(9_000, densityAfterOverflow(100, 20_000, 90)); // 40: 40 days at 222 a day hold 8 889
 */
export function densityAfterOverflow(perDay: number, count: number, days: number): number {
  return Math.max(perDay * 1.5, count / days);
}
