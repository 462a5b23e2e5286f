/**
 * `npm run bench -- scale`: communities of 9 000, 50 000 and 200 000 records on a time-scaled fake Zenodo (in its
 * own process), with and without a token: requests made vs the minimum, wall time vs the rate-limit floor, peak
 * RSS of the client process, rows/s of local work. Past 10 000 records the listing is sliced by created date.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { renderCsv } from '../src/output/render-csv.js';
import { summarizeRows } from '../src/records/summarize-rows.js';
import { toSummaryRows } from '../src/records/to-summary-rows.js';
import { createZenodoClient } from '../src/zenodo/client.js';
import { fetchCommunityRecords } from '../src/zenodo/list-community-records.js';
import { publishedRateLimits, type RateLimits } from '../src/zenodo/pacer.js';

export interface ScaleBenchOptions {
  sizes?: number[];
  timeScale?: number;
  out?: (line: string) => void;
}

async function startServer(records: number, windowMs: number): Promise<{ url: string; stop: () => void }> {
  const script = fileURLToPath(new URL('./fake-zenodo-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', script, String(records), String(windowMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`fake Zenodo exited with ${code}`)));
  });
  return { url: (JSON.parse(line) as { url: string }).url, stop: () => child.kill('SIGTERM') };
}

export async function runScaleBench(options: ScaleBenchOptions = {}): Promise<void> {
  const sizes = options.sizes ?? [9_000, 50_000, 200_000];
  const timeScale = options.timeScale ?? 100;
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  out('| records | auth | page size | requests | minimum | extra (slicing) | 429s | wall (s, real-time equivalent) | floor (s) | wall/floor | peak RSS (MB) | local rows/s |');
  out('| ---: | :--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const n of sizes) {
    for (const withToken of [false, true]) {
      const windowMs = 60_000 / timeScale;
      const server = await startServer(n, windowMs);
      try {
        const published = publishedRateLimits(withToken);
        const limits: RateLimits = {
          search: { limit: published.search.limit, windowMs: published.search.windowMs / timeScale },
          other: { limit: published.other.limit, windowMs: published.other.windowMs / timeScale },
        };
        let tooMany = 0;
        const client = createZenodoClient({
          baseUrl: server.url,
          token: withToken ? 'bench-token' : undefined,
          limits,
          onRequest: (event) => {
            if (event.status === 429) tooMany += 1;
          },
        });
        let peak = process.memoryUsage().rss;
        const sampler = setInterval(() => {
          peak = Math.max(peak, process.memoryUsage().rss);
        }, 50);
        const warnings: string[] = [];
        process.stderr.write(`${n} records, ${withToken ? 'token' : 'anonymous'}…\n`);
        const t0 = performance.now();
        const listing = await fetchCommunityRecords(client, 'bench', { keepHits: false, onWarning: (w) => warnings.push(w) });
        const wall = performance.now() - t0;
        const l0 = performance.now();
        const rows = toSummaryRows(listing.records);
        summarizeRows(rows);
        const csv = renderCsv(rows);
        const local = performance.now() - l0;
        clearInterval(sampler);
        peak = Math.max(peak, process.memoryUsage().rss);
        const unique = new Set(listing.records.map((r) => r.id)).size;
        if (unique !== n || listing.records.length !== n) throw new Error(`${n} records expected, ${listing.records.length} listed (${unique} distinct)`);
        const size = client.maxPageSize;
        const pages = Math.ceil(n / size);
        const minimum = 1 + pages;
        const floor = Math.floor((pages - 1) / published.search.limit) * published.search.windowMs;
        const realWall = (wall * timeScale) / 1000;
        out(
          `| ${n.toLocaleString('en-US')} | ${withToken ? 'token' : 'anonymous'} | ${size} | ${client.requestCount} | ${minimum} | ${client.requestCount - minimum} | ${tooMany} | ${realWall.toFixed(0)} | ${(floor / 1000).toFixed(0)} | ${floor > 0 ? (realWall / (floor / 1000)).toFixed(3) : 'n/a'} | ${Math.round(peak / 1e6)} | ${Math.round(n / (local / 1000)).toLocaleString('en-US')} |`,
        );
        if (csv.length === 0) throw new Error('empty CSV');
      } finally {
        server.stop();
      }
    }
  }
  out('');
  out(`Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; time scale ${timeScale} (1 min = ${60_000 / timeScale} ms).`);
}
