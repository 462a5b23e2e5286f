import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { CliIo } from '../terminal/cli-io.js';
import { Terminal } from '../terminal/terminal.js';
import { AbortedError, exitCodes, UsageError, ZenodoStatsError } from '../errors.js';
import { formatImportReport } from '../import/format-import-report.js';
import { planImport } from '../import/plan-import.js';
import { readImportFiles } from '../import/read-import-files.js';
import type { ParsedSnapshotFile } from '../import/types.js';
import type { SnapshotStore } from '../snapshot/snapshot.js';
import { StoreError } from '../store/store-error.js';
import { createZenodoClient } from '../zenodo/client.js';
import { describeNaming, nameHistory } from './name-history.js';
import { withStore } from './with-store.js';

export interface ImportOptions {
  paths: string[];
  /** Collection name; default the first folder's (or file's folder's) name. */
  as?: string | undefined;
  dbPath: string;
  quiet: boolean;
  /**
   * `--base-url URL`: after the import, look up the records of the imported history that the store has no
   * metadata for on that site (`nameHistory`). Without it, `import` makes no request at all.
   */
  lookUp?: { baseUrl: string; token?: string | undefined; userAgent?: string | undefined } | undefined;
}

/**
 * `zenodo-stats import`: dated CSV snapshots into the store, one snapshot per file. Idempotent: a file whose
 * snapshot is already stored unchanged changes nothing. Every row that cannot be imported is listed.
 */
export async function importCsv(options: ImportOptions, io: CliIo): Promise<number> {
  const term = new Terminal(io.stderr, io.env, { quiet: options.quiet });
  const paths = options.paths.map((p) => path.resolve(io.cwd, p));
  const collection = options.as ?? (await defaultCollectionName(paths));
  if (!/^[\w.-]+$/.test(collection)) throw new UsageError(`--as: '${collection}' may only contain letters, digits, '.', '_' and '-'`);
  // The files first: a path that is not there, or a folder without a CSV file, is said before anything else.
  const files = await readImportFiles(paths);
  if (options.as === undefined) {
    term.info(`importing as '${collection}' (the folder's name; use --as to choose). Imported lists are kept apart from community snapshots.`);
  }
  // No file has a row to import (each failed, or is empty): no store is opened, so none is made for nothing.
  const nothing = files.every((file) => file.rows.length === 0);
  const result = nothing
    ? { plan: await planImport(files, { collection, resolveConcept: () => null }), saved: 0, unchanged: 0, replaced: 0 }
    : await withStore(options.dbPath, (store) => saveSnapshots(store, files, collection, options.dbPath, io));

  const { report } = result.plan;
  // Skipped rows are warnings, shown even with --quiet: they are data that did not make it in.
  const skipped = new Set(report.skippedRows.map((row) => `${row.fileName}:${row.line}`));
  for (const line of formatImportReport(report)) {
    // A failed file is said once, in the error at the end (shown with --quiet too).
    if (line.startsWith('failed ')) continue;
    const where = /^skipped (\S+:\d+):/.exec(line)?.[1];
    if (where !== undefined && skipped.has(where)) term.warn(line);
    else term.info(line);
  }
  if (nothing) term.info(`nothing imported into ${options.dbPath}`);
  else term.info(
    `'${collection}' in ${options.dbPath}: ${result.saved} snapshot${result.saved === 1 ? '' : 's'} written${result.replaced ? ` (${result.replaced} replacing a different one of the same day)` : ''}, ${result.unchanged} already there unchanged`,
  );
  const named = options.lookUp === undefined || nothing ? exitCodes.ok : await nameImported(collection, options.dbPath, options.lookUp, io, term);
  const failed = report.failedFiles;
  if (failed.length > 0) {
    // The other files are in; the ones that could not be read are named, and the exit code says so.
    const which = failed.length === files.length
      ? (failed.length === 1 ? 'the file' : `none of the ${failed.length} files`)
      : `${failed.length} file${failed.length === 1 ? '' : 's'}`;
    const others = failed.length === files.length ? '' : ' (the others were)';
    const list = failed.map((f) => `${f.fileName}: ${f.error}`);
    term.error(`${which} could not be imported${others}:${list.length === 1 ? ` ${list[0]}` : `\n${list.join('\n')}`}`);
    return exitCodes.invalidData;
  }
  return named;
}

