import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { CliIo } from '../cli/cli-io.js';
import { Terminal } from '../cli/terminal.js';
import type { PeriodKind } from '../history/periods.js';
import { renderCsvTable } from '../output/render-csv.js';
import { writeFileAtomic } from '../output/write-file-atomic.js';
import { buildReportData, type ReportLang } from '../report/report-data.js';
import { buildReportParts, type ReportChart } from '../report/report-parts.js';
import { renderReportHtml } from '../report/render-report-html.js';
import { renderReportMarkdown } from '../report/render-report-markdown.js';
import { describeAnomalies, loadTimeline } from './history.js';
import { summarize, type SummarizeOptions } from './summarize.js';
import { withStore } from './with-store.js';

export interface ReportOptions {
  collection: string;
  dbPath: string;
  outDir: string;
  period: PeriodKind;
  top: number;
  from?: string | undefined;
  to?: string | undefined;
  title?: string | undefined;
  lang: ReportLang;
  quiet: boolean;
  /** Fetch the community now (as `summarize` does, saving a snapshot) before reporting. */
  fetch?: Omit<SummarizeOptions, 'communities' | 'out' | 'format' | 'dbPath' | 'quiet'> | undefined;
}

/**
 * `zenodo-stats report`: `index.html` (self-contained), `README.md` for GitHub, `charts/*.svg` and
 * `data/*.csv` in one folder, from the store's history (after a fresh fetch with `--fetch`).
 */
export async function report(options: ReportOptions, io: CliIo): Promise<number> {
  const term = new Terminal(io.stderr, io.env, { quiet: options.quiet });
  const outDir = path.resolve(io.cwd, options.outDir);
  await mkdir(path.join(outDir, 'data'), { recursive: true });

  if (options.fetch) {
    const code = await summarize(
      { ...options.fetch, communities: [options.collection], out: path.join(outDir, 'data', 'records.csv'), format: 'csv', dbPath: options.dbPath, quiet: options.quiet },
      io,
    );
    if (code !== 0) return code;
  }

  const { data } = await withStore(options.dbPath, async (store) => {
    const timeline = await loadTimeline(store, options.collection, options.dbPath);
    const metadata = await store.recordMetadata();
    const data = buildReportData(timeline, metadata, {
      collection: options.collection,
      title: options.title,
      lang: options.lang,
      period: options.period,
      top: options.top,
      from: options.from,
      to: options.to,
      now: (io.now ?? Date.now)(),
      anomalies: describeAnomalies(timeline.anomalies),
    });
    return { data };
  });
  const parts = buildReportParts(data);
  const charts: ReportChart[] = [
    parts.topAllTime,
    ...(parts.topLastPeriod ? [parts.topLastPeriod] : []),
    ...(parts.overTime ? [parts.overTime.downloadsViews, parts.overTime.records, parts.overTime.perPeriod] : []),
    parts.byResourceType,
    parts.byPublicationYear,
    parts.keywords,
  ];

  await mkdir(path.join(outDir, 'charts'), { recursive: true });
  for (const chart of charts) {
    await writeFileAtomic(path.join(outDir, 'charts', `${chart.id}.svg`), `<?xml version="1.0" encoding="UTF-8"?>\n${chart.svg}\n`);
    await writeFileAtomic(path.join(outDir, 'data', `${chart.id}.csv`), renderCsvTable(chart.table));
  }
  if (parts.overTime) await writeFileAtomic(path.join(outDir, 'data', 'periods.csv'), renderCsvTable(parts.periodTable));
  await writeFileAtomic(path.join(outDir, 'data', 'headline.csv'), renderCsvTable(parts.headlineTable));
  await writeFileAtomic(path.join(outDir, 'README.md'), renderReportMarkdown(data, parts));
  // index.html last: its presence means the folder is complete.
  await writeFileAtomic(path.join(outDir, 'index.html'), renderReportHtml(data, parts));

  term.info(
    `wrote ${path.relative(io.cwd, path.join(outDir, 'index.html')) || 'index.html'}, README.md, ${charts.length} charts and their CSVs to ${options.outDir} (${data.snapshots.count} snapshot${data.snapshots.count === 1 ? '' : 's'}, ${data.snapshots.first} → ${data.snapshots.last})`,
  );
  const notes = data.quality.anomalies.length;
  if (notes > 0) term.warn(`${notes} data-quality note${notes === 1 ? '' : 's'} (frozen counters, partial snapshots, …): see the report's data-quality section`);
  return 0;
}
