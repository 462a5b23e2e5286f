import { stat } from 'node:fs/promises';
import path from 'node:path';
import { LocalIoError } from '../errors.js';
import { describeFsError } from '../describe-fs-error.js';

/**
 * `--out` resolved against `cwd`, keeping a trailing `/`: `path.resolve` drops it, and `-o report/` then
 * wrote a file called `report` (issue 12). {@link writeFileAtomic} refuses a name that ends in `/`.
 *
 * @example
 * ```ts
 * resolveOutputPath('/home/me', 'out/'); // '/home/me/out/'
 * ```
 */
export function resolveOutputPath(cwd: string, name: string): string {
  const resolved = path.resolve(cwd, name);
  return /[\\/]$/.test(name) && !resolved.endsWith(path.sep) ? `${resolved}${path.sep}` : resolved;
}

/**
 * Checks, before any work is done, that an output file could be written at `file`: its folder exists and
 * the name is not a folder. A run that lists a community for twenty minutes should not fail at the end
 * over a mistyped `-o`. Throws a {@link LocalIoError} (exit 6) saying what is wrong.
 */
export async function checkOutputPath(file: string): Promise<void> {
  if (/[\\/]$/.test(file)) {
    throw new LocalIoError(`cannot write ${file}: the name ends in '/', so it names a folder; give a file name`);
  }
  const dir = path.dirname(file);
  try {
    if (!(await stat(dir)).isDirectory()) throw new LocalIoError(`cannot write ${file}: ${dir} is not a folder`);
  } catch (error) {
    if (error instanceof LocalIoError) throw error;
    if ((error as { code?: unknown }).code === 'ENOENT') throw new LocalIoError(`cannot write ${file}: directory ${dir} does not exist`, { cause: error });
    throw new LocalIoError(`cannot write ${file}: ${describeFsError(error)}`, { cause: error });
  }
  try {
    if ((await stat(file)).isDirectory()) throw new LocalIoError(`cannot write ${file}: it is a folder, not a file`);
  } catch (error) {
    if (error instanceof LocalIoError) throw error;
    // A missing file is what we expect; other errors show up when it is written.
  }
}
