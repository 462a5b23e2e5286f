import path from 'node:path';
import type { CliIo } from '../terminal/cli-io.js';
import type { Terminal } from '../terminal/terminal.js';
import { formatCount } from '../terminal/terminal.js';
import { NotFoundError } from '../errors.js';
import { readRecordList, type RecordListEntry } from '../import/read-record-list.js';
import type { ZenodoClient } from '../zenodo/client.js';
import { fetchLatestByConceptId, fetchRecordsById, type FoundRecord } from '../zenodo/fetch-records-by-id.js';
import type { ListingState } from '../zenodo/iterate-community-pages.js';
import type { SpooledListing } from './list-community-to-spool.js';
import { RecordSpool, type SpoolHeader } from './record-spool.js';

export interface RecordsListingOptions {
  /** The list of records (`--records FILE`), relative to `io.cwd`. */
  file: string;
  /** The collection the snapshot is saved under (`--as NAME`). */
  name: string;
  pageSize?: number | undefined;
  apiFormat?: 'legacy' | 'rdm' | 'auto' | undefined;
  /** Keep each record's raw hit (`--raw`). */
  keepHits: boolean;
  /** When the run started, ms since the epoch (kept in the spool's header). */
  startedAt: number;
  /**
   * Ids of the collection's stored history that have no metadata yet: asked for in the same searches as the list's
   * own ids (so naming them costs no request of its own when they fit in), answered in `SpooledListing.answered`
   * and never listed.
   */
  alsoAsk?: readonly string[] | undefined;
}

/** A line of the list that found no record, and why. */
export interface UnresolvedLine {
  line: number;
  text: string;
  reason: string;
}

/**
 * `summarize --records FILE`: the records a list names, as one collection, in as few requests as Zenodo allows.
 * Numbers (record pages, DOIs, bare ids) are looked up as record ids, 25 per search (100 with a token); those
 * not found, and concept DOIs, as concept ids (their latest version); concept DOIs that are no concept, as record
 * ids. 470 records cost 19 searches anonymous, plus one for any concepts. Each record is listed once however
 * often the list names it. Lines that find nothing are reported with their line number; when no line finds a
 * record, the run fails (`NotFoundError`, exit 3).
 *
 * The listing has the shape of a community's ({@link SpooledListing}) with the collection name `name`, so the same
 * outputs, summary, snapshot and `--since-last` follow, and the snapshot continues a history imported under that name.
 *
 * @example
 * const { spool } = await listRecordsToSpool(client, { file: 'training.txt', name: 'training', keepHits: false, startedAt: Date.now() }, io, term);
 */
