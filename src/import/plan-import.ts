import { missingSpan } from '../history/missing-span.js';
import type { NewSnapshot, SnapshotRecord } from '../snapshot/snapshot.js';
import { dedupeRows } from './dedupe-rows.js';
import type { ImportedRow, ImportPlan, ImportReport, ParsedSnapshotFile } from './types.js';

/**
 * Options of `planImport`.
 *
 * @example
 * ```ts
 * const options: PlanImportOptions = { collection: 'nfdi4bioimage-list', resolveConcept: (id) => store.resolveConcept(id) };
 * ```
 */
export interface PlanImportOptions {
  /** The collection the snapshots are filed under (the CLI's `--as`; a curated list is not a community). */
  collection: string;
  /**
   * The record id of a concept's newest version, or `null` when unknown (`SnapshotStore.resolveConcept`).
   * Required rather than defaulted: without it every concept DOI stays unresolved, and the caller should
   * decide that. It is asked once per id, in file and line order.
   */
  resolveConcept: (conceptId: string) => Promise<string | null> | string | null;
}

/** Missing record ids listed in a snapshot's notes; the report has them all. */
const notedIdsLimit = 20;

/**
 * Turns parsed CSV files into snapshots, one per dated file, oldest first. Pure apart from `resolveConcept`.
 *
 * - Keys: a record URL gives the record id. A concept DOI (`zenodo.org/doi/…`) is resolved to the newest
 *   record id; when the resolver does not know it, the row is kept as a record whose id is the concept id and
 *   listed in `unresolvedConcepts`. A DOI is taken as a record id (the NFDI4BIOIMAGE job rewrote DOI URLs to
 *   record ids) unless the resolver knows its number as a concept. Rows that end up with the same record id
 *   are deduplicated (see `dedupeRows`).
 * - Completeness: a snapshot lacking records that appear in the neighbouring snapshots on both sides (see
 *   `missingSpan`, the rule history follows too) gets `complete: false` and a `partial` entry. The first and the last snapshot have
 *   neighbours on one side only; they are judged against the nearest one, so a first file followed by a week
 *   that adds records, or a last file after records were dropped from the list, also reads as partial.
 * - Failures: files with an `error`, and a second file for a date already taken (one snapshot per collection
 *   per day), become `failedFiles`; empty files are listed in `emptyFiles`. Neither stops the others.
 *
 * @example
 * ```ts
 * const files = await readImportFiles(['download_statistics/']);
 * const { snapshots, report } = await planImport(files, { collection: 'nfdi4bioimage-list', resolveConcept: () => null });
 * for (const line of formatImportReport(report)) console.error(line);
 * ```
 */
export async function planImport(
  files: readonly ParsedSnapshotFile[],
  options: PlanImportOptions,
): Promise<ImportPlan> {
  const report: ImportReport = {
    files: files.length,
    imported: 0,
    emptyFiles: [],
    failedFiles: [],
    skippedRows: [],
    duplicateRows: [],
    unresolvedConcepts: [],
    resolvedConcepts: [],
    partial: [],
    rows: 0,
  };

  const usable: { file: ParsedSnapshotFile; date: string }[] = [];
  for (const file of files) {
    if (file.error !== undefined) report.failedFiles.push({ fileName: file.fileName, error: file.error });
    else if (file.date === null) report.failedFiles.push({ fileName: file.fileName, error: 'no date' });
    else if (file.empty) report.emptyFiles.push(file.fileName);
    else usable.push({ file, date: file.date });
  }
  // Array.prototype.sort is stable: of two files with one date, the one given first is taken.
  usable.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  const answers = new Map<string, string | null>();
  const resolve = async (id: string): Promise<string | null> => {
    if (!answers.has(id)) answers.set(id, await options.resolveConcept(id));
    return answers.get(id) ?? null;
  };

  const built: BuiltFile[] = [];
  const fileOfDate = new Map<string, string>();
  for (const { file, date } of usable) {
    const taken = fileOfDate.get(date);
    if (taken !== undefined) {
      report.failedFiles.push({
        fileName: file.fileName,
        error: `${date} is already imported from ${taken}: there is one snapshot per collection per day`,
      });
      continue;
    }
    fileOfDate.set(date, file.fileName);
    built.push(await buildFile(file, date, resolve, report));
  }

  const missingIds = findMissing(built.map((b) => b.records.map((r) => r.recordId)));
  const snapshots = built.map((b, index): NewSnapshot => {
    const missing = missingIds[index] ?? [];
    if (missing.length > 0) {
      report.partial.push({ fileName: b.fileName, date: b.date, missing: missing.length, missingRecordIds: missing });
      const shown = missing.slice(0, notedIdsLimit).join(', ');
      const more = missing.length > notedIdsLimit ? `, … (${missing.length - notedIdsLimit} more)` : '';
      b.notes.push(`partial: ${count(missing.length, 'record')} of the neighbouring snapshots missing: ${shown}${more}`);
    }
    report.rows += b.records.length;
    return {
      collection: options.collection,
      baseUrl: null,
      takenAt: `${b.date}T00:00:00.000Z`,
      source: `import:${b.fileName}`,
      complete: missing.length === 0,
      records: b.records,
      notes: b.notes,
    };
  });
  report.imported = snapshots.length;
  return { snapshots, report };
}

