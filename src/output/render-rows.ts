import type { SummaryRow } from '../records/summary-row.js';
import { renderCsvChunks } from './render-csv.js';
import { renderJsonChunks } from './render-json.js';
import { markdownColumns, renderMarkdownChunks } from './render-markdown.js';
import { renderNdjsonChunks } from './render-ndjson.js';
import { renderTextTableChunks, textTableColumns } from './render-table.js';
import { asTabularSource, summaryColumnSpecs, type ColumnSpec, type Tabular, type TabularSource } from './tabular.js';
import { outputFormats, type OutputFormat } from './output-formats.js';

export { outputFormats, type OutputFormat };

/**
 * Options of `renderRows`.
 *
 * @example
 * ```ts
 * renderRows(rows, 'csv', { bom: true });
 * ```
 */
export interface RenderRowsOptions {
  /** CSV only: prepend U+FEFF for Excel (default `false`). Ignored by the other formats. */
  bom?: boolean;
}

/**
 * Renders rows in the given format with each renderer's defaults. Every non-empty result ends in a line
 * break (CRLF for CSV, `\n` otherwise); NDJSON of zero rows is `''`. Write it as is, e.g. with
 * `process.stdout.write`, not `console.log`, which would add another newline.
 *
 * @example
 * ```ts
 * process.stdout.write(renderRows(rows, 'markdown'));
 * await writeFileAtomic('stats.csv', renderRows(rows, 'csv', { bom: true }));
 * ```
 */
export function renderRows(rows: readonly SummaryRow[], format: OutputFormat, options: RenderRowsOptions = {}): string {
  return [...renderRowChunks(() => rows, format, options)].join('');
}

/**
 * Summary rows in the given format, as {@link renderRows} writes them, in chunks of about 64 KiB: for writing
 * 200 000 rows without holding them or their text. `rows` is called once and read lazily, except by the
 * `table` format, which calls it twice (widths first, then the lines). An unknown format throws at once.
 *
 * @example
 * ```ts
 * await writeFileAtomic('stats.csv', renderRowChunks(() => spoolRows(), 'csv', { bom: true }));
 * ```
 */
export function renderRowChunks(
  rows: () => Iterable<SummaryRow>,
  format: OutputFormat,
  options: RenderRowsOptions = {},
): Generator<string> {
  return renderTabularChunks({ columns: summaryRowColumns(format), rows }, format, options);
}

/**
 * Any {@link Tabular} (history periods, top lists, snapshot lists) in one of the output formats.
 *
 * @example
 * renderTabular({ columns: [{ key: 'period' }, { key: 'downloads', numeric: true }], rows }, 'markdown');
 */
export function renderTabular(table: Tabular, format: OutputFormat, options: RenderRowsOptions = {}): string {
  return [...renderTabularChunks(asTabularSource(table), format, options)].join('');
}

/**
 * Any {@link TabularSource} in one of the output formats, in chunks of about 64 KiB that join to
 * {@link renderTabular}'s output. `table.rows` is called once and read lazily, except by the `table` format,
 * which calls it twice. An unknown format throws at once, before any row is read.
 *
 * @example
 * ```ts
 * const chunks = renderTabularChunks({ columns, rows: () => mergedRows() }, 'ndjson');
 * for (const chunk of chunks) process.stdout.write(chunk);
 * ```
 */
export function renderTabularChunks(table: TabularSource, format: OutputFormat, options: RenderRowsOptions = {}): Generator<string> {
  switch (format) {
    case 'csv':
      return renderCsvChunks(table, options);
    case 'json':
      return renderJsonChunks(table);
    case 'ndjson':
      return renderNdjsonChunks(table);
    case 'table':
      return renderTextTableChunks(table);
    case 'markdown':
      return renderMarkdownChunks(table);
    default: {
      const unknown: never = format;
      throw new TypeError(`unknown output format ${JSON.stringify(unknown)}; expected one of ${outputFormats.join(', ')}`);
    }
  }
}

/** Each format's default summary columns, as `renderTable`, `renderMarkdown` and the others pick them. */
function summaryRowColumns(format: OutputFormat): readonly ColumnSpec[] {
  if (format === 'table') return textTableColumns();
  if (format === 'markdown') return markdownColumns();
  return summaryColumnSpecs;
}
