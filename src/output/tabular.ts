import { summaryColumns } from '../records/summary-row.js';

/**
 * A table any renderer can write: named columns in order, and rows of plain cells. The summary rows, history
 * periods, top lists and snapshot lists are all rendered through this one shape.
 */
export type Cell = string | number | null;

export interface ColumnSpec {
  key: string;
  /** Right-aligned in text tables and Markdown; written as a number in CSV/JSON. */
  numeric?: boolean | undefined;
  /** In text tables, cut to this many code points with `…`. */
  maxWidth?: number | undefined;
  /** In Markdown, link this column's text to the URL in the named column (http/https only). */
  linkFrom?: string | undefined;
}

export interface Tabular {
  columns: readonly ColumnSpec[];
  rows: readonly Readonly<Record<string, Cell | undefined>>[];
}

/**
 * A table whose rows are produced on demand, so that 200 000 of them never sit in memory at once. `rows` is a
 * factory rather than an iterable because the plain-text table reads the rows twice (column widths first,
 * then the lines), so each call must yield the same rows in the same order; every other format calls it
 * once and pulls one row at a time.
 *
 * @example
 * ```ts
 * const source: TabularSource = {
 *   columns: [{ key: 'id' }, { key: 'downloads', numeric: true }],
 *   rows: function* () { for (const record of spool) yield { id: record.id, downloads: record.downloads }; },
 * };
 * ```
 */
export interface TabularSource {
  columns: readonly ColumnSpec[];
  rows: () => Iterable<Readonly<Record<string, Cell | undefined>>>;
}

/**
 * A {@link Tabular} held in memory as a {@link TabularSource}, for the renderers that take one.
 *
 * @example
 * [...renderCsvChunks(asTabularSource({ columns: [{ key: 'id' }], rows: [{ id: '1' }] }))].join(''); // 'id\r\n1\r\n'
 */
export function asTabularSource(table: Tabular): TabularSource {
  return { columns: table.columns, rows: () => table.rows };
}

/** Every summary column in `summaryColumns` order, as CSV, JSON and NDJSON write them. */
export const summaryColumnSpecs: readonly ColumnSpec[] = summaryColumns.map((key) => ({ key }));

/** The columns of a table, in order, with the cells of one row (missing cells as `null`). */
export function orderedRow(columns: readonly ColumnSpec[], row: Readonly<Record<string, Cell | undefined>>): Record<string, Cell> {
  return Object.fromEntries(columns.map((c) => [c.key, row[c.key] ?? null]));
}
