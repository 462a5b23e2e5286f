import { numericColumns, type SummaryColumn, type SummaryRow } from '../records/summary-row.js';
import type { Tabular } from './tabular.js';

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
  const maxTitleWidth = options.maxTitleWidth ?? 60;
  if (!Number.isInteger(maxTitleWidth) || maxTitleWidth < 1) {
    throw new RangeError(`maxTitleWidth must be an integer >= 1, got ${maxTitleWidth}`);
  }
  const columns = (options.columns ?? defaultColumns).map((key) => ({
    key,
    numeric: numericColumns.has(key),
    maxWidth: key === 'title' ? maxTitleWidth : undefined,
  }));
  return renderTextTable({ columns, rows });
}

/**
 * Any {@link Tabular} as an aligned plain-text table: numeric columns right-aligned, control characters
 * (terminal escapes included) replaced by a space, `maxWidth` columns cut with `…`.
 *
 * @example
 * renderTextTable({ columns: [{ key: 'period' }, { key: 'downloads', numeric: true }], rows: [{ period: '2026-08', downloads: 12 }] });
 */
export function renderTextTable(table: Tabular): string {
  const { columns } = table;
  const body = table.rows.map((row) =>
    columns.map((column) => {
      const value = row[column.key];
      if (value === null || value === undefined) return '';
      const text = String(value).replace(unsafeRun, ' ');
      return column.maxWidth !== undefined ? truncate(text, column.maxWidth) : text;
    }),
  );
  const widths = columns.map((column, i) =>
    body.reduce((width, cells) => Math.max(width, codePointLength(cells[i] ?? '')), codePointLength(column.key)),
  );

  const formatLine = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => {
        const pad = ' '.repeat(Math.max(0, (widths[i] ?? 0) - codePointLength(cell)));
        if (columns[i]?.numeric) return pad + cell;
        return i === cells.length - 1 ? cell : cell + pad;
      })
      .join(columnGap);

  const header = columns.map((c) => c.key);
  const lines = [formatLine(header), formatLine(widths.map((width) => '-'.repeat(width))), ...body.map(formatLine)];
  return lines.map((line) => `${line}\n`).join('');
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
