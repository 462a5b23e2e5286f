/**
 * Reads one dated CSV snapshot. Two dialects, told apart by the header:
 *
 * - `nfdi4bioimage-weekly`: NFDI4BIOIMAGE/training `download_statistics/YYYYMMDD.csv`, header
 *   `url,authors,downloads,unique_downloads,views,unique_views,version_downloads,version_unique_downloads,version_unique_views,version_views`.
 *   The last two columns are swapped relative to the other pairs, so every column is read by name. The
 *   `authors` cell holds literal quotes inside the CSV quoting (`"""A and B"""` raw; NFDI4BIOIMAGE/training
 *   PR #100). Counters must all be present; the job wrote no empty cells.
 * - `zenodo-stats`: our own `summarize` CSV (`summaryColumns`): keyed by `id`, with `concept_id`. An empty
 *   counter is `null` (Zenodo sent no figure). Text cells may carry the `'` that formula escaping adds.
 *
 * Meaning of the counters: zenodo-api.md §6 (plain = all versions, `version_*` = this version).
 */
import { counterNames, type CounterName, type SnapshotCounters, type SnapshotRecord } from '../snapshot/snapshot.js';
import { dateFromFileName } from './date-from-file-name.js';
import { dedupeRows } from './dedupe-rows.js';
import { parseRecordUrl } from './parse-record-url.js';
import { jsonExcerpt } from './json-excerpt.js';
import { eachCsvRecord, type CsvRecord } from './split-csv-records.js';
import type { ImportedRow, ImportKey, ParsedSnapshotFile, SkippedRow, SnapshotCsvFormat } from './types.js';

/** CSV column of each counter; both dialects use these names. */
const counterColumns: Record<CounterName, string> = {
  downloads: 'downloads',
  uniqueDownloads: 'unique_downloads',
  views: 'views',
  uniqueViews: 'unique_views',
  versionDownloads: 'version_downloads',
  versionUniqueDownloads: 'version_unique_downloads',
  versionViews: 'version_views',
  versionUniqueViews: 'version_unique_views',
};

const weeklyHeader =
  'url,authors,downloads,unique_downloads,views,unique_views,version_downloads,version_unique_downloads,version_unique_views,version_views';
const ourHeader = 'zenodo_url,downloads,…,id,concept_id,… (zenodo-stats summarize output)';
const unknownFormat = `unknown CSV format; expected the NFDI4BIOIMAGE weekly header (${weeklyHeader}) or a zenodo-stats header (${ourHeader})`;

/** Columns a file must have, per dialect. `authors` (weekly) and `concept_id` (ours) are read when present. */
const requiredColumns: Record<SnapshotCsvFormat, readonly string[]> = {
  'nfdi4bioimage-weekly': ['url', ...Object.values(counterColumns)],
  'zenodo-stats': ['zenodo_url', 'id', ...Object.values(counterColumns)],
};

/**
 * The characters after which csv-stringify's `escape_formulas` (used by `renderCsv`) inserts a `'`:
 * `=`, `+`, `-`, `@`, tab, CR and their full-width forms. Only a `'` before one of these is removed.
 */
const formulaStarts = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

/**
 * Bad rows after which a file is given up on, unread to its end: a valid header followed by megabytes of junk
 * would otherwise give hundreds of thousands of warnings and hold them all in memory (issue 12). A file is also
 * refused when none of its data rows is usable, or more than half of them are bad (see `minRowsToJudge`): what is
 * left is not a snapshot to trust.
 */
export const maxBadRows = 1000;
/**
 * Data rows a file needs before "more than half bad" refuses it: in a small file a few bad rows are listed one by
 * one and the rest imported; a file with no usable row at all is refused whatever its size.
 */
const minRowsToJudge = 20;

/**
 * Parses one CSV snapshot; pure, so the caller reads the file. Never throws for bad content: a file-level
 * problem (no date in the name, unknown header, {@link maxBadRows} bad rows, no usable row, more than half bad) goes in
 * `error`, a bad row in `skipped`, a second row for the same record in `duplicates`. A file that is empty, a single
 * newline, or a header without data rows is `empty`, not an error: it gives no snapshot (a 0-record snapshot would
 * read as "0 downloads").
 *
 * @example
 * ```ts
 * const file = readSnapshotCsv(await readFile('20250325.csv', 'utf8'), '20250325.csv');
 * file.date;                // '2025-03-25'
 * file.format;              // 'nfdi4bioimage-weekly'
 * file.rows[0]?.record;     // { recordId: '4071471', downloads: 10117, versionViews: 7535, … }
 * file.skipped;             // [{ line: 7, reason: 'downloads: "abc" is not a non-negative integer', raw: '…' }]
 * ```
 */
