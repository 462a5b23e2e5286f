import type { CounterName, SnapshotColumns, SnapshotRecord } from '../snapshot/snapshot.js';

/** How many records' counters fell between a stored snapshot and a new listing, per half of Zenodo's statistics. */
export interface CounterFalls {
  /** Day of the stored snapshot compared against. */
  day: string;
  /** Records in both with some counter in both. */
  compared: number;
  /** Records with a download counter (all versions or this version) below the stored one. */
  downloads: number;
  /** Records with a view counter below the stored one. */
  views: number;
}

const downloadCounters: CounterName[] = ['downloads', 'uniqueDownloads', 'versionDownloads', 'versionUniqueDownloads'];
const viewCounters: CounterName[] = ['views', 'uniqueViews', 'versionViews', 'versionUniqueViews'];

/**
 * Counts the records whose counters fell against the previous snapshot. A counter never really falls; when
 * Zenodo's statistics index cannot be queried, records are indexed with zeros, views and downloads each on its own
 * (zenodo-api.md §8b), so the two halves are counted apart.
 *
 * @example
 * countFalls(previousColumns, snapshot.records); // { day: '2026-11-26', compared: 1500, downloads: 1234, views: 0 }
 */
export function countFalls(previous: SnapshotColumns, current: Iterable<SnapshotRecord>): CounterFalls {
  const at = new Map<string, number>();
  previous.recordIds.forEach((id, i) => at.set(id, i));
  const falls: CounterFalls = { day: previous.info.day, compared: 0, downloads: 0, views: 0 };
  const fell = (r: SnapshotRecord, i: number, names: readonly CounterName[]) =>
    names.some((name) => {
      const now = r[name];
      const before = previous.values[name][i] ?? Number.NaN;
      return now !== null && !Number.isNaN(before) && now < before;
    });
  const counters = [...downloadCounters, ...viewCounters];
  for (const r of current) {
    const i = at.get(r.recordId);
    if (i === undefined) continue;
    if (!counters.some((name) => r[name] !== null && !Number.isNaN(previous.values[name][i] ?? Number.NaN))) continue;
    falls.compared += 1;
    if (fell(r, i, downloadCounters)) falls.downloads += 1;
    if (fell(r, i, viewCounters)) falls.views += 1;
  }
  return falls;
}

const formatCount = (n: number) => n.toLocaleString('en-US');

/**
 * The warning for {@link countFalls}'s result, or `null` when nothing fell.
 *
 * @example
 * describeFalls(falls); // "1,234 of 1,500 records' downloads fell against the snapshot of 2026-11-26: …"
 */
export function describeFalls(falls: CounterFalls): string | null {
  const { downloads, views, compared } = falls;
  if (downloads === 0 && views === 0) return null;
  const of = `of ${formatCount(compared)} records'`;
  const what =
    downloads === views
      ? `${formatCount(downloads)} ${of} downloads and views`
      : [downloads > 0 ? `${formatCount(downloads)} ${of} downloads` : '', views > 0 ? `${formatCount(views)} ${of} views` : ''].filter(Boolean).join(' and ');
  return `${what} fell against the snapshot of ${falls.day}: Zenodo's statistics were probably unavailable; history will skip these figures`;
}
