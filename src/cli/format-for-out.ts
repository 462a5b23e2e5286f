import path from 'node:path';
import type { OutputFormat } from '../output/output-formats.js';

/** The extensions that name a format; `.txt` does not (a table, a CSV and a list are all text). */
const formatOfExtension: Readonly<Record<string, OutputFormat>> = {
  '.csv': 'csv',
  '.json': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.md': 'markdown',
  '.markdown': 'markdown',
};

/**
 * The format to write: the one `--format` names; without it, the one the `--out` file's extension names, so
 * `-o top.json` writes JSON and `history -o history.csv` CSV, not CSV in a `.json` file or an aligned text table
 * in a `.csv` one, silently; else the command's default. `--out -` and other extensions keep the default.
 *
 * @example
 * formatForOut(undefined, 'records.json', 'csv'); // 'json'
 * formatForOut('csv', 'records.json', 'csv');     // 'csv': asked for
 * formatForOut(undefined, 'notes.txt', 'table');  // 'table'
 */
export function formatForOut(asked: OutputFormat | undefined, out: string | undefined, fallback: OutputFormat): OutputFormat {
  if (asked !== undefined) return asked;
  if (out === undefined || out === '-') return fallback;
  return formatOfExtension[path.extname(out).toLowerCase()] ?? fallback;
}
