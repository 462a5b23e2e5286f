import path from 'node:path';
import { writeChunks, type CliIo } from '../terminal/cli-io.js';
import { formatCount, Terminal } from '../terminal/terminal.js';
import { AbortedError, LocalIoError, UsageError, ZenodoStatsError } from '../errors.js';
import { renderRowChunks, renderTabularChunks, type OutputFormat } from '../output/render-rows.js';
import { checkOutputPath, resolveOutputPath } from '../output/output-path.js';
import { writeFileAtomic } from '../output/write-file-atomic.js';
import { defaultOutFile } from './default-out-file.js';
export { defaultOutFile };
import type { CommunityTotals } from '../records/summarize-rows.js';
import { numericColumns, summaryColumns, type SummaryRow } from '../records/summary-row.js';
import { countFalls, describeFalls } from '../history/count-falls.js';
import type { SaveResult } from '../snapshot/snapshot.js';
import { createZenodoClient, type RequestEvent, type ZenodoClient } from '../zenodo/client.js';
import type { RateLimits } from '../zenodo/pacer.js';
import { listCommunityToSpool, type QueryTarget, type SpooledListing } from './list-community-to-spool.js';
import type { RecordSpool } from './record-spool.js';
import { describeSinceLast, earlierSnapshots, sinceLastWithoutStore } from './since-last.js';
import { snapshotFromSpool } from './snapshot-from-spool.js';
import { readSpoolFigures } from './spool-figures.js';
import { describeNaming, historyWithoutNames, nameHistory } from './name-history.js';
import { StoreError } from '../store/store-error.js';
import { mergedSpoolRows, rawHitsJson, sortedSpoolRows } from './spool-rows.js';
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
  const checkpointDir = path.dirname(options.dbPath ?? path.resolve(io.cwd, options.out === undefined || options.out === '-' ? '.' : options.out));
  for (const file of [options.out, options.raw]) if (file !== undefined && file !== '-') await checkOutputPath(resolveOutputPath(io.cwd, file));
  // A store that cannot be saved into (read-only, damaged) is refused before the first request (issue 12).
  const session = options.dbPath === undefined ? undefined : new StoreSession(options.dbPath);
  await session?.check();

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

interface RunContext {
  options: SummarizeOptions & { out: string };
  io: CliIo;
  term: Terminal;
  client: ZenodoClient;
  started: number;
  several: boolean;
  /** The store of the run, when there is one (`--db`). */
  session: StoreSession | undefined;
}

/**
 * Snapshots, the raw file and the output, in that order, then the summary on stderr, then names the records of
 * each collection's history that the listing did not cover. Returns the exit code.
 */
