/**
 * One run of the scale benchmark, in a process of its own so that its peak RSS is this run's alone:
 * `node --import tsx bench/scale-run.ts <url> <records> <token|anonymous> <timeScale>` runs the real
 * `summarize` (listing, SQLite snapshot, CSV) against a fake Zenodo already listening at `<url>`, checks the CSV,
 * and prints one JSON line of measurements on stdout.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CliIo } from '../src/terminal/cli-io.js';
import { summarize } from '../src/commands/summarize.js';
import { publishedRateLimits } from '../src/zenodo/pacer.js';
import { realSleep } from '../src/zenodo/sleep.js';

export interface ScaleRunResult {
  records: number;
  token: boolean;
  requests: number;
  tooMany: number;
  /** Listing: first request to last response, ms on the compressed clock. */
  listingMs: number;
  /** After the last response: totals, snapshot and CSV, ms. */
  localMs: number;
  /** Resident set size once the code is loaded, before the run (Node, tsx and our modules), MB. */
  startRssMb: number;
  /** The process's peak resident set size (getrusage), MB. */
  peakRssMb: number;
  csvRows: number;
  distinctIds: number;
}

const startRssMb = process.resourceUsage().maxRSS / 1024;
const [url = '', recordsText = '0', auth = 'anonymous', timeScaleText = '100'] = process.argv.slice(2);
const records = Number(recordsText);
const token = auth === 'token';
const timeScale = Number(timeScaleText);
const published = publishedRateLimits(token);
const dir = await mkdtemp(path.join(os.tmpdir(), 'zenodo-stats-scale-'));
let requests = 0;
let tooMany = 0;
let firstRequestAt = 0;
let lastResponseAt = 0;
const io: CliIo = {
  stdout: { write: (text: string) => process.stdout.write(text) },
  stderr: { write: () => true, isTTY: false },
  env: {},
  cwd: dir,
  sleep: realSleep,
  fetch: async (input, init) => {
    requests += 1;
    firstRequestAt ||= performance.now();
    const response = await fetch(input, init);
    if (response.status === 429) tooMany += 1;
    lastResponseAt = performance.now();
    return response;
  },
};
try {
  await summarize(
    {
      communities: ['bench'],
      baseUrl: url,
      token: token ? 'bench-token' : undefined,
      out: 'out.csv',
      format: 'csv',
      excel: false,
      allVersions: false,
      timeoutMs: 30_000,
      maxAttempts: 5,
      limits: {
        search: { limit: published.search.limit, windowMs: published.search.windowMs / timeScale },
        other: { limit: published.other.limit, windowMs: published.other.windowMs / timeScale },
      },
      quiet: true,
      verbose: false,
      dbPath: path.join(dir, 'store.sqlite'),
    },
    io,
  );
  const done = performance.now();
  const lines = (await readFile(path.join(dir, 'out.csv'), 'utf8')).trimEnd().split('\r\n').slice(1);
  const ids = new Set(lines.map((line) => /\/records\/(\d+),/.exec(line)?.[1]));
  const result: ScaleRunResult = {
    records,
    token,
    requests,
    tooMany,
    listingMs: lastResponseAt - firstRequestAt,
    localMs: done - lastResponseAt,
    startRssMb,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    csvRows: lines.length,
    distinctIds: ids.size,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
