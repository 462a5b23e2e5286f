/**
 * A snapshot's records as a store writes them: one array per field instead of one object per record, filled record
 * by record as the input is read. The stores encode, insert and hash these columns; nothing on the save path holds
 * the records as objects.
 */
import { NumberColumn } from './number-column.js';
import { counterNames, type SnapshotRecord } from './snapshot.js';

/** The nine numeric fields of a record, in the order stores and the content hash list them. */
export const recordNumberNames = [...counterNames, 'volume'] as const;
export type RecordNumberName = (typeof recordNumberNames)[number];

/**
 * Records, column by column, in the order they were added.
 *
 * @example
 * const columns = new RecordColumns();
 * columns.push(record);
 * columns.numbers.downloads.at(0) === record.downloads; // true
 */
export class RecordColumns {
  readonly recordIds: string[] = [];
  /** Aligned with `recordIds`; `null` where the concept is unknown. */
  readonly conceptIds: (string | null)[] = [];
  readonly numbers: Readonly<Record<RecordNumberName, NumberColumn>>;

  constructor(numbers?: Record<RecordNumberName, NumberColumn>) {
    this.numbers = numbers ?? {
      downloads: new NumberColumn(),
      uniqueDownloads: new NumberColumn(),
      views: new NumberColumn(),
      uniqueViews: new NumberColumn(),
      versionDownloads: new NumberColumn(),
      versionUniqueDownloads: new NumberColumn(),
      versionViews: new NumberColumn(),
      versionUniqueViews: new NumberColumn(),
      volume: new NumberColumn(),
    };
  }

  get length(): number {
    return this.recordIds.length;
  }

  /** Appends one record's fields; the record itself is not kept. */
  push(record: SnapshotRecord): void {
    this.recordIds.push(record.recordId);
    this.conceptIds.push(record.conceptId);
    const n = this.numbers;
    n.downloads.push(record.downloads);
    n.uniqueDownloads.push(record.uniqueDownloads);
    n.views.push(record.views);
    n.uniqueViews.push(record.uniqueViews);
    n.versionDownloads.push(record.versionDownloads);
    n.versionUniqueDownloads.push(record.versionUniqueDownloads);
    n.versionViews.push(record.versionViews);
    n.versionUniqueViews.push(record.versionUniqueViews);
    n.volume.push(record.volume);
  }

  /** New columns holding the record at `order[k]` at position `k`. */
  reordered(order: readonly number[]): RecordColumns {
    const numbers = {} as Record<RecordNumberName, NumberColumn>;
    for (const name of recordNumberNames) numbers[name] = this.numbers[name].reordered(order);
    const reordered = new RecordColumns(numbers);
    for (const i of order) {
      reordered.recordIds.push(this.recordIds[i] ?? '');
      reordered.conceptIds.push(this.conceptIds[i] ?? null);
    }
    return reordered;
  }
}