async function writeOutputs(listings: readonly SpooledListing[], ctx: RunContext): Promise<number> {
  const { options, io, term, client, started, several } = ctx;
  const now = io.now ?? Date.now;
  const spools = listings.map((l) => l.spool);
  const figures = await readSpoolFigures(spools, { counters: options.dbPath !== undefined, signal: io.signal });
  // Past this point the run finishes what it writes, so the snapshot and the files always agree: a further
  // Ctrl-C is held off until the snapshot is saved and the output written (an error ends the process anyway).
  if (io.signal?.aborted) throw new AbortedError('cancelled', { cause: io.signal.reason });
  const release = io.holdInterrupts?.('saving the snapshot and writing the output');

  // The snapshots go first, each in one transaction: if that fails, no file was touched either.
  const saved = new Map<string, SaveResult>();
  const sinceLast = new Map<string, string[]>();
  const fallen = new Map<string, string>();
  if (ctx.session !== undefined) {
    const takenAt = new Date(now()).toISOString();
    await ctx.session.use(async (store) => {
      for (const [k, l] of listings.entries()) {
        const slug = l.community.slug;
        const counters = figures.counters[k];
        if (counters === undefined) continue;
        const snapshot = snapshotFromSpool({ collection: slug, baseUrl: client.baseUrl, takenAt, spool: l.spool, counters });
        const earlier = await earlierSnapshots(store, slug, takenAt, Boolean(options.sinceLast));
        // Counters below the previous day's: an outage's zeros, most likely (zenodo-api.md §8b).
        const previous = earlier.at(-1);
        const fell = previous ? describeFalls(countFalls(previous, snapshot.records)) : null;
        if (fell !== null) fallen.set(slug, fell);
        saved.set(slug, await store.saveSnapshot(snapshot));
        if (options.sinceLast) {
          const records = [...snapshot.records];
          sinceLast.set(slug, describeSinceLast(earlier, { takenAt, records }, (id) => titleIn(l.spool, id)));
        }
      }
    });
  }
  try {
    // The raw file first, so the main output is never newer than it.
    if (options.raw !== undefined) await writeFileAtomic(resolveOutputPath(io.cwd, options.raw), rawHitsJson(spools));
    const chunks = several
      ? renderTabularChunks(
          {
            columns: [{ key: 'community' }, ...summaryColumns.map((key) => ({ key, numeric: numericColumns.has(key) }))],
            rows: mergedSpoolRows(listings.map((l) => ({ community: l.community.slug, spool: l.spool }))),
          },
          options.format,
          { bom: options.excel },
        )
      : renderRowChunks(sortedSpoolRows(spools[0] as RecordSpool), options.format, { bom: options.excel });
    if (options.out === '-') await writeChunks(io.stdout, chunks);
    else await writeFileAtomic(resolveOutputPath(io.cwd, options.out), chunks);
  } catch (error) {
    if (error instanceof ZenodoStatsError && !(error instanceof LocalIoError)) throw error;
    const kept = saved.size > 0 ? ` (the snapshot was saved in ${options.dbPath})` : '';
    throw new LocalIoError(`${(error as Error).message}${kept}`, { cause: error });
  }
  release?.();

  for (const [k, l] of listings.entries()) {
    const totals = figures.totals[k];
    if (totals === undefined) continue;
    const slug = l.community.slug;
    if (totals.recordsWithoutStats > 0) {
      term.warn(
        `${several ? `${slug}: ` : ''}${totals.recordsWithoutStats} record${totals.recordsWithoutStats === 1 ? ' has' : 's have'} no statistics or only some; their cells are empty, not 0`,
      );
    }
    const fell = fallen.get(slug);
    if (fell !== undefined) term.warn(`${several ? `${slug}: ` : ''}${fell}`);
    const s = saved.get(slug);
    if (s?.unchanged) term.info(`today's snapshot of ${slug} (taken ${s.info.takenAt}) already holds these figures; kept it`);
    else if (s?.replaced) term.info(`replaced today's earlier snapshot of ${slug} (taken ${s.replaced.takenAt}) in ${options.dbPath}`);
    const title = l.community.metadata?.title;
    term.info(
      renderSummary({
        heading: `${slug}${title ? ` (${title})` : ''} on ${client.baseUrl}`,
        totals,
        rows: firstRows(sortedSpoolRows(l.spool)(), 3),
        allVersions: options.allVersions,
      }),
    );
    if (options.sinceLast) for (const line of options.dbPath === undefined ? [sinceLastWithoutStore] : (sinceLast.get(slug) ?? [])) term.info(line);
  }
  if (several) {
    // A record in several communities is counted once in the combined total (and a concept once).
    const { combined, shared } = figures;
    term.info(
      `all ${listings.length} communities: ${formatCount(combined.records)} records · ${formatCount(combined.downloads)} downloads · ${formatCount(combined.uniqueDownloads)} unique downloads · ${formatCount(combined.views)} views · ${formatCount(combined.uniqueViews)} unique views` +
        (shared > 0 ? ` (${formatCount(shared)} record${shared === 1 ? '' : 's'} in more than one community counted once)` : ''),
    );
  }
  const code = ctx.session === undefined ? 0 : await nameHistories(ctx.session, listings, ctx);
  const snapshotNote = saved.size > 0 ? ` · snapshot ${[...saved.values()][0]?.info.day} saved in ${path.relative(io.cwd, options.dbPath ?? '') || options.dbPath}` : '';
  term.info(
    `${client.requestCount} request${client.requestCount === 1 ? '' : 's'} in ${((now() - started) / 1000).toFixed(1)} s · wrote ${options.out === '-' ? 'stdout' : options.out}${snapshotNote}`,
  );  return code;
}

/**
 * After the snapshots are saved (their records named by the listing), looks up the records of each collection's
 * history that have no metadata yet. A failure is a warning with the request and the reason, and the run's exit
 * code, since the snapshot and the output are written already; the next run asks again.
 */
