import { numericColumns, type SummaryColumn, type SummaryRow } from '../records/summary-row.js';
import { renderInBatches } from './render-in-batches.js';
import { asTabularSource, type Cell, type ColumnSpec, type Tabular, type TabularSource } from './tabular.js';

/**
 * Options of `renderTable`.
 *
 * @example
 * ```ts
 * renderTable(rows, { columns: ['downloads', 'id', 'title'], maxTitleWidth: 40 });
 * ```
 */
export interface RenderTableOptions {
  /** Columns to show, in order (default: `downloads, unique_downloads, views, unique_views, id, title`). */
  columns?: readonly SummaryColumn[];
  /** Longest title, in code points, before it is cut with `…` (default 60, at least 1). */
  maxTitleWidth?: number;
}

const defaultColumns: readonly SummaryColumn[] = ['downloads', 'unique_downloads', 'views', 'unique_views', 'id', 'title'];

const columnGap = '  ';

/**
 * Runs of control characters (C0, DEL, C1, which include CR, LF, tab and the ESC of terminal escape
 * sequences), Unicode line/paragraph separators and bidi overrides/isolates (Trojan Source,
 * https://trojansource.codes/): each run becomes one space, so a record stays on one line and a title
 * cannot recolour the terminal or reorder what is shown.
 */
const unsafeRun = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]+/gu;

/**
 * Renders rows as a plain-text table for terminals: a header line, a dashed rule, one line per row, every
 * line ending in `\n`. Counts are right-aligned raw digits, `null` is an empty cell, text is left-aligned,
 * no colour. Titles longer than `maxTitleWidth` code points end in `…`.
 *
 * Widths count code points, not terminal cells: CJK and emoji are usually two cells wide, so rows with
 * them may be misaligned by a column or two. Exact display width would need a width table we do not ship.
 *
 * @example
 * ```ts
 * process.stdout.write(renderTable(rows, { maxTitleWidth: 40 }));
 * // downloads  unique_downloads  views  unique_views  id  title
 * // ---------  ----------------  -----  ------------  --  -----------------
 * //      1234              1000   5678          4321  17  Bioimage analysis…
 * ```
 */
export function renderTable(rows: readonly SummaryRow[], options: RenderTableOptions = {}): string {
  return renderTextTable({ columns: textTableColumns(options), rows });
}

/**
 * The column specs {@link renderTable} uses: the chosen (or default) summary columns, counts right-aligned,
 * `title` cut to `maxTitleWidth`. Throws a `RangeError` for a `maxTitleWidth` below 1.
 *
 * @example
 * renderTextTableChunks({ columns: textTableColumns({ maxTitleWidth: 40 }), rows: () => spoolRows() });
 */
export function textTableColumns(options: RenderTableOptions = {}): ColumnSpec[] {
  const maxTitleWidth = options.maxTitleWidth ?? 60;
  if (!Number.isInteger(maxTitleWidth) || maxTitleWidth < 1) {
    throw new RangeError(`maxTitleWidth must be an integer >= 1, got ${maxTitleWidth}`);
  }
  return (options.columns ?? defaultColumns).map((key) => ({
    key,
    numeric: numericColumns.has(key),
    maxWidth: key === 'title' ? maxTitleWidth : undefined,
  }));
}

/**
 * Any {@link Tabular} as an aligned plain-text table: numeric columns right-aligned, control characters
 * (terminal escapes included) replaced by a space, `maxWidth` columns cut with `…`.
 *
 * @example
 * renderTextTable({ columns: [{ key: 'period' }, { key: 'downloads', numeric: true }], rows: [{ period: '2026-08', downloads: 12 }] });
 */
export function renderTextTable(table: Tabular): string {
  return [...renderTextTableChunks(asTabularSource(table))].join('');
}

/**
 * A {@link TabularSource} as an aligned plain-text table in chunks of about 64 KiB. Alignment needs every
 * column's widest cell before the first line, so this calls `table.rows()` twice: once to measure, once to
 * write; neither pass keeps the rows.
 *
 * @example
 * ```ts
 * for (const chunk of renderTextTableChunks({ columns: textTableColumns(), rows: () => spoolRows() })) process.stdout.write(chunk);
 * ```
 */
export function* renderTextTableChunks(table: TabularSource): Generator<string> {
  const { columns } = table;
  const widths = columns.map((column) => codePointLength(column.key));
  for (const row of table.rows()) {
    columns.forEach((column, i) => {
      widths[i] = Math.max(widths[i] ?? 0, codePointLength(cellText(row, column)));
    });
  }

  const formatLine = (cells: readonly string[]): string =>
    `${cells
      .map((cell, i) => {
        const pad = ' '.repeat(Math.max(0, (widths[i] ?? 0) - codePointLength(cell)));
        if (columns[i]?.numeric) return pad + cell;
        return i === cells.length - 1 ? cell : cell + pad;
      })
      .join(columnGap)}\n`;

  yield* renderInBatches(table.rows(), {
    head: formatLine(columns.map((c) => c.key)) + formatLine(widths.map((width) => '-'.repeat(width))),
    body: (rows) => rows.map((row) => formatLine(columns.map((column) => cellText(row, column)))).join(''),
    tail: '',
  });
}

/** One cell as shown: empty for a missing figure, control characters as a space, cut to `maxWidth`. */
function cellText(row: Readonly<Record<string, Cell | undefined>>, column: ColumnSpec): string {
  const value = row[column.key];
  if (value === null || value === undefined) return '';
  const text = String(value).replace(unsafeRun, ' ');
  return column.maxWidth !== undefined ? truncate(text, column.maxWidth) : text;
}

function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length += 1;
  return length;
}

/** Cuts by code points so a surrogate pair (e.g. an emoji) is never split. */
function truncate(text: string, max: number): string {
  const codePoints = Array.from(text);
  return codePoints.length <= max ? text : `${codePoints.slice(0, max - 1).join('')}…`;
}
