import type { SummaryRow } from '../records/summary-row.js';
import { renderInBatches } from './render-in-batches.js';
import { asTabularSource, orderedRow, summaryColumnSpecs, type Cell, type Tabular, type TabularSource } from './tabular.js';

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
  return renderJsonTable({ columns: summaryColumnSpecs, rows });
}

/** Any {@link Tabular} as a pretty JSON array of objects, keys in column order. */
export function renderJsonTable(table: Tabular): string {
  return [...renderJsonChunks(asTabularSource(table))].join('');
}

/**
 * A {@link TabularSource} as a pretty JSON array in chunks of about 64 KiB, pulling its rows lazily. Joined, the
 * chunks are exactly `JSON.stringify(rows, null, 2)` plus a newline: each object is stringified on its own
 * and indented one level, which is the same text because JSON escapes every line break inside a string.
 *
 * @example
 * ```ts
 * for (const chunk of renderJsonChunks({ columns, rows: () => spoolRows() })) process.stdout.write(chunk);
 * ```
 */
export function* renderJsonChunks(table: TabularSource): Generator<string> {
  const element = (row: Readonly<Record<string, Cell | undefined>>): string =>
    `  ${JSON.stringify(orderedRow(table.columns, row), null, 2).replace(/\n/g, '\n  ')}`;
  yield* renderInBatches(table.rows(), {
    head: '[\n',
    body: (rows, first) => (first ? '' : ',\n') + rows.map(element).join(',\n'),
    tail: '\n]\n',
    empty: '[]\n',
  });
}
