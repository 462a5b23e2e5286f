/**
 * The counter block: a snapshot's nine numeric columns packed into one binary value, as the SQLite store keeps them
 * (see "Storage layout" in `sqlite-store.ts`), and unpacked again.
 */
import { int32Null, type NumberColumn } from '../snapshot/number-column.js';
import { recordNumberNames, type RecordColumns } from '../snapshot/record-columns.js';

/** The nine numeric columns of a record, in their order in the counter block. */
export const numericColumns = recordNumberNames;
export type NumericColumn = (typeof numericColumns)[number];

/**
 * Counter block, version 1, all little-endian:
 *   byte 0      format (1); bytes 1–3 zero
 *   bytes 4–7   record count n (uint32)
 *   bytes 8–16  one kind per column of `numericColumns`: 0 = all null (no data), 1 = int32, 2 = float64
 *   bytes 17–23 zero
 * then each column that has data, in order, starting on a multiple of 8: n int32 (null = -2^31) or n float64
 * (null = NaN; stored counters are always finite). Counters are whole numbers, so most columns take 4 bytes a
 * record; a column falls back to float64 when any value is not an int32 (a volume in bytes, say). These are the
 * kinds and nulls of a `NumberColumn`, whose values are copied as they are.
 */
const counterFormat = 1;
const headerBytes = 24;
const kindAbsent = 0;
const kindInt32 = 1;
const kindFloat64 = 2;
const kindCodes = { absent: kindAbsent, int32: kindInt32, float64: kindFloat64 } as const;
const littleEndianHost = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

function columnBytes(kind: number, count: number): number {
  const bytes = kind === kindInt32 ? 4 * count : kind === kindFloat64 ? 8 * count : 0;
  return Math.ceil(bytes / 8) * 8;
}

export function encodeCounters(records: RecordColumns): Uint8Array {
  const count = records.length;
  const columns = numericColumns.map((name) => records.numbers[name]);
  const kinds = columns.map((column) => kindCodes[column.kind]);
  const size = kinds.reduce((total, kind) => total + columnBytes(kind, count), headerBytes);
  const view = new DataView(new ArrayBuffer(size));
  view.setUint8(0, counterFormat);
  view.setUint32(4, count, true);
  let offset = headerBytes;
  for (const [c, column] of columns.entries()) {
    const kind = kinds[c] ?? kindAbsent;
    view.setUint8(8 + c, kind);
    if (kind === kindInt32) writeInt32s(view, offset, column);
    else if (kind === kindFloat64) writeFloat64s(view, offset, column);
    offset += columnBytes(kind, count);
  }
  return new Uint8Array(view.buffer);
}

/** In one copy on little-endian hosts (every common one), else value by value. `offset` is a multiple of 8. */
function writeInt32s(view: DataView, offset: number, column: NumberColumn): void {
  const values = column.int32Values();
  if (littleEndianHost) new Int32Array(view.buffer, offset, values.length).set(values);
  else for (let i = 0; i < values.length; i++) view.setInt32(offset + 4 * i, values[i] ?? int32Null, true);
}

function writeFloat64s(view: DataView, offset: number, column: NumberColumn): void {
  const values = column.float64Values();
  if (littleEndianHost) new Float64Array(view.buffer, offset, values.length).set(values);
  else for (let i = 0; i < values.length; i++) view.setFloat64(offset + 8 * i, values[i] ?? Number.NaN, true);
}

/** One decoded column of the counter block. Int32 values are kept as such: V8 stores them without allocating. */
export type DecodedColumn =
  | { kind: typeof kindAbsent }
  | { kind: typeof kindInt32; values: Int32Array }
  | { kind: typeof kindFloat64; values: Float64Array };

export function decodeCounters(
  bytes: Uint8Array,
  count: number,
  fail: (what: string) => Error,
): Record<NumericColumn, DecodedColumn> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < headerBytes || view.getUint8(0) !== counterFormat) throw fail('unknown counter format');
  if (view.getUint32(4, true) !== count) throw fail('counter block and record ids differ in length');
  let offset = headerBytes;
  const columns: Partial<Record<NumericColumn, DecodedColumn>> = {};
  for (const [c, column] of numericColumns.entries()) {
    const kind = view.getUint8(8 + c);
    if (offset + columnBytes(kind, count) > bytes.byteLength) throw fail('counter block is truncated');
    if (kind === kindAbsent) {
      columns[column] = { kind };
    } else if (kind === kindInt32) {
      columns[column] = { kind, values: readValues(view, offset, count, Int32Array, (at) => view.getInt32(at, true)) };
    } else if (kind === kindFloat64) {
      columns[column] = { kind, values: readValues(view, offset, count, Float64Array, (at) => view.getFloat64(at, true)) };
    } else {
      throw fail('unknown counter column kind');
    }
    offset += columnBytes(kind, count);
  }
  return columns as Record<NumericColumn, DecodedColumn>;
}

/** A typed array of the counter block's values: `Int32Array` or `Float64Array`. */
interface ValueArrayType<T> {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
  new (length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

/** In place on little-endian hosts (every common one), else value by value with `read` (little-endian). */
function readValues<T extends Int32Array | Float64Array>(
  view: DataView,
  offset: number,
  count: number,
  Type: ValueArrayType<T>,
  read: (byteOffset: number) => number,
): T {
  const width = Type.BYTES_PER_ELEMENT;
  const start = view.byteOffset + offset;
  if (littleEndianHost && start % width === 0) return new Type(view.buffer, start, count);
  const values = new Type(count);
  for (let i = 0; i < count; i++) values[i] = read(offset + width * i);
  return values;
}

export function valueAt(column: DecodedColumn, i: number): number | null {
  if (column.kind === kindInt32) {
    const value = column.values[i];
    return value === undefined || value === int32Null ? null : value;
  }
  if (column.kind === kindFloat64) {
    const value = column.values[i];
    return value === undefined || Number.isNaN(value) ? null : value;
  }
  return null;
}

// The hot loops below index arrays instead of iterating `entries()`: a CLI runs them once, before V8 has
// optimized iterator code, and they run a million times.

export function toFloat64(column: DecodedColumn, count: number): Float64Array {
  // A copy, not a view into the counter block, so that the block can be freed.
  if (column.kind === kindFloat64) return column.values.slice();
  if (column.kind === kindAbsent) return new Float64Array(count).fill(Number.NaN);
  const values = new Float64Array(column.values);
  for (let i = 0; i < count; i++) if (values[i] === int32Null) values[i] = Number.NaN;
  return values;
}
