/**
 * `npm run bench -- dashboard`: the report as a dashboard (issue 15, point 6). For a store the size of
 * NFDI4BIOIMAGE's history (470 records × 105 weekly snapshots) and one of 10 000 records × 104: the size of
 * `index.html`, and how long headless Chromium takes from navigation to an interactive page (the table's controls
 * shown by the page's script), median of 5 loads. Targets: 3 MB and 2 s; 12 MB and 5 s. Needs `npm run build` and
 * Debian's chromium.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, findChromium } from '../test/helpers/find-browser.js';
import { buildBenchStore } from './report-bench.js';

const cases = [
  { name: "NFDI4BIOIMAGE's size", records: 470, weeks: 105, maxBytes: 3_000_000, maxMs: 2_000 },
  { name: 'large', records: 10_000, weeks: 104, maxBytes: 12_000_000, maxMs: 5_000 },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export async function runDashboardBench(out: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<boolean> {
  const executablePath = findChromium();
  if (executablePath === undefined) throw new Error("no Chromium found (install Debian's chromium, or set CHROMIUM_PATH)");
  const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
  const browser = await chromium.launch({ executablePath, headless: true, args: chromiumArgs });
  const rows: string[] = [];
  let passed = true;
  try {
    for (const c of cases) {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'zenodo-stats-dashboard-bench-'));
      try {
        process.stderr.write(`${c.name}: building ${c.weeks} snapshots × ${c.records} records…\n`);
        const db = await buildBenchStore(dir, c.records, c.weeks);
        const t0 = performance.now();
        execFileSync(process.execPath, [cli, 'report', 'bench', '--db', db, '--out', path.join(dir, 'report'), '--period', 'month', '-q'], { stdio: ['ignore', 'ignore', 'inherit'] });
        const reportMs = performance.now() - t0;
        const file = path.join(dir, 'report', 'index.html');
        const bytes = (await stat(file)).size;
        const loads: number[] = [];
        const switches: number[] = [];
        for (let i = 0; i < 5; i += 1) {
          const page = await browser.newPage();
          await page.goto(pathToFileURL(file).href, { waitUntil: 'commit' });
          await page.locator('section#records .record-controls').waitFor({ state: 'visible', timeout: 60_000 });
          // From the navigation's start to now, in the page's own clock.
          loads.push(await page.evaluate(() => performance.now()));
          // A switch to weeks (issue 15, point 3): every record's gains replayed, the charts redrawn. The page's
          // own clock around the change event, which redraws synchronously.
          switches.push(
            await page.evaluate(`(() => {
              const select = document.querySelector('.period-controls select[name="period"]');
              const t0 = performance.now();
              select.value = 'week';
              select.dispatchEvent(new Event('change'));
              return performance.now() - t0;
            })()`),
          );
          await page.close();
        }
        const ms = median(loads);
        const ok = bytes <= c.maxBytes && ms <= c.maxMs;
        passed &&= ok;
        rows.push(`| ${c.name} | ${c.records.toLocaleString('en-US')} × ${c.weeks} | ${(bytes / 1_000_000).toFixed(2)} MB (≤ ${c.maxBytes / 1_000_000}) | ${Math.round(ms)} ms (≤ ${c.maxMs}) | ${Math.round(median(switches))} ms | ${(reportMs / 1000).toFixed(1)} s | ${ok ? '✓' : '✗'} |`);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
  }
  out('| store | records × weekly snapshots | index.html | interactive (median of 5) | switch to weeks (median of 5) | report took | targets |');
  out('| :--- | ---: | ---: | ---: | ---: | ---: | :---: |');
  for (const row of rows) out(row);
  out('');
  out(`Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg()[0]?.toFixed(1)}.`);
  return passed;
}
