import { jsonExcerpt } from './json-excerpt.js';
import type { ImportReport } from './types.js';

/** Longest raw row text shown per skipped row; the line number leads to the rest. */
const rawPreviewLength = 160;

/**
 * The import report as lines for stderr. Every skipped and every duplicate row is listed with its file and
 * line: nothing is dropped without a trace.
 *
 * @example
 * ```ts
 * formatImportReport(report);
 * // ['105 files: 103 snapshots, 28,107 rows (one per record per snapshot)',
 * //  'empty file, no snapshot: 20260113.csv',
 * //  'skipped 20250325.csv:7: downloads: "abc" is not a non-negative integer | "https://zenodo.org/records/1,…"',
 * //  'partial 20250325.csv (2025-03-25): 160 records missing', …]
 * ```
 */
export function formatImportReport(report: ImportReport): string[] {
  const lines = [
    // Rows, not records: a record is a row in every file that lists it (473 records are 28,107 rows in 105 files).
    `${count(report.files, 'file')}: ${count(report.imported, 'snapshot')}, ${report.rows.toLocaleString('en-US')} row${report.rows === 1 ? '' : 's'} (one per record per snapshot)`,
  ];
  for (const fileName of report.emptyFiles) lines.push(`empty file, no snapshot: ${fileName}`);
  for (const failed of report.failedFiles) lines.push(`failed ${failed.fileName}: ${failed.error}`);
  for (const row of report.skippedRows) {
    lines.push(`skipped ${row.fileName}:${row.line}: ${row.reason} | ${jsonExcerpt(row.raw, rawPreviewLength)}`);
  }
  for (const row of report.duplicateRows) lines.push(`duplicate ${row.fileName}:${row.line}: ${row.reason}`);
  for (const c of report.resolvedConcepts) {
    lines.push(`concept resolved ${c.fileName}:${c.line}: ${c.conceptId} → record ${c.recordId}`);
  }
  for (const c of report.unresolvedConcepts) {
    lines.push(`concept kept unresolved ${c.fileName}:${c.line}: ${c.conceptId} (stored under the concept id)`);
  }
  for (const p of report.partial) {
    lines.push(`partial ${p.fileName} (${p.date}): ${count(p.missing, 'record')} missing, snapshot marked incomplete`);
  }
  const summary: string[] = [];
  if (report.skippedRows.length > 0) summary.push(`${count(report.skippedRows.length, 'row')} skipped`);
  if (report.duplicateRows.length > 0) summary.push(`${count(report.duplicateRows.length, 'duplicate row')} dropped`);
  if (report.failedFiles.length > 0) summary.push(`${count(report.failedFiles.length, 'file')} failed`);
  if (report.partial.length > 0) summary.push(count(report.partial.length, 'partial snapshot'));
  if (summary.length > 0) lines.push(summary.join(', '));
  return lines;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
