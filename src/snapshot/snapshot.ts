/**
 * What a snapshot is: the cumulative counters of every record of one collection at one moment. Zenodo only
 * publishes cumulative counters (zenodo-api.md §9), so history is built by taking snapshots and subtracting.
 */

/** The eight counters; `null` when the source had no figure. Plain = all versions, `version*` = this version. */
export interface SnapshotCounters {
  downloads: number | null;
  uniqueDownloads: number | null;
  views: number | null;
  uniqueViews: number | null;
  versionDownloads: number | null;
  versionUniqueDownloads: number | null;
  versionViews: number | null;
  versionUniqueViews: number | null;
}

export const counterNames = [
  'downloads',
  'uniqueDownloads',
  'views',
  'uniqueViews',
  'versionDownloads',
  'versionUniqueDownloads',
  'versionViews',
  'versionUniqueViews',
] as const satisfies readonly (keyof SnapshotCounters)[];

export type CounterName = (typeof counterNames)[number];

export interface SnapshotRecord extends SnapshotCounters {
  /** Zenodo record id (decimal string). For an import row keyed by an unresolved concept DOI: the concept id. */
  recordId: string;
  /** Concept id when known (API snapshots); `null` for imported rows, whose CSVs do not say. */
  conceptId: string | null;
  /** Bytes downloaded, all versions, where the source gave it (RDM `data_volume`); else `null`. */
  volume: number | null;
}

/** Descriptive fields of a record, kept apart from the counters and updated by every API snapshot. */
export interface RecordMetadata {
  recordId: string;
  conceptId: string | null;
  doi: string | null;
  conceptDoi: string | null;
  title: string;
  resourceType: string | null;
  publicationDate: string | null;
  version: string | null;
  url: string;
  communities: string[];
  creators: string[];
  keywords: string[];
  created: string | null;
  /**
   * The UTC day (`YYYY-MM-DD`) a look-up by id found that Zenodo no longer has the record, neither as a record nor
   * as a concept (`SnapshotStore.saveRecordLookup`); `null` while it is on Zenodo. A record seen again (in a
   * listing, or by a later look-up) loses the mark. A gone record keeps its last known fields; one that was never
   * named has an empty title.
   */
  goneAt: string | null;
  /**
   * How many files the record has and their total size in bytes (InvenioRDM `files.entries`, `files.total_bytes`),
   * for `est_full_downloads` (bytes downloaded over the size); `null` where the source did not say (legacy JSON,
   * imports, stores of schema 2 and older). A caller written before these fields existed may leave them out.
   */
  fileCount?: number | null;
  sizeBytes?: number | null;
}

/**
 * What a look-up of records by id found, kept outside any snapshot: the records of a collection's history that no
 * listing named (records that left a community, records of an import).
 *
 * @example
 * await store.saveRecordLookup({ lookedUpAt: new Date().toISOString(), found: [metadata], gone: [{ recordId: '8139354', url: 'https://zenodo.org/records/8139354' }] });
 */
export interface RecordLookup {
  /** When the look-up ran, ISO 8601 UTC: the metadata's date (newer snapshots' metadata wins), and the gone day. */
  lookedUpAt: string;
  /** Metadata of the records found, under the ids the history uses (`goneAt` is ignored: found is not gone). */
  found: readonly RecordMetadata[];
  /** Records the look-up did not find, and the page each had (for a record never named before). */
  gone: readonly { recordId: string; url: string }[];
}

/**
 * A snapshot to save. `Records` is how the caller holds its records: an array by default (import plans, tests),
 * any iterable for a stream (`NewSnapshot<Iterable<SnapshotRecord>>`); `saveSnapshot` takes either.
 *
 * @example
 * const snapshot: NewSnapshot = { collection, baseUrl, takenAt, source: 'api', complete: true, records: [] };
 */
export interface NewSnapshot<Records extends Iterable<SnapshotRecord> = SnapshotRecord[]> {
  /** The community slug for API snapshots; the `--as` name for imports (a curated list is not a community). */
  collection: string;
  /** Site root for API snapshots; `null` when unknown (imports). */
  baseUrl: string | null;
  /** When the counters were read, ISO 8601 UTC (`2026-08-11T00:00:00.000Z`). */
  takenAt: string;
  /** `api`, or `import:<file name>`. */
  source: string;
  /** `false` when records are known to be missing (a partial import file, an interrupted listing). */
  complete: boolean;
  /**
   * The counters of every record: an array in any order (the store sorts its copy), or any other iterable (a
   * generator reading a spool, say) that yields them in ascending record-id order as `compareIds` sorts them
   * (code-unit order, `'1000' < '20'`). Unlike `metadata`, the records are read at the start of `saveSnapshot`,
   * before its transaction begins, because they decide the content hash and so whether anything is written at
   * all; they are read exactly once, every time, also when the save then finds the snapshot `unchanged`. The store
   * keeps them in compact columns, never as one object per record. Each record is checked as it is read; bad
   * fields, a repeated record id, or a record out of order (which stops the reading) fail the save with an
   * `invalid-input` StoreError, and an error the iterable throws is passed on as it is. Either way nothing is
   * written.
   *
   * @example
   * function* recordsOf(sortedIds: string[]): Generator<SnapshotRecord> {
   *   for (const id of sortedIds) yield readCounters(id);
   * }
   * await store.saveSnapshot({ ...snapshot, records: recordsOf(ids.sort(compareIds)) });
   */
  records: Records;
  /**
   * Metadata to insert or update (API snapshots): an array in any order (the store sorts a copy), or any other
   * iterable (a generator reading a spool, say) that yields the items in ascending record-id order as
   * `compareIds` sorts them (code-unit order, `'1000' < '20'`). The store does not gather such an iterable: it
   * reads it once, lazily, inside the save's transaction, writing it in bounded batches, so memory does not grow
   * with its length. It is read only when the snapshot is written: not when an identical snapshot is already
   * stored (`unchanged`), nor when the save fails before. Each item is checked as it is read; the first bad item,
   * repeated record id or item out of order fails the save with an `invalid-input` StoreError, and an error the
   * iterable throws is passed on as it is. Either way the transaction rolls back and the store is as it was.
   *
   * @example
   * function* metadataOf(sortedIds: string[]): Generator<RecordMetadata> {
   *   for (const id of sortedIds) yield readMetadata(id);
   * }
   * await store.saveSnapshot({ ...snapshot, metadata: metadataOf(ids.sort(compareIds)) });
   */
  metadata?: Iterable<RecordMetadata> | undefined;
  /** Free-text notes kept with the snapshot (e.g. the import report). */
  notes?: string[] | undefined;
}

