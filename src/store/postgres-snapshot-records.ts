/**
 * A snapshot's records in the PostgreSQL store: written as one plain row each, read back packed by the server into
 * one row per snapshot (see "Storage layout" in `postgres-store.ts`), as columns or as records.
 */
import type { PoolClient } from 'pg';
import { codeUnitOrder } from '../snapshot/compare-ids.js';
import type { NumberColumn } from '../snapshot/number-column.js';
import type { RecordColumns } from '../snapshot/record-columns.js';
import type { LoadedSnapshot, SnapshotColumns, SnapshotInfo } from '../snapshot/snapshot.js';
import type { StoreError } from './store-error.js';
import { damagedStore } from './store-error-texts.js';
import { IdListDecoder } from './id-list-decoder.js';
import { recordsFromColumns } from './records-from-columns.js';

/** Rows per INSERT when writing records and metadata: bounds the size of one statement's parameters. */
const insertChunkSize = 5000;
/** Records per SELECT when loading a collection: bounds the rows held at once by the driver. */
const loadBatchRecords = 200_000;

/** snapshot_id, record count, record ids, concept ids, then the nine numeric columns: see `packedRecordsQuery`. */
type PackedRow = unknown[];

/** The nine numeric columns, in `SnapshotRecord` order: the eight counters, then the volume. */
const numericColumns = [
  ['downloads', 'downloads'],
  ['uniqueDownloads', 'unique_downloads'],
  ['views', 'views'],
  ['uniqueViews', 'unique_views'],
  ['versionDownloads', 'version_downloads'],
  ['versionUniqueDownloads', 'version_unique_downloads'],
  ['versionViews', 'version_views'],
  ['versionUniqueViews', 'version_unique_views'],
  ['volume', 'volume'],
] as const;
type NumericColumn = (typeof numericColumns)[number][0];
const numericColumnList = numericColumns.map(([, column]) => column).join(', ');

/**
 * Each snapshot's records as one row: the ids joined by newlines (validation keeps line breaks out of ids), the
 * concept ids likewise with an empty line for none, and each numeric column as its values joined by commas, empty
 * for null (`extra_float_digits` makes the text exact). All aggregates of a group read its rows in the same order,
 * so the lists stay aligned. The rows come sorted from a subquery rather than through `string_agg(… ORDER BY …)`,
 * which in PostgreSQL 15 sorts once per aggregate: 1.0 s instead of 3.5 s for 105 × 10 000 records. PostgreSQL
 * only "usually" keeps a subquery's order in an aggregate
 * (https://www.postgresql.org/docs/15/sql-expressions.html#SYNTAX-AGGREGATES), so `decodePacked` checks the
 * order and sorts if needed.
 */
const packedRecordsQuery = `
  SELECT snapshot_id::text, count(*)::int,
    string_agg(record_id, E'\\n'),
    string_agg(coalesce(concept_id, ''), E'\\n'),
    ${numericColumns.map(([, c]) => `string_agg(coalesce(${c}::text, ''), ',')`).join(', ')}
  FROM (
    SELECT * FROM snapshot_records WHERE snapshot_id = ANY($1::bigint[]) ORDER BY snapshot_id, record_id
  ) AS sorted
  GROUP BY snapshot_id`;

/** Inserts the records of one snapshot, `insertChunkSize` at a time, each chunk as parallel arrays. */
export async function insertRecords(client: PoolClient, snapshotId: number, records: RecordColumns): Promise<void> {
  const arrays = numericColumns.map((_, i) => `$${i + 4}::float8[]`).join(', ');
  const sql =
    `INSERT INTO snapshot_records (snapshot_id, record_id, concept_id, ${numericColumnList}) ` +
    `SELECT $1, u.* FROM unnest($2::text[], $3::text[], ${arrays}) AS u`;
  for (let start = 0; start < records.length; start += insertChunkSize) {
    const end = Math.min(start + insertChunkSize, records.length);
    await client.query(sql, [
      snapshotId,
      records.recordIds.slice(start, end),
      records.conceptIds.slice(start, end),
      ...numericColumns.map(([name]) => float8ArrayLiteral(records.numbers[name], start, end)),
    ]);
  }
}

/**
 * A `float8[]` literal of `column`'s values from `start` to `end`. Written here rather than by node-postgres, whose
 * `String(value)` turns -0 into 0; every other finite number's `String` form is one PostgreSQL reads back exactly.
 */
function float8ArrayLiteral(column: NumberColumn, start: number, end: number): string {
  const items: string[] = [];
  for (let i = start; i < end; i++) {
    const v = column.at(i);
    items.push(v === null ? 'NULL' : Object.is(v, -0) ? '-0' : String(v));
  }
  return `{${items.join(',')}}`;
}

