import path from 'node:path';
import type { CliIo } from '../cli/cli-io.js';
import { formatCount, Terminal } from '../cli/terminal.js';
import { renderRows, type OutputFormat } from '../output/render-rows.js';
import { writeFileAtomic } from '../output/write-file-atomic.js';
import { summarizeRows, type CommunityTotals } from '../records/summarize-rows.js';
import type { SummaryRow } from '../records/summary-row.js';
import { toSummaryRows } from '../records/to-summary-rows.js';
import { LocalIoError } from '../errors.js';
import { snapshotFromRecords } from '../store/snapshot-from-records.js';
import type { SaveResult } from '../store/snapshot.js';
import { createZenodoClient, type RequestEvent } from '../zenodo/client.js';
import type { RateLimits } from '../zenodo/pacer.js';
import { withStore } from './with-store.js';
import { fetchCommunityRecords } from '../zenodo/list-community-records.js';
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

  const listing = await fetchCommunityRecords(client, options.community, {
    allVersions: options.allVersions,
    pageSize: options.pageSize,
    signal: io.signal,
    now: io.now,
    keepHits: options.raw !== undefined,
    onProgress,
    onWarning: (message) => term.warn(message),
  });
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
