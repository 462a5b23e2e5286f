/**
 * What a SQLite store file allows before node-sqlite3-wasm is asked to open it, so that a refusal names the file
 * and the reason (`permission denied (EACCES)`) instead of the library's "Could not open the database".
 *
 * node-sqlite3-wasm locks a database by creating the directory `<file>.lock` beside it, for readers as well as
 * writers (its VFS, `_nodejsLock` in dist/node-sqlite3-wasm.js), and has no option to skip locking (no URI
 * filenames, so no `?immutable=1`). A store in a folder this process may not write (another owner's folder, a
 * read-only mount) therefore cannot even be read in place: it is read from a private copy instead.
 */
import { constants } from 'node:fs';
import { access, copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describeFsError } from '../describe-fs-error.js';
import { StoreError } from './store-error.js';
import { howToMakeAStore } from './store-error-texts.js';

/**
 * Refuses a store that cannot be written: a file or folder of another owner or mode, a read-only mount. SQLite
 * would open such a file read-only without a word and fail at the first write, after a whole listing.
 */
export async function assertWritableStore(path: string): Promise<void> {
  const directory = dirname(resolve(path));
  const found = await stat(directory).catch(() => null);
  if (found === null || !found.isDirectory()) {
    throw new StoreError(
      'cannot-open',
      `Cannot create the snapshot database ${path}: the directory ${directory} does not exist`,
      { path },
    );
  }
  const file = await stat(path).catch((error: unknown) => error as NodeJS.ErrnoException);
  if (!(file instanceof Error) && file.isDirectory()) {
    throw new StoreError('cannot-open', `Cannot open the snapshot database ${path}: it is a folder, not a file`, {
      path,
    });
  }
  const exists = !(file instanceof Error);
  if (exists) {
    const refused = await accessError(path, constants.R_OK | constants.W_OK);
    if (refused !== null) throw readOnlyStore(path, `the file cannot be written: ${describeFsError(refused)}`);
  }
  // The lock directory, and SQLite's rollback journal, are created beside the file.
  const folderRefused = await accessError(directory, constants.W_OK);
  if (folderRefused !== null) {
    const what = exists ? `its folder ${directory} cannot be written` : `the folder ${directory} cannot be written`;
    throw readOnlyStore(path, `${what} (the lock and the journal go there): ${describeFsError(folderRefused)}`, !exists);
  }
}

/** A `read-only` StoreError: `the store … is read-only` (or cannot be created) with the reason. */
export function readOnlyStore(path: string, reason: string, creating = false, cause?: unknown): StoreError {
  const what = creating ? `the store ${path} cannot be created` : `the store ${path} is read-only`;
  return new StoreError('read-only', `${what}: ${reason}`, { path, cause });
}

/** Where to open a store for reading: the file itself, or a private copy (see the module comment). */
export interface ReadableStoreFile {
  /** The file to hand to SQLite. */
  openPath: string;
  /** Removes the copy, if one was made. */
  release: () => Promise<void>;
}

/**
 * Checks that a store exists and can be read, without creating anything. A missing file is a `missing`
 * StoreError that says how to make one.
 */
export async function readableStoreFile(path: string): Promise<ReadableStoreFile> {
  const file = await stat(path).catch((error: unknown) => error as NodeJS.ErrnoException);
  if (file instanceof Error) {
    if (file.code === 'ENOENT') throw new StoreError('missing', `no store at ${path}: ${howToMakeAStore}`, { path });
    throw new StoreError('cannot-open', `Cannot read the snapshot database ${path}: ${describeFsError(file)}`, {
      path,
      cause: file,
    });
  }
  if (file.isDirectory()) {
    throw new StoreError('cannot-open', `Cannot open the snapshot database ${path}: it is a folder, not a file`, {
      path,
    });
  }
  const unreadable = await accessError(path, constants.R_OK);
  if (unreadable !== null) {
    throw new StoreError('cannot-open', `Cannot read the snapshot database ${path}: ${describeFsError(unreadable)}`, {
      path,
      cause: unreadable,
    });
  }
  if ((await accessError(dirname(resolve(path)), constants.W_OK)) === null) {
    return { openPath: path, release: async () => {} };
  }
  return privateCopy(path);
}

/**
 * Copies a store whose folder cannot be written (so nobody can hold its lock there but its owner) to a private
 * temporary folder. A copy taken while the owner writes could mix two states: the file's size and modification
 * time must be the same before and after, else it is taken again.
 */
async function privateCopy(path: string): Promise<ReadableStoreFile> {
  const folder = await mkdtemp(join(tmpdir(), 'zenodo-stats-read-'));
  const release = () => rm(folder, { recursive: true, force: true });
  const copy = join(folder, 'store.sqlite');
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      const before = await stat(path);
      // A hot journal belongs with its file: SQLite needs it to read the last committed state.
      const journal = await stat(`${path}-journal`).catch(() => null);
      await copyFile(path, copy);
      if (journal !== null) await copyFile(`${path}-journal`, `${copy}-journal`);
      const after = await stat(path);
      if (before.size === after.size && before.mtimeMs === after.mtimeMs) return { openPath: copy, release };
    }
    throw new StoreError('locked', `${path} kept changing while it was read (another process is writing it): try again`, {
      path,
    });
  } catch (error) {
    await release();
    if (error instanceof StoreError) throw error;
    throw new StoreError('cannot-open', `Cannot read the snapshot database ${path}: ${describeFsError(error)}`, {
      path,
      cause: error,
    });
  }
}

async function accessError(path: string, mode: number): Promise<NodeJS.ErrnoException | null> {
  return access(path, mode).then(
    () => null,
    (error: unknown) => error as NodeJS.ErrnoException,
  );
}
