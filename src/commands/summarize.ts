import path from 'node:path';
import type { CliIo } from '../cli/cli-io.js';
import { formatCount, Terminal } from '../cli/terminal.js';
import { renderRows, renderTabular, type OutputFormat } from '../output/render-rows.js';
import { writeFileAtomic } from '../output/write-file-atomic.js';
import { summarizeRows, type CommunityTotals } from '../records/summarize-rows.js';
import { numericColumns, summaryColumns, type SummaryRow } from '../records/summary-row.js';
import { compareIds, toSummaryRows } from '../records/to-summary-rows.js';
import { AbortedError, LocalIoError, UsageError, ZenodoStatsError } from '../errors.js';
import { snapshotFromRecords } from '../store/snapshot-from-records.js';
import type { LoadedSnapshot, SaveResult } from '../store/snapshot.js';
import type { Community } from '../records/schema-legacy.js';
import { describeSinceLast, previousSnapshot } from './since-last.js';
import { createZenodoClient, type RequestEvent, type ZenodoClient } from '../zenodo/client.js';
import type { RateLimits } from '../zenodo/pacer.js';
import { withStore } from './with-store.js';
import { getCommunity } from '../zenodo/get-community.js';
import { iterateCommunityPages, type RecordPage } from '../zenodo/iterate-community-pages.js';
import type { ZenodoRecord } from '../records/zenodo-record.js';
import { CheckpointWriter, checkpointPath, readCheckpoint, type CheckpointHeader } from './checkpoint-file.js';
import type { ListProgress } from '../zenodo/iterate-community-pages.js';

export interface SummarizeOptions {
  /** Community slugs (or ids); several give one CSV with a `community` column. */
  communities: string[];
  baseUrl: string;
  token?: string | undefined;
  userAgent?: string | undefined;
  /** Output file, `-` for stdout. */
  out: string;
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
}

/** The file name used when `--out` is not given. */
export function defaultOutFile(communities: string | readonly string[], format: OutputFormat): string {
  const extension = { csv: 'csv', json: 'json', ndjson: 'ndjson', table: 'txt', markdown: 'md' }[format];
  const safe = (typeof communities === 'string' ? [communities] : [...communities]).map((c) => c.replace(/[^A-Za-z0-9._-]+/g, '_')).join('+');
  return `zenodo_${safe}_downloads.${extension}`;
}

