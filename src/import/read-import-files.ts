import type { Dirent } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { jsonExcerpt } from './json-excerpt.js';
import { readSnapshotCsv } from './read-snapshot-csv.js';
import type { ParsedSnapshotFile } from './types.js';

/**
 * Reads the CSV snapshots named on the command line: each path is a file, or a directory whose `*.csv`
 * files (not its subdirectories) are read in name order. Paths keep the order given.
 *
 * A path that does not exist throws a `UsageError` naming it (nothing is read), and so do folders that hold no
 * `.csv` file of their own (the folder above the weekly files, say), naming their subfolders. A file that exists but
 * cannot be read becomes a failed file in the result, so one bad file does not stop the others.
 *
 * @example
 * ```ts
 * const files = await readImportFiles(['download_statistics/', 'extra/2026-08-18.csv']);
 * files.map((f) => f.date); // ['2024-06-28', …, '2026-08-11', '2026-08-18']
 * ```
 */
export async function readImportFiles(paths: readonly string[]): Promise<ParsedSnapshotFile[]> {
  const filePaths: string[] = [];
  for (const given of paths) filePaths.push(...(await expandPath(given)));
  if (filePaths.length === 0) throw await noCsvFiles(paths);
  const files: ParsedSnapshotFile[] = [];
  for (const filePath of filePaths) {
    const fileName = path.basename(filePath);
    try {
      // The header decides whether the file is a snapshot at all; it is judged from the first bytes, so a large
      // file that is not one is refused without being read (issue 12).
      const head = await readHead(filePath);
      const refused = head.refusal ?? (head.firstLine === undefined ? undefined : readSnapshotCsv(head.firstLine, fileName).error);
      if (refused !== undefined) {
        files.push({ ...failedFile(fileName), error: refused });
        continue;
      }
      files.push(readSnapshotCsv(head.whole ?? (await readFile(filePath)), fileName));
    } catch (error) {
      files.push({ ...failedFile(fileName), error: `cannot read ${filePath}: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return files;
}

/** Bytes read to judge a file by its header; a real header line is under 200 bytes. */
const headBytes = 64 * 1024;

function failedFile(fileName: string): ParsedSnapshotFile {
  return { fileName, date: null, format: null, rows: [], skipped: [], duplicates: [], empty: false };
}

/**
 * The start of a file: the whole text when it is no longer than `headBytes`, else its first line (with its line
 * ending), or why it cannot be a CSV snapshot (NUL bytes, no line break in the first `headBytes`).
 */
async function readHead(filePath: string): Promise<{ whole?: Buffer; firstLine?: string; refusal?: string }> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(headBytes + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead);
    const shown = (end: number) => jsonExcerpt(head.toString('utf8', 0, Math.min(end, 256)), 60);
    if (head.includes(0)) return { refusal: `binary data (NUL bytes), not a CSV file; it starts ${shown(bytesRead)}` };
    if (bytesRead <= headBytes) return { whole: head };
    const newline = head.indexOf(0x0a);
    if (newline === -1) return { refusal: `no line break in the first ${headBytes / 1024} KiB, so no CSV header; it starts ${shown(bytesRead)}` };
    return { firstLine: head.toString('utf8', 0, newline + 1) };
  } finally {
    await handle.close();
  }
}

async function expandPath(given: string): Promise<string[]> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(given)).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file or directory' : `cannot access it (${code ?? 'unknown error'})`;
    throw new UsageError(`${given}: ${why}`, { cause: error });
  }
  if (!isDirectory) return [given];
  let entries: Dirent[];
  try {
    entries = await readdir(given, { withFileTypes: true });
  } catch (error) {
    throw new UsageError(`${given}: cannot list the directory`, { cause: error });
  }
  return entries
    .filter((entry) => !entry.isDirectory() && entry.name.toLowerCase().endsWith('.csv'))
    .map((entry) => entry.name)
    .sort()
    .map((name) => path.join(given, name));
}

/** Only folders were given and none holds a `.csv` file itself: which folders, and the subfolders they have. */
async function noCsvFiles(paths: readonly string[]): Promise<UsageError> {
  const subfolders: string[] = [];
  for (const given of paths) {
    const entries = await readdir(given, { withFileTypes: true }).catch(() => []);
    subfolders.push(...entries.filter((entry) => entry.isDirectory()).map((entry) => `${entry.name}/`).sort());
  }
  const shown = subfolders.length > 6 ? [...subfolders.slice(0, 6), '…'] : subfolders;
  const hint = shown.length > 0 ? ` (${shown.join(', ')})` : '';
  return new UsageError(`no .csv file in ${paths.join(', ')}: import reads the .csv files a folder holds itself, not those in its subfolders${hint}`);
}
