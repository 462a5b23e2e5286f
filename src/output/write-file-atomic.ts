import { randomBytes } from 'node:crypto';
import { open, realpath, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import { LocalIoError } from '../errors.js';
import { describeFsError } from '../describe-fs-error.js';

/**
 * Options of `writeFileAtomic`.
 *
 * @example
 * ```ts
 * await writeFileAtomic('stats.csv', csv, { mode: 0o600 });
 * ```
 */
export interface WriteFileAtomicOptions {
  /**
   * Permission bits of the written file. Default: the replaced file's mode, or `0o644` for a new file.
   * Applied with `chmod`, so the umask does not narrow it.
   */
  mode?: number;
}

/**
 * What `writeFileAtomic` writes: text (as UTF-8), bytes, or chunks of either from a (sync or async)
 * iterable, e.g. a renderer's generator, written one after another so the whole never sits in memory.
 * Each text chunk is encoded on its own, so it must not end inside a surrogate pair (the renderers' chunks
 * end after a whole row); byte chunks may split a character anywhere.
 *
 * @example
 * ```ts
 * const data: FileData = renderRowChunks(() => spoolRows(), 'csv');
 * ```
 */
export type FileData = string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

/**
 * Writes `data` so that readers see either the old file or the complete new one, never a partial write:
 * the data goes to `.<basename>.<pid>.<random>.tmp` in the target's directory (a rename is only atomic
 * within one file system), is fsynced, then renamed over the target. On any failure the temp file is
 * removed and the target is left byte-for-byte as it was.
 *
 * Chunks of an iterable are written as they come, so a renderer's output can be streamed to disk. If the
 * iterable itself throws, that error is rethrown as it is (its class and exit code matter to the caller,
 * the file name does not); only errors of the file system are wrapped as described below.
 *
 * If `path` is a symlink, the file it points to is replaced and the link kept. Owner and group of a
 * replaced file are not carried over (the new file belongs to the current user).
 *
 * A `path` that exists and is not a regular file is never renamed over: a character or block device
 * (`/dev/null`, `/dev/stdout`) or a FIFO is opened and written in place, as a shell's `>` would (a FIFO waits
 * for its reader); a socket or a directory is refused. A `path` ending in `/` names a folder and is refused
 * too (`-o out/` must not write a file called `out`).
 *
 * Errors are {@link LocalIoError}s (exit 6): `cannot write <path>: directory <dir> does not exist` (code
 * `ENOENT`) when the parent directory is missing; otherwise `cannot write <path>: <reason>`, the reason in
 * words (`permission denied`, `no space left on the device`, …). The original error is the `cause` and its
 * `code` (`EISDIR`, `EACCES`, `ENOSPC`, …) is copied onto the thrown error.
 *
 * @example
 * ```ts
 * await writeFileAtomic('out/stats.csv', renderCsv(rows));
 * ```
 */
export async function writeFileAtomic(
  path: string,
  data: FileData,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  if (path.endsWith('/') || path.endsWith(sep)) {
    throw wrap(`cannot write ${path}: the name ends in '/', so it names a folder; give a file name`, Object.assign(new Error('trailing slash'), { code: 'EISDIR' }));
  }
  const dir = dirname(path);
  try {
    const dirStats = await stat(dir);
    if (!dirStats.isDirectory()) {
      throw Object.assign(new Error(`${dir} is not a directory`), { code: 'ENOTDIR' });
    }
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      throw wrap(`cannot write ${path}: directory ${dir} does not exist`, error);
    }
    throw wrap(`cannot write ${path}: ${errorMessage(error)}`, error);
  }

  let target = path;
  let existingMode: number | undefined;
  /** A device or FIFO: renaming over it would replace, say, /dev/null with a regular file (as root). */
  let special = false;
  try {
    target = await realpath(path);
    const targetStats = await stat(target);
    if (targetStats.isDirectory()) {
      throw Object.assign(new Error(`${target} is a directory`), { code: 'EISDIR' });
    }
    if (targetStats.isSocket()) {
      throw Object.assign(new Error(`${target} is a socket, not a file`), { code: 'EINVAL' });
    }
    if (!targetStats.isFile()) special = true;
    existingMode = targetStats.mode & 0o7777;
  } catch (error) {
    // A new file (or a dangling symlink, which the rename replaces): write `path` itself.
    if (errorCode(error) !== 'ENOENT') throw wrap(`cannot write ${path}: ${errorMessage(error)}`, error);
  }
  if (special) {
    await writeInPlace(path, target, data);
    return;
  }
  const mode = options.mode ?? existingMode ?? 0o644;

  const targetDir = dirname(target);
  const tempPath = join(targetDir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  try {
    // `wx`: never reuse a file someone else created under this name.
    handle = await open(tempPath, 'wx', mode);
    if (typeof data === 'string' || data instanceof Uint8Array) await handle.writeFile(data);
    // `writeFile` on an open handle writes at the current position, so the chunks follow one another.
    else for await (const chunk of chunksOf(data)) await handle.writeFile(chunk);
    await handle.chmod(mode);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tempPath, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(tempPath, { force: true }).catch(() => undefined);
    if (error instanceof SourceFailure) throw error.error;
    throw wrap(`cannot write ${path}: ${errorMessage(error)}`, error);
  }
  await syncDirectory(targetDir);
}

/**
 * Writes to a device or FIFO the way a shell's `>` does: open for writing, write, close. No temp file, no
 * fsync (a device may refuse it), no chmod: the node is not ours to change.
 */
async function writeInPlace(path: string, target: string, data: FileData): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(target, 'w');
    if (typeof data === 'string' || data instanceof Uint8Array) await handle.writeFile(data);
    else for await (const chunk of chunksOf(data)) await handle.writeFile(chunk);
    await handle.close();
    handle = undefined;
  } catch (error) {
    await handle?.close().catch(() => undefined);
    if (error instanceof SourceFailure) throw error.error;
    throw wrap(`cannot write ${path}: ${errorMessage(error)}`, error);
  }
}

/** Carries an error the data's own iterable threw past the wrapping of write errors, to be rethrown as it was. */
class SourceFailure {
  constructor(readonly error: unknown) {}
}

/** The chunks of an iterable, with anything the iterable throws marked as a {@link SourceFailure}. */
async function* chunksOf(data: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>): AsyncGenerator<string | Uint8Array> {
  try {
    yield* data;
  } catch (error) {
    throw new SourceFailure(error);
  }
}

/**
 * Makes the rename itself durable across a power cut (fsync of the directory entry, see rename(2) and
 * fsync(2)). Best effort: some platforms and file systems refuse to open or fsync a directory, and the
 * file is already in place by then.
 */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // The write succeeded; only durability of the rename is not guaranteed here.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

function errorMessage(error: unknown): string {
  return describeFsError(error);
}

function wrap(message: string, cause: unknown): LocalIoError & { code?: string } {
  const code = errorCode(cause);
  const error: LocalIoError & { code?: string } = new LocalIoError(message, { cause });
  if (code !== undefined) error.code = code;
  return error;
}
