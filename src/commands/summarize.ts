import path from 'node:path';
import type { CliIo } from '../terminal/cli-io.js';
import { Terminal } from '../terminal/terminal.js';
import { AbortedError, UsageError } from '../errors.js';
import type { OutputFormat } from '../output/output-formats.js';
import { checkOutputPath, resolveOutputPath } from '../output/output-path.js';
import { defaultOutFile } from './default-out-file.js';
import { postgresUrl } from './resolve-db-path.js';
export { defaultOutFile };
import { createZenodoClient, type RequestEvent } from '../zenodo/client.js';
import type { RateLimits } from '../zenodo/pacer.js';
import { listCommunityToSpool, type QueryTarget } from './list-community-to-spool.js';
import { StoreError } from '../store/store-error.js';
import { preloadStore } from './with-store.js';
import { StoreSession } from './store-session.js';

export interface SummarizeOptions {
  /** Community slugs (or ids); several give one CSV with a `community` column. */
  communities: string[];
  baseUrl: string;
  token?: string | undefined;
  userAgent?: string | undefined;
  /**
   * Output file, `-` for stdout. Default: `zenodo_<slug>_downloads.<ext>` (see `defaultOutFile`), named after
   * the slug Zenodo gives the community, so a community asked for by its uuid is named like its snapshot.
   */
  out?: string | undefined;
  /**
   * What the summary calls `out` when it is written elsewhere first: `report --fetch` writes into the folder the
   * report is built in, which is then moved into place, so the summary names the file where it ends up.
   */
  outLabel?: string | undefined;
  format: OutputFormat;
  raw?: string | undefined;
  excel: boolean;
  allVersions: boolean;
  pageSize?: number | undefined;
  timeoutMs: number;
  maxAttempts: number;
  /** Rate limits that replace the published ones (`--rate-limit`). */
  limits?: Partial<RateLimits> | undefined;
  quiet: boolean;
  verbose: boolean;
  /** Snapshot store file; `undefined` with `--no-db`. */
  dbPath?: string | undefined;
  /** Continue an interrupted listing from its checkpoint. */
  resume?: boolean | undefined;
  /** Also print what changed since the previous snapshot. */
  sinceLast?: boolean | undefined;
  /** JSON format to ask for: Zenodo's legacy JSON, InvenioRDM's, or whichever the site answers. */
  apiFormat?: 'legacy' | 'rdm' | 'auto' | undefined;
  /** `--records FILE [--as NAME]`: the records a list names, as the collection `name`, instead of communities. */
  records?: { file: string; name: string } | undefined;
  /** `--query Q [--as NAME]`: the records a search finds, as the collection `name`, sliced past 10 000. */
  query?: QueryTarget | undefined;
}

/**
 * `zenodo-stats summarize`: every record of a community to one file, and a summary on stderr. Nothing is
 * written unless the whole listing succeeded; every file is replaced atomically.
 *
 * Memory stays flat as a community grows (issue 6): each listing goes page by page into a spool on disk
 * (`RecordSpool`, the checkpoint of a long listing), and the totals, the snapshot and the output are read back
 * from it one record at a time. What stays in memory is some 150 bytes a record: ids, sort keys and the
 * snapshot's counters (README, "Memory").
 */
