import { randomBytes } from 'node:crypto';
import { readSync } from 'node:fs';
import { open, rm, truncate, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LocalIoError } from '../errors.js';
import type { ZenodoRecord } from '../records/zenodo-record.js';
import type { ListingState } from '../zenodo/iterate-community-pages.js';
import { compareIds } from '../records/to-summary-rows.js';

/**
 * A listing's records on disk instead of in memory, so a community of 200 000 records costs some 50 bytes a
 * record here while it is listed (issue 6, "memory stays flat"). Append-only NDJSON: a header line, then per page one
 * line per new record (`{"r":record}` or `{"r":record,"h":rawHit}` for `--raw`) and a commit line
 * (`{"state":…}`) with the listing's position after that page. In memory stay only each record's id, byte
 * offset, length and all-version downloads: enough to sort the output and read each record back.
 *
 * A long listing's spool is its checkpoint, kept next to the store: `--resume` reads it back up to the last
 * commit line (a page cut off by a kill is dropped) and the listing goes on from the state saved there. A short
 * listing spools to a temporary file that is always removed.
 */
export interface SpoolHeader {
  version: 2;
  community: string;
  /** The search of a `--query` listing (its `community` is the `--as` name). */
  query?: string | undefined;
  baseUrl: string;
  allVersions: boolean;
  pageSize: number;
  startedAt: string;
}

/** `.zenodo-stats-<community>.checkpoint.ndjson` in `dir`. */
export function checkpointPath(dir: string, community: string): string {
  return path.join(dir, `.zenodo-stats-${community.replace(/[^\w.-]+/g, '_')}.checkpoint.ndjson`);
}

/** A record read back from the spool, with its raw hit when `--raw` kept one. */
export interface SpooledRecord {
  record: ZenodoRecord;
  hit?: unknown;
}

/** Bytes read from disk at a time when the spool is read in order. */
const readChunkBytes = 1 << 20;

export class RecordSpool {
  readonly path: string;
  readonly header: SpoolHeader;
  /** The listing's position after the last complete page (`null` before the first page). */
  state: ListingState | null;
  readonly #handle: FileHandle;
  readonly #temporary: boolean;
  #size: number;
  #count = 0;
  #ids: string[] = [];
  #offsets = new Float64Array(1024);
  #lengths = new Uint32Array(1024);
  #downloads = new Float64Array(1024);

  private constructor(file: string, handle: FileHandle, header: SpoolHeader, size: number, temporary: boolean) {
    this.path = file;
    this.#handle = handle;
    this.header = header;
    this.#size = size;
    this.#temporary = temporary;
    this.state = null;
  }

  /**
   * A new spool at `file` (replacing any there), or in the system's temporary directory when `file` is
   * `null`. Readable by the owner only: it holds what the API returned, which may include restricted records.
   */
  static async create(file: string | null, header: SpoolHeader): Promise<RecordSpool> {
    const target = file ?? path.join(os.tmpdir(), `zenodo-stats-${process.pid}-${randomBytes(6).toString('hex')}.ndjson`);
    try {
      const handle = await open(target, 'w+', 0o600);
      const line = Buffer.from(`${JSON.stringify(header)}\n`);
      await handle.write(line);
      return new RecordSpool(target, handle, header, line.length, file === null);
    } catch (error) {
      throw new LocalIoError(`cannot write the checkpoint ${target}: ${(error as Error).message}`, { cause: error });
    }
  }

