/**
 * The query half of the history benchmark, in a fresh process as `zenodo-stats history` runs it: load the
 * collection from the store, build the timeline, tabulate months and weeks, rank the last week. Prints one JSON
 * line of timings.
 */
import { performance } from 'node:perf_hooks';
import { buildTimeline } from '../src/history/build-timeline.js';
import { periodHistory } from '../src/history/period-history.js';
import { resolveTopWindow, topGains } from '../src/history/top-gains.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';

const [dbPath, collection = 'bench'] = process.argv.slice(2);
if (!dbPath) throw new Error('usage: history-query.ts <db> [collection]');
const store = await openSqliteStore(dbPath);
try {
  const q0 = performance.now();
  const loaded = await store.loadCollectionColumns(collection);
  const q1 = performance.now();
  const timeline = buildTimeline(loaded);
  const q2 = performance.now();
  const months = periodHistory(timeline, { period: 'month' });
  const q3 = performance.now();
  const weeks = periodHistory(timeline, { period: 'week' });
  const q4 = performance.now();
  const top = topGains(timeline, resolveTopWindow('last-week', timeline.times), { by: 'downloads', limit: 10 });
  const q5 = performance.now();
  process.stdout.write(
    `${JSON.stringify({
      rows: loaded.reduce((s, l) => s + l.recordIds.length, 0),
      load: q1 - q0,
      timeline: q2 - q1,
      months: q3 - q2,
      monthRows: months.length,
      weeks: q4 - q3,
      weekRows: weeks.length,
      top: q5 - q4,
      topDownloads: top[0]?.downloads ?? 0,
    })}\n`,
  );
} finally {
  await store.close();
}
