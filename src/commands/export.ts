import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { CliIo } from '../terminal/cli-io.js';
import { Terminal } from '../terminal/terminal.js';
import { renderCsv } from '../output/render-csv.js';
import { renderParquet } from '../output/render-parquet.js';
import { writeFileAtomic } from '../output/write-file-atomic.js';
import { snapshotRows } from '../snapshot/snapshot-rows.js';
import { noSnapshotsError } from './no-snapshots.js';
import { withStore } from './with-store.js';

export interface ExportOptions {
  collection: string;
  dbPath: string;
  dir: string;
  /** `csv`: one dated file per snapshot; `parquet`: one `<collection>.parquet` with every snapshot. */
  format?: 'csv' | 'parquet' | undefined;
  quiet: boolean;
}

/**
 * `zenodo-stats export`: one CSV per snapshot, named `<YYYY-MM-DD>.csv`, in the `summarize` columns and sorted
 * by record id, for teams who commit dated CSVs to git. The files can be imported again.
 */
export async function exportSnapshots(options: ExportOptions, io: CliIo): Promise<number> {
  const term = new Terminal(io.stderr, io.env, { quiet: options.quiet });
  const dir = path.resolve(io.cwd, options.dir);
  return withStore(options.dbPath, async (store) => {
    const snapshots = await store.loadCollection(options.collection);
    if (snapshots.length === 0) throw await noSnapshotsError(store, options.collection, options.dbPath);
    const metadata = await store.recordMetadata();
    await mkdir(dir, { recursive: true });
    if (options.format === 'parquet') {
      const file = path.join(dir, `${options.collection.replace(/[^\w.-]+/g, '_')}.parquet`);
      await writeFileAtomic(file, renderParquet(snapshots, metadata));
      const rows = snapshots.reduce((n, s) => n + s.records.length, 0);
      term.info(`wrote ${path.relative(io.cwd, file) || file}: ${rows} rows (one per record per snapshot) from ${snapshots.length} snapshots`);
      return 0;
    }
    for (const snapshot of snapshots) {
      await writeFileAtomic(path.join(dir, `${snapshot.info.day}.csv`), renderCsv(snapshotRows(snapshot, metadata)));
    }
    term.info(`wrote ${snapshots.length} CSV file${snapshots.length === 1 ? '' : 's'} to ${options.dir} (${snapshots[0]?.info.day}.csv … ${snapshots.at(-1)?.info.day}.csv)`);
    return 0;
  }, { readOnly: true });
}
