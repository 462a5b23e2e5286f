/**
 * One numeric field of a snapshot's records, appended record by record. Counters are whole numbers, so a column
 * holds int32 (4 bytes a record) until a value does not fit (a volume in bytes, a fraction, -0), and float64 from
 * then on; while every value is null it holds nothing at all (the volume of a legacy listing, say). A snapshot of
 * 200 000 records then takes a few MB, where as many record objects would take tens.
 */

/** `null` in an int32 column. The SQLite counter block uses the same value and copies these arrays as they are. */
export const int32Null = -0x80000000;

/** `absent`: every value is null; `int32`: every value is null or fits an int32 other than `int32Null`. */
export type NumberColumnKind = 'absent' | 'int32' | 'float64';

const initialCapacity = 1024;

/** Whether `value` is stored exactly in an int32 column: -0 is not (it would come back as 0). */
function fitsInt32(value: number): boolean {
  return (value | 0) === value && value !== int32Null && !Object.is(value, -0);
}

/**
 * A growable column of `number | null`.
 *
 * @example
 * const downloads = new NumberColumn();
 * for (const value of [3, null, 0.5]) downloads.push(value);
 * downloads.kind; // 'float64'
 * downloads.at(1); // null
 */
export class NumberColumn {
  #length = 0;
  #int32: Int32Array | null = null;
  #float64: Float64Array | null = null;

  get length(): number {
    return this.#length;
  }

  get kind(): NumberColumnKind {
    return this.#float64 !== null ? 'float64' : this.#int32 !== null ? 'int32' : 'absent';
  }

  push(value: number | null): void {
    const i = this.#length;
    if (this.#float64 !== null || (value !== null && !fitsInt32(value))) {
      const float64 = this.#float64 ?? this.#toFloat64();
      this.#float64 = float64.length > i ? float64 : grown(float64, new Float64Array(capacityFor(i)), Number.NaN);
      this.#float64[i] = value ?? Number.NaN;
    } else if (value !== null || this.#int32 !== null) {
      const int32 = this.#int32 ?? new Int32Array(capacityFor(i)).fill(int32Null);
      this.#int32 = int32.length > i ? int32 : grown(int32, new Int32Array(capacityFor(i)), int32Null);
      this.#int32[i] = value ?? int32Null;
    }
    this.#length = i + 1;
  }

  at(i: number): number | null {
    if (this.#float64 !== null) {
      const value = this.#float64[i];
      return value === undefined || Number.isNaN(value) ? null : value;
    }
    const value = this.#int32?.[i];
    return value === undefined || value === int32Null ? null : value;
  }

  /** The values of an `int32` column, `int32Null` for null (a view: copy it before pushing more). */
  int32Values(): Int32Array {
    return (this.#int32 ?? new Int32Array(0)).subarray(0, this.#length);
  }

  /** The values of a `float64` column, `NaN` for null (a view: copy it before pushing more). */
  float64Values(): Float64Array {
    return (this.#float64 ?? new Float64Array(0)).subarray(0, this.#length);
  }

  /** A new column with the value at `order[k]` at position `k`. */
  reordered(order: readonly number[]): NumberColumn {
    const column = new NumberColumn();
    column.#length = order.length;
    const float64 = this.#float64;
    const int32 = this.#int32;
    if (float64 !== null) column.#float64 = Float64Array.from(order, (i) => float64[i] ?? Number.NaN);
    else if (int32 !== null) column.#int32 = Int32Array.from(order, (i) => int32[i] ?? int32Null);
    return column;
  }

  /** The first value that does not fit an int32 came: every value so far becomes a float64. */
  #toFloat64(): Float64Array {
    const float64 = new Float64Array(capacityFor(this.#length)).fill(Number.NaN);
    const int32 = this.#int32;
    if (int32 !== null) {
      for (let i = 0; i < this.#length; i++) {
        const value = int32[i] ?? int32Null;
        if (value !== int32Null) float64[i] = value;
      }
    }
    this.#int32 = null;
    return float64;
  }
}

/** Room for at least `length + 1` values. */
function capacityFor(length: number): number {
  let capacity = initialCapacity;
  while (capacity <= length) capacity *= 2;
  return capacity;
}

/** `values` copied into the larger `into`, the rest null. */
function grown<T extends Int32Array | Float64Array>(values: T, into: T, nullValue: number): T {
  into.set(values);
  into.fill(nullValue, values.length);
  return into;
}
