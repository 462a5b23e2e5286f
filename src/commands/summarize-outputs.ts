import path from 'node:path';
import { writeChunks, type CliIo } from '../terminal/cli-io.js';
import { formatCount, type Terminal } from '../terminal/terminal.js';
import { AbortedError, LocalIoError, ZenodoStatsError } from '../errors.js';
import { renderRowChunks, renderTabularChunks } from '../output/render-rows.js';
import { resolveOutputPath } from '../output/output-path.js';
import { writeFileAtomic } from '../output/write-file-atomic.js';
import type { CommunityTotals } from '../records/summarize-rows.js';
import { numericColumns, summaryColumns, type SummaryRow } from '../records/summary-row.js';
import { countFalls, describeFalls } from '../history/count-falls.js';
import type { SaveResult } from '../snapshot/snapshot.js';
import type { ZenodoClient } from '../zenodo/client.js';
import type { SpooledListing } from './list-community-to-spool.js';
import type { RecordSpool } from './record-spool.js';
import { describeSinceLast, earlierSnapshots, sinceLastWithoutStore } from './since-last.js';
import { snapshotFromSpool } from './snapshot-from-spool.js';
import { readSpoolFigures } from './spool-figures.js';
import { describeNaming, nameHistory } from './name-history.js';
import { mergedSpoolRows, rawHitsJson, sortedSpoolRows } from './spool-rows.js';
import type { StoreSession } from './store-session.js';
import type { SummarizeOptions } from './summarize.js';

// What `summarize` does once the listing is done: the snapshot, the output, the summary, naming the history. A
// module of its own so that `summarize` loads it while the listing waits for the network, not before the first
// request (issue 14, start-up).

export interface RunContext {
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
export async function writeOutputs(listings: readonly SpooledListing[], ctx: RunContext): Promise<number> {
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
  // Every day's snapshot already held these figures: none was saved, and the line says so (as the one above it).
  const keptAll = saved.size > 0 && [...saved.values()].every((s) => s.unchanged);
  const snapshotNote = saved.size > 0
    ? ` · snapshot ${[...saved.values()][0]?.info.day} ${keptAll ? 'kept' : 'saved'} in ${path.relative(io.cwd, options.dbPath ?? '') || options.dbPath}${keptAll ? ' (unchanged)' : ''}`
    : '';
  term.info(
    `${client.requestCount} request${client.requestCount === 1 ? '' : 's'} in ${((now() - started) / 1000).toFixed(1)} s · wrote ${options.out === '-' ? 'stdout' : (options.outLabel ?? options.out)}${snapshotNote}`,
  );
  return code;
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
