import type { CliIo } from '../terminal/cli-io.js';
import { Terminal } from '../terminal/terminal.js';
import { NotFoundError, UsageError } from '../errors.js';
import { resolveTopWindow, topGains, type TopWindow } from '../history/top-gains.js';
import type { OutputFormat } from '../output/render-rows.js';
import type { ColumnSpec } from '../output/tabular.js';
import { warnAnomalies, describeRule, loadTimeline } from './history.js';
import { withStore } from './with-store.js';
import { writeTable } from './write-table.js';

export interface TopOptions {
  collection: string;
  dbPath: string;
  /** `last-week`, `last-month`, `YYYY`, `YYYY-MM` or `all`. */
  period: string;
  limit: number;
  by: 'downloads' | 'views';
  format: OutputFormat;
  out?: string | undefined;
  quiet: boolean;
}

const columns: ColumnSpec[] = [
  { key: 'rank', numeric: true },
  { key: 'downloads', numeric: true },
  { key: 'unique_downloads', numeric: true },
  { key: 'views', numeric: true },
  { key: 'unique_views', numeric: true },
  { key: 'id' },
  { key: 'title', maxWidth: 60, linkFrom: 'zenodo_url' },
  { key: 'zenodo_url' },
  { key: 'new' },
  { key: 'window' },
  { key: 'counting_rule' },
];

/** `zenodo-stats top`: the records that gained most in a period. */
export async function top(options: TopOptions, io: CliIo): Promise<number> {
  const term = new Terminal(io.stderr, io.env, { quiet: options.quiet });
  const { rows, timeline, window } = await withStore(options.dbPath, async (store) => {
    const timeline = await loadTimeline(store, options.collection, options.dbPath);
    let window: TopWindow;
    try {
      window = resolveTopWindow(options.period, timeline.times);
    } catch (error) {
      throw new UsageError(`--period: ${(error as Error).message}`, { cause: error });
    }
    // A window that does not overlap the snapshots' span has no gains to rank: say so (exit 3) instead of
    // ranking zeros. One snapshot alone spans nothing: gains need two.
    const first = timeline.times[0] ?? 0;
    const last = timeline.times[timeline.times.length - 1] ?? 0;
    if (Math.min(window.end, last) - Math.max(window.start, first) <= 0) {
      const span = timeline.snapshots.length === 1 ? `there is one snapshot of '${options.collection}' (${timeline.snapshots[0]?.day}); gains need two` : `the snapshots of '${options.collection}' span ${timeline.snapshots[0]?.day} → ${timeline.snapshots[timeline.snapshots.length - 1]?.day}`;
      throw new NotFoundError(`no gains in ${window.label}: ${span}`);
    }
    const gains = topGains(timeline, window, { by: options.by, limit: options.limit });
    const metadata = await store.recordMetadata(gains.map((g) => g.recordId));
    const baseUrl = timeline.snapshots.findLast((s) => s.baseUrl !== null)?.baseUrl ?? 'https://zenodo.org';
    const rows = gains.map((g, i) => {
      const meta = metadata.get(g.recordId);
      return {
        rank: i + 1,
        downloads: g.downloads,
        unique_downloads: g.uniqueDownloads,
        views: g.views,
        unique_views: g.uniqueViews,
        id: g.recordId,
        title: meta?.title ?? '',
        zenodo_url: meta?.url ?? `${baseUrl}/records/${g.recordId}`,
        new: g.isNew ? 'new' : '',
        window: window.label,
        counting_rule: timeline.rule,
      };
    });
    return { rows, timeline, window };
  }, { readOnly: true });
  await writeTable({ columns, rows }, options, io);
  term.info(`${options.collection}: top ${rows.length} by ${options.by} gained in ${window.label}; ${describeRule(timeline.rule)}`);
  const touching = timeline.anomalies.filter((a) => {
    const day = a.kind === 'frozen' ? a.to : a.day;
    const t = Date.parse(`${day}T00:00:00Z`);
    return t >= window.start && t <= window.end;
  });
  warnAnomalies(term, touching, options.quiet);
  return 0;
}
