import { AbortedError } from '../errors.js';
import { TotalsAccumulator, type CommunityTotals } from '../records/summarize-rows.js';
import { toSummaryRow } from '../records/to-summary-rows.js';
import { snapshotRecordOf } from '../snapshot/snapshot-from-records.js';
import { counterNames, type CounterName, type SnapshotRecord } from '../snapshot/snapshot.js';
import type { RecordSpool } from './record-spool.js';

/** A spool's snapshot counters, column by column and aligned with `spool.ids`; `NaN` where Zenodo sent none. */
export interface SpoolCounters {
  conceptIds: (string | null)[];
  values: Record<CounterName | 'volume', Float64Array>;
}

export interface SpoolFigures {
  /** Each spool's totals, in the order given. */
  totals: CommunityTotals[];
  /** All spools together, a record in several of them counted once (the one spool's totals when there is one). */
  combined: CommunityTotals;
  /** Records in more than one spool. */
  shared: number;
  /** Each spool's snapshot counters, when asked for. */
  counters: SpoolCounters[];
}

const valueNames = [...counterNames, 'volume'] as const;

/** Records read between two turns of the event loop: some 50 ms of work. */
const yieldEvery = 2_000;

async function nextTurn(signal: AbortSignal | undefined): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  if (signal?.aborted) throw new AbortedError('cancelled', { cause: signal.reason });
}

/**
 * One sequential pass over every spool: the totals of each and of all together, and (for the store) each one's
 * snapshot counters in columns: 80 bytes a record, where the records themselves would take kilobytes.
 *
 * @example
 * const { totals } = await readSpoolFigures([spool], { counters: false });
 */
export async function readSpoolFigures(spools: readonly RecordSpool[], options: { counters: boolean; signal?: AbortSignal | undefined }): Promise<SpoolFigures> {
  const several = spools.length > 1;
  const combined = new TotalsAccumulator();
  const seen = new Set<string>();
  let listed = 0;
  const totals: CommunityTotals[] = [];
  const counters: SpoolCounters[] = [];
  for (const spool of spools) {
    const own = new TotalsAccumulator();
    const columns: SpoolCounters = {
      conceptIds: [],
      values: Object.fromEntries(valueNames.map((name) => [name, new Float64Array(options.counters ? spool.count : 0)])) as SpoolCounters['values'],
    };
    let i = 0;
    for (const { record } of spool.entries()) {
      const row = toSummaryRow(record);
      own.add(row);
      listed += 1;
      // The combined total needs every id of every community; one community is its own combined total.
      if (several && !seen.has(record.id)) {
        seen.add(record.id);
        combined.add(row);
      }
      if (options.counters) {
        const snapshot = snapshotRecordOf(record);
        columns.conceptIds.push(snapshot.conceptId);
        for (const name of valueNames) columns.values[name][i] = snapshot[name] ?? Number.NaN;
      }
      i += 1;
      // Ctrl-C is only seen between turns of the event loop: take one now and then, so it stops within a second.
      if (i % yieldEvery === 0) await nextTurn(options.signal);
    }
    totals.push(own.totals());
    counters.push(columns);
  }
  const first = totals[0];
  return {
    totals,
    combined: several || first === undefined ? combined.totals() : first,
    shared: several ? listed - seen.size : 0,
    counters,
  };
}

/**
 * A spool's snapshot records in record-id order (the order a store takes a streamed iterable in), made one at a
 * time from its counters.
 *
 * @example
 * await store.saveSnapshot({ ...snapshot, records: snapshotRecordsInIdOrder(spool, counters) });
 */
export function snapshotRecordsInIdOrder(spool: RecordSpool, counters: SpoolCounters, order: Uint32Array): Iterable<SnapshotRecord> {
  return {
    *[Symbol.iterator]() {
      for (const i of order) {
        const record = { recordId: spool.ids[i] ?? '', conceptId: counters.conceptIds[i] ?? null } as SnapshotRecord;
        for (const name of valueNames) {
          const value = counters.values[name][i] ?? Number.NaN;
          record[name] = Number.isNaN(value) ? null : value;
        }
        yield record;
      }
    },
  };
}