/**
 * The records of `infos` as columns, fetched in batches of whole snapshots, each packed by the server into one
 * row of joined text (`packedRecordsQuery`).
 */
export async function loadColumns(client: PoolClient, infos: readonly SnapshotInfo[], url: string): Promise<SnapshotColumns[]> {
  const recordIds = new IdListDecoder();
  const conceptIds = new IdListDecoder();
  const loaded: SnapshotColumns[] = [];
  for (const batch of batchesOf(infos, loadBatchRecords)) {
    const result = await client.query<PackedRow>({
      text: packedRecordsQuery,
      values: [batch.map((info) => info.id)],
      rowMode: 'array',
    });
    const rows = new Map(result.rows.map((row) => [String(row[0]), row]));
    for (const info of batch) {
      const fail = (what: string): StoreError => damagedStore(url, `snapshot ${info.id}: ${what}`);
      loaded.push(decodePacked(info, rows.get(String(info.id)), recordIds, conceptIds, fail));
    }
  }
  return loaded;
}

/** Consecutive runs of snapshots holding about `limit` records together; a larger snapshot makes a batch alone. */
function batchesOf(infos: readonly SnapshotInfo[], limit: number): SnapshotInfo[][] {
  const batches: SnapshotInfo[][] = [];
  let batch: SnapshotInfo[] = [];
  let size = 0;
  for (const info of infos) {
    if (batch.length > 0 && size + info.recordCount > limit) {
      batches.push(batch);
      batch = [];
      size = 0;
    }
    batch.push(info);
    size += info.recordCount;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

function decodePacked(
  info: SnapshotInfo,
  row: PackedRow | undefined,
  recordIdDecoder: IdListDecoder,
  conceptIdDecoder: IdListDecoder,
  fail: (what: string) => StoreError,
): SnapshotColumns {
  const count = row === undefined ? 0 : row[1];
  if (count !== info.recordCount) throw fail(`has ${String(count)} records, not ${info.recordCount}`);
  let recordIds = decodeIds(recordIdDecoder, row?.[2], count, fail);
  const concepts = decodeIds(conceptIdDecoder, row?.[3], count, fail);
  let conceptIds: readonly (string | null)[] = concepts.map((id) => (id === '' ? null : id));
  const values = {} as Record<NumericColumn, Float64Array>;
  for (const [i, [name]] of numericColumns.entries()) values[name] = decodeNumbers(row?.[4 + i], count, fail);
  // The server sorts ids by UTF-8 bytes, JavaScript by UTF-16 code units. They differ only for characters beyond
  // U+FFFF against U+E000–U+FFFF, which Zenodo ids never contain, so this reordering almost never runs (also see
  // `packedRecordsQuery`).
  const order = codeUnitOrder(recordIds);
  if (order !== null) {
    recordIds = order.map((i) => recordIds[i] ?? '');
    conceptIds = order.map((i) => conceptIds[i] ?? null);
    for (const [name] of numericColumns) {
      const column = values[name];
      values[name] = Float64Array.from(order, (i) => column[i] ?? Number.NaN);
    }
  }
  return { info, recordIds, conceptIds, values };
}

/** A packed numeric column: `NaN` for null, as in `SnapshotColumns`. */
function decodeNumbers(text: unknown, count: number, fail: (what: string) => StoreError): Float64Array {
  const values = new Float64Array(count);
  if (count === 0) return values;
  if (typeof text !== 'string') throw fail('a counter column is missing');
  const parts = text.split(',');
  if (parts.length !== count) throw fail('a counter column has the wrong length');
  for (let i = 0; i < count; i++) {
    const part = parts[i] ?? '';
    const value = part === '' ? Number.NaN : Number(part);
    if (part !== '' && !Number.isFinite(value)) throw fail(`a counter is not a finite number: ${part}`);
    values[i] = value;
  }
  return values;
}

/** An id list of a packed row, split by `ids` (which shares the ids across the snapshots of a load). */
function decodeIds(ids: IdListDecoder, text: unknown, count: number, fail: (what: string) => StoreError): readonly string[] {
  if (count === 0) return [];
  if (typeof text !== 'string') throw fail('the id list is missing');
  const list = ids.split(text, count);
  if (list.length !== count) throw fail('the id list has the wrong length');
  return list;
}

/** Columns back to record objects (`NaN` → `null`: stored values are always finite). */
export function toLoadedSnapshot({ info, recordIds, conceptIds, values }: SnapshotColumns): LoadedSnapshot {
  return { info, records: recordsFromColumns(recordIds, conceptIds, values, valueAt) };
}

function valueAt(column: Float64Array, i: number): number | null {
  const value = column[i];
  return value === undefined || Number.isNaN(value) ? null : value;
}
