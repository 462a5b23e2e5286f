import { exitCodes, ZenodoStatsError } from '../errors.js';

/**
 * Why the snapshot store failed:
 * - `newer-schema`: the file was written by a newer zenodo-stats;
 * - `not-a-store`: the file is not a SQLite database, or a database of another program;
 * - `corrupt`: the file is a zenodo-stats database whose content cannot be read;
 * - `cannot-open`: the file cannot be opened or created (missing directory, permissions);
 * - `missing`: a store opened for reading does not exist (nothing is created in its place);
 * - `read-only`: the store may be read but not written (file mode, folder, mount, database privileges, or it was
 *   opened read-only); nothing was written;
 * - `full`: the disk (or a size limit) is full; the snapshot being saved was not written;
 * - `locked`: another process holds the database for longer than the busy timeout;
 * - `invalid-input`: the snapshot or query given to the store is malformed (nothing was written);
 * - `closed`: the store was used after `close()`;
 * - `sqlite`: any other database failure.
 */
export type StoreErrorReason =
  | 'newer-schema'
  | 'not-a-store'
  | 'corrupt'
  | 'cannot-open'
  | 'missing'
  | 'read-only'
  | 'full'
  | 'locked'
  | 'invalid-input'
  | 'closed'
  | 'sqlite';

export interface StoreErrorOptions extends ErrorOptions {
  /** The database file concerned, when there is one. */
  path?: string | undefined;
  /**
   * What was written before the failure, for a caller that saved several snapshots (`3 of 12 snapshots were
   * saved, each whole`). Unset: nothing was written.
   */
  written?: string | undefined;
}

/**
 * The snapshot store refused or failed an operation. The store is left as it was before the call.
 *
 * @example
 * try {
 *   await openSqliteStore('zenodo-stats.sqlite');
 * } catch (error) {
 *   if (error instanceof StoreError && error.reason === 'newer-schema') console.error(error.message);
 * }
 */
export class StoreError extends ZenodoStatsError {
  override name = 'StoreError';
  /** `invalidData` (5) for content we cannot use, `localIo` (6) when the file cannot be opened or written. */
  override readonly exitCode: number;
  readonly reason: StoreErrorReason;
  readonly path: string | undefined;
  /** What was written before the failure; `undefined` when nothing was. */
  readonly written: string | undefined;

  constructor(reason: StoreErrorReason, message: string, options: StoreErrorOptions = {}) {
    const { path, written, ...errorOptions } = options;
    super(message, errorOptions);
    this.reason = reason;
    this.path = path;
    this.written = written;
    this.exitCode = exitCodeFor[reason];
  }
}

const exitCodeFor: Record<StoreErrorReason, number> = {
  'newer-schema': exitCodes.invalidData,
  'not-a-store': exitCodes.invalidData,
  corrupt: exitCodes.invalidData,
  'invalid-input': exitCodes.invalidData,
  'cannot-open': exitCodes.localIo,
  missing: exitCodes.localIo,
  'read-only': exitCodes.localIo,
  full: exitCodes.localIo,
  locked: exitCodes.localIo,
  sqlite: exitCodes.localIo,
  /** Using a closed store is a bug in the caller. */
  closed: exitCodes.internal,
};
