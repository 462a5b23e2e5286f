/**
 * `npm run bench -- history`: import throughput and history/top query time over a synthetic store of two years
 * of weekly snapshots × 10 000 records (issue: "the whole history query under 1 s on that store").
 *
 * The weekly CSVs are written in the NFDI4BIOIMAGE format to a temp folder and imported the way
 * `zenodo-stats import` does (read → plan → save); the queries then run the way `history` and `top` do
 * (load the collection from the SQLite file → timeline → periods / top list).
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { planImport } from '../src/import/plan-import.js';
import { readImportFiles } from '../src/import/read-import-files.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { xorshift32 } from '../test/helpers/dataset.js';

export interface HistoryBenchOptions {
  records?: number;
  weeks?: number;
  out?: (line: string) => void;
}

const header = 'url,authors,downloads,unique_downloads,views,unique_views,version_downloads,version_unique_downloads,version_unique_views,version_views';

/** Weekly CSV texts: `records` records whose counters grow by a random weekly amount. */
function weeklyFiles(records: number, weeks: number): { name: string; text: string }[] {
  const random = xorshift32(42);
  const downloads = Array.from({ length: records }, () => Math.floor(random() * 500));
  const views = Array.from({ length: records }, () => Math.floor(random() * 800));
  const files: { name: string; text: string }[] = [];
  const start = Date.UTC(2024, 8, 3); // a Tuesday, like the real weekly job
  for (let w = 0; w < weeks; w += 1) {
    const day = new Date(start + w * 7 * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    const lines = [header];
    for (let i = 0; i < records; i += 1) {
      downloads[i] = (downloads[i] ?? 0) + Math.floor(random() * 20);
      views[i] = (views[i] ?? 0) + Math.floor(random() * 30);
      const d = downloads[i] ?? 0;
      const v = views[i] ?? 0;
      const id = 10_000_000 + i;
      lines.push(`https://zenodo.org/records/${id},"""Author ${i % 97}""",${d},${Math.floor(d * 0.8)},${v},${Math.floor(v * 0.9)},${d},${Math.floor(d * 0.8)},${Math.floor(v * 0.9)},${v}`);
    }
    files.push({ name: `${day}.csv`, text: `${lines.join('\n')}\n` });
  }
  return files;
}

export async function runHistoryBench(options: HistoryBenchOptions = {}): Promise<void> {
  const records = options.records ?? 10_000;
  const weeks = options.weeks ?? 104;
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'zenodo-stats-history-bench-'));
  try {
    process.stderr.write(`writing ${weeks} weekly CSVs × ${records} records…\n`);
    for (const file of weeklyFiles(records, weeks)) await writeFile(path.join(dir, file.name), file.text);
    const dbPath = path.join(dir, 'bench.sqlite');
    const store = await openSqliteStore(dbPath);
    try {
      process.stderr.write('importing…\n');
      const t0 = performance.now();
      const files = await readImportFiles([dir]);
      const t1 = performance.now();
      const plan = await planImport(files, { collection: 'bench', resolveConcept: (id) => store.resolveConcept(id) });
      const t2 = performance.now();
      for (const snapshot of plan.snapshots) await store.saveSnapshot(snapshot);
      const t3 = performance.now();
      const rows = plan.report.rows;

      await store.close();
      // Query in a fresh process, as `zenodo-stats history` runs: nothing of the import left in memory.
      process.stderr.write('querying (fresh process)…\n');
      const query = JSON.parse(
        execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./history-query.ts', import.meta.url)), dbPath, 'bench'], { encoding: 'utf8' }),
      ) as { rows: number; load: number; timeline: number; months: number; monthRows: number; weeks: number; weekRows: number; top: number; topDownloads: number };

      const ms = (x: number) => `${Math.round(x).toLocaleString('en-US')} ms`;
      const perSecond = (n: number, t: number) => Math.round(n / (t / 1000)).toLocaleString('en-US');
      out(`| step | rows | time | rows/s |`);
      out(`| :--- | ---: | ---: | ---: |`);
      out(`| import: read + parse ${weeks} CSV files | ${rows.toLocaleString('en-US')} | ${ms(t1 - t0)} | ${perSecond(rows, t1 - t0)} |`);
      out(`| import: plan (keys, duplicates, partial weeks) | ${rows.toLocaleString('en-US')} | ${ms(t2 - t1)} | ${perSecond(rows, t2 - t1)} |`);
      out(`| import: save ${plan.snapshots.length} snapshots (SQLite) | ${rows.toLocaleString('en-US')} | ${ms(t3 - t2)} | ${perSecond(rows, t3 - t2)} |`);
      out(`| **import, whole** | ${rows.toLocaleString('en-US')} | ${ms(t3 - t0)} | ${perSecond(rows, t3 - t0)} |`);
      out(`| history: load collection | ${query.rows.toLocaleString('en-US')} | ${ms(query.load)} | ${perSecond(query.rows, query.load)} |`);
      out(`| history: timeline (gains, totals, anomalies) | ${query.rows.toLocaleString('en-US')} | ${ms(query.timeline)} | ${perSecond(query.rows, query.timeline)} |`);
      out(`| history: ${query.monthRows} months | | ${ms(query.months)} | |`);
      out(`| history: ${query.weekRows} weeks | | ${ms(query.weeks)} | |`);
      out(`| top 10 of the last week | | ${ms(query.top)} | |`);
      const whole = query.load + query.timeline + query.months;
      out(`| **history query, whole (load → month table)** | | **${ms(whole)}** | |`);
      out('');
      out(`Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}; store file ${(statSync(dbPath).size / 1e6).toFixed(0)} MB. Target: whole history query under 1 s — ${whole < 1000 ? 'met' : 'NOT met'}.`);
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
