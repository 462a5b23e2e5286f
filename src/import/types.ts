/**
 * Types of the CSV import: dated CSV files (the NFDI4BIOIMAGE weekly files, or our own `summarize` output) →
 * parsed rows → one `NewSnapshot` per file, plus a report that accounts for every row.
 */
import type { NewSnapshot, SnapshotRecord } from '../snapshot/snapshot.js';

/**
 * What a URL or DOI in a CSV row points at.
 *
 * @example
 * ```ts
 * const key: RecordKey = { kind: 'record', recordId: '1175282' }; // https://zenodo.org/records/1175282#.WyP61xy-l5E
 * ```
 */
export type RecordKey =
  /** A record page (`/records/N`, old `/record/N`): N is a record (version) id. */
  | { kind: 'record'; recordId: string }
  /** Zenodo's concept-DOI landing form `https://zenodo.org/doi/10.5281/zenodo.N`: N names a concept. */
  | { kind: 'concept-doi'; conceptId: string }
  /** A Zenodo DOI (`doi.org/10.5281/zenodo.N`): N may name a version or a concept; the importer decides. */
  | { kind: 'doi'; id: string }
  /** Not a Zenodo record: a community page, another site, an empty cell. */
  | { kind: 'unkeyable'; reason: string };

/** A key an imported row can have: every `RecordKey` but `unkeyable` (those rows are skipped). */
export type ImportKey = Exclude<RecordKey, { kind: 'unkeyable' }>;

/** The CSV dialects `readSnapshotCsv` understands, told apart by their header. */
export type SnapshotCsvFormat = 'nfdi4bioimage-weekly' | 'zenodo-stats';

/** One data row that became a record. */
export interface ImportedRow {
  /** 1-based physical line where the row starts; the header is line 1. */
  line: number;
  key: ImportKey;
  /**
   * The counters. `recordId` is provisional until `planImport` resolves the key: for a `concept-doi` key it is
   * the concept id, for a `doi` key the DOI's number.
   */
  record: SnapshotRecord;
  /** The weekly files' `authors` cell, outer literal quotes removed; absent when empty or not in the file. */
  authors?: string;
  /** Our own CSV's `title` (formula escaping undone); absent when empty or not in the file. */
  title?: string;
  url: string;
}

/** A data row that was not imported, and why. */
export interface SkippedRow {
  /** 1-based physical line where the row starts; the header is line 1. */
  line: number;
  /** Every problem found, each naming its column (`downloads: "abc" is not a non-negative integer`). */
  reason: string;
  /** The row as it stood in the file, without its line ending. */
  raw: string;
}

/** A row dropped because another row of the same file has the same record id. */
export interface DuplicateRow {
  /** The line that was dropped. */
  line: number;
  /** The line whose counters were kept. */
  keptLine: number;
  recordId: string;
  /** `true` when both rows carry the same eight counters. */
  identical: boolean;
  /** `duplicate of line 12 (identical)`, or which counters differed and why the other line won. */
  reason: string;
}

/** One CSV file, parsed. Nothing here is thrown: problems are listed in `skipped`, `duplicates` and `error`. */
export interface ParsedSnapshotFile {
  /** The base name, e.g. `20250325.csv`. */
  fileName: string;
  /** `YYYY-MM-DD` from the file name; `null` when the name holds no usable date (`error` says why). */
  date: string | null;
  /** `null` for empty files and for files whose header is not one we know. */
  format: SnapshotCsvFormat | null;
  /** Imported rows in file order, one per record id. */
  rows: ImportedRow[];
  skipped: SkippedRow[];
  duplicates: DuplicateRow[];
  /**
   * The file holds no data row: nothing at all (two real weekly files are a single newline), or a header alone.
   * Not an error; no snapshot is made of it (a 0-record snapshot would read as "0 downloads").
   */
  empty: boolean;
  /** Why the whole file cannot be imported (no date in its name, unknown header, unreadable). */
  error?: string;
}

/** What `planImport` found, for the user: every row is accounted for here or in a snapshot. */
export interface ImportReport {
  /** Files handed to `planImport`. */
  files: number;
  /** Snapshots built. */
  imported: number;
  emptyFiles: string[];
  failedFiles: { fileName: string; error: string }[];
  skippedRows: ({ fileName: string } & SkippedRow)[];
  duplicateRows: ({ fileName: string } & DuplicateRow)[];
  /** Concept DOIs the resolver did not know: kept as a record whose id is the concept id. */
  unresolvedConcepts: { fileName: string; line: number; conceptId: string }[];
  /** Concept DOIs (and DOIs that turned out to name a concept) mapped to a record id by the resolver. */
  resolvedConcepts: { fileName: string; line: number; conceptId: string; recordId: string }[];
  /** Snapshots marked `complete: false`, with the records they lack (see `planImport`). */
  partial: { fileName: string; date: string; missing: number; missingRecordIds: string[] }[];
  /** Records in all snapshots together. */
  rows: number;
}

export interface ImportPlan {
  /** One snapshot per imported file, oldest first. */
  snapshots: NewSnapshot[];
  report: ImportReport;
}
