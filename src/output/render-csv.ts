import { stringify } from 'csv-stringify/sync';
import { summaryColumns, type SummaryRow } from '../records/summary-row.js';
import type { Tabular } from './tabular.js';

/**
 * Options of `renderCsv`.
 *
 * @example
 * ```ts
 * renderCsv(rows, { bom: true });
 * ```
 */
export interface RenderCsvOptions {
  /** Prepend U+FEFF so Excel opens the file as UTF-8 (default `false`). */
  bom?: boolean;
}

/**
 * Renders rows as RFC 4180 CSV: a header line with `summaryColumns` in order, CRLF after every record
 * (the last one included), fields quoted only when needed (comma, quote, CR or LF). `null` becomes an empty cell, so "Zenodo sent
 * no figure" stays distinguishable from `0`.
 *
 * Text cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR, or
 * their full-width forms) get a leading `'` (csv-stringify `escape_formulas`, see
 * https://owasp.org/www-community/attacks/CSV_Injection). Counts are passed as numbers, which
 * csv-stringify never prefixes.
 *
 * @example
 * ```ts
 * const csv = renderCsv(rows, { bom: true });
 * // '\uFEFFzenodo_url,downloads,…\r\nhttps://zenodo.org/records/1,42,…\r\n'
 * ```
 */
export function renderCsv(rows: readonly SummaryRow[], options: RenderCsvOptions = {}): string {
  return renderCsvTable({ columns: summaryColumns.map((key) => ({ key })), rows }, options);
}

/** Any {@link Tabular} as RFC 4180 CSV, with the same quoting and formula escaping as {@link renderCsv}. */
export function renderCsvTable(table: Tabular, options: RenderCsvOptions = {}): string {
  return stringify(table.rows.map((row) => ({ ...row })), {
    header: true,
    columns: table.columns.map((c) => c.key),
    record_delimiter: 'windows',
    // With a custom `record_delimiter`, csv-stringify 6.9 stops quoting fields that hold a bare `\n` or `\r`
    // (the option defaults to `!record_delimiter`); RFC 4180 needs them quoted to stay inside one record.
    quote_record_delimiter: true,
    escape_formulas: true,
    bom: options.bom === true,
  });
}
