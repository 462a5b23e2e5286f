/**
 * The summarize benchmark: list one community of N records through a local fake Zenodo whose rate limits are
 * the published ones (zenodo-api.md §2) on a compressed clock, then time the local work on what came back.
 *
 * Time compression: one real minute becomes `60 000 / timeScale` ms, on both the server's limiter and the
 * client's pacer. Everything else (loopback latency, JSON parsing, schema checks) runs at full speed, so the
 * "real-time equivalent" figures (measured ms × timeScale) overstate that part by the same factor.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { renderCsv } from '../src/output/render-csv.js';
import { summarizeRows } from '../src/records/summarize-rows.js';
import { toSummaryRows } from '../src/records/to-summary-rows.js';
import type { ZenodoRecord } from '../src/records/zenodo-record.js';
import { createZenodoClient } from '../src/zenodo/client.js';
import { fetchCommunityRecords } from '../src/zenodo/list-community-records.js';
import { publishedRateLimits, type RateLimits } from '../src/zenodo/pacer.js';
import { makeSyntheticRecords } from '../test/helpers/dataset.js';
import { startFakeZenodo } from '../test/helpers/fake-zenodo.js';

/** Community sizes: one page or a few, a few windows' worth, and close to the 10 000-result window (§5). */
export const defaultSizes = [150, 2_000, 9_000];

/** A real minute becomes 600 ms: the whole run stays well under a minute on a small machine. */
export const defaultTimeScale = 100;

const realMinuteMs = 60_000;
const communitySlug = 'bench';
const benchToken = 'bench-token';

/** Repeat the local work at least this often and this long, so small N still gives a stable rows/s. */
const minLocalPasses = 5;
const minLocalMeasureMs = 200;

export type BenchAuth = 'anonymous' | 'token';

export interface BenchResult {
  records: number;
  auth: BenchAuth;
  pageSize: number;
  /** Search pages the listing needs: `ceil(records / pageSize)`. */
  pages: number;
  /** HTTP requests the client sent, retries included. */
  requests: number;
  /** One community lookup plus one request per page. */
  minimumRequests: number;
  /** 429 answers the fake server sent. */
  tooManyRequests: number;
  timeScale: number;
  /** Scaled rate-limit window in ms (60 000 / timeScale). */
  windowMs: number;
  /** Measured wall time of the listing, in ms on the compressed clock. */
  wallMs: number;
  /** Earliest possible finish under the search limit, in ms on the compressed clock (see `rateLimitFloorMs`). */
  floorMs: number;
  /** `wallMs × timeScale`, in seconds. */
  wallRealSeconds: number;
  floorRealSeconds: number;
  /** `wallMs / floorMs`; `null` when the floor is 0. */
  wallToFloor: number | null;
  /** Total time the client's pacer held requests back, in ms on the compressed clock. */
  pacerWaitMs: number;
  /** Records per second through toSummaryRows + summarizeRows + renderCsv. */
  localRowsPerSecond: number;
  /** Everything that makes this run a failure; empty when it passed. */
  problems: string[];
}

export interface SummarizeBenchOptions {
  /** Community sizes to list. Default {@link defaultSizes}. */
  sizes?: number[];
  /** How many times faster than real time the rate-limit windows run. Default {@link defaultTimeScale}. */
  timeScale?: number;
  /** Receives the result table, one line at a time. Default: stdout. */
  out?: (line: string) => void;
  /** Receives progress and diagnostics. Default: stderr. */
  log?: (line: string) => void;
}

/** The benchmark ran to the end but some run broke a rule (a 429, extra requests, missing records). */
export class BenchFailedError extends Error {
  override name = 'BenchFailedError';
  readonly results: BenchResult[];

  constructor(results: BenchResult[]) {
    const lines = results.flatMap((r) => r.problems.map((p) => `  ${r.records} records, ${r.auth}: ${p}`));
    super(`summarize benchmark failed:\n${lines.join('\n')}`);
    this.results = results;
  }
}