  /**
   * The checkpoint at `file` with every complete page, or `null` when there is none (or it holds no complete
   * page, or was written by an older version). What follows the last commit line is cut off, so the listing
   * appends after it.
   */
  static async resume(file: string): Promise<RecordSpool | null> {
    let handle: FileHandle;
    try {
      handle = await open(file, 'r+');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new LocalIoError(`cannot read the checkpoint ${file}: ${(error as Error).message}`, { cause: error });
    }
    let spool: RecordSpool | null = null;
    try {
      const lines = readLines(handle.fd, 0);
      const first = lines.next();
      const header = first.done ? null : (parseLine(first.value.text, file, 1, false) as SpoolHeader | null);
      if (header?.version !== 2) {
        await handle.close();
        return null;
      }
      spool = new RecordSpool(file, handle, header, 0, false);
      // Records after the last commit line belong to a page that was cut off: not counted.
      let committedEnd = 0;
      let committedCount = 0;
      let lineNumber = 1;
      for (const line of lines) {
        lineNumber += 1;
        const entry = parseLine(line.text, file, lineNumber, line.last) as { r?: ZenodoRecord; state?: ListingState } | null;
        if (entry === null) break;
        if (entry.r !== undefined) spool.#index(entry.r, line.offset, line.length);
        else if (entry.state !== undefined) {
          spool.state = entry.state;
          committedEnd = line.offset + line.length;
          committedCount = spool.#count;
        }
      }
      if (spool.state === null) {
        await handle.close();
        return null;
      }
      spool.#count = committedCount;
      spool.#ids.length = committedCount;
      spool.#size = committedEnd;
      await truncate(file, committedEnd);
      return spool;
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  }

  /** A spool in the temporary directory, deleted on close (not a checkpoint). */
  get temporary(): boolean {
    return this.#temporary;
  }

  /** Records spooled so far. */
  get count(): number {
    return this.#count;
  }

  /** Ids of the spooled records, in listing order. */
  get ids(): readonly string[] {
    return this.#ids;
  }

  /** All-version downloads of record `i` (listing order), `null` when Zenodo sent none. */
  downloadsAt(i: number): number | null {
    const d = this.#downloads[i];
    return d === undefined || Number.isNaN(d) ? null : d;
  }

  /**
   * Appends one page: its new records, each with its raw hit when `hits` are given (the page's hits as Zenodo
   * sent them; the first hit of each record's id is kept, hits of records not given are left out), and then the
   * listing's state after it.
   */
  async appendPage(records: readonly ZenodoRecord[], state: ListingState, hits?: readonly unknown[]): Promise<void> {
    const hitById = new Map<string, unknown>();
    for (const hit of hits ?? []) {
      const id = String((hit as { id?: unknown }).id);
      if (!hitById.has(id)) hitById.set(id, hit);
    }
    const parts: Buffer[] = [];
    let offset = this.#size;
    const start = this.#count;
    for (const record of records) {
      const hit = hitById.get(record.id);
      const line = Buffer.from(`${JSON.stringify(hit === undefined ? { r: record } : { r: record, h: hit })}\n`);
      parts.push(line);
      this.#index(record, offset, line.length);
      offset += line.length;
    }
    const commit = Buffer.from(`${JSON.stringify({ state })}\n`);
    parts.push(commit);
    try {
      // One write per page: a kill leaves at worst a page without its commit line, which resume drops.
      await this.#handle.write(Buffer.concat(parts), 0, undefined, this.#size);
    } catch (error) {
      this.#count = start;
      this.#ids.length = start;
      throw new LocalIoError(`cannot write the checkpoint ${this.path}: ${(error as Error).message}`, { cause: error });
    }
    this.#size = offset + commit.length;
    this.state = state;
  }

  /** Record `i` in listing order, read back from disk. */
  recordAt(i: number): ZenodoRecord {
    return this.entryAt(i).record;
  }

  /** Record `i` with its raw hit. */
  entryAt(i: number): SpooledRecord {
    const offset = this.#offsets[i];
    const length = this.#lengths[i];
    if (i < 0 || i >= this.#count || offset === undefined || length === undefined) throw new RangeError(`no record ${i} in the spool`);
    const buffer = Buffer.allocUnsafe(length);
    readSync(this.#handle.fd, buffer, 0, length, offset);
    return toSpooled(JSON.parse(buffer.toString('utf8')) as { r: ZenodoRecord; h?: unknown });
  }

  /** Every record in listing order, read from disk a megabyte at a time. */
  *entries(): Generator<SpooledRecord> {
    let i = 0;
    for (const line of readLines(this.#handle.fd, this.#offsets[0] ?? this.#size, this.#size)) {
      if (i >= this.#count) return;
      if (line.offset !== this.#offsets[i]) continue;
      yield toSpooled(JSON.parse(line.text) as { r: ZenodoRecord; h?: unknown });
      i += 1;
    }
  }

  /** Record indexes sorted like the output: all-version downloads descending (none last), then by id. */
  sortedOrder(): Uint32Array {
    const order = new Uint32Array(this.#count);
    for (let i = 0; i < order.length; i += 1) order[i] = i;
    const ids = this.#ids;
    return order.sort((a, b) => (this.downloadsAt(b) ?? -1) - (this.downloadsAt(a) ?? -1) || compareIds(ids[a] ?? '', ids[b] ?? ''));
  }

  /** Closes the file; a temporary spool is deleted, a checkpoint kept (for `--resume`). */
  async close(): Promise<void> {
    await this.#handle.close().catch(() => undefined);
    if (this.#temporary) await rm(this.path, { force: true });
  }

  /** Closes and deletes the file (the run completed). */
  async remove(): Promise<void> {
    await this.#handle.close().catch(() => undefined);
    await rm(this.path, { force: true });
  }

  #index(record: ZenodoRecord, offset: number, length: number): void {
    const i = this.#count;
    if (i === this.#offsets.length) {
      this.#offsets = grow(this.#offsets);
      this.#lengths = grow(this.#lengths);
      this.#downloads = grow(this.#downloads);
    }
    this.#offsets[i] = offset;
    this.#lengths[i] = length;
    this.#downloads[i] = record.stats?.allVersions.downloads ?? Number.NaN;
    this.#ids[i] = record.id;
    this.#count = i + 1;
  }
}

function grow<T extends Float64Array | Uint32Array>(array: T): T {
  const bigger = new (array.constructor as new (n: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}

function toSpooled(entry: { r: ZenodoRecord; h?: unknown }): SpooledRecord {
  return entry.h === undefined ? { record: entry.r } : { record: entry.r, hit: entry.h };
}

/** A line of the file, or `null` for a last line cut off by a kill; a damaged line elsewhere is an error. */
function parseLine(text: string, file: string, lineNumber: number, last: boolean): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (last) return null;
    throw new LocalIoError(`the checkpoint ${file} is damaged at line ${lineNumber}; delete it to start afresh`, { cause: error });
  }
}

interface Line {
  text: string;
  offset: number;
  /** Bytes, the line break included. */
  length: number;
  /** No line break after it: the last line, perhaps cut off. */
  last: boolean;
}

/** The non-empty lines of an open file from byte `start` to `end` (default: its end), with their offsets. */
function* readLines(fd: number, start: number, end = Number.POSITIVE_INFINITY): Generator<Line> {
  let position = start;
  let carry = Buffer.alloc(0);
  let carryOffset = start;
  const chunk = Buffer.allocUnsafe(readChunkBytes);
  for (;;) {
    const want = Math.min(chunk.length, end - position);
    const read = want > 0 ? readSync(fd, chunk, 0, want, position) : 0;
    if (read === 0) break;
    position += read;
    const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read);
    let from = 0;
    for (let nl = data.indexOf(10, from); nl !== -1; nl = data.indexOf(10, from)) {
      if (nl > from) yield { text: data.toString('utf8', from, nl), offset: carryOffset + from, length: nl + 1 - from, last: false };
      from = nl + 1;
    }
    // Copy the unfinished line: `chunk` is reused on the next read.
    carry = Buffer.from(data.subarray(from));
    carryOffset += from;
  }
  if (carry.length > 0) yield { text: carry.toString('utf8'), offset: carryOffset, length: carry.length, last: true };
}
