import { readFile } from 'node:fs/promises';
import { describeFsError } from '../describe-fs-error.js';
import { LocalIoError, UsageError } from '../errors.js';
import { parseRecordUrl } from './parse-record-url.js';
import { splitCsvRecords } from './split-csv-records.js';

/**
 * What one line of a record list names:
 * - `id`: a record page, a DOI or a bare number. Zenodo mints record ids and concept ids from one sequence, and
 *   `zenodo.org/records/<concept id>` redirects to the latest version, so the number may be either: it is looked
 *   up as a record first, then as a concept.
 * - `concept`: a concept DOI (`zenodo.org/doi/10.5281/zenodo.N`): looked up as a concept first.
 * - `unreadable`: not a record at all, with the reason.
 */
export type RecordListKey = { kind: 'id'; id: string } | { kind: 'concept'; id: string } | { kind: 'unreadable'; reason: string };

export interface RecordListEntry {
  /** 1-based line number in the file. */
  line: number;
  /** The line (or the CSV cell) as written. */
  text: string;
  key: RecordListKey;
}

export interface RecordList {
  entries: RecordListEntry[];
  /** `lines`: one record per line; `csv`: the named column of a CSV. */
  format: 'lines' | 'csv';
  column?: string | undefined;
}

/** CSV columns that name a record, in the order they are preferred (a record id beats a URL). */
const idColumns = ['id', 'record_id', 'recid'];
const urlColumns = ['url', 'zenodo_url', 'doi'];

/**
 * Reads a list of records: one per line (a record URL in any Zenodo form, a DOI, a concept DOI, or a bare id;
 * blank lines and `#` comments, whole-line or after the record and a space, are skipped), or a CSV with an `id`,
 * `record_id`, `recid`, `url`, `zenodo_url` or `doi` column
 * (NFDI4BIOIMAGE's weekly files, this tool's own CSVs).
 *
 * @example
 * const { entries } = await readRecordList('training.txt');
 * // [{ line: 1, text: 'https://zenodo.org/records/1175282', key: { kind: 'id', id: '1175282' } }, …]
 */
export async function readRecordList(file: string): Promise<RecordList> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new LocalIoError(`--records: cannot read ${file}: ${describeFsError(error)}`, { cause: error });
  }
  return parseRecordList(text, file);
}

/** {@link readRecordList} on text already read. */
export function parseRecordList(text: string, file: string): RecordList {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const firstIndex = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const first = firstIndex === -1 ? '' : (lines[firstIndex] ?? '');
  if (first.includes(',')) {
    const header = splitCsvRecords(first)[0];
    const names = header && 'fields' in header ? header.fields.map((f) => f.trim().toLowerCase()) : [];
    const wanted = [...idColumns, ...urlColumns].filter((c) => names.includes(c));
    if (wanted.length > 0) return readCsvList(lines.slice(firstIndex).join('\n'), firstIndex, names, wanted);
    throw new UsageError(`--records: ${file} looks like a CSV (line ${firstIndex + 1} has commas) but has no ${[...idColumns, ...urlColumns].join(', ').replace(/, (\w+)$/, ' or $1')} column`);
  }
  const entries: RecordListEntry[] = [];
  lines.forEach((raw, i) => {
    // A comment may also follow the record after a space (a URL's own `#fragment` has none before it).
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (line === '' || line.startsWith('#')) return;
    entries.push({ line: i + 1, text: line, key: keyOf(line) });
  });
  return { entries, format: 'lines' };
}

function readCsvList(text: string, offset: number, names: string[], wanted: string[]): RecordList {
  const columns = wanted.map((c) => ({ name: c, index: names.indexOf(c) }));
  const entries: RecordListEntry[] = [];
  for (const record of splitCsvRecords(text).slice(1)) {
    const line = record.line + offset;
    if ('error' in record) {
      entries.push({ line, text: record.raw, key: { kind: 'unreadable', reason: record.error } });
      continue;
    }
    // The first filled cell among the preferred columns (a summarize CSV has both id and zenodo_url).
    const cell = columns.map((c) => (record.fields[c.index] ?? '').trim()).find((v) => v !== '');
    if (cell === undefined) {
      entries.push({ line, text: record.raw, key: { kind: 'unreadable', reason: `no ${wanted.join(' or ')}` } });
      continue;
    }
    entries.push({ line, text: cell, key: keyOf(cell) });
  }
  return { entries, format: 'csv', column: wanted[0] };
}

/** One cell or line: a bare id, or anything `parseRecordUrl` reads. */
function keyOf(text: string): RecordListKey {
  if (/^\d+$/.test(text)) {
    const id = text.replace(/^0+/, '');
    return id === '' ? { kind: 'unreadable', reason: 'not a record id' } : { kind: 'id', id };
  }
  const key = parseRecordUrl(text);
  switch (key.kind) {
    case 'record':
      return { kind: 'id', id: key.recordId };
    case 'doi':
      return { kind: 'id', id: key.id };
    case 'concept-doi':
      return { kind: 'concept', id: key.conceptId };
    default:
      return { kind: 'unreadable', reason: key.reason };
  }
}
