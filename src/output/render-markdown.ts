import { numericColumns, type SummaryColumn, type SummaryRow } from '../records/summary-row.js';
import { renderInBatches } from './render-in-batches.js';
import { asTabularSource, type Cell, type ColumnSpec, type Tabular, type TabularSource } from './tabular.js';

/**
 * Options of `renderMarkdown`.
 *
 * @example
 * ```ts
 * renderMarkdown(rows, { columns: ['title', 'downloads', 'views'] });
 * ```
 */
export interface RenderMarkdownOptions {
  /**
   * Columns to show, in order (default: `title, downloads, unique_downloads, views, unique_views,
   * version_downloads, id`). `title` links to the record's `zenodo_url`.
   */
  columns?: readonly SummaryColumn[];
}

const defaultColumns: readonly SummaryColumn[] = [
  'title',
  'downloads',
  'unique_downloads',
  'views',
  'unique_views',
  'version_downloads',
  'id',
];

/** Control characters, line/paragraph separators and bidi overrides/isolates: a cell must stay one line. */
const unsafeRun = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]+/gu;

/**
 * Markdown punctuation that could start emphasis, code, links, strikethrough or math (`$`, on GitHub), or
 * end a table cell (`|`). CommonMark lets any ASCII punctuation be backslash-escaped
 * (https://spec.commonmark.org/0.31.2/#backslash-escapes), and GFM tables honour `\|`
 * (https://github.github.com/gfm/#tables-extension-).
 */
const markdownPunctuation = /[\\`*_[\]|~$]/g;

/** HTML-significant characters become entities, so no raw HTML (and no entity of Zenodo's) survives. */
const htmlEntities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Characters that would end or confuse an inline link destination or the table row
 * (https://spec.commonmark.org/0.31.2/#link-destination), as percent-encodings.
 */
const destinationUnsafe = /[()<>|\\ "`]/g;

/**
 * Renders rows as a GitHub-flavoured Markdown table, one row per line, every line ending in `\n`. Counts
 * are right-aligned, `null` is an empty cell. Everything that comes from Zenodo is escaped, so a title
 * renders as text only: no HTML, no emphasis, no links of its own. The title links to `zenodo_url` only
 * when that is an `http:` or `https:` URL; otherwise it is shown as plain text.
 *
 * @example
 * ```ts
 * renderMarkdown(rows, { columns: ['title', 'downloads'] });
 * // | title | downloads |
 * // | --- | ---: |
 * // | [Bioimage \_analysis\_](https://zenodo.org/records/1) | 42 |
 * ```
 */
export function renderMarkdown(rows: readonly SummaryRow[], options: RenderMarkdownOptions = {}): string {
  return renderMarkdownTable({ columns: markdownColumns(options), rows });
}

/**
 * The column specs {@link renderMarkdown} uses: the chosen (or default) summary columns, counts right-aligned,
 * `title` linked to `zenodo_url`.
 *
 * @example
 * renderMarkdownChunks({ columns: markdownColumns(), rows: () => spoolRows() });
 */
export function markdownColumns(options: RenderMarkdownOptions = {}): ColumnSpec[] {
  return (options.columns ?? defaultColumns).map((key) => ({
    key,
    numeric: numericColumns.has(key),
    linkFrom: key === 'title' ? 'zenodo_url' : undefined,
  }));
}

/**
 * Any {@link Tabular} as a GitHub-flavoured Markdown table. Every cell is escaped; a `linkFrom` column becomes a
 * link only to an http(s) URL.
 *
 * @example
 * renderMarkdownTable({ columns: [{ key: 'title', linkFrom: 'url' }], rows: [{ title: 'A', url: 'https://zenodo.org/records/1' }] });
 */
export function renderMarkdownTable(table: Tabular): string {
  return [...renderMarkdownChunks(asTabularSource(table))].join('');
}

/**
 * A {@link TabularSource} as a GitHub-flavoured Markdown table in chunks of about 64 KiB, pulling its rows
 * lazily; zero rows give the header and alignment lines alone.
 *
 * @example
 * ```ts
 * for (const chunk of renderMarkdownChunks({ columns: markdownColumns(), rows: () => spoolRows() })) process.stdout.write(chunk);
 * ```
 */
export function* renderMarkdownChunks(table: TabularSource): Generator<string> {
  const { columns } = table;
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |\n`;
  yield* renderInBatches(table.rows(), {
    head: line(columns.map((c) => c.key)) + line(columns.map((column) => (column.numeric ? '---:' : '---'))),
    body: (rows) => rows.map((row) => line(columns.map((column) => renderCell(row, column)))).join(''),
    tail: '',
  });
}

function renderCell(row: Readonly<Record<string, Cell | undefined>>, column: ColumnSpec): string {
  const value = row[column.key];
  if (column.linkFrom !== undefined) {
    const text = escapeText(value === null || value === undefined ? '' : String(value)) || '(untitled)';
    const url = row[column.linkFrom];
    const destination = linkDestination(typeof url === 'string' ? url : undefined);
    return destination === undefined ? text : `[${text}](${destination})`;
  }
  if (value === null || value === undefined) return '';
  return typeof value === 'number' ? String(value) : escapeText(value);
}

/**
 * Text from Zenodo made inert for Markdown: control characters become spaces, Markdown punctuation is
 * backslash-escaped and `&`, `<`, `>` become entities, so a title can neither format, link nor inject HTML.
 *
 * @example
 * escapeMarkdownText('](javascript:alert(1))'); // '\\](javascript:alert(1))'
 */
export function escapeMarkdownText(text: string): string {
  return escapeText(text);
}

function escapeText(text: string): string {
  return text
    .replace(unsafeRun, ' ')
    .trim()
    .replace(markdownPunctuation, (char) => `\\${char}`)
    .replace(/[&<>]/g, (char) => htmlEntities[char] ?? char);
}

/** The URL as a safe inline-link destination, or `undefined` if it is not a valid http(s) URL. */
function linkDestination(url: string | null | undefined): string | undefined {
  if (typeof url !== 'string' || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  return parsed.href
    .replace(destinationUnsafe, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
    .replace(/&/g, '&amp;');
}
