import path from 'node:path';
import { UsageError } from '../errors.js';

/**
 * Checks of option combinations that commander cannot express, made before a command starts, so a usage error is
 * always exit 2 before any request or file is touched (issue 12). Each throws a `UsageError` naming the options.
 */

/** Throws when two options that contradict each other were both given (`--db` and `--no-db`, `-q` and `-v`). */
export function refuseBoth(given: ReadonlySet<string>, a: string, b: string, why: string): void {
  if (given.has(a) && given.has(b)) throw new UsageError(`--${a} and --${b} cannot be used together: ${why}`);
}

/** Throws for a community or collection name that is empty or only spaces (`summarize ''`). */
export function refuseEmptyNames(names: readonly string[], what: string): void {
  if (names.some((name) => name.trim() === '')) {
    throw new UsageError(`a ${what} name is empty; give its slug, e.g. nfdi4bioimage`);
  }
}

/** Throws when `--from` is after `--to` (both `YYYY-MM-DD`, so they compare as text). */
export function refuseReversedDates(from: string | undefined, to: string | undefined): void {
  if (from !== undefined && to !== undefined && from > to) {
    throw new UsageError(`--from ${from} is after --to ${to}`);
  }
}

/**
 * zenodo.org answers 400 for a page size above 25 without a token and above 100 with one (zenodo-api.md §8a);
 * asking it would cost a request and end as an API failure, so it is refused here.
 */
export function refusePageSizeAboveCap(pageSize: number | undefined, hasToken: boolean): void {
  const cap = hasToken ? 100 : 25;
  if (pageSize !== undefined && pageSize > cap) {
    throw new UsageError(
      `--page-size ${pageSize} is above the site's maximum of ${cap} records per request ${hasToken ? 'with a token' : 'without a token (100 with one)'}`,
    );
  }
}

/**
 * A `YYYY-MM-DD` date that exists on the calendar: `2026-02-30` is refused (Date.parse would read it as 2 March).
 *
 * @example
 * isCalendarDate('2024-02-29'); // true
 * isCalendarDate('2026-02-30'); // false
 */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/**
 * `--raw` is a file of its own: `-` would make a file called `-` (stdout carries the output of `--out -`), and the
 * `--out` file itself would be replaced by the output once the raw hits were written.
 */
export function refuseRawOutput(raw: string | undefined, out: string | undefined, cwd: string): void {
  if (raw === undefined) return;
  if (raw === '-') throw new UsageError("--raw writes a file: give its name; '-' (stdout) is not supported, stdout carries the output of --out -");
  if (out !== undefined && out !== '-' && path.resolve(cwd, raw) === path.resolve(cwd, out)) {
    throw new UsageError(`--raw and --out name the same file (${path.resolve(cwd, out)}): the raw hits would be replaced by the output; give --raw another name`);
  }
}
