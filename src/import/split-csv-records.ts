import { CsvError, parse } from 'csv-parse/sync';

/** One CSV record: its fields, or why it could not be read. */
export type CsvRecord =
  | { line: number; raw: string; fields: string[] }
  | { line: number; raw: string; error: string };

/**
 * Splits RFC 4180 text into records (csv-parse does the quoting) without letting one broken record take the
 * rest of the file with it.
 *
 * csv-parse stops at a quoting error, and an unclosed quote swallows everything up to the end of the input
 * (even with `skip_records_with_error`). So on an error the physical line where the failing record starts is
 * reported as broken and parsing resumes on the next line. Line numbers are counted here from byte offsets:
 * csv-parse's own `info.lines` counts a CRLF inside a quoted field as two lines.
 *
 * Records of a different length are returned as they are (the caller names the expected count). Blank lines
 * are not records and are left out.
 *
 * @example
 * ```ts
 * splitCsvRecords('a,b\n1,"x\n2,3\n');
 * // [{ line: 1, raw: 'a,b', fields: ['a', 'b'] },
 * //  { line: 2, raw: '1,"x', error: 'broken quoting: a quoted field is never closed' },
 * //  { line: 3, raw: '2,3', fields: ['2', '3'] }]
 * ```
 */
export function splitCsvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  eachCsvRecord(text, (record) => {
    records.push(record);
  });
  return records;
}

/** Thrown inside csv-parse's `on_record` to stop it when the visitor has seen enough. */
class StopParsing extends Error {}

/**
 * Like {@link splitCsvRecords}, but hands each record to `visit` as it is read, and stops as soon as `visit`
 * returns `false`: a caller that gives up on a file after so many bad rows does not parse (or keep) the rest.
 *
 * @example
 * ```ts
 * let bad = 0;
 * eachCsvRecord(text, (record) => ('error' in record ? ++bad < 1000 : true));
 * ```
 */
export function eachCsvRecord(text: string | Buffer, visit: (record: CsvRecord) => boolean | void): void {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  // Line starts are found as far as the records reach, so a parse that stops early does not scan the rest.
  const lineStarts = [0];
  let scanned = 0;
  const lineAt = (offset: number): number => {
    while (scanned <= offset && scanned < bytes.length) {
      const newline = bytes.indexOf(0x0a, scanned);
      scanned = newline === -1 ? bytes.length : newline + 1;
      if (newline !== -1) lineStarts.push(newline + 1);
    }
    return countAtOrBelow(lineStarts, offset);
  };
  const rawText = (start: number, end: number): string =>
    bytes.toString('utf8', start, end).replace(/^\uFEFF/, '').replace(/\r?\n$/, '');

  let offset = 0;
  while (offset < bytes.length) {
    const base = offset;
    let end = base;
    try {
      parse(bytes.subarray(base), {
        bom: true,
        relax_column_count: true,
        on_record: (fields: string[], context) => {
          const start = end;
          end = base + context.bytes;
          if (!(fields.length === 1 && fields[0] === '')) {
            if (visit({ line: lineAt(start), raw: rawText(start, end), fields }) === false) throw new StopParsing();
          }
          return null;
        },
      });
      break;
    } catch (error) {
      if (error instanceof StopParsing) return;
      if (!(error instanceof CsvError)) throw error;
      const nextLine = bytes.indexOf(0x0a, end);
      const resume = nextLine === -1 ? bytes.length : nextLine + 1;
      const line = lineAt(end);
      const errorLine = typeof error.lines === 'number' ? lineAt(base) + error.lines - 1 : line;
      const reason = describeCsvError(error, errorLine > line ? errorLine : null);
      if (visit({ line, raw: rawText(end, resume), error: reason }) === false) return;
      offset = resume;
    }
  }
}

/**
 * Why a record is broken. csv-parse's own messages count lines from where the current parse began, which
 * after a resume is not the file's line 1, so they are not passed on.
 */
function describeCsvError(error: CsvError, laterLine: number | null): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'broken quoting: a quoted field is never closed';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return laterLine === null
        ? 'broken quoting: text right after a closing quote'
        : `broken quoting: a quoted field runs on to line ${laterLine} and has text right after its closing quote there`;
    case 'INVALID_OPENING_QUOTE':
      return 'broken quoting: a quote inside an unquoted field';
    default:
      return `unreadable CSV (${error.code})`;
  }
}

/** How many of the sorted `values` are <= `target`: the 1-based line of a byte offset. */
function countAtOrBelow(values: readonly number[], target: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((values[mid] ?? Infinity) <= target) low = mid + 1;
    else high = mid;
  }
  return low;
}
