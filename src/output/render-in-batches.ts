/**
 * Target length of each chunk the streaming renderers yield, in UTF-16 code units: about 64 KiB of mostly
 * ASCII text, large enough that writing a chunk costs far more than yielding it, small enough to hold.
 */
export const renderChunkSize = 64 * 1024;

/** Rows in the first batch, before the rendered length of a row is known. */
const firstBatchRows = 64;

/**
 * How one output format lays out its text around the rows.
 *
 * @example
 * ```ts
 * const ndjson: BatchLayout<Row> = { head: '', body: (rows) => rows.map((r) => `${JSON.stringify(r)}\n`).join(''), tail: '' };
 * ```
 */
export interface BatchLayout<Row> {
  /** Text before the first row: header lines, an opening bracket. */
  head: string;
  /** One batch of rows as text; `first` is true for the batch right after `head` (JSON separates batches with a comma). */
  body: (rows: readonly Row[], first: boolean) => string;
  /** Text after the last row. */
  tail: string;
  /** The whole output for zero rows, when it is not `head + tail` (JSON's `[]\n`). */
  empty?: string;
}

/**
 * Renders rows a batch at a time and yields each batch's text, `head` joined to the first and `tail` to the
 * last. Rows are pulled lazily and only one batch (its rows and its text) is held at a time. The number of
 * rows in a batch follows the average rendered row so far, so chunks stay near {@link renderChunkSize}
 * without rendering each row on its own (csv-stringify sets itself up anew on every call, which costs about
 * 15 % more per row than batches of a few hundred); a batch whose rows are much longer than the ones
 * before it gives a longer chunk. Empty text is never yielded.
 *
 * @example
 * ```ts
 * const text = [...renderInBatches(rows, { head: '[\n', body, tail: '\n]\n', empty: '[]\n' })].join('');
 * ```
 */
export function* renderInBatches<Row>(rows: Iterable<Row>, layout: BatchLayout<Row>): Generator<string> {
  let pending = layout.head;
  let batch: Row[] = [];
  let batchRows = firstBatchRows;
  let first = true;
  for (const row of rows) {
    batch.push(row);
    if (batch.length < batchRows) continue;
    const body = layout.body(batch, first);
    batchRows = Math.max(1, Math.round((batch.length * renderChunkSize) / Math.max(body.length, 1)));
    const text = pending + body;
    batch = [];
    pending = '';
    first = false;
    yield text;
  }
  const last =
    first && batch.length === 0
      ? (layout.empty ?? layout.head + layout.tail)
      : pending + (batch.length > 0 ? layout.body(batch, first) : '') + layout.tail;
  if (last !== '') yield last;
}
