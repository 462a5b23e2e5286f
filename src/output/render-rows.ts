import type { SummaryRow } from '../records/summary-row.js';
import { renderCsv } from './render-csv.js';
import { renderJson } from './render-json.js';
import { renderMarkdown } from './render-markdown.js';
import { renderNdjson } from './render-ndjson.js';
import { renderTable } from './render-table.js';

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
