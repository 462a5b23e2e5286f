import { groupAnomalies } from '../history/group-anomalies.js';
import { reportText } from '../report/report-text.js';
import type { CliIo } from '../terminal/cli-io.js';
import { formatCount, Terminal } from '../terminal/terminal.js';
import { NotFoundError } from '../errors.js';
import { buildTimeline, metrics, type Anomaly, type CountingRule, type Metric, type Timeline } from '../history/build-timeline.js';
import { periodHistory, type HistoryRow } from '../history/period-history.js';
import type { PeriodKind } from '../history/periods.js';
import type { OutputFormat } from '../output/render-rows.js';
import type { ColumnSpec } from '../output/tabular.js';
import type { SnapshotColumns, SnapshotStore } from '../snapshot/snapshot.js';
import { writeTable } from './write-table.js';
import { noSnapshotsError } from './no-snapshots.js';
import { withStore } from './with-store.js';

export interface HistoryOptions {
  collection: string;
  dbPath: string;
  period: PeriodKind;
  from?: string | undefined;
  to?: string | undefined;
  format: OutputFormat;
  out?: string | undefined;
  quiet: boolean;
}

const columns: ColumnSpec[] = [
  { key: 'period' },
  { key: 'start' },
  { key: 'end' },
  { key: 'records', numeric: true },
  { key: 'new_records', numeric: true },
  { key: 'downloads', numeric: true },
  { key: 'unique_downloads', numeric: true },
  { key: 'views', numeric: true },
  { key: 'unique_views', numeric: true },
  { key: 'total_downloads', numeric: true },
  { key: 'total_unique_downloads', numeric: true },
  { key: 'total_views', numeric: true },
  { key: 'total_unique_views', numeric: true },
  { key: 'coverage' },
  { key: 'based_on' },
  // A quarter of a long history can carry thousands of characters of notes: on a terminal the text table cuts
  // them (every one is in full in csv, json and markdown, and summed up on stderr).
  { key: 'anomalies', maxWidth: 60 },
  { key: 'counting_rule' },
];

/** What each counting rule means, in one sentence, for stderr and reports. */
export function describeRule(rule: CountingRule): string {
  return rule === 'all-versions-per-concept'
    ? 'counted with the all-version counters, once per concept (every record has a concept id)'
    : 'counted with the version_* counters, per record (concept ids unknown, as in imported CSVs, so all-version counters would count a concept once per version)';
}

/** Loads a collection's snapshots and builds its timeline, or says plainly that there are none. */
export async function loadTimeline(store: SnapshotStore, collection: string, dbPath: string): Promise<Timeline> {
  return buildTimeline(await loadSnapshotColumns(store, collection, dbPath));
}

/** Every snapshot of `collection`, column by column; none is a `NotFoundError` naming the collections there are. */
export async function loadSnapshotColumns(store: SnapshotStore, collection: string, dbPath: string): Promise<SnapshotColumns[]> {
  const snapshots = await store.loadCollectionColumns(collection);
  if (snapshots.length === 0) throw await noSnapshotsError(store, collection, dbPath);
  return snapshots;
}

/** Anomalies as lines for stderr. */
export function describeAnomalies(anomalies: readonly Anomaly[]): string[] {
  const lines: string[] = [];
  for (const a of anomalies) {
    if (a.kind === 'fallen') {
      lines.push(describeFallen(a));
    } else if (a.kind === 'frozen') {
      lines.push(`downloads frozen ${a.from} → ${a.to}: ${Math.round(a.unchangedShare * 100)} % of records unchanged while ${Math.round(a.viewsChangedShare * 100)} % gained views (a Zenodo statistics stall, not a quiet week)`);
    } else if (a.kind === 'partial') {
      lines.push(`partial snapshot ${a.day} (${a.source}): ${a.missing} record${a.missing === 1 ? '' : 's'} missing that the snapshots around it have; their gains are spread over the surrounding stretch`);
    } else if (a.kind === 'incomplete') {
      lines.push(`incomplete snapshot ${a.day} (${a.source})`);
    }
  }
  return lines;
}

