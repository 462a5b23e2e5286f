import type { CliIo } from '../terminal/cli-io.js';
import { Terminal } from '../terminal/terminal.js';
import { describePostgresUrl } from '../store/postgres-store.js';
import { openStore, resolveDbPath } from './with-store.js';

export interface MigrateOptions {
  from: string;
  to: string;
  quiet: boolean;
}

/**
 * `zenodo-stats migrate --from sqlite:./zenodo-stats.sqlite --to postgres://…`: copies every snapshot (and the
 * record metadata) from one store to another. Each snapshot is saved in its own transaction; running it again
 * changes nothing (identical snapshots are recognised), so an interrupted copy can simply be repeated.
 */
export async function migrate(options: MigrateOptions, io: CliIo): Promise<number> {
  const term = new Terminal(io.stderr, io.env, { quiet: options.quiet });
  const from = resolveDbPath(options.from, {}, io.cwd);
  const to = resolveDbPath(options.to, {}, io.cwd);
  const shown = (location: string) => (/^postgres/i.test(location) ? describePostgresUrl(location).display : location);
  const source = await openStore(from, { readOnly: true });
  try {
    const target = await openStore(to);
    try {
      const metadata = await source.recordMetadata();
      const snapshots = await source.listSnapshots();
      let written = 0;
      let unchanged = 0;
      for (const info of snapshots) {
        const loaded = await source.loadSnapshot(info.id);
        if (!loaded) continue;
        const result = await target.saveSnapshot({
          collection: info.collection,
          baseUrl: info.baseUrl,
          takenAt: info.takenAt,
          source: info.source,
          complete: info.complete,
          records: loaded.records,
          notes: info.notes,
          metadata: loaded.records.flatMap((r) => {
            const m = metadata.get(r.recordId);
            return m ? [m] : [];
          }),
        });
        if (result.unchanged) unchanged += 1;
        else written += 1;
      }
      term.info(`copied ${written} snapshot${written === 1 ? '' : 's'} from ${shown(from)} to ${shown(to)}; ${unchanged} were there already`);
      return 0;
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}
