/**
 * Why a write into a SQLite store failed, in words. node-sqlite3-wasm's VFS turns every failed write into
 * SQLITE_IOERR_WRITE, "disk I/O error" (`_nodejsWrite` in dist/node-sqlite3-wasm.js drops the errno), so a full
 * disk, a quota or a file-size limit (`ulimit -f`) all read the same. The folder is asked again: a probe file of
 * about the size the save needed is written beside the store and removed, and its error names the reason.
 */
import { open, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { describeFsError } from '../describe-fs-error.js';

/** Error codes that mean "no room": the disk, a quota, or the process's file-size limit. */
const noRoom = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

export interface WriteFailure {
  /** The errno code the probe met, e.g. `ENOSPC`. */
  code: string;
  /** It in words: `no space left on the device (ENOSPC)`. */
  reason: string;
  /** Whether it means there is no room (disk, quota, size limit). */
  full: boolean;
}

/**
 * Writes `bytes` (at most 64 MiB) into a probe file beside `storePath` and removes it; the error of that write,
 * or `null` if it succeeded (then the cause is not the room on the disk).
 */
export async function probeWriteFailure(storePath: string, bytes: number): Promise<WriteFailure | null> {
  const probe = join(dirname(resolve(storePath)), `.zenodo-stats-probe-${process.pid}-${Date.now()}`);
  const size = Math.min(64 * 1024 * 1024, Math.max(1024 * 1024, Math.ceil(bytes)));
  const chunk = Buffer.alloc(Math.min(size, 1024 * 1024));
  let handle;
  try {
    handle = await open(probe, 'wx');
    for (let written = 0; written < size; written += chunk.length) await handle.write(chunk);
    await handle.sync();
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    return { code, reason: describeFsError(error), full: noRoom.has(code) };
  } finally {
    await handle?.close().catch(() => {});
    await rm(probe, { force: true });
  }
}
