import type { SummaryRow } from '../records/summary-row.js';
import { renderInBatches } from './render-in-batches.js';
import { asTabularSource, orderedRow, summaryColumnSpecs, type Tabular, type TabularSource } from './tabular.js';

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
  return renderNdjsonTable({ columns: summaryColumnSpecs, rows });
}

/** Any {@link Tabular} as one compact JSON object per line. */
export function renderNdjsonTable(table: Tabular): string {
  return [...renderNdjsonChunks(asTabularSource(table))].join('');
}

/**
 * A {@link TabularSource} as NDJSON in chunks of about 64 KiB (many lines each), pulling its rows lazily; zero
 * rows yield nothing.
 *
 * @example
 * ```ts
 * for (const chunk of renderNdjsonChunks({ columns, rows: () => spoolRows() })) process.stdout.write(chunk);
 * ```
 */
export function* renderNdjsonChunks(table: TabularSource): Generator<string> {
  yield* renderInBatches(table.rows(), {
    head: '',
    body: (rows) => rows.map((row) => `${JSON.stringify(orderedRow(table.columns, row))}\n`).join(''),
    tail: '',
  });
}
