import path from 'node:path';
import type { CliIo } from '../cli/cli-io.js';
import { formatCount, Terminal } from '../cli/terminal.js';
import { renderRows, type OutputFormat } from '../output/render-rows.js';
import { writeFileAtomic } from '../output/write-file-atomic.js';
import { summarizeRows, type CommunityTotals } from '../records/summarize-rows.js';
import type { SummaryRow } from '../records/summary-row.js';
import { toSummaryRows } from '../records/to-summary-rows.js';
import { AbortedError, LocalIoError, UsageError, ZenodoStatsError } from '../errors.js';
import { snapshotFromRecords } from '../store/snapshot-from-records.js';
import type { SaveResult } from '../store/snapshot.js';
import { createZenodoClient, type RequestEvent } from '../zenodo/client.js';
import type { RateLimits } from '../zenodo/pacer.js';
import { withStore } from './with-store.js';
import { getCommunity } from '../zenodo/get-community.js';
import { iterateCommunityPages, type RecordPage } from '../zenodo/iterate-community-pages.js';
import type { ZenodoRecord } from '../records/zenodo-record.js';
import { CheckpointWriter, checkpointPath, readCheckpoint, type CheckpointHeader } from './checkpoint-file.js';
import type { ListProgress } from '../zenodo/iterate-community-pages.js';

export interface SummarizeOptions {
  community: string;
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
}

/** The file name used when `--out` is not given. */
export function defaultOutFile(community: string, format: OutputFormat): string {
  const extension = { csv: 'csv', json: 'json', ndjson: 'ndjson', table: 'txt', markdown: 'md' }[format];
  const safe = community.replace(/[^A-Za-z0-9._-]+/g, '_');
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

  let lastProgressLine = 0;
  const onProgress = (p: ListProgress) => {
    // On a TTY the line is redrawn every page; elsewhere (CI logs) at most every 5 s, plus the last page.
    const t = now();
    if (term.isTTY || p.page === 1 || p.page >= p.pages || t - lastProgressLine >= 5_000) {
      lastProgressLine = t;
      term.progress(`page ${p.page}/${p.pages} · ${p.records}/${p.total} records`);
    }
  };

  const community = await getCommunity(client, options.community, io.signal);
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
  if (options.resume && resumed === null) term.info('no checkpoint to resume from; starting from the beginning');
  if (resumed) {
    const h = resumed.header;
    if (h.community !== header.community || h.baseUrl !== header.baseUrl || h.allVersions !== header.allVersions || h.pageSize !== header.pageSize) {
      throw new UsageError(
        `the checkpoint ${checkpointFile} is of another listing (${h.community} on ${h.baseUrl}, ${h.allVersions ? 'all versions, ' : ''}pages of ${h.pageSize}); run without --resume, or with the same options`,
      );
    }
    term.info(`resuming: ${resumed.records.length} records from ${checkpointFile} (started ${h.startedAt})`);
  }
  const writer = new CheckpointWriter(checkpointFile, resumed?.header ?? header, resumed?.records.length ?? 0);
  const records: ZenodoRecord[] = [...(resumed?.records ?? [])];
  const hits: unknown[] = [...(resumed?.hits ?? [])];
  const warnings: string[] = [];
  let total = 0;
  try {
    for await (const page of iterateCommunityPages(client, community, {
      allVersions: options.allVersions,
      pageSize,
      signal: io.signal,
      now: io.now,
      resume: resumed ? { state: resumed.state, seenIds: resumed.records.map((r) => r.id) } : undefined,
      onProgress,
      onWarning: (message) => {
        warnings.push(message);
        term.warn(message);
      },
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
  const listing = { community, records, hits, total: total || records.length };
  term.endProgress();

  const rows = toSummaryRows(listing.records);
  const totals = summarizeRows(rows);
  const output = renderRows(rows, options.format, { bom: options.excel });

  // Save and write only now that the whole listing succeeded. The snapshot goes first, in one transaction:
  // if it fails, no file was touched either.
  let saved: SaveResult | undefined;
  if (options.dbPath !== undefined) {
    const snapshot = snapshotFromRecords({ collection: listing.community.slug, baseUrl: client.baseUrl, takenAt: now(), records: listing.records });
    saved = await withStore(options.dbPath, (store) => store.saveSnapshot(snapshot));
  }
  try {
    // The raw file first, so the main output is never newer than it.
    if (options.raw !== undefined) {
      await writeFileAtomic(path.resolve(io.cwd, options.raw), `${JSON.stringify(listing.hits, null, 2)}\n`);
    }
    if (options.out === '-') io.stdout.write(output);
    else await writeFileAtomic(path.resolve(io.cwd, options.out), output);
  } catch (error) {
    const kept = saved ? ` (the snapshot was saved in ${options.dbPath})` : '';
    throw new LocalIoError(`${(error as Error).message}${kept}`, { cause: error });
  }

  if (totals.recordsWithoutStats > 0) {
    term.warn(
      `${totals.recordsWithoutStats} record${totals.recordsWithoutStats === 1 ? ' has' : 's have'} no statistics or only some; their cells are empty, not 0`,
    );
  }
  await writer.remove();
  if (saved?.unchanged) {
    term.info(`today's snapshot of ${listing.community.slug} (taken ${saved.info.takenAt}) already holds these figures; kept it`);
  } else if (saved?.replaced) {
    term.info(`replaced today's earlier snapshot of ${listing.community.slug} (taken ${saved.replaced.takenAt}) in ${options.dbPath}`);
  }
  const title = listing.community.metadata?.title;
  term.info(
    renderSummary({
      heading: `${listing.community.slug}${title ? ` (${title})` : ''} on ${client.baseUrl}`,
      totals,
      rows,
      allVersions: options.allVersions,
      requests: client.requestCount,
      seconds: (now() - started) / 1000,
      wrote: options.out === '-' ? 'stdout' : options.out,
      snapshot: saved ? `snapshot ${saved.info.day} saved in ${path.relative(io.cwd, options.dbPath ?? '') || options.dbPath}` : undefined,
    }),
  );
  return 0;
}

interface SummaryInput {
  heading: string;
  totals: CommunityTotals;
  rows: readonly SummaryRow[];
  allVersions: boolean;
  requests: number;
  seconds: number;
  wrote: string;
  snapshot?: string | undefined;
}

/** The closing summary: records, the four all-version totals, the top 3 titles, requests and time. */
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
  lines.push(`${s.requests} request${s.requests === 1 ? '' : 's'} in ${s.seconds.toFixed(1)} s · wrote ${s.wrote}${s.snapshot ? ` · ${s.snapshot}` : ''}`);
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
