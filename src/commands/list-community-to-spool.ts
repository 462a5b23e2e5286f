import path from 'node:path';
import type { CliIo } from '../terminal/cli-io.js';
import type { Terminal } from '../terminal/terminal.js';
import { AbortedError, NotFoundError, UsageError, ZenodoStatsError } from '../errors.js';
import type { Community } from '../records/schema-legacy.js';
import type { ZenodoClient } from '../zenodo/client.js';
import type { FoundRecord } from '../zenodo/fetch-records-by-id.js';
import { getCommunity } from '../zenodo/get-community.js';
import { iterateCommunityPages, type ListProgress } from '../zenodo/iterate-community-pages.js';
import { checkpointPath, RecordSpool, type SpoolHeader } from './record-spool.js';

export interface SpoolListingOptions {
  allVersions: boolean;
  pageSize?: number | undefined;
  apiFormat?: 'legacy' | 'rdm' | 'auto' | undefined;
  /** Keep each record's raw hit (`--raw`). */
  keepHits: boolean;
  /** Continue from the checkpoint in `checkpointDir`, if there is one. */
  resume: boolean;
  /** Where a long listing keeps its checkpoint (next to the store, or the output). */
  checkpointDir: string;
  /** When the run started, ms since the epoch (kept in the checkpoint's header). */
  startedAt: number;
  /** Put before every progress line and warning (`<slug>: ` when several communities are listed). */
  prefix: string;
}

export interface SpooledListing {
  community: Community;
  /** The listing's records, on disk; close or remove it when done. */
  spool: RecordSpool;
  /**
   * What the listing's own searches answered about ids it asked for (a `--records` list's): each id's record, its
   * concept's latest version, or `null` when Zenodo has neither. Naming the history (`nameHistory`) asks Zenodo
   * only about the ids not answered here.
   */
  answered?: ReadonlyMap<string, FoundRecord | null> | undefined;
}

/** `summarize --query Q --as NAME`: the records a search finds, kept as the collection `name`. */
export interface QueryTarget {
  query: string;
  name: string;
}

/** Listings longer than this many pages keep a checkpoint (shorter ones are quicker to run again). */
export const checkpointAfterPages = 20;

/**
 * One community's listing, page by page into a {@link RecordSpool}: only each record's id and sort key stay in
 * memory, not the record (issue 6, "memory stays flat").
 *
 * A listing of more than {@link checkpointAfterPages} pages spools to its checkpoint file, so an interruption
 * (Ctrl-C, a network that gave up) loses at most the page in flight and `--resume` goes on from there. A short
 * listing spools to a temporary file instead. On failure the checkpoint is kept and the error says how to resume.
 *
 * @example
 * const { community, spool } = await listCommunityToSpool(client, 'nfdi4bioimage', options, io, term);
 * try { console.log(spool.count); } finally { await spool.remove(); }
 */
export async function listCommunityToSpool(
  client: ZenodoClient,
  target: string | QueryTarget,
  options: SpoolListingOptions,
  io: CliIo,
  term: Terminal,
): Promise<SpooledListing> {
  const { prefix } = options;
  const now = io.now ?? Date.now;
  let lastProgressLine = 0;
  const onProgress = (p: ListProgress) => {
    // On a TTY the line is redrawn every page; elsewhere (CI logs) at most every 5 s, plus the last page.
    const t = now();
    if (term.isTTY || p.page === 1 || p.page >= p.pages || t - lastProgressLine >= 5_000) {
      lastProgressLine = t;
      term.progress(`${prefix}page ${p.page}/${p.pages} · ${p.records}/${p.total} records`);
    }
  };

  const community: Community =
    typeof target === 'string'
      ? await getCommunity(client, target, io.signal)
      : { id: target.name, slug: target.name, metadata: { title: `records matching ${target.query}` } };
  const query = typeof target === 'string' ? undefined : target.query;
  const header: SpoolHeader = {
    version: 2,
    community: community.slug,
    ...(query === undefined ? {} : { query }),
    baseUrl: client.baseUrl,
    allVersions: options.allVersions,
    pageSize: options.pageSize ?? client.maxPageSize,
    startedAt: new Date(options.startedAt).toISOString(),
  };
  const checkpointFile = checkpointPath(options.checkpointDir, community.slug);
  let spool = options.resume ? await RecordSpool.resume(checkpointFile) : null;
  if (options.resume && spool === null) term.info(`${prefix}no checkpoint to resume from; starting from the beginning`);
  if (spool) {
    const h = spool.header;
    if (h.community !== header.community || h.query !== header.query || h.baseUrl !== header.baseUrl || h.allVersions !== header.allVersions || h.pageSize !== header.pageSize) {
      await spool.close();
      const of = h.query === undefined ? h.community : `${h.community}, query '${h.query}'`;
      throw new UsageError(
        `the checkpoint ${checkpointFile} is of another listing (${of} on ${h.baseUrl}, ${h.allVersions ? 'all versions, ' : ''}pages of ${h.pageSize}); run without --resume, or with the same options`,
      );
    }
    term.info(`${prefix}resuming: ${spool.count} records from ${checkpointFile} (started ${h.startedAt})`);
  }
  const resumeFrom = spool?.state ? { state: spool.state, seenIds: spool.ids } : undefined;
  const relative = (file: string) => path.relative(io.cwd, file) || file;
  try {
    for await (const page of iterateCommunityPages(client, community, {
      allVersions: options.allVersions,
      pageSize: header.pageSize,
      format: options.apiFormat,
      query,
      signal: io.signal,
      now: io.now,
      resume: resumeFrom,
      onProgress,
      onWarning: (message) => term.warn(`${prefix}${message}`),
    })) {
      // The first page tells how long the listing is, and so where it spools.
      spool ??= await RecordSpool.create(page.pages > checkpointAfterPages ? checkpointFile : null, header);
      await spool.appendPage(page.records, page.state, options.keepHits ? page.hits : undefined);
    }
    // A community without records has no page to spool.
    spool ??= await RecordSpool.create(null, header);
    // A search that finds nothing is more likely mistyped than empty: nothing to keep, and a non-zero exit.
    if (query !== undefined && spool.count === 0) {
      throw new NotFoundError(`the search '${query}' found no record on ${client.baseUrl}; nothing was written`);
    }
  } catch (error) {
    term.endProgress();
    const kept = spool !== null && !spool.temporary && spool.count > 0 ? spool : null;
    if (kept) await kept.close();
    else await spool?.remove();
    if (kept) {
      const where = `${kept.count} records are kept in ${relative(kept.path)}: run the same command with --resume to continue from record ${kept.count + 1}`;
      if (error instanceof AbortedError) throw new AbortedError(`interrupted; ${where}`, { cause: error });
      throw withResumeHint(error, where);
    }
    throw error;
  }
  return { community, spool };
}

/** The same error, its message extended by how to resume (the class, and so the exit code, unchanged). */
function withResumeHint(error: unknown, hint: string): unknown {
  if (error instanceof ZenodoStatsError) error.message = `${error.message}\n${hint}`;
  return error;
}