/**
 * `zenodo-stats summarize`: every record of a community to one file, and a summary on stderr. Nothing is
 * written unless the whole listing succeeded; every file is replaced atomically.
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
  const communities = [...new Set(options.communities)];
  if (communities.length === 0) throw new UsageError('name at least one community');
  const several = communities.length > 1;

  // Several communities are listed at the same time: the client's pacer keeps them within the limits together.
  const settled = await Promise.allSettled(
    communities.map((slug) => listOneCommunity(client, slug, { options, io, term, started, prefix: several ? `${slug}: ` : '' })),
  );
  term.endProgress();
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const listings = settled.map((r) => (r as PromiseFulfilledResult<CommunityRun>).value);

  const perCommunity = listings.map((l) => ({ listing: l, rows: toSummaryRows(l.records) }));
  const output = several
    ? renderTabular(
        {
          columns: [{ key: 'community' }, ...summaryColumns.map((key) => ({ key, numeric: numericColumns.has(key) }))],
          rows: perCommunity
            .flatMap(({ listing, rows }) => rows.map((row) => ({ community: listing.community.slug, ...row })))
            .sort((x, y) => (y.downloads ?? -1) - (x.downloads ?? -1) || compareIds(x.id, y.id) || x.community.localeCompare(y.community)),
        },
        options.format,
        { bom: options.excel },
      )
    : renderRows(perCommunity[0]?.rows ?? [], options.format, { bom: options.excel });

  // Save and write only now that every listing succeeded. The snapshots go first, each in one transaction:
  // if that fails, no file was touched either.
  const saved = new Map<string, SaveResult>();
  const previous = new Map<string, LoadedSnapshot | null>();
  if (options.dbPath !== undefined) {
    await withStore(options.dbPath, async (store) => {
      for (const l of listings) {
        const snapshot = snapshotFromRecords({ collection: l.community.slug, baseUrl: client.baseUrl, takenAt: now(), records: l.records });
        if (options.sinceLast) previous.set(l.community.slug, await previousSnapshot(store, l.community.slug, snapshot.takenAt));
        saved.set(l.community.slug, await store.saveSnapshot(snapshot));
      }
    });
  }
  try {
    // The raw file first, so the main output is never newer than it.
    if (options.raw !== undefined) {
      await writeFileAtomic(path.resolve(io.cwd, options.raw), `${JSON.stringify(listings.flatMap((l) => l.hits), null, 2)}\n`);
    }
    if (options.out === '-') io.stdout.write(output);
    else await writeFileAtomic(path.resolve(io.cwd, options.out), output);
  } catch (error) {
    const kept = saved.size > 0 ? ` (the snapshot was saved in ${options.dbPath})` : '';
    throw new LocalIoError(`${(error as Error).message}${kept}`, { cause: error });
  }
  for (const l of listings) await l.writer.remove();

  for (const { listing, rows } of perCommunity) {
    const totals = summarizeRows(rows);
    const slug = listing.community.slug;
    if (totals.recordsWithoutStats > 0) {
      term.warn(
        `${several ? `${slug}: ` : ''}${totals.recordsWithoutStats} record${totals.recordsWithoutStats === 1 ? ' has' : 's have'} no statistics or only some; their cells are empty, not 0`,
      );
    }
    const s = saved.get(slug);
    if (s?.unchanged) term.info(`today's snapshot of ${slug} (taken ${s.info.takenAt}) already holds these figures; kept it`);
    else if (s?.replaced) term.info(`replaced today's earlier snapshot of ${slug} (taken ${s.replaced.takenAt}) in ${options.dbPath}`);
    const title = listing.community.metadata?.title;
    term.info(
      renderSummary({
        heading: `${slug}${title ? ` (${title})` : ''} on ${client.baseUrl}`,
        totals,
        rows,
        allVersions: options.allVersions,
      }),
    );
    if (options.sinceLast) {
      for (const line of describeSinceLast(previous.get(slug) ?? null, listing.records, options.dbPath === undefined)) term.info(line);
    }
  }
  if (several) {
    // A record in several communities is counted once in the combined total (and a concept once).
    const unique = new Map<string, SummaryRow>();
    for (const { rows } of perCommunity) for (const row of rows) unique.set(row.id, row);
    const combined = summarizeRows([...unique.values()]);
    const shared = perCommunity.reduce((n, p) => n + p.rows.length, 0) - unique.size;
    term.info(
      `all ${communities.length} communities: ${formatCount(combined.records)} records · ${formatCount(combined.downloads)} downloads · ${formatCount(combined.uniqueDownloads)} unique downloads · ${formatCount(combined.views)} views · ${formatCount(combined.uniqueViews)} unique views` +
        (shared > 0 ? ` (${formatCount(shared)} record${shared === 1 ? '' : 's'} in more than one community counted once)` : ''),
    );
  }
  const snapshotNote = saved.size > 0 ? ` · snapshot ${[...saved.values()][0]?.info.day} saved in ${path.relative(io.cwd, options.dbPath ?? '') || options.dbPath}` : '';
  term.info(
    `${client.requestCount} request${client.requestCount === 1 ? '' : 's'} in ${((now() - started) / 1000).toFixed(1)} s · wrote ${options.out === '-' ? 'stdout' : options.out}${snapshotNote}`,
  );
  return 0;
}

interface CommunityRun {
  community: Community;
  records: ZenodoRecord[];
  hits: unknown[];
  total: number;
  writer: CheckpointWriter;
}

/** One community's listing, with its checkpoint (long listings) and `--resume`. */
async function listOneCommunity(
  client: ZenodoClient,
  slug: string,
  ctx: { options: SummarizeOptions; io: CliIo; term: Terminal; started: number; prefix: string },
): Promise<CommunityRun> {
  const { options, io, term, started, prefix } = ctx;
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

  const community = await getCommunity(client, slug, io.signal);
  const pageSize = options.pageSize ?? client.maxPageSize;
  const header: CheckpointHeader = {
    version: 1,
    community: community.slug,
    baseUrl: client.baseUrl,
    allVersions: options.allVersions,
    pageSize,
    startedAt: new Date(started).toISOString(),
  };
  const checkpointFile = checkpointPath(path.dirname(options.dbPath ?? path.resolve(io.cwd, options.out === '-' ? '.' : options.out)), community.slug);
  const resumed = options.resume ? await readCheckpoint(checkpointFile) : null;
  if (options.resume && resumed === null) term.info(`${prefix}no checkpoint to resume from; starting from the beginning`);
  if (resumed) {
    const h = resumed.header;
    if (h.community !== header.community || h.baseUrl !== header.baseUrl || h.allVersions !== header.allVersions || h.pageSize !== header.pageSize) {
      throw new UsageError(
        `the checkpoint ${checkpointFile} is of another listing (${h.community} on ${h.baseUrl}, ${h.allVersions ? 'all versions, ' : ''}pages of ${h.pageSize}); run without --resume, or with the same options`,
      );
    }
    term.info(`${prefix}resuming: ${resumed.records.length} records from ${checkpointFile} (started ${h.startedAt})`);
  }
  const writer = new CheckpointWriter(checkpointFile, resumed?.header ?? header, resumed?.records.length ?? 0);
  const records: ZenodoRecord[] = [...(resumed?.records ?? [])];
  const hits: unknown[] = [...(resumed?.hits ?? [])];
  let total = 0;
  try {
    for await (const page of iterateCommunityPages(client, community, {
      allVersions: options.allVersions,
      pageSize,
      format: options.apiFormat,
      signal: io.signal,
      now: io.now,
      resume: resumed ? { state: resumed.state, seenIds: resumed.records.map((r) => r.id) } : undefined,
      onProgress,
      onWarning: (message) => term.warn(`${prefix}${message}`),
    })) {
      const kept = keepHitsOf(page, options.raw !== undefined);
      records.push(...page.records);
      hits.push(...kept);
      total = page.total;
      // Long listings leave a checkpoint after every page, so an interruption loses at most the page in flight.
      if (page.pages > checkpointAfterPages || writer.records > 0) await writer.append({ state: page.state, records: page.records, hits: kept.length > 0 ? kept : undefined });
    }
  } catch (error) {
    term.endProgress();
    if (writer.records > 0) {
      const how = `run the same command with --resume to continue from record ${writer.records + 1}`;
      throw error instanceof AbortedError
        ? new AbortedError(`interrupted; ${writer.records} records are kept in ${path.relative(io.cwd, writer.path) || writer.path}: ${how}`, { cause: error })
        : withResumeHint(error, `${writer.records} records are kept in ${path.relative(io.cwd, writer.path) || writer.path}: ${how}`);
    }
    throw error;
  }
  return { community, records, hits, total: total || records.length, writer };
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

/** Listings longer than this many pages keep a checkpoint (shorter ones are quicker to run again). */
const checkpointAfterPages = 20;

/** The raw hits of a page that belong to its (new) records, when `--raw` wants them. */
function keepHitsOf(page: RecordPage, keep: boolean): unknown[] {
  if (!keep) return [];
  const pending = new Set(page.records.map((r) => r.id));
  return page.hits.filter((hit) => pending.delete(String((hit as { id?: unknown }).id)));
}

/** The same error, its message extended by how to resume (the class, and so the exit code, unchanged). */
function withResumeHint(error: unknown, hint: string): unknown {
  if (error instanceof ZenodoStatsError) {
    error.message = `${error.message}\n${hint}`;
  }
  return error;
}