interface BuiltFile {
  fileName: string;
  date: string;
  records: SnapshotRecord[];
  notes: string[];
}

/** Resolves the keys of one file's rows, deduplicates what now shares a record id, and reports both. */
async function buildFile(
  file: ParsedSnapshotFile,
  date: string,
  resolve: (id: string) => Promise<string | null>,
  report: ImportReport,
): Promise<BuiltFile> {
  const { fileName } = file;
  const rows: ImportedRow[] = [];
  const resolvedIds: string[] = [];
  const unresolvedIds: string[] = [];
  for (const row of file.rows) {
    const { key, line } = row;
    if (key.kind === 'record') {
      rows.push(row);
      continue;
    }
    const id = key.kind === 'concept-doi' ? key.conceptId : key.id;
    const recordId = await resolve(id);
    if (recordId !== null && recordId !== id) {
      report.resolvedConcepts.push({ fileName, line, conceptId: id, recordId });
      resolvedIds.push(id);
      rows.push(withIds(row, recordId, id));
    } else if (key.kind === 'concept-doi') {
      report.unresolvedConcepts.push({ fileName, line, conceptId: id });
      unresolvedIds.push(id);
      rows.push(withIds(row, id, id));
    } else {
      rows.push(withIds(row, id, row.record.conceptId));
    }
  }

  const deduped = dedupeRows(rows);
  const duplicates = [...file.duplicates, ...deduped.duplicates].sort((a, b) => a.line - b.line);
  for (const skipped of file.skipped) report.skippedRows.push({ fileName, ...skipped });
  for (const duplicate of duplicates) report.duplicateRows.push({ fileName, ...duplicate });

  const records = deduped.rows.map((row) => row.record);
  const notes = [`imported from ${fileName} (${file.format ?? 'unknown format'}): ${count(records.length, 'record')}`];
  if (file.skipped.length > 0) {
    notes.push(`${count(file.skipped.length, 'row')} skipped (lines ${file.skipped.map((s) => s.line).join(', ')})`);
  }
  if (duplicates.length > 0) {
    notes.push(`${count(duplicates.length, 'duplicate row')} dropped (lines ${duplicates.map((d) => d.line).join(', ')})`);
  }
  if (resolvedIds.length > 0) {
    notes.push(`${count(resolvedIds.length, 'concept DOI')} resolved to the newest record id: ${resolvedIds.join(', ')}`);
  }
  if (unresolvedIds.length > 0) {
    notes.push(`${count(unresolvedIds.length, 'concept DOI')} kept unresolved, keyed by the concept id: ${unresolvedIds.join(', ')}`);
  }
  return { fileName, date, records, notes };
}

function withIds(row: ImportedRow, recordId: string, conceptId: string | null): ImportedRow {
  return { ...row, record: { ...row.record, recordId, conceptId } };
}

/**
 * For each snapshot, the record ids it lacks that its neighbours have, in id order: the rule of `missingSpan`,
 * which history's *partial snapshot* anomaly follows too, so `import` and `history` agree on every snapshot.
 */
function findMissing(idLists: readonly (readonly string[])[]): string[][] {
  const count = idLists.length;
  const appearances = new Map<string, number[]>();
  idLists.forEach((ids, index) => {
    for (const id of ids) {
      const seen = appearances.get(id);
      if (seen === undefined) appearances.set(id, [index]);
      else if (seen.at(-1) !== index) seen.push(index);
    }
  });
  const missing = idLists.map((): string[] => []);
  for (const [id, seen] of appearances) {
    const stops = [-1, ...seen, count];
    for (let i = 1; i < stops.length; i += 1) {
      const span = missingSpan(stops[i - 1] ?? -1, stops[i] ?? count, count);
      if (span) for (let j = span[0]; j <= span[1]; j += 1) missing[j]?.push(id);
    }
  }
  return missing.map((ids) => ids.sort(compareIds));
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Decimal ids (no leading zeros) in numeric order. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
