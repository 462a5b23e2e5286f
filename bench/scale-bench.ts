/**
 * `npm run bench -- scale`: communities of 9 000, 50 000 and 200 000 records on a time-scaled fake Zenodo (in its
 * own process), with and without a token: requests made vs the minimum, wall time vs the rate-limit floor, peak
 * RSS, rows/s of local work. Each run is the real `summarize` (listing, SQLite snapshot, CSV) in a process of its
 * own (`scale-run.ts`), so its peak RSS is its own. Past 10 000 records the listing is sliced by created date.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { publishedRateLimits } from '../src/zenodo/pacer.js';
import type { ScaleRunResult } from './scale-run.js';

export interface ScaleBenchOptions {
  sizes?: number[] | undefined;
  timeScale?: number | undefined;
  out?: ((line: string) => void) | undefined;
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

/** Runs `scale-run.ts` in a child process and reads its one JSON line. */
async function runChild(url: string, records: number, withToken: boolean, timeScale: number): Promise<ScaleRunResult> {
  const script = fileURLToPath(new URL('./scale-run.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, url, String(records), withToken ? 'token' : 'anonymous', String(timeScale)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`scale run of ${records} records exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1) ?? '') as ScaleRunResult;
}

export async function runScaleBench(options: ScaleBenchOptions = {}): Promise<void> {
  const sizes = options.sizes ?? [9_000, 50_000, 200_000];
  const timeScale = options.timeScale ?? 100;
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  out('| records | auth | page size | requests | minimum | extra (slicing) | 429s | wall (s, real-time equivalent) | floor (s) | wall/floor | RSS at start (MB) | peak RSS (MB) | local rows/s |');
  out('| ---: | :--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const n of sizes) {
    for (const withToken of [false, true]) {
      const server = await startServer(n, 60_000 / timeScale);
      try {
        process.stderr.write(`${n} records, ${withToken ? 'token' : 'anonymous'}…\n`);
        const r = await runChild(server.url, n, withToken, timeScale);
        if (r.csvRows !== n || r.distinctIds !== n) throw new Error(`${n} records expected, the CSV has ${r.csvRows} rows (${r.distinctIds} distinct)`);
        const published = publishedRateLimits(withToken);
        const size = withToken ? 100 : 25;
        const pages = Math.ceil(n / size);
        const minimum = 1 + pages;
        const floor = Math.floor((pages - 1) / published.search.limit) * published.search.windowMs;
        const realWall = (r.listingMs * timeScale) / 1000;
        out(
          `| ${n.toLocaleString('en-US')} | ${withToken ? 'token' : 'anonymous'} | ${size} | ${r.requests} | ${minimum} | ${r.requests - minimum} | ${r.tooMany} | ${realWall.toFixed(0)} | ${(floor / 1000).toFixed(0)} | ${floor > 0 ? (realWall / (floor / 1000)).toFixed(3) : 'n/a'} | ${Math.round(r.startRssMb)} | ${Math.round(r.peakRssMb)} | ${Math.round(n / (r.localMs / 1000)).toLocaleString('en-US')} |`,
        );
      } finally {
        server.stop();
      }
    }
  }
  out('');
  out(`Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; time scale ${timeScale} (1 min = ${60_000 / timeScale} ms).`);
}
