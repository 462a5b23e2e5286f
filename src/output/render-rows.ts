import type { SummaryRow } from '../records/summary-row.js';
import { renderCsv, renderCsvTable } from './render-csv.js';
import { renderJson, renderJsonTable } from './render-json.js';
import { renderMarkdown, renderMarkdownTable } from './render-markdown.js';
import { renderNdjson, renderNdjsonTable } from './render-ndjson.js';
import { renderTable, renderTextTable } from './render-table.js';
import type { Tabular } from './tabular.js';

/**
 * A format `renderRows` can write.
 *
 * @example
 * ```ts
 * const format: OutputFormat = options.json ? 'json' : 'table';
 * ```
 */
export type OutputFormat = 'csv' | 'json' | 'ndjson' | 'table' | 'markdown';

/**
 * Every format `renderRows` accepts, in the order to list them in help text.
 *
 * @example
 * ```ts
 * new Option('--format <format>').choices(outputFormats).default('csv');
 * ```
 */
export const outputFormats: readonly OutputFormat[] = ['csv', 'json', 'ndjson', 'table', 'markdown'];

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
  switch (format) {
    case 'csv':
      return renderCsv(rows, options);
    case 'json':
      return renderJson(rows);
    case 'ndjson':
      return renderNdjson(rows);
    case 'table':
      return renderTable(rows);
    case 'markdown':
      return renderMarkdown(rows);
    default: {
      const unknown: never = format;
      throw new TypeError(`unknown output format ${JSON.stringify(unknown)}; expected one of ${outputFormats.join(', ')}`);
    }
  }
}

/**
 * Any {@link Tabular} (history periods, top lists, snapshot lists) in one of the output formats.
 *
 * @example
 * renderTabular({ columns: [{ key: 'period' }, { key: 'downloads', numeric: true }], rows }, 'markdown');
 */
export function renderTabular(table: Tabular, format: OutputFormat, options: RenderRowsOptions = {}): string {
  switch (format) {
    case 'csv':
      return renderCsvTable(table, options);
    case 'json':
      return renderJsonTable(table);
    case 'ndjson':
      return renderNdjsonTable(table);
    case 'table':
      return renderTextTable(table);
    case 'markdown':
      return renderMarkdownTable(table);
    default: {
      const unknown: never = format;
      throw new TypeError(`unknown output format ${JSON.stringify(unknown)}; expected one of ${outputFormats.join(', ')}`);
    }
  }
}