export function readSnapshotCsv(text: string | Buffer, fileName: string): ParsedSnapshotFile {
  const result: ParsedSnapshotFile = {
    fileName,
    date: null,
    format: null,
    rows: [],
    skipped: [],
    duplicates: [],
    empty: false,
  };
  const dated = dateFromFileName(fileName);
  if ('error' in dated) return { ...result, error: dated.error };
  result.date = dated.date;

  // Text (or UTF-8 bytes: a large file need not be held as a string too).
  if (typeof text === 'string' && text.replace(/^\uFEFF/, '').trim() === '') return { ...result, empty: true };

  let headerError: string | undefined;
  let columns: string[] = [];
  const column = new Map<string, number>();
  let readRow: (cell: Cell, line: number) => RowResult = readOwnRow;
  /** The header: the dialect and the column of each name, or `headerError`. */
  const readHeader = (header: CsvRecord): boolean => {
    if ('error' in header) {
      headerError = `${unknownFormat}; the first line is not readable CSV (${header.error})`;
      return false;
    }
    columns = header.fields.map((name) => name.trim().toLowerCase());
    const detected = detectFormat(columns);
    if ('error' in detected) {
      headerError = detected.error;
      return false;
    }
    result.format = detected.format;
    columns.forEach((name, index) => {
      if (!column.has(name)) column.set(name, index);
    });
    readRow = detected.format === 'nfdi4bioimage-weekly' ? readWeeklyRow : readOwnRow;
    return true;
  };

  const imported: ImportedRow[] = [];
  let dataRows = 0;
  /** One data row, imported or skipped; `false` once there are too many bad rows to go on. */
  const readRecord = (record: CsvRecord): boolean => {
    dataRows += 1;
    if ('error' in record) {
      result.skipped.push({ line: record.line, reason: record.error, raw: record.raw });
    } else if (record.fields.length !== columns.length) {
      result.skipped.push({
        line: record.line,
        reason: `expected ${columns.length} cells, found ${record.fields.length}`,
        raw: record.raw,
      });
    } else {
      const fields = record.fields;
      const cell = (name: string): string | undefined => {
        const index = column.get(name);
        return index === undefined ? undefined : fields[index];
      };
      const row = readRow(cell, record.line);
      if ('problems' in row) result.skipped.push({ line: record.line, reason: row.problems.join('; '), raw: record.raw });
      else imported.push(row);
    }
    return result.skipped.length < maxBadRows;
  };
  let sawHeader = false;
  eachCsvRecord(text, (record) => {
    if (sawHeader) return readRecord(record);
    sawHeader = true;
    return readHeader(record);
  });
  if (headerError !== undefined) return { ...result, format: null, error: headerError };
  // Nothing but blank lines (or a byte-order mark): empty.
  if (!sawHeader) return { ...result, empty: true };

  const firstBad = result.skipped[0];
  const example = firstBad === undefined ? '' : ` (the first, line ${firstBad.line}: ${firstBad.reason})`;
  if (result.skipped.length >= maxBadRows) {
    return { ...result, rows: [], error: `gave up after ${maxBadRows} rows that could not be read${example}; not imported` };
  }
  if (dataRows > 0 && imported.length === 0) {
    return { ...result, error: `none of its ${dataRows} data row${dataRows === 1 ? '' : 's'} could be read${example}; not imported` };
  }
  if (dataRows >= minRowsToJudge && result.skipped.length * 2 > dataRows) {
    return { ...result, rows: [], error: `${result.skipped.length} of ${dataRows} data rows could not be read${example}; more than half, so not imported` };
  }
  // A header and no data rows: nothing to make a snapshot of (issue 12).
  if (dataRows === 0) return { ...result, empty: true };
  const { rows, duplicates } = dedupeRows(imported);
  result.rows = rows;
  result.duplicates = duplicates;
  return result;
}

