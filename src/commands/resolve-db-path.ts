import path from 'node:path';

/** The default store file, in the working directory. */
export const defaultDbFile = 'zenodo-stats.sqlite';

/** A `--db` that names a PostgreSQL database rather than a SQLite file. */
export const postgresUrl = /^postgres(ql)?:\/\//i;

/**
 * `--db`, else `ZENODO_STATS_DB`, else `./zenodo-stats.sqlite`: a file path resolved against the working
 * directory (`sqlite:` prefix optional), or a `postgres://` URL used as it is.
 */
export function resolveDbPath(flag: string | undefined, env: Record<string, string | undefined>, cwd: string): string {
  const given = flag ?? env.ZENODO_STATS_DB ?? defaultDbFile;
  if (postgresUrl.test(given)) return given;
  return path.resolve(cwd, given.replace(/^sqlite:/i, ''));
}
