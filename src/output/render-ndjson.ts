import { summaryColumns, type SummaryRow } from '../records/summary-row.js';

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
  let out = '';
  for (const row of rows) {
    const ordered = Object.fromEntries(summaryColumns.map((column) => [column, row[column] ?? null]));
    out += `${JSON.stringify(ordered)}\n`;
  }
  return out;
}
