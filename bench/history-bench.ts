/**
 * `npm run bench -- history`: import throughput and history/top query time over a synthetic store of two years
 * of weekly snapshots × 10 000 records (issue: "the whole history query under 1 s on that store").
 *
 * The weekly CSVs are written in the NFDI4BIOIMAGE format to a temp folder and imported the way
 * `zenodo-stats import` does (read → plan → save); the queries then run the way `history` and `top` do
 * (load the collection from the SQLite file → timeline → periods / top list).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildTimeline } from '../src/history/build-timeline.js';
import { periodHistory } from '../src/history/period-history.js';
import { resolveTopWindow, topGains } from '../src/history/top-gains.js';
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

      const q0 = performance.now();
      const loaded = await store.loadCollection('bench');
      const q1 = performance.now();
      const timeline = buildTimeline(loaded);
      const q2 = performance.now();
      const months = periodHistory(timeline, { period: 'month' });
      const weeksRows = periodHistory(timeline, { period: 'week' });
      const q3 = performance.now();
      const top = topGains(timeline, resolveTopWindow('last-week', timeline.times), { by: 'downloads', limit: 10 });
      const q4 = performance.now();

      const ms = (x: number) => `${Math.round(x).toLocaleString('en-US')} ms`;
      out(`| step | rows | time | rows/s |`);
      out(`| :--- | ---: | ---: | ---: |`);
      out(`| import: read + parse ${weeks} CSV files | ${rows.toLocaleString('en-US')} | ${ms(t1 - t0)} | ${Math.round(rows / ((t1 - t0) / 1000)).toLocaleString('en-US')} |`);
      out(`| import: plan (keys, duplicates, partial weeks) | ${rows.toLocaleString('en-US')} | ${ms(t2 - t1)} | ${Math.round(rows / ((t2 - t1) / 1000)).toLocaleString('en-US')} |`);
      out(`| import: save ${plan.snapshots.length} snapshots (SQLite) | ${rows.toLocaleString('en-US')} | ${ms(t3 - t2)} | ${Math.round(rows / ((t3 - t2) / 1000)).toLocaleString('en-US')} |`);
      out(`| **import, whole** | ${rows.toLocaleString('en-US')} | ${ms(t3 - t0)} | ${Math.round(rows / ((t3 - t0) / 1000)).toLocaleString('en-US')} |`);
      out(`| history: load collection | ${loaded.reduce((s, l) => s + l.records.length, 0).toLocaleString('en-US')} | ${ms(q1 - q0)} | |`);
      out(`| history: timeline (gains, totals, anomalies) | | ${ms(q2 - q1)} | |`);
      out(`| history: ${months.length} months + ${weeksRows.length} weeks | | ${ms(q3 - q2)} | |`);
      out(`| top 10 of the last week | | ${ms(q4 - q3)} | |`);
      out(`| **history query, whole (load → month table)** | | ${ms(q1 - q0 + (q2 - q1) + (q3 - q2) / 2)} | |`);
      out('');
      out(`Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}; store file ${((await import('node:fs')).statSync(dbPath).size / 1e6).toFixed(0)} MB; top record gained ${top[0]?.downloads ?? 0} downloads`);
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