export async function listRecordsToSpool(client: ZenodoClient, options: RecordsListingOptions, io: CliIo, term: Terminal): Promise<SpooledListing> {
  const list = await readRecordList(path.resolve(io.cwd, options.file));
  const { entries } = list;
  const fetchOptions = { pageSize: options.pageSize, format: options.apiFormat, signal: io.signal };
  // On a TTY the line is redrawn after every search; elsewhere (CI logs) only the first and the last.
  const progress = (what: string) => (done: number, total: number) => {
    if (term.isTTY || done === total || done <= client.maxPageSize) term.progress(`${what}: ${done}/${total} looked up`);
  };

  const ids = new Set<string>();
  const concepts = new Set<string>();
  for (const e of entries) {
    if (e.key.kind === 'id') ids.add(e.key.id);
    else if (e.key.kind === 'concept') concepts.add(e.key.id);
  }
  // 1. Numbers as record ids. 2. Those not found, and concept DOIs, as concepts (their latest version).
  // 3. Concept DOIs that name no concept, as records (a version's DOI in the concept-DOI landing form).
  // The history's unnamed ids go along in steps 1 and 2 (zenodo-api.md §8b: one query, many ids).
  const asked = new Set([...ids, ...(options.alsoAsk ?? []).filter((id) => !concepts.has(id))]);
  const byId = await fetchRecordsById(client, [...asked], { ...fetchOptions, onProgress: progress('records by id') });
  const conceptCandidates = [...new Set([...[...asked].filter((id) => !byId.has(id)), ...concepts])];
  const byConcept = conceptCandidates.length > 0 ? await fetchLatestByConceptId(client, conceptCandidates, { ...fetchOptions, onProgress: progress('concepts') }) : new Map<string, FoundRecord>();
  const lateIds = [...concepts].filter((id) => !byConcept.has(id) && !asked.has(id));
  if (lateIds.length > 0) for (const [k, v] of await fetchRecordsById(client, lateIds, fetchOptions)) byId.set(k, v);
  term.endProgress();
  // Every id asked for now has its answer: a record, its concept's latest version, or none (both searches ran).
  const answered = new Map<string, FoundRecord | null>();
  for (const id of asked) answered.set(id, byId.get(id) ?? byConcept.get(id) ?? null);
  for (const id of concepts) if (!answered.has(id)) answered.set(id, byConcept.get(id) ?? byId.get(id) ?? null);

  const found = new Map<string, FoundRecord>();
  const firstLineOf = new Map<string, number>();
  const unresolved: UnresolvedLine[] = [];
  const duplicates: string[] = [];
  const viaConcept: string[] = [];
  for (const e of entries) {
    const hit = resolve(e, byId, byConcept);
    if ('reason' in hit) {
      unresolved.push({ line: e.line, text: e.text, reason: hit.reason });
      continue;
    }
    const id = hit.found.record.id;
    if (hit.concept) viaConcept.push(`line ${e.line}: concept ${e.key.kind === 'unreadable' ? '' : e.key.id} → ${id}`);
    const first = firstLineOf.get(id);
    if (first !== undefined) {
      duplicates.push(`line ${e.line} = line ${first} (${id})`);
      continue;
    }
    firstLineOf.set(id, e.line);
    found.set(id, hit.found);
  }

  const fileName = path.basename(options.file);
  if (found.size === 0) {
    const why = entries.length === 0 ? 'it names no record' : `none of its ${entries.length} lines found a record: ${describeUnresolved(unresolved)}`;
    throw new NotFoundError(`--records ${options.file}: ${why}`);
  }
  if (unresolved.length > 0) {
    term.warn(`${unresolved.length} of ${entries.length} lines found no record: ${describeUnresolved(unresolved)}`);
  }
  if (viaConcept.length > 0) term.info(`${viaConcept.length} line${viaConcept.length === 1 ? ' names a concept' : 's name concepts'}, listed as the latest version: ${viaConcept.join(', ')}`);
  if (duplicates.length > 0) term.info(`${duplicates.length} line${duplicates.length === 1 ? ' names a record' : 's name records'} listed before, counted once: ${duplicates.join(', ')}`);

  const pageSize = options.pageSize ?? client.maxPageSize;
  const header: SpoolHeader = {
    version: 2,
    community: options.name,
    baseUrl: client.baseUrl,
    allVersions: false,
    pageSize,
    startedAt: new Date(options.startedAt).toISOString(),
  };
  const records = [...found.values()];
  const state: ListingState = {
    total: records.length,
    expected: records.length,
    pages: 1,
    pageCount: 1,
    duplicates: duplicates.length,
    totalChanged: false,
    shortPages: [],
    nextUrl: null,
    nextPage: 2,
    queryPages: 1,
    sliced: null,
  };
  // A list is a few hundred records: a temporary spool, no checkpoint (like a community of under 20 pages).
  const spool = await RecordSpool.create(null, header);
  try {
    await spool.appendPage(
      records.map((f) => f.record),
      state,
      options.keepHits ? records.map((f) => f.hit) : undefined,
    );
  } catch (error) {
    await spool.remove();
    throw error;
  }
  term.info(`${fileName}: ${formatCount(entries.length)} line${entries.length === 1 ? '' : 's'} → ${formatCount(records.length)} record${records.length === 1 ? '' : 's'}`);
  return {
    community: { id: options.name, slug: options.name, metadata: { title: `records listed in ${fileName}` } },
    spool,
    answered,
  };
}

type Resolved = { found: FoundRecord; concept: boolean } | { reason: string };

function resolve(e: RecordListEntry, byId: Map<string, FoundRecord>, byConcept: Map<string, FoundRecord>): Resolved {
  const { key } = e;
  if (key.kind === 'unreadable') return { reason: key.reason };
  if (key.kind === 'id') {
    const record = byId.get(key.id);
    if (record) return { found: record, concept: false };
    const latest = byConcept.get(key.id);
    return latest ? { found: latest, concept: true } : { reason: 'no such record' };
  }
  const latest = byConcept.get(key.id);
  if (latest) return { found: latest, concept: true };
  const record = byId.get(key.id);
  return record ? { found: record, concept: false } : { reason: 'no such concept' };
}

/** `line 12 'https://…' (no such record), line 30 'x' (not a URL: x)`. */
function describeUnresolved(lines: readonly UnresolvedLine[]): string {
  return lines.map((u) => `line ${u.line} '${u.text.length > 80 ? `${u.text.slice(0, 79)}…` : u.text}' (${u.reason})`).join(', ');
}
