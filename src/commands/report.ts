import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CliIo } from '../terminal/cli-io.js';
import { Terminal } from '../terminal/terminal.js';
import type { PeriodKind } from '../history/periods.js';
import { renderCsvTable } from '../output/render-csv.js';
import { writeFileAtomic } from '../output/write-file-atomic.js';
import { buildReportData, type ReportData, type ReportLang } from '../report/report-data.js';
import { buildReportParts, type ReportChart, type ReportParts } from '../report/report-parts.js';
import { howCountedSection, renderPage, renderReportHtml, renderReportSections, tableHtml } from '../report/render-report-html.js';
import { buildComparison, type Comparison } from '../report/report-comparison.js';
import { formatNumber } from '../report/format-figures.js';
import { reportText } from '../report/report-text.js';
import { escapeHtml } from '../report/escape-html.js';
import { escapeMarkdownText, renderMarkdownTable } from '../output/render-markdown.js';
import { LocalIoError, UsageError } from '../errors.js';
import { describeFsError } from '../describe-fs-error.js';
import { renderReportMarkdown } from '../report/render-report-markdown.js';
import { groupAnomalies } from '../history/group-anomalies.js';
import { describeAnomalies, loadSnapshotColumns, refusePeriodOutside } from './history.js';
import { buildTimeline, type Timeline } from '../history/build-timeline.js';
import { greatestVolumes } from '../history/greatest-volumes.js';
import { periodHistory } from '../history/period-history.js';
import { badgeEndpointJson, renderBadgeSvg, reportBadges, type Badge } from '../report/badges.js';
import { summarize, type SummarizeOptions } from './summarize.js';
import { withStore } from './with-store.js';

