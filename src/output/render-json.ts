import { summaryColumns, type SummaryRow } from '../records/summary-row.js';

/**
 * Renders rows as a pretty-printed JSON array (2-space indent, trailing newline). Each object has exactly
 * the `summaryColumns` keys, in that order; missing figures stay `null`.
 *
 * @example
 * ```ts
 * renderJson([]); // '[]\n'
 * renderJson(rows); // '[\n  {\n    "zenodo_url": "https://zenodo.org/records/1",\n    "downloads": 42, …'
 * ```
 */
export function renderJson(rows: readonly SummaryRow[]): string {
  const ordered = rows.map((row) => Object.fromEntries(summaryColumns.map((column) => [column, row[column] ?? null])));
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
