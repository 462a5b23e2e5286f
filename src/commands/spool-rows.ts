import { renderChunkSize } from '../output/render-in-batches.js';
import type { SummaryRow } from '../records/summary-row.js';
import { compareIds, toSummaryRow } from '../records/to-summary-rows.js';
import type { RecordSpool } from './record-spool.js';

/**
 * Output rows straight from spools, read back one record at a time in output order, so that writing a CSV of
 * 200 000 records never holds more than one of them (issue 6, "rows stream to the CSV").
 */

/**
 * A spool's rows sorted like `toSummaryRows` (all-version downloads descending, none last, then by id); each
 * call starts a new pass, so a two-pass renderer (the text table) can call it twice.
 *
 * @example
 * for (const row of sortedSpoolRows(spool)()) console.log(row.id, row.downloads);
 */
export function sortedSpoolRows(spool: RecordSpool): () => Generator<SummaryRow> {
  const order = spool.sortedOrder();
  return function* rows() {
    for (const i of order) yield toSummaryRow(spool.recordAt(i));
  };
}

export type CommunityRow = SummaryRow & { community: string };

/**
 * The rows of several communities in one order (downloads descending, then id, then community), merged from each
 * spool's own sorted order: a record in two communities gives a row in each.
 *
 * @example
 * const rows = mergedSpoolRows([{ community: 'a', spool: a }, { community: 'b', spool: b }]);
 */
export function mergedSpoolRows(listings: readonly { community: string; spool: RecordSpool }[]): () => Generator<CommunityRow> {
  const orders = listings.map((l) => l.spool.sortedOrder());
  return function* rows() {
    const next = listings.map(() => 0);
    for (;;) {
      let best = -1;
      for (let k = 0; k < listings.length; k += 1) {
        if ((next[k] ?? 0) >= (orders[k]?.length ?? 0)) continue;
        if (best === -1 || compareHeads(k, best) < 0) best = k;
      }
      if (best === -1) return;
      const listing = listings[best];
      const i = orders[best]?.[next[best] ?? 0];
      if (listing === undefined || i === undefined) return;
      next[best] = (next[best] ?? 0) + 1;
      yield { community: listing.community, ...toSummaryRow(listing.spool.recordAt(i)) };
    }

    function compareHeads(a: number, b: number): number {
      const [la, lb] = [listings[a], listings[b]];
      const [ia, ib] = [orders[a]?.[next[a] ?? 0], orders[b]?.[next[b] ?? 0]];
      if (!la || !lb || ia === undefined || ib === undefined) return 0;
      const da = la.spool.downloadsAt(ia) ?? -1;
      const db = lb.spool.downloadsAt(ib) ?? -1;
      return db - da || compareIds(la.spool.ids[ia] ?? '', lb.spool.ids[ib] ?? '') || la.community.localeCompare(lb.community);
    }
  };
}

/**
 * The raw hits kept by `--raw`, in listing order, as one pretty-printed JSON array (the layout of
 * `JSON.stringify(hits, null, 2)`), a record at a time.
 *
 * @example
 * await writeFileAtomic('raw.json', rawHitsJson([spool]));
 */
export function* rawHitsJson(spools: readonly RecordSpool[]): Generator<string> {
  let first = true;
  let batch = '';
  for (const spool of spools) {
    for (const { hit } of spool.entries()) {
      if (hit === undefined) continue;
      batch += `${first ? '[\n' : ',\n'}${JSON.stringify(hit, null, 2).replace(/^/gm, '  ')}`;
      first = false;
      // Many small writes are slow: hand out about 64 KiB at a time.
      if (batch.length >= renderChunkSize) {
        yield batch;
        batch = '';
      }
    }
  }
  yield `${batch}${first ? '[]\n' : '\n]\n'}`;
}
