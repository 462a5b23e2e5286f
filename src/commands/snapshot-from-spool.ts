import { compareIds } from '../snapshot/compare-ids.js';
import { recordMetadataOf } from '../snapshot/snapshot-from-records.js';
import type { NewSnapshot, RecordMetadata, SnapshotRecord } from '../snapshot/snapshot.js';
import type { RecordSpool } from './record-spool.js';
import { snapshotRecordsInIdOrder, type SpoolCounters } from './spool-figures.js';

export interface SnapshotFromSpoolInput {
  collection: string;
  baseUrl: string;
  /** When the listing finished, ISO 8601 UTC. */
  takenAt: string;
  spool: RecordSpool;
  /** The spool's snapshot counters (`readSpoolFigures`). */
  counters: SpoolCounters;
}

/**
 * The API snapshot of a spooled listing, streamed: its records are made from the counters and its metadata read
 * back from the spool one record at a time while the store writes them, both in record-id order (the order a
 * store needs for a streamed iterable). A snapshot of 200 000 records never has them all in memory as objects.
 *
 * @example
 * await store.saveSnapshot(snapshotFromSpool({ collection: 'nfdi4bioimage', baseUrl, takenAt, spool, counters }));
 */
export function snapshotFromSpool(input: SnapshotFromSpoolInput): NewSnapshot<Iterable<SnapshotRecord>> {
  const { spool } = input;
  const order = idOrder(spool);
  return {
    collection: input.collection,
    baseUrl: input.baseUrl,
    takenAt: input.takenAt,
    source: 'api',
    complete: true,
    records: snapshotRecordsInIdOrder(spool, input.counters, order),
    metadata: {
      *[Symbol.iterator](): Generator<RecordMetadata> {
        for (const i of order) yield recordMetadataOf(spool.recordAt(i));
      },
    },
  };
}

/** The spool's record indexes in the stores' record-id order. */
function idOrder(spool: RecordSpool): Uint32Array {
  const ids = spool.ids;
  return Uint32Array.from(ids.keys()).sort((a, b) => compareIds(ids[a] ?? '', ids[b] ?? ''));
}
