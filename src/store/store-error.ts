import { exitCodes, ZenodoStatsError } from '../errors.js';

/**
 * Why the snapshot store failed:
 * - `newer-schema`: the file was written by a newer zenodo-stats;
 * - `not-a-store`: the file is not a SQLite database, or a database of another program;
 * - `corrupt`: the file is a zenodo-stats database whose content cannot be read;
 * - `cannot-open`: the file cannot be opened or created (missing directory, permissions);
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
  | 'locked'
  | 'invalid-input'
  | 'closed'
  | 'sqlite';

export interface StoreErrorOptions extends ErrorOptions {
  /** The database file concerned, when there is one. */
  path?: string | undefined;
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
  /** Every store failure means the stored data cannot be used as asked: the "invalid data" exit code. */
  override readonly exitCode: number = exitCodes.invalidData;
  readonly reason: StoreErrorReason;
  readonly path: string | undefined;

  constructor(reason: StoreErrorReason, message: string, options: StoreErrorOptions = {}) {
    const { path, ...errorOptions } = options;
    super(message, errorOptions);
    this.reason = reason;
    this.path = path;
  }
}