/**
 * Earliest finish of `pages` search requests under a sliding limit of `limit` per `windowMs`: requests
 * 1…limit may go at once, request k waits until request k − limit is one window old, so the last one starts
 * `floor((pages − 1) / limit)` windows after the first. Latency is ignored; the community lookup uses the
 * other bucket (zenodo-api.md §2, §8a) and adds no wait.
 *
 * @example
 * rateLimitFloorMs(360, 30, 600); // 6 600: 360 anonymous pages of 25 at 30/min, a minute shown as 600 ms
 */
export function rateLimitFloorMs(pages: number, limit: number, windowMs: number): number {
  if (pages <= 1) return 0;
  return Math.floor((pages - 1) / limit) * windowMs;
}

/**
 * Runs the summarize benchmark for every size, anonymous and with a token, prints a Markdown table and a
 * machine line through `out`, and resolves with the results. Rejects with {@link BenchFailedError} (after
 * printing) when a run saw a 429, sent more than the minimum requests, or did not get every record once.
 *
 * @example
 * const results = await runSummarizeBench({ sizes: [150], timeScale: 100 });
 */
export async function runSummarizeBench(options: SummarizeBenchOptions = {}): Promise<BenchResult[]> {
  const sizes = options.sizes ?? defaultSizes;
  const timeScale = options.timeScale ?? defaultTimeScale;
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (!(Number.isFinite(timeScale) && timeScale > 0)) throw new RangeError(`timeScale must be a positive number, got ${timeScale}`);

  const results: BenchResult[] = [];
  for (const size of sizes) {
    for (const auth of ['anonymous', 'token'] as const) {
      log(`summarize: ${size} records, ${auth}…`);
      const result = await runOne(size, auth, timeScale);
      log(describeResult(result));
      results.push(result);
    }
  }

  for (const line of renderBenchTable(results)) out(line);
  out('');
  out(describeMachine(timeScale));
  if (results.some((r) => r.problems.length > 0)) throw new BenchFailedError(results);
  return results;
}

async function runOne(size: number, auth: BenchAuth, timeScale: number): Promise<BenchResult> {
  const hasToken = auth === 'token';
  const windowMs = realMinuteMs / timeScale;
  const published = publishedRateLimits(hasToken);
  const limits: RateLimits = {
    search: { limit: published.search.limit, windowMs: published.search.windowMs / timeScale },
    other: { limit: published.other.limit, windowMs: published.other.windowMs / timeScale },
  };
  const dataset = makeSyntheticRecords(size, { community: communitySlug });
  const server = await startFakeZenodo({
    records: dataset,
    communities: [{ id: randomUUID(), slug: communitySlug, title: 'Bench' }],
    tokens: [benchToken],
    windowMs,
    // The documented limits (§2), not the looser ones Zenodo's config allows (§8a): the fake is as strict as
    // the figures the client paces to.
    limits: { search: 30, guest: 60, authenticated: 100 },
  });

  let pacerWaitMs = 0;
  try {
    const client = createZenodoClient({
      baseUrl: server.url,
      token: hasToken ? benchToken : undefined,
      limits,
      onRequest: (event) => {
        pacerWaitMs += event.waitedMs;
      },
    });
    const pageSize = client.maxPageSize;
    const pages = Math.ceil(size / pageSize);
    const minimumRequests = 1 + pages;

    const started = performance.now();
    const listing = await fetchCommunityRecords(client, communitySlug);
    const wallMs = performance.now() - started;

    const tooManyRequests = server.requests.filter((r) => r.status === 429).length;
    const floorMs = rateLimitFloorMs(pages, limits.search.limit, limits.search.windowMs);
    const problems = [
      ...checkRecords(listing.records, dataset.map((r) => String(r.id))),
      ...listing.warnings.map((w) => `warning: ${w}`),
    ];
    if (tooManyRequests > 0) problems.push(`the server answered 429 ${tooManyRequests} time(s)`);
    if (client.requestCount !== minimumRequests) {
      problems.push(`${client.requestCount} requests sent, the minimum is ${minimumRequests}`);
    }

    return {
      records: size,
      auth,
      pageSize,
      pages,
      requests: client.requestCount,
      minimumRequests,
      tooManyRequests,
      timeScale,
      windowMs,
      wallMs,
      floorMs,
      wallRealSeconds: (wallMs * timeScale) / 1000,
      floorRealSeconds: (floorMs * timeScale) / 1000,
      wallToFloor: floorMs > 0 ? wallMs / floorMs : null,
      pacerWaitMs,
      localRowsPerSecond: measureLocalRowsPerSecond(listing.records),
      problems,
    };
  } finally {
    await server.close();
  }
}