async function nameHistories(session: StoreSession, listings: readonly SpooledListing[], ctx: RunContext): Promise<number> {
  const collections = listings.map((l) => l.community.slug);
  const { options, io, term, client, several } = ctx;
  try {
    await session.use(async (store) => {
      for (const collection of collections) {
        const answered = listings.find((l) => l.community.slug === collection)?.answered;
        const onProgress = term.isTTY ? (done: number, total: number) => term.progress(`naming ${collection}'s history: ${done}/${total} looked up`) : undefined;
        const naming = await nameHistory(store, client, collection, { apiFormat: options.apiFormat, pageSize: options.pageSize, signal: io.signal, now: io.now, answered, onProgress });
        term.endProgress();
        const line = describeNaming(naming, several ? `of ${collection}'s history that its listing did not cover` : 'of the history that the listing did not cover');
        if (line !== null) term.info(line);
      }
    });
    return 0;
  } catch (error) {
    if (!(error instanceof ZenodoStatsError)) throw error;
    term.warn(`naming the records of the history that the listing did not cover failed: ${error.message}; the snapshot and the output were written, and the next run looks those records up again`);
    return error.exitCode;
  }
}

/**
 * For a `--records` list: the ids of its stored history that have no metadata yet, to ask for in the list's own
 * searches. None when there is no store yet (nothing is created to find that out).
 */
async function unnamedHistory(session: StoreSession | undefined, collection: string): Promise<string[]> {
  if (session === undefined) return [];
  try {
    return await session.read((store) => historyWithoutNames(store, collection), []);
  } catch (error) {
    if (error instanceof StoreError && error.reason === 'missing') return [];
    throw error;
  }
}

/** The first `n` items of an iterable. */
function firstRows<T>(items: Iterable<T>, n: number): T[] {
  const first: T[] = [];
  for (const item of items) {
    if (first.length >= n) break;
    first.push(item);
  }
  return first;
}

/** A spooled record's title, by id. */
function titleIn(spool: RecordSpool, id: string): string | undefined {
  const i = spool.ids.indexOf(id);
  return i === -1 ? undefined : spool.recordAt(i).title;
}

interface SummaryInput {
  heading: string;
  totals: CommunityTotals;
  rows: readonly SummaryRow[];
  allVersions: boolean;
}

/** A community's closing summary: records, the four all-version totals, the top 3 titles. */
export function renderSummary(s: SummaryInput): string {
  const t = s.totals;
  const records = s.allVersions
    ? `${formatCount(t.records)} records (all versions of ${formatCount(t.concepts)} concepts)`
    : `${formatCount(t.records)} records`;
  const lines = [
    s.heading,
    `${records} · ${formatCount(t.downloads)} downloads · ${formatCount(t.uniqueDownloads)} unique downloads · ${formatCount(t.views)} views · ${formatCount(t.uniqueViews)} unique views`,
  ];
  if (s.allVersions) lines.push('totals count each concept once (all-version counters), not each version');
  const top = s.rows.filter((r) => r.downloads !== null).slice(0, 3);
  if (top.length > 0) {
    lines.push('top downloads:');
    const width = Math.max(...top.map((r) => formatCount(r.downloads ?? 0).length));
    top.forEach((r, i) => {
      const title = r.title.replace(/\s+/g, ' ').trim();
      const short = [...title].length > 70 ? `${[...title].slice(0, 69).join('')}…` : title;
      lines.push(`  ${i + 1}. ${formatCount(r.downloads ?? 0).padStart(width)}  ${short}`);
    });
  }
  return lines.join('\n');
}

function describeRequest(e: RequestEvent): string {
  const outcome = e.status !== undefined ? String(e.status) : (e.error ?? 'failed');
  const waited = e.waitedMs > 0 ? ` (paced ${e.waitedMs} ms)` : '';
  const retry = e.retryInMs !== undefined ? ` · retry in ${(e.retryInMs / 1000).toFixed(1)} s` : '';
  const attempt = e.attempt > 1 ? ` [attempt ${e.attempt}]` : '';
  return `GET ${e.url} → ${outcome} in ${e.durationMs} ms${waited}${attempt}${retry}`;
}
