import { numericColumns, type SummaryColumn, type SummaryRow } from '../records/summary-row.js';

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
  const columns = options.columns ?? defaultColumns;
  const maxTitleWidth = options.maxTitleWidth ?? 60;
  if (!Number.isInteger(maxTitleWidth) || maxTitleWidth < 1) {
    throw new RangeError(`maxTitleWidth must be an integer >= 1, got ${maxTitleWidth}`);
  }

  const body = rows.map((row) =>
    columns.map((column) => {
      const value = row[column];
      if (value === null || value === undefined) return '';
      const text = String(value).replace(unsafeRun, ' ');
      return column === 'title' ? truncate(text, maxTitleWidth) : text;
    }),
  );
  // A loop, not Math.max(...cells): spreading one argument per row overflows the stack on big communities.
  const widths = columns.map((column, i) =>
    body.reduce((width, cells) => Math.max(width, codePointLength(cells[i] ?? '')), codePointLength(column)),
  );

  const formatLine = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => {
        const column = columns[i];
        const pad = ' '.repeat(Math.max(0, (widths[i] ?? 0) - codePointLength(cell)));
        if (column !== undefined && numericColumns.has(column)) return pad + cell;
        // No padding after the last column: it would only leave trailing spaces.
        return i === cells.length - 1 ? cell : cell + pad;
      })
      .join(columnGap);

  const lines = [formatLine(columns), formatLine(widths.map((width) => '-'.repeat(width))), ...body.map(formatLine)];
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
