import type { CliIo } from '../terminal/cli-io.js';
import { Terminal } from '../terminal/terminal.js';
import { NotFoundError } from '../errors.js';
import type { OutputFormat } from '../output/render-rows.js';
import type { ColumnSpec } from '../output/tabular.js';
import { storeHasHint } from './no-snapshots.js';
import { withStore } from './with-store.js';
import { writeTable } from './write-table.js';

export interface SnapshotsOptions {
  dbPath: string;
  collection?: string | undefined;
  delete?: number | undefined;
  format: OutputFormat;
  out?: string | undefined;
  quiet: boolean;
}

const columns: ColumnSpec[] = [
  { key: 'id', numeric: true },
  { key: 'collection' },
  { key: 'day' },
  { key: 'taken_at' },
  { key: 'source' },
  { key: 'complete' },
  { key: 'records', numeric: true },
  { key: 'base_url' },
];

/** `zenodo-stats snapshots`: what the store holds; `--delete ID` removes one snapshot. */
export async function snapshots(options: SnapshotsOptions, io: CliIo): Promise<number> {
  const term = new Terminal(io.stderr, io.env, { quiet: options.quiet });
  return withStore(options.dbPath, async (store) => {
    if (options.delete !== undefined) {
      const existing = (await store.listSnapshots()).find((s) => s.id === options.delete);
      if (!existing || !(await store.deleteSnapshot(options.delete))) {
        throw new NotFoundError(`no snapshot with id ${options.delete} in ${options.dbPath}`);
      }
      term.info(`deleted snapshot ${existing.id} (${existing.collection}, ${existing.day}, ${existing.recordCount} records)`);
      return 0;
    }
    const list = await store.listSnapshots({ collection: options.collection });
    const rows = list.map((s) => ({
      id: s.id,
      collection: s.collection,
      day: s.day,
      taken_at: s.takenAt,
      source: s.source,
      complete: s.complete ? 'yes' : 'no',
      records: s.recordCount,
      base_url: s.baseUrl,
    }));
    await writeTable({ columns, rows }, options, io);
    const of = options.collection === undefined ? '' : ` of '${options.collection}'`;
    // An empty list for a collection the store lacks (a typo, a community slug for an import's name) says what it has.
    const hint = rows.length === 0 && options.collection !== undefined ? await storeHasHint(store) : '';
    term.info(`${rows.length} snapshot${rows.length === 1 ? '' : 's'}${of} in ${options.dbPath}${hint}`);
    return 0;
  }, { readOnly: options.delete === undefined });
}
