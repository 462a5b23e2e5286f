import type { CliIo } from '../terminal/cli-io.js';
import { renderTabular, type OutputFormat } from '../output/render-rows.js';
import type { Tabular } from '../output/tabular.js';
import { resolveOutputPath } from '../output/output-path.js';
import { writeFileAtomic } from '../output/write-file-atomic.js';

/** Writes a table to `--out` (atomically) or, by default, to stdout. */
export async function writeTable(table: Tabular, options: { format: OutputFormat; out?: string | undefined }, io: CliIo): Promise<void> {
  const text = renderTabular(table, options.format);
  if (options.out === undefined || options.out === '-') io.stdout.write(text);
  else await writeFileAtomic(resolveOutputPath(io.cwd, options.out), text);
}
