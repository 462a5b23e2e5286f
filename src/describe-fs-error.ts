/**
 * A file-system error in words a user reads, e.g. `permission denied (EACCES)` rather than
 * `EACCES: permission denied, open '/out/.stats.csv.1234.ab12cd.tmp'` (whose path is our temp file's, not
 * the one the user named). Only errors of a system call (they carry `syscall`) are reworded; anything else
 * keeps its own message.
 *
 * @example
 * ```ts
 * describeFsError(Object.assign(new Error('ENOSPC: …'), { code: 'ENOSPC', syscall: 'write' }));
 * // 'no space left on the device (ENOSPC)'
 * ```
 */
export function describeFsError(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code !== 'string' || typeof syscall !== 'string') return message;
  const words = reasons[code];
  return words ? `${words} (${code})` : message;
}

/** The codes a user meets when writing outputs and stores, from errno(3). */
const reasons: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EEXIST: 'a file of that name is in the way',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
  EIO: 'input/output error on the device',
  EFBIG: 'the file is larger than this process may write (ulimit -f)',
  EXDEV: 'the temporary file and the target are on different file systems',
};

/** What a system call was doing, in words, for {@link describeFileError}. */
const doing: Record<string, string> = {
  open: 'open',
  mkdir: 'create the folder',
  rename: 'move',
  unlink: 'remove',
  rmdir: 'remove',
  scandir: 'read the folder',
  write: 'write',
  read: 'read',
  stat: 'read',
  lstat: 'read',
  copyfile: 'copy',
};

/**
 * A message for a file-system error that escaped a command unwrapped — `cannot create the folder
 * /tmp/x/report: a file of that name is in the way (EEXIST)` — or `undefined` if `error` is not one (it must carry
 * the `syscall` and `path` Node gives file-system errors; a network error has no `path`).
 */
export function describeFileError(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { syscall, path } = error as { syscall?: unknown; path?: unknown };
  if (typeof syscall !== 'string' || typeof path !== 'string') return undefined;
  return `cannot ${doing[syscall] ?? syscall} ${path}: ${describeFsError(error)}`;
}
