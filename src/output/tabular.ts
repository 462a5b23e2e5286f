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

/** The columns of a table, in order, with the cells of one row (missing cells as `null`). */
export function orderedRow(columns: readonly ColumnSpec[], row: Readonly<Record<string, Cell | undefined>>): Record<string, Cell> {
  return Object.fromEntries(columns.map((c) => [c.key, row[c.key] ?? null]));
}