/** Every expected id exactly once, nothing else. */
function checkRecords(records: readonly ZenodoRecord[], expectedIds: readonly string[]): string[] {
  const problems: string[] = [];
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
  const expected = new Set(expectedIds);
  const missing = expectedIds.filter((id) => !counts.has(id));
  const repeated = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
  const unexpected = [...counts.keys()].filter((id) => !expected.has(id));
  if (missing.length > 0) problems.push(`${missing.length} record(s) missing, e.g. ${missing.slice(0, 3).join(', ')}`);
  if (repeated.length > 0) problems.push(`${repeated.length} record(s) listed more than once, e.g. ${repeated.slice(0, 3).join(', ')}`);
  if (unexpected.length > 0) problems.push(`${unexpected.length} unexpected record(s), e.g. ${unexpected.slice(0, 3).join(', ')}`);
  return problems;
}

/**
 * toSummaryRows + summarizeRows + renderCsv: one warm-up pass (JIT), then at least `minLocalPasses` passes and
 * `minLocalMeasureMs`; the median pass gives the rate, so one garbage collection does not skew it.
 */
function measureLocalRowsPerSecond(records: readonly ZenodoRecord[]): number {
  const once = () => {
    const rows = toSummaryRows(records);
    summarizeRows(rows);
    return renderCsv(rows).length;
  };
  once();
  const passMs: number[] = [];
  const started = performance.now();
  while (passMs.length < minLocalPasses || performance.now() - started < minLocalMeasureMs) {
    const passStarted = performance.now();
    once();
    passMs.push(performance.now() - passStarted);
  }
  passMs.sort((a, b) => a - b);
  const median = passMs[Math.floor(passMs.length / 2)] ?? 0;
  return median > 0 ? records.length / (median / 1000) : Number.POSITIVE_INFINITY;
}

/** The Markdown result table, one line per element. */
export function renderBenchTable(results: readonly BenchResult[]): string[] {
  const header = [
    'records',
    'auth',
    'page size',
    'requests',
    'minimum',
    '429s',
    'wall (s, real-time equivalent)',
    'floor (s)',
    'wall/floor',
    'local rows/s',
  ];
  const align = ['---:', ':---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:'];
  const rows = results.map((r) => [
    formatInteger(r.records),
    r.auth,
    String(r.pageSize),
    String(r.requests),
    String(r.minimumRequests),
    String(r.tooManyRequests),
    r.wallRealSeconds.toFixed(1),
    r.floorRealSeconds.toFixed(1),
    r.wallToFloor === null ? 'n/a' : r.wallToFloor.toFixed(2),
    formatInteger(Math.round(r.localRowsPerSecond)),
  ]);
  return [header, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`);
}

function describeResult(r: BenchResult): string {
  const status = r.problems.length === 0 ? 'ok' : `FAILED (${r.problems.join('; ')})`;
  return (
    `  ${r.pages} page(s) of ${r.pageSize}, ${r.requests} request(s), ${r.tooManyRequests} × 429; ` +
    `wall ${Math.round(r.wallMs)} ms (floor ${Math.round(r.floorMs)} ms, pacer waited ${Math.round(r.pacerWaitMs)} ms); ` +
    `${status}`
  );
}

function describeMachine(timeScale: number): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  return `Machine: ${model}, ${cpus.length} cores, Node ${process.version}; time scale ${timeScale} (1 min = ${formatMs(realMinuteMs / timeScale)} ms)`;
}

function formatInteger(n: number): string {
  return n.toLocaleString('en-US');
}

function formatMs(ms: number): string {
  return Number.isInteger(ms) ? String(ms) : ms.toFixed(1);
}