const metricWords: Record<Metric, string> = { downloads: 'downloads', uniqueDownloads: 'unique downloads', views: 'views', uniqueViews: 'unique views' };

/** A snapshot whose counters fell, with its counts and a few examples, as one line. */
function describeFallen(a: Extract<Anomaly, { kind: 'fallen' }>): string {
  const counts = metrics.filter((m) => a.counts[m] > 0).map((m) => `${metricWords[m]} ${formatCount(a.counts[m])}`);
  const examples = a.examples.slice(0, 3).map((e) => `record ${e.recordId} ${metricWords[e.metric]} ${formatCount(e.last)} → ${formatCount(e.value)}`);
  return (
    `counters fell in snapshot ${a.day} (${a.source}): ${formatCount(a.units)} of ${formatCount(a.of)} records below their last good figure (${counts.join(', ')}; e.g. ${examples.join('; ')}): ` +
    "Zenodo's statistics were probably unavailable; these figures are skipped, gains are taken from each record's last good figure to its next"
  );
}

/**
 * A `--from`/`--to` that lies wholly before the first snapshot or after the last has no figures: say so (exit 3,
 * like a collection without snapshots) rather than print periods of zeros that read as "nothing happened".
 */
export function refusePeriodOutside(timeline: Timeline, options: { collection: string; from?: string | undefined; to?: string | undefined }): void {
  const first = timeline.snapshots[0]?.day;
  const last = timeline.snapshots[timeline.snapshots.length - 1]?.day;
  if (first === undefined || last === undefined) return;
  if ((options.from !== undefined && options.from > last) || (options.to !== undefined && options.to < first)) {
    throw new NotFoundError(
      `no figures for ${options.from ?? '…'} → ${options.to ?? '…'}: the snapshots of '${options.collection}' span ${first} → ${last}`,
    );
  }
}

/**
 * The data-quality notes as warnings on stderr, grouped as the report groups them (issue 13): one line per kind
 * ("29 partial snapshots, 1–215 records missing each"), a kind with a single anomaly in full; the details are in
 * `history`'s anomalies column. With `--quiet`, which promises one line at most, one line for all (issue 12).
 */
export function warnAnomalies(term: Terminal, anomalies: readonly Anomaly[], quiet: boolean): void {
  const lines = describeAnomalies(anomalies);
  const groups = groupAnomalies(anomalies);
  if (quiet && lines.length > 1) {
    const kinds = groups.map((g) => `${g.indices.length} ${g.kind}`).join(', ');
    term.warn(`${lines.length} data-quality notes (${kinds}): run without -q to see them`);
    return;
  }
  for (const g of groups) {
    if (g.indices.length === 1) term.warn(lines[g.indices[0] ?? 0] ?? '');
    else term.warn(`${reportText.en.qualityGroup(g)}; each is named in the anomalies column of \`history\``);
  }
}

/** `zenodo-stats history`: downloads, views and new records per period, from the store. */
export async function history(options: HistoryOptions, io: CliIo): Promise<number> {
  const term = new Terminal(io.stderr, io.env, { quiet: options.quiet });
  const timeline = await withStore(options.dbPath, (store) => loadTimeline(store, options.collection, options.dbPath), { readOnly: true });
  refusePeriodOutside(timeline, options);
  const rows: (HistoryRow & { counting_rule: CountingRule })[] = periodHistory(timeline, options).map((r) => ({ ...r, counting_rule: timeline.rule }));
  await writeTable({ columns, rows }, options, io);
  const first = timeline.snapshots[0]?.day;
  const last = timeline.snapshots[timeline.snapshots.length - 1]?.day;
  const count = timeline.snapshots.length;
  term.info(`${options.collection}: ${count} snapshot${count === 1 ? '' : 's'}, ${first} → ${last}; ${describeRule(timeline.rule)}`);
  warnAnomalies(term, timeline.anomalies, options.quiet);
  return 0;
}