type Cell = (name: string) => string | undefined;
type RowResult = ImportedRow | { problems: string[] };

function detectFormat(columns: readonly string[]): { format: SnapshotCsvFormat } | { error: string } {
  const present = new Set(columns);
  // The column that only one dialect has decides which one the file claims to be.
  const claimed: SnapshotCsvFormat | null = present.has('zenodo_url')
    ? 'zenodo-stats'
    : present.has('url')
      ? 'nfdi4bioimage-weekly'
      : null;
  if (claimed === null) return { error: `${unknownFormat}; got: ${jsonExcerpt(columns.join(','))}` };
  const missing = requiredColumns[claimed].filter((name) => !present.has(name));
  if (missing.length > 0) return { error: `${unknownFormat}; the ${claimed} header lacks: ${missing.join(', ')}` };
  return { format: claimed };
}

function readWeeklyRow(cell: Cell, line: number): RowResult {
  const problems: string[] = [];
  const url = cell('url') ?? '';
  const key = parseRecordUrl(url);
  if (key.kind === 'unkeyable') problems.push(`url: ${key.reason}`);
  const counters = readCounters(cell, false, problems);
  if (key.kind === 'unkeyable' || counters === null) return { problems };
  const authors = stripLiteralQuotes(cell('authors') ?? '');
  return {
    line,
    key,
    record: { recordId: provisionalRecordId(key), conceptId: null, volume: null, ...counters },
    ...(authors === '' ? {} : { authors }),
    url: url.trim(),
  };
}

function readOwnRow(cell: Cell, line: number): RowResult {
  const problems: string[] = [];
  const id = unescapeText(cell('id') ?? '').trim();
  if (!/^\d+$/.test(id)) problems.push(id === '' ? 'id: empty' : `id: ${quote(id)} is not a record id`);
  const conceptId = unescapeText(cell('concept_id') ?? '').trim();
  if (conceptId !== '' && !/^\d+$/.test(conceptId)) problems.push(`concept_id: ${quote(conceptId)} is not a concept id`);
  const counters = readCounters(cell, true, problems);
  if (problems.length > 0 || counters === null) return { problems };
  const recordId = id.replace(/^0+(?=\d)/, '');
  const key: ImportKey = { kind: 'record', recordId };
  const title = unescapeText(cell('title') ?? '');
  return {
    line,
    key,
    record: { recordId, conceptId: conceptId === '' ? null : conceptId, volume: null, ...counters },
    ...(title === '' ? {} : { title }),
    url: unescapeText(cell('zenodo_url') ?? '').trim(),
  };
}

/** All eight counters, or `null` after adding a problem per bad cell to `problems`. */
function readCounters(cell: Cell, emptyIsNull: boolean, problems: string[]): SnapshotCounters | null {
  const counters: Partial<Record<CounterName, number | null>> = {};
  let ok = true;
  for (const name of counterNames) {
    const columnName = counterColumns[name];
    const text = (cell(columnName) ?? '').trim();
    if (text === '' && emptyIsNull) {
      counters[name] = null;
      continue;
    }
    const value = parseCount(text);
    if (value === null) {
      problems.push(text === '' ? `${columnName}: empty` : `${columnName}: ${quote(text)} is not a non-negative integer`);
      ok = false;
    } else {
      counters[name] = value;
    }
  }
  return ok ? (counters as SnapshotCounters) : null;
}

/** A non-negative integer; `12.0` is 12 (pandas writes integer columns with NaN that way). */
function parseCount(text: string): number | null {
  if (!/^\d+(?:\.0*)?$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

function provisionalRecordId(key: ImportKey): string {
  switch (key.kind) {
    case 'record':
      return key.recordId;
    case 'concept-doi':
      return key.conceptId;
    case 'doi':
      return key.id;
  }
}

/** `"Name and Name"` → `Name and Name`: the weekly job wrapped every authors value in literal quotes. */
function stripLiteralQuotes(text: string): string {
  const trimmed = text.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
}

/** Undoes `renderCsv`'s formula escaping (see `formulaStarts`). */
function unescapeText(text: string): string {
  return text.startsWith("'") && formulaStarts.has(text.charAt(1)) ? text.slice(1) : text;
}

function quote(text: string): string {
  return jsonExcerpt(text);
}
