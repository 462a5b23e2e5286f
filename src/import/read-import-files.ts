import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { readSnapshotCsv } from './read-snapshot-csv.js';
import type { ParsedSnapshotFile } from './types.js';

/**
 * Reads the CSV snapshots named on the command line: each path is a file, or a directory whose `*.csv`
 * files (not its subdirectories) are read in name order. Paths keep the order given.
 *
 * A path that does not exist throws a `UsageError` naming it (nothing is read). A file that exists but
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
  const files: ParsedSnapshotFile[] = [];
  for (const filePath of filePaths) {
    const fileName = path.basename(filePath);
    let text: string;
    try {
      text = await readFile(filePath, 'utf8');
    } catch (error) {
      files.push({
        fileName,
        date: null,
        format: null,
        rows: [],
        skipped: [],
        duplicates: [],
        empty: false,
        error: `cannot read ${filePath}: ${error instanceof Error ? error.message : String(error)}`,
      });
      continue;
    }
    files.push(readSnapshotCsv(text, fileName));
  }
  return files;
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