export async function summarize(options: SummarizeOptions, io: CliIo): Promise<number> {
  const term = new Terminal(io.stderr, io.env, { quiet: options.quiet });
  const now = io.now ?? Date.now;
  const started = now();
  const client = createZenodoClient({
    baseUrl: options.baseUrl,
    token: options.token,
    userAgent: options.userAgent,
    timeoutMs: options.timeoutMs,
    maxAttempts: options.maxAttempts,
    limits: options.limits,
    fetch: io.fetch,
    now: io.now,
    sleep: io.sleep,
    random: io.random,
    onRequest: options.verbose ? (event) => term.info(describeRequest(event)) : undefined,
  });
  if (options.dbPath !== undefined) preloadStore(options.dbPath);
  const list = options.records;
  const communities = list || options.query ? [] : [...new Set(options.communities)];
  if (list === undefined && options.query === undefined && communities.length === 0) throw new UsageError('name at least one community');
  const several = communities.length > 1;
  if (list && options.resume) term.info('--resume: a --records list keeps no checkpoint (it takes only a few requests); listing it afresh');
  const checkpointDir = checkpointDirFor(options.dbPath, options.out, io.cwd);
  for (const file of [options.out, options.raw]) if (file !== undefined && file !== '-') await checkOutputPath(resolveOutputPath(io.cwd, file));
  // A store that cannot be saved into (read-only, damaged) is refused before the first request (issue 12).
  const session = options.dbPath === undefined ? undefined : new StoreSession(options.dbPath);
  await session?.check();
  // What runs after the listing (the snapshot, the output, the summary) loads while the listing waits for the
  // network, not before the first request. A failure to load shows up, with its message, where it is awaited.
  const finishing = import('./summarize-outputs.js');
  finishing.catch(() => undefined);

  // Several communities are listed at the same time: the client's pacer keeps them within the limits together.
  const alsoAsk = list ? await unnamedHistory(session, list.name).catch(async (error: unknown) => {
    await session?.close();
    throw error;
  }) : [];
  // A --records list's reader (and csv-parse with it) is loaded only for a list: a community's run does not pay
  // for it at start-up (issue 14).
  const settled = await Promise.allSettled(
    list
      ? [(await import('./list-records-to-spool.js')).listRecordsToSpool(client, { file: list.file, name: list.name, pageSize: options.pageSize, apiFormat: options.apiFormat, keepHits: options.raw !== undefined, startedAt: started, alsoAsk }, io, term)]
      : (options.query ? [options.query] : communities).map((target) =>
          listCommunityToSpool(
            client,
            target,
            {
              allVersions: options.allVersions,
              pageSize: options.pageSize,
              apiFormat: options.apiFormat,
              keepHits: options.raw !== undefined,
              resume: Boolean(options.resume),
              checkpointDir,
              startedAt: started,
              prefix: several && typeof target === 'string' ? `${target}: ` : '',
            },
            io,
            term,
          ),
        ),
  );
  term.endProgress();
  const listings = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  let completed = false;
  try {
    if (failed) throw failed.reason;
    const out = options.out ?? defaultOutFile(listings.map((l) => l.community.slug), options.format);
    const { writeOutputs } = await finishing;
    const code = await writeOutputs(listings, { options: { ...options, out }, io, term, client, started, several, session });
    completed = true;
    return code;
  } catch (error) {
    const kept = listings.filter((l) => !l.spool.temporary).map((l) => path.relative(io.cwd, l.spool.path) || l.spool.path);
    if (failed === undefined && error instanceof AbortedError && error.message === 'cancelled' && kept.length > 0) {
      throw new AbortedError(`interrupted; the listing is complete and kept in ${kept.join(', ')}: run the same command with --resume to finish without listing again`, { cause: error });
    }
    throw error;
  } finally {
    // A finished run's checkpoints go; a failed one keeps them for --resume (temporary spools always go).
    for (const l of listings) await (completed ? l.spool.remove() : l.spool.close());
    await session?.close();
  }
}

/**
 * For a `--records` list: the ids of its stored history that have no metadata yet, to ask for in the list's own
 * searches. None when there is no store yet (nothing is created to find that out).
 */
async function unnamedHistory(session: StoreSession | undefined, collection: string): Promise<string[]> {
  if (session === undefined) return [];
  try {
    const { historyWithoutNames } = await import('./name-history.js');
    return await session.read((store) => historyWithoutNames(store, collection), []);
  } catch (error) {
    if (error instanceof StoreError && error.reason === 'missing') return [];
    throw error;
  }
}

function describeRequest(e: RequestEvent): string {
  const outcome = e.status !== undefined ? String(e.status) : (e.error ?? 'failed');
  const waited = e.waitedMs > 0 ? ` (paced ${e.waitedMs} ms)` : '';
  const retry = e.retryInMs !== undefined ? ` · retry in ${(e.retryInMs / 1000).toFixed(1)} s` : '';
  const attempt = e.attempt > 1 ? ` [attempt ${e.attempt}]` : '';
  return `GET ${e.url} → ${outcome} in ${e.durationMs} ms${waited}${attempt}${retry}`;
}

/**
 * Where a long listing keeps its checkpoint: beside the SQLite store; without one (`--no-db`, or a `postgres://`
 * store, which is no folder), beside the output file; with the default output name or `--out -`, in the working
 * directory. Never a folder shared with other runs by accident (the parent of the working directory was, once:
 * two runs listing communities of one name there read each other's records).
 *
 * @example
 * checkpointDirFor('/data/zenodo-stats.sqlite', undefined, '/home/me'); // '/data'
 * checkpointDirFor('postgres://stats@db/zenodo', '-', '/home/me');     // '/home/me'
 */
export function checkpointDirFor(dbPath: string | undefined, out: string | undefined, cwd: string): string {
  if (dbPath !== undefined && !postgresUrl.test(dbPath)) return path.dirname(path.resolve(cwd, dbPath));
  if (out === undefined || out === '-') return cwd;
  return path.dirname(path.resolve(cwd, out));
}
