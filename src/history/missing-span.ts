/**
 * One rule, used by `import` (which marks a snapshot partial and lists what it lacks) and by history (its
 * *partial snapshot* anomaly), so that the two never disagree about a snapshot (issue 12).
 *
 * A record counts as missing from a snapshot when it appears in one of the `neighbourWindow` snapshots before and
 * in one of those after, but not in it. With a window of 1 (only the previous and the next snapshot), two
 * partial weeks in a row hide each other: in the NFDI4BIOIMAGE data 20241217.csv lacks 22 records of
 * 20241210.csv, and 20241224.csv lacks every one of them too, so none is "in both neighbours"; 12 of them are
 * back in 20241231.csv. A record gone for longer reads as removed from the list (or re-added later), not as
 * missing. The first and the last snapshot have neighbours on one side only; each is judged against the
 * nearest one, so a first file followed by a week that adds records, or a last file after records were dropped
 * from the list, also reads as partial.
 */
export const neighbourWindow = 2;

/**
 * Whether the first and the last snapshot are judged against their one neighbour. Yes for imported lists (a
 * weekly CSV can lack rows anywhere); no for a snapshot that zenodo-stats listed itself, checked complete
 * against the site's total: a record it lacks at the end was deleted, not missed.
 */
export interface MissingEdges {
  first: boolean;
  last: boolean;
}

/**
 * The snapshots (first and last index, inclusive) in which a record counts as missing, given two consecutive
 * appearances of it: at `from` (−1: it was not seen before) and at `to` (`count`: it is not seen after), out of
 * `count` snapshots in all; `null` when it is missing from none.
 *
 * @example
 * ```ts
 * missingSpan(3, 5, 10); // [4, 4]: absent from one snapshot between two appearances
 * missingSpan(3, 9, 10); // null: gone for five snapshots, removed rather than missing
 * missingSpan(-1, 1, 10); // [0, 0]: the first snapshot lacks a record of the second
 * ```
 */
export function missingSpan(from: number, to: number, count: number, edges: MissingEdges = { first: true, last: true }): [number, number] | null {
  if (count < 2) return null;
  if (from < 0) return edges.first && to === 1 ? [0, 0] : null;
  if (to >= count) return edges.last && from === count - 2 ? [count - 1, count - 1] : null;
  const first = Math.max(from + 1, to - neighbourWindow);
  const last = Math.min(to - 1, from + neighbourWindow);
  return first <= last ? [first, last] : null;
}
