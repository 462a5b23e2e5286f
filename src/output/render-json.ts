import { summaryColumns, type SummaryRow } from '../records/summary-row.js';
import { orderedRow, type Tabular } from './tabular.js';

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
  return renderJsonTable({ columns: summaryColumns.map((key) => ({ key })), rows });
}

/** Any {@link Tabular} as a pretty JSON array of objects, keys in column order. */
export function renderJsonTable(table: Tabular): string {
  return `${JSON.stringify(table.rows.map((row) => orderedRow(table.columns, row)), null, 2)}\n`;
}
