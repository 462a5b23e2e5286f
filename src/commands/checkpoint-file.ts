import { appendFile, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { LocalIoError } from '../errors.js';
import type { ZenodoRecord } from '../records/zenodo-record.js';
import type { ListingState } from '../zenodo/iterate-community-pages.js';

/**
 * A long listing's progress on disk, so an interrupted run (Ctrl-C, a network that gave up) can continue with
 * `--resume` instead of starting again. Append-only NDJSON next to the store: a header line, then one line per
 * page with the listing's state and that page's records. A line cut off by a kill is ignored on reading. The
 * store itself is not touched until the whole listing is in.
 */
export interface CheckpointHeader {
  version: 1;
  community: string;
  baseUrl: string;
  allVersions: boolean;
  pageSize: number;
  startedAt: string;
}

interface CheckpointPage {
  state: ListingState;
  records: ZenodoRecord[];
  hits?: unknown[] | undefined;
}

export interface LoadedCheckpoint {
  header: CheckpointHeader;
  state: ListingState;
  records: ZenodoRecord[];
  hits: unknown[];
}

/** `.zenodo-stats-<community>.checkpoint.ndjson` in `dir`. */
export function checkpointPath(dir: string, community: string): string {
  return path.join(dir, `.zenodo-stats-${community.replace(/[^\w.-]+/g, '_')}.checkpoint.ndjson`);
}

export class CheckpointWriter {
  readonly path: string;
  #started = false;
  #records = 0;

  constructor(file: string, readonly header: CheckpointHeader, resumed = 0) {
    this.path = file;
    this.#started = resumed > 0;
    this.#records = resumed;
  }

  /** Records saved so far. */
  get records(): number {
    return this.#records;
  }

  async append(page: CheckpointPage): Promise<void> {
    try {
      if (!this.#started) {
        await appendFile(this.path, `${JSON.stringify(this.header)}\n`, { mode: 0o600 });
        this.#started = true;
      }
      await appendFile(this.path, `${JSON.stringify(page)}\n`);
      this.#records += page.records.length;
    } catch (error) {
      throw new LocalIoError(`cannot write the checkpoint ${this.path}: ${(error as Error).message}`, { cause: error });
    }
  }

  async remove(): Promise<void> {
    await rm(this.path, { force: true });
  }
}

/** The checkpoint at `file`, or `null` when there is none. */
export async function readCheckpoint(file: string): Promise<LoadedCheckpoint | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new LocalIoError(`cannot read the checkpoint ${file}: ${(error as Error).message}`, { cause: error });
  }
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const parsed: unknown[] = [];
  for (const [i, line] of lines.entries()) {
    try {
      parsed.push(JSON.parse(line));
    } catch (error) {
      // Only the last line may be cut off (the process was killed while writing it).
      if (i === lines.length - 1) break;
      throw new LocalIoError(`the checkpoint ${file} is damaged at line ${i + 1}; delete it to start afresh`, { cause: error });
    }
  }
  const [header, ...pages] = parsed as [CheckpointHeader | undefined, ...CheckpointPage[]];
  if (header?.version !== 1 || pages.length === 0) return null;
  const last = pages[pages.length - 1];
  if (!last) return null;
  return { header, state: last.state, records: pages.flatMap((p) => p.records), hits: pages.flatMap((p) => p.hits ?? []) };
}