export interface SnapshotInfo {
  id: number;
  collection: string;
  baseUrl: string | null;
  takenAt: string;
  /** UTC day of `takenAt` (`YYYY-MM-DD`): there is one snapshot per collection per day. */
  day: string;
  source: string;
  complete: boolean;
  recordCount: number;
  /** sha256 over the sorted records' counters: an identical re-import is recognised and skipped. */
  contentHash: string;
  notes: string[];
}

export interface LoadedSnapshot {
  info: SnapshotInfo;
  records: SnapshotRecord[];
}

/**
 * A snapshot column by column: the fast shape for history over a million stored rows, which as objects would
 * cost more to build than to compute with.
 */
export interface SnapshotColumns {
  info: SnapshotInfo;
  /** Record ids. Snapshots with the same records may share one array: do not modify it. */
  recordIds: readonly string[];
  /** Concept ids aligned with `recordIds`; `null` where unknown. */
  conceptIds: readonly (string | null)[];
  /** The eight counters and the volume, aligned with `recordIds`; `NaN` where the value is `null`. */
  values: Record<CounterName | 'volume', Float64Array>;
}

export interface SaveResult {
  info: SnapshotInfo;
  /** The snapshot of the same collection and UTC day that this one replaced, if any. */
  replaced: SnapshotInfo | null;
  /** True when an identical snapshot (same collection, day and content) was already stored: nothing changed. */
  unchanged: boolean;
}

export interface LoadCollectionOptions {
  /** Inclusive lower bound on `day` (`YYYY-MM-DD`). */
  from?: string | undefined;
  /** Inclusive upper bound on `day`. */
  to?: string | undefined;
}

/**
 * Where snapshots live. SQLite today (`sqlite-store.ts`); the interface is async so a PostgreSQL store can
 * implement it too. Every method either completes or leaves the store as it was.
 */
export interface SnapshotStore {
  /**
   * Saves one snapshot in one transaction, replacing that collection's snapshot of the same UTC day. Its `records`
   * are read once before that transaction begins (they decide whether the snapshot is `unchanged`), its `metadata`
   * once inside it and only if the snapshot is written. Each may be an array in any order or another iterable in
   * record-id order (see `NewSnapshot.records` and `NewSnapshot.metadata`); out of order, the save fails with
   * `invalid-input`. An error such an iterable throws is passed on as it is. A failed save writes nothing.
   */
  saveSnapshot(snapshot: NewSnapshot<Iterable<SnapshotRecord>>): Promise<SaveResult>;
  /** Snapshots, oldest first; all collections unless one is named. */
  listSnapshots(filter?: { collection?: string | undefined }): Promise<SnapshotInfo[]>;
  loadSnapshot(id: number): Promise<LoadedSnapshot | null>;
  /** Every snapshot of a collection with its records, oldest first. */
  loadCollection(collection: string, options?: LoadCollectionOptions): Promise<LoadedSnapshot[]>;
  /** The same, column by column (what `history` reads). */
  loadCollectionColumns(collection: string, options?: LoadCollectionOptions): Promise<SnapshotColumns[]>;
  /** Stored metadata, for the given record ids or all. */
  recordMetadata(recordIds?: readonly string[]): Promise<Map<string, RecordMetadata>>;
  /**
   * The record ids of a collection's stored snapshots that have no metadata (never named, never marked gone),
   * each once, in no particular order: what `summarize` looks up after a listing, read without the counters and
   * the metadata of every record.
   */
  recordIdsWithoutMetadata(collection: string): Promise<string[]>;
  /**
   * Saves a look-up's result in one transaction: `found` is inserted or updated like a snapshot's metadata (dated
   * `lookedUpAt`) and loses any gone mark; each of `gone` is marked gone on `lookedUpAt`'s UTC day, keeping what is
   * known of it (a record not yet known gets a row with an empty title). A bad input is an `invalid-input`
   * StoreError and writes nothing.
   */
  saveRecordLookup(lookup: RecordLookup): Promise<void>;
  /** The newest record id known for a concept id (from API snapshots' metadata), or `null`. */
  resolveConcept(conceptId: string): Promise<string | null>;
  deleteSnapshot(id: number): Promise<boolean>;
  close(): Promise<void>;
}