/** Every file's snapshot into the store, oldest first, each in a transaction of its own. */
async function saveSnapshots(store: SnapshotStore, files: ParsedSnapshotFile[], collection: string, dbPath: string, io: CliIo) {
  const plan = await planImport(files, { collection, resolveConcept: (id) => store.resolveConcept(id) });
  let saved = 0;
  let unchanged = 0;
  let replaced = 0;
  for (const snapshot of plan.snapshots) {
    // Ctrl-C stops between snapshots: each is saved whole or not at all. The macrotask turn lets the signal in.
    await new Promise((resolve) => setImmediate(resolve));
    if (io.signal?.aborted) {
      throw new AbortedError(
        `interrupted: ${saved + unchanged} of ${plan.snapshots.length} snapshots were imported into ${dbPath} (${saved} written, ${unchanged} already there), the rest were not; run the same import again to finish (it skips what is there)`,
        { cause: io.signal.reason },
      );
    }
    const outcome = await store.saveSnapshot(snapshot).catch((error: unknown) => {
      throw withWhatWasSaved(error, { saved, unchanged, total: plan.snapshots.length, failedDay: snapshot.takenAt.slice(0, 10) });
    });
    if (outcome.unchanged) unchanged += 1;
    else {
      saved += 1;
      if (outcome.replaced) replaced += 1;
    }
  }
  return { plan, saved, unchanged, replaced };
}

/**
 * `import --base-url`: names the imported history's records (title, type, DOI, dates, keywords, creators) from the
 * site, with the same client as `summarize` (token, User-Agent, pacing, retries). A failure is a warning with the
 * request and the reason, and the exit code: the snapshots are imported, and running the import again retries.
 */
async function nameImported(collection: string, dbPath: string, lookUp: NonNullable<ImportOptions['lookUp']>, io: CliIo, term: Terminal): Promise<number> {
  const client = createZenodoClient({ ...lookUp, fetch: io.fetch, now: io.now, sleep: io.sleep, random: io.random });
  try {
    const onProgress = term.isTTY ? (done: number, total: number) => term.progress(`naming the imported history: ${done}/${total} looked up`) : undefined;
    const naming = await withStore(dbPath, (store) => nameHistory(store, client, collection, { apiFormat: 'rdm', signal: io.signal, now: io.now, onProgress }));
    term.endProgress();
    const line = describeNaming(naming, `of the imported history on ${client.baseUrl}`);
    term.info(line ?? `every record of the imported history has its title already: no look-up on ${client.baseUrl}`);
    return exitCodes.ok;
  } catch (error) {
    if (!(error instanceof ZenodoStatsError)) throw error;
    term.warn(`naming the records of the imported history failed: ${error.message}; the snapshots were imported, and the same import run again looks those records up`);
    return error.exitCode;
  }
}

/**
 * A store error in the middle of an import, with what is in the store: each snapshot is saved in a transaction
 * of its own, oldest first, so the ones before the failure are there whole and the failed one not at all.
 */
function withWhatWasSaved(
  error: unknown,
  progress: { saved: number; unchanged: number; total: number; failedDay: string },
): unknown {
  const { saved, unchanged, total, failedDay } = progress;
  if (!(error instanceof StoreError) || saved + unchanged === 0) return error;
  const already = unchanged > 0 ? ` (and ${unchanged} were there already, unchanged)` : '';
  return new StoreError(error.reason, error.message, {
    cause: error,
    path: error.path,
    written: `${saved} of ${total} snapshots were saved${already}, each whole (the days before ${failedDay}); ${failedDay} and the later ones were not`,
  });
}

async function defaultCollectionName(paths: readonly string[]): Promise<string> {
  const first = paths[0];
  if (first === undefined) throw new UsageError('import needs at least one file or folder');
  const info = await stat(first).catch(() => undefined);
  const folder = info?.isDirectory() ? first : path.dirname(first);
  return path.basename(folder).replace(/[^\w.-]+/g, '-') || 'imported';
}
