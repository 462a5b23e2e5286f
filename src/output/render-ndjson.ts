import { summaryColumns, type SummaryRow } from '../records/summary-row.js';
import { orderedRow, type Tabular } from './tabular.js';

/**
 * Renders rows as newline-delimited JSON (https://github.com/ndjson/ndjson-spec): one compact object per
 * line, keys in `summaryColumns` order, every line ending in `\n`. Zero rows give the empty string, so
 * outputs can be concatenated.
 *
 * @example
 * ```ts
 * renderNdjson(rows); // '{"zenodo_url":"https://zenodo.org/records/1","downloads":42,…}\n{…}\n'
 * ```
 */
export function renderNdjson(rows: readonly SummaryRow[]): string {
  return renderNdjsonTable({ columns: summaryColumns.map((key) => ({ key })), rows });
}

/** Any {@link Tabular} as one compact JSON object per line. */
export function renderNdjsonTable(table: Tabular): string {
  let out = '';
  for (const row of table.rows) out += `${JSON.stringify(orderedRow(table.columns, row))}\n`;
  return out;
}
