import { stringify, type Options } from 'csv-stringify/sync';
import type { SummaryRow } from '../records/summary-row.js';
import { renderInBatches } from './render-in-batches.js';
import { asTabularSource, summaryColumnSpecs, type Tabular, type TabularSource } from './tabular.js';

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
  return renderCsvTable({ columns: summaryColumnSpecs, rows }, options);
}

/** Any {@link Tabular} as RFC 4180 CSV, with the same quoting and formula escaping as {@link renderCsv}. */
export function renderCsvTable(table: Tabular, options: RenderCsvOptions = {}): string {
  return [...renderCsvChunks(asTabularSource(table), options)].join('');
}

/**
 * A {@link TabularSource} as RFC 4180 CSV in chunks of about 64 KiB, pulling its rows lazily; joined, the
 * chunks equal {@link renderCsvTable}'s output. The header line (and the BOM, if asked for) comes first, so
 * zero rows give the header line alone.
 *
 * @example
 * ```ts
 * await writeFileAtomic('stats.csv', renderCsvChunks({ columns, rows: () => spoolRows() }, { bom: true }));
 * ```
 */
export function* renderCsvChunks(table: TabularSource, options: RenderCsvOptions = {}): Generator<string> {
  const csvOptions: Options = {
    columns: table.columns.map((c) => c.key),
    record_delimiter: 'windows',
    // With a custom `record_delimiter`, csv-stringify 6.9 stops quoting fields that hold a bare `\n` or `\r`
    // (the option defaults to `!record_delimiter`); RFC 4180 needs them quoted to stay inside one record.
    quote_record_delimiter: true,
    escape_formulas: true,
  };
  yield* renderInBatches(table.rows(), {
    head: stringify([], { ...csvOptions, header: true, bom: options.bom === true }),
    body: (rows) => stringify(rows.map((row) => ({ ...row })), csvOptions),
    tail: '',
  });
}