export interface ReportOptions {
  /** One collection, or several: then a comparison section comes first and each follows in turn. */
  collections: string[];
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
  const collections = [...new Set(options.collections)];
  const several = collections.length > 1;
  // The report is built in a folder of its own beside the target and moved in only once every file is
  // written: a full disk or a failed fetch leaves an earlier report as it was, not half old and half new,
  // and a failed run leaves no empty folder behind.
  const work = await startReportFolder(outDir);
  let chartCount = 0;
  let built: BuiltCollection[];
  const badges: Badge[] = [];
  try {
    if (options.fetch) {
      const code = await summarize(
        {
          ...options.fetch,
          communities: collections,
          out: path.join(work, 'data', 'records.csv'),
          outLabel: shownPath(io.cwd, path.join(outDir, 'data', 'records.csv')),
          format: 'csv',
          dbPath: options.dbPath,
          quiet: options.quiet,
        },
        io,
      );
      if (code !== 0) return code;
    }

    built = await withStore(options.dbPath, async (store) => {
      const metadata = await store.recordMetadata();
      const results: BuiltCollection[] = [];
      for (const collection of collections) {
        const snapshots = await loadSnapshotColumns(store, collection, options.dbPath);
        const timeline = buildTimeline(snapshots);
        // As `history` does: a report of a range the snapshots never reach would be all zeros that read as "nothing
        // happened"; it is refused and nothing is written.
        refusePeriodOutside(timeline, { collection, from: options.from, to: options.to });
        const data = buildReportData(timeline, metadata, {
          volumes: greatestVolumes(snapshots),
          collection,
          title: several ? undefined : options.title,
          lang: options.lang,
          period: options.period,
          top: options.top,
          from: options.from,
          to: options.to,
          now: (io.now ?? Date.now)(),
          anomalies: describeAnomalies(timeline.anomalies),
        });
        const prefix = several ? `${collection.replace(/[^\w.-]+/g, '_')}-` : '';
        results.push({ timeline, data, prefix, parts: buildReportParts(data, prefix) });
      }
      return results;
    }, { readOnly: true });

    const writeChart = async (chart: ReportChart) => {
      // A breakdown known for no record has no chart and no table: its note in the page says so.
      if (chart.svg === null) return;
      await writeFileAtomic(path.join(work, 'charts', `${chart.id}.svg`), `<?xml version="1.0" encoding="UTF-8"?>\n${chart.svg}\n`);
      await writeFileAtomic(path.join(work, 'data', `${chart.id}.csv`), renderCsvTable(chart.table));
      chartCount += 1;
    };
    for (const { parts, prefix, data, timeline } of built) {
      for (const chart of [
        parts.topAllTime,
        ...(parts.topLastPeriod ? [parts.topLastPeriod] : []),
        ...(parts.overTime ? [parts.overTime.downloadsViews, parts.overTime.records, parts.overTime.perPeriod] : []),
        parts.byResourceType,
        parts.byPublicationYear,
        parts.keywords,
      ]) {
        await writeChart(chart);
      }
      if (parts.overTime) await writeFileAtomic(path.join(work, 'data', `${prefix}periods.csv`), renderCsvTable(parts.periodTable));
      for (const badge of reportBadges(data.headline, periodHistory(timeline, { period: 'month' }), several ? { prefix, collection: data.collection } : undefined)) {
        await writeFileAtomic(path.join(work, 'badges', `${badge.id}.svg`), renderBadgeSvg(badge));
        await writeFileAtomic(path.join(work, 'badges', `${badge.id}.json`), badgeEndpointJson(badge));
        badges.push(badge);
      }
      await writeFileAtomic(path.join(work, 'data', `${prefix}headline.csv`), renderCsvTable(parts.headlineTable));
      await writeFileAtomic(path.join(work, 'data', `${prefix}records.csv`), renderCsvTable(parts.recordsTable));
    }

    const first = built[0];
    if (!first) throw new UsageError('name at least one collection');
    let html: string;
    let markdown: string;
    if (!several) {
      html = renderReportHtml(first.data, first.parts);
      markdown = renderReportMarkdown(first.data, first.parts);
    } else {
      const comparison = buildComparison(built.map((b) => b.data), built.map((b) => b.timeline));
      await writeChart(comparison.chart);
      ({ html, markdown } = renderMultiReport(options.title ?? defaultMultiTitle(collections, options.lang), built, comparison));
    }
    await writeFileAtomic(path.join(work, 'README.md'), withBadges(markdown, badges));
    await writeFileAtomic(path.join(work, 'index.html'), html);
    await moveReportIn(work, outDir);
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  term.info(
    `wrote ${path.relative(io.cwd, path.join(outDir, 'index.html')) || 'index.html'}, README.md, ${chartCount} charts and their CSVs to ${options.outDir} (${built.map((b) => `${b.data.collection}: ${b.data.snapshots.count} snapshot${b.data.snapshots.count === 1 ? '' : 's'}, ${b.data.snapshots.first} → ${b.data.snapshots.last}`).join('; ')})`,
  );
  const notes = built.reduce((n, b) => n + b.data.quality.anomalies.length, 0);
  if (notes > 0) {
    // The kinds there are, counted as `history -q` counts them, not a list of kinds that may not be there.
    const kinds = groupAnomalies(built.flatMap((b) => b.timeline.anomalies)).map((g) => `${g.indices.length} ${g.kind}`).join(', ');
    term.warn(`${notes} data-quality note${notes === 1 ? '' : 's'} (${kinds}): see the report's data-quality section`);
  }
  return 0;
}

/** One collection of a report, built and ready to render. */
interface BuiltCollection {
  timeline: Timeline;
  data: ReportData;
  prefix: string;
  parts: ReportParts;
}

/**
 * Makes the folder a report is built in: `.<name>.report-XXXXXX` beside `outDir`, on the same file system, so
 * the files can be renamed into place. `outDir`'s parent is created if missing (as `mkdir -p` would).
 */
async function startReportFolder(outDir: string): Promise<string> {
  const fail = (error: unknown): never => {
    throw new LocalIoError(`cannot write the report to ${outDir}: ${describeFsError(error)}`, { cause: error });
  };
  const existing = await stat(outDir).catch((error: { code?: string }) => (error.code === 'ENOENT' ? undefined : fail(error)));
  if (existing && !existing.isDirectory()) throw new LocalIoError(`cannot write the report to ${outDir}: it is a file, not a folder`);
  const parent = path.dirname(outDir);
  try {
    await mkdir(parent, { recursive: true });
    const work = await mkdtemp(path.join(parent, `.${path.basename(outDir)}.report-`));
    await mkdir(path.join(work, 'charts'));
    await mkdir(path.join(work, 'data'));
    await mkdir(path.join(work, 'badges'));
    return work;
  } catch (error) {
    return fail(error);
  }
}

/**
 * Moves a finished report from `work` into `outDir`, file by file (each a rename, which needs no space), the
 * charts and data first and `index.html` last: its presence means the folder is complete. Files of an
 * earlier report that this one does not write, and anything else in `outDir`, stay.
 */
async function moveReportIn(work: string, outDir: string): Promise<void> {
  try {
    for (const sub of ['charts', 'data', 'badges']) {
      await mkdir(path.join(outDir, sub), { recursive: true });
      for (const name of await readdir(path.join(work, sub))) await rename(path.join(work, sub, name), path.join(outDir, sub, name));
    }
    await rename(path.join(work, 'README.md'), path.join(outDir, 'README.md'));
    await rename(path.join(work, 'index.html'), path.join(outDir, 'index.html'));
  } catch (error) {
    throw new LocalIoError(`cannot move the report into ${outDir}: ${describeFsError(error)}`, { cause: error });
  }
}

/**
 * The report's README with its badges under the title, each linking to its shields.io endpoint JSON beside it
 * (issue 14), so the same figures can be shown live from anywhere the folder is published.
 */
function withBadges(markdown: string, badges: readonly Badge[]): string {
  if (badges.length === 0) return markdown;
  const line = badges.map((b) => `[![${b.label}: ${b.message}](badges/${b.id}.svg)](badges/${b.id}.json)`).join(' ');
  const end = markdown.indexOf('\n\n');
  return end === -1 ? `${markdown}\n\n${line}\n` : `${markdown.slice(0, end)}\n\n${line}${markdown.slice(end)}`;
}

function defaultMultiTitle(collections: readonly string[], lang: ReportLang): string {
  return lang === 'de' ? `Nutzungsstatistik: ${collections.join(', ')}` : `Usage statistics: ${collections.join(', ')}`;
}

/** One page for several collections: the comparison first, then each collection's sections in turn. */
function renderMultiReport(
  title: string,
  built: readonly { data: ReportData; parts: ReportParts; prefix: string }[],
  comparison: Comparison,
): { html: string; markdown: string } {
  const first = built[0];
  if (!first) throw new UsageError('name at least one collection');
  const lang = first.data.lang;
  const t = reportText[lang];
  const n = (v: number) => formatNumber(v, lang);
  const heading = lang === 'de' ? 'Vergleich' : 'Comparison';
  const combinedText =
    lang === 'de'
      ? `Alle zusammen: ${n(comparison.combined.records)} Einträge, ${n(comparison.combined.downloads)} Downloads, ${n(comparison.combined.views)} Aufrufe; ein Eintrag in mehreren Communities zählt einmal (${n(comparison.combined.shared)} solche).`
      : `All together: ${n(comparison.combined.records)} records, ${n(comparison.combined.downloads)} downloads, ${n(comparison.combined.views)} views; a record in several communities counts once (${n(comparison.combined.shared)} such).`;
  // Issue 15, point 4: from the top of the page, straight to the comparison or to any one collection.
  const nav = [`<a href="#comparison">${escapeHtml(heading)}</a>`, ...built.map((b) => `<a href="#${escapeHtml(b.prefix)}collection">${escapeHtml(b.data.collection)}</a>`)].join(' · ');
  const htmlBody = [
    `<p class="meta">${escapeHtml(t.generated)} ${escapeHtml(first.data.generatedAt.slice(0, 10))}.</p>`,
    `<nav class="collections" aria-label="${lang === 'de' ? 'Sammlungen' : 'Collections'}"><p>${nav}</p></nav>`,
    `<section id="comparison"><h2>${escapeHtml(heading)}</h2><p>${escapeHtml(combinedText)}</p><figure id="chart-comparison">${comparison.chart.svg}</figure>${tableHtml(comparison.table, first.data)}<div id="comparison-live" data-prefixes="${built.map((b) => escapeHtml(b.prefix)).join(' ')}" hidden></div></section>`,
    ...built.map(
      (b) =>
        `<section id="${b.prefix}collection"><h2>${escapeHtml(b.data.collection)}</h2><p class="meta">${escapeHtml(t.snapshotsLine(b.data.snapshots.count, b.data.snapshots.first, b.data.snapshots.last))}</p>${renderReportSections(b.data, b.parts, b.prefix)}</section>`,
    ),
    howCountedSection(first.data),
  ].join('\n');
  const markdown = [
    `# ${escapeMarkdownText(title)}`,
    '',
    `## ${escapeMarkdownText(heading)}`,
    '',
    escapeMarkdownText(combinedText),
    '',
    `![${escapeMarkdownText(comparison.chart.title)}](charts/comparison.svg)`,
    '',
    `${escapeMarkdownText(t.table)}: [CSV](data/comparison.csv)`,
    '',
    renderMarkdownTable(comparison.table),
    ...built.map((b) => renderReportMarkdown({ ...b.data, title: b.data.collection }, b.parts, b.prefix).replace(/^(#+) /gm, '$1# ')),
  ].join('\n');
  return { html: renderPage(first.data, title, htmlBody), markdown };
}

/** `file` as the summary line shows it: relative to the working directory when inside it, else in full. */
function shownPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
