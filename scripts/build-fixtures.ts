/**
 * Builds test/fixtures/nfdi4bioimage-community.json: legacy Zenodo JSON records for the `nfdi4bioimage`
 * community, derived from the real public data in ../shared/data (see its README.md and
 * test/fixtures/README.md for provenance, licences, and what is invented here).
 *
 *   node --import tsx scripts/build-fixtures.ts [shared-data-dir]
 *
 * The output is committed; tests never read /work/shared. Everything is deterministic: randomness comes
 * from a PRNG seeded by the record id, so one record's values do not shift when another changes.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { xorshift32 } from '../test/helpers/dataset.js';

// Default: the team's shared data folder beside this checkout (../shared/data).
const sharedDir = process.argv[2] ?? process.env['ZENODO_STATS_SHARED_DATA'] ?? fileURLToPath(new URL('../../shared/data', import.meta.url));
const outFile = fileURLToPath(new URL('../test/fixtures/nfdi4bioimage-community.json', import.meta.url));
const trainingFile = fileURLToPath(new URL('../test/fixtures/nfdi4bioimage-training.json', import.meta.url));
const origin = 'https://zenodo.org';
const community = 'nfdi4bioimage';

/** Date of the newest weekly CSV; the fixture's counters are "as of" this day. */
const statsDate = '2026-08-11';

// --- choices that give the parser something to chew on (documented in test/fixtures/README.md) ---

/** The 2025-12-18 notebook printed 149 records but only its first 5 ids; these 4 fill the gap. They first
 * appear in the weekly CSVs on 2025-12-16 and their ids lie between the 2025-11-20 newest record and the
 * 2025-12-18 first hit, so they were published in that window. Their community membership is a guess. */
const guessedMembers = [17669681, 17671971, 17725097, 17775957];
/** Records served without any `stats` key (the legacy serializer omits keys it cannot fill). */
const noStatsIds = new Set([7394675, 14954254]);
/** Records in the early post-migration shape of the 2023-10-20 captures (file `filename`/`filesize`,
 * bare-hex checksum, `links.download`, integer owner ids, no `swh`). */
const shape2023Ids = new Set([6504208, 6504467, 7082514]);
/** Second community; membership invented. Order differs on purpose (Zenodo does not keep it stable). */
const secondCommunity: Record<number, string[]> = {
  11344132: [community, 'neubias'],
  14848838: ['neubias', community],
  15373555: [community, 'neubias'],
};
/** Titles invented to test CSV quoting and spreadsheet formula injection (records with no curated title). */
const inventedTitles: Record<number, string> = {
  8019760: 'Bioimage data, "FAIR" in practice:\nslides, notes and a reading list',
  10389955: '=HYPERLINK("https://evil.example/","NFDI4BIOIMAGE newsletter")',
  10203284: '@NFDI4BIOIMAGE community call: OMERO, ARC & Galaxy',
};
/** A record whose DOI is external (no Zenodo concept DOI). 10.5555 is Crossref's test prefix. */
const externalDoi: Record<number, string> = { 10687659: '10.5555/nfdi4bioimage-fixture.10687659' };

/** Real legacy records of other communities (or none), from the sample captures, to make the
 * unknown-community trap observable: a search that drops its filter returns these too. */
const outsiderFiles = [
  'zenodo-api-samples/legacy-records-2026-07/3871094_2026-07-23.json',
  'zenodo-api-samples/legacy-records-2026-07/4927605_2026-07-23.json',
  'zenodo-api-samples/legacy-records-2026-07/5244404_2026-07-24.json',
  'zenodo-api-samples/legacy-records-2026-07/7834392_2026-07-24.json',
  'zenodo-api-samples/legacy-records-2026-07/8120771_2026-07-23.json',
  'zenodo-api-samples/legacy-records-2026-07/8173303_2026-07-24.json',
];

/**
 * Known (record id → created) points. `created` is interpolated linearly between them so that a bigger
 * id is always later. Real `created` values from the sample captures, plus YAML `publication_date`s of
 * NFDI4BIOIMAGE records (approximate; checked against the week each id first shows up in the weekly CSVs).
 * Zenodo reserves the id when the draft is made and sets `created` at publication, so real ids are only
 * roughly ordered by `created` (e.g. 11201216 was created 2024-07-16, after 11474407 of 2024-06-04); the
 * fixture deliberately keeps them monotonic.
 */
const createdAnchors: [number, string][] = [
  [3871094, '2020-06-01T04:43:51Z'],
  [4927605, '2021-06-11T17:20:39Z'],
  [5173799, '2021-08-10T05:42:35Z'],
  [5244404, '2021-08-24T13:07:25Z'],
  [7085903, '2022-09-16T12:53:46Z'],
  [7371912, '2022-11-28T11:57:17Z'],
  [7752775, '2023-03-20T13:29:10Z'],
  [7834392, '2023-04-17T12:14:31Z'],
  [8120771, '2023-07-06T14:48:55Z'],
  [8173303, '2023-07-21T22:00:21Z'],
  [8250324, '2023-08-15T16:32:32Z'],
  [10572310, '2024-01-26T10:18:31Z'],
  [10886750, '2024-03-27T14:50:11Z'],
  [11474407, '2024-06-04T15:58:22Z'],
  [13379394, '2024-08-27T13:21:19Z'],
  [14014252, '2024-10-30T14:51:34Z'],
  [15353569, '2025-05-07T12:30:10Z'],
  [16396219, '2025-07-24T12:38:44Z'],
  [17085991, '2025-09-09T17:22:51Z'],
  [17372593, '2025-10-16T07:28:57Z'],
  // First row of the 2025-11-20 notebook output (commit 2025-11-20 13:50 +0100).
  [17659149, '2025-11-20T08:47:12Z'],
  [17897525, '2025-12-11T17:25:39Z'],
  [18378649, '2026-01-28T13:57:45Z'],
  [21402213, '2026-07-16T16:29:16Z'],
];

// --- tiny readers ---------------------------------------------------------------------------------

/** RFC 4180 CSV with LF line ends (all files here use LF, per shared/data/README.md). */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== '');
  if (!header) return [];
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

type YamlValue = string | string[];

/**
 * Reads nfdi4bioimage.yml, which PyYAML wrote in block style: `resources:` then `- key: value` entries,
 * `  key:` followed by `  - item` lists at the same indent, and long scalars folded onto lines indented
 * by 4. Scalars are plain, 'single-quoted' ('' escapes) or "double-quoted" (backslash escapes). Nothing
 * else (anchors, block scalars, flow collections) occurs in the file, so nothing else is supported.
 */
export function parseResourceYaml(text: string): Record<string, YamlValue>[] {
  const entries: Record<string, YamlValue>[] = [];
  let entry: Record<string, YamlValue> | undefined;
  let key = '';
  let pieces: string[] | undefined;
  let target: 'value' | 'item' = 'value';

  const flush = () => {
    if (!entry || !pieces) return;
    const value = foldScalar(pieces);
    // A plain `null` (PyYAML's rendering of None) means "no value"; a quoted 'null' would be text.
    const isNull = pieces.length === 1 && (pieces[0] === 'null' || pieces[0] === '~');
    pieces = undefined;
    if (isNull) return;
    if (target === 'item') {
      const list = entry[key];
      if (Array.isArray(list)) list.push(value);
    } else entry[key] = value;
  };
  const startKey = (rest: string) => {
    const m = /^([^:]+):(?: (.*))?$/.exec(rest);
    if (!m || !entry) throw new Error(`unexpected YAML line: ${rest}`);
    key = m[1] ?? '';
    if (m[2] === undefined || m[2] === '') entry[key] = [];
    else {
      target = 'value';
      pieces = [m[2]];
    }
  };

  for (const line of text.split('\n')) {
    if (line === 'resources:') continue;
    if (line.startsWith('- ')) {
      flush();
      entry = {};
      entries.push(entry);
      startKey(line.slice(2));
    } else if (line.startsWith('  - ')) {
      flush();
      target = 'item';
      pieces = [line.slice(4)];
    } else if (/^ {2}\S/.test(line)) {
      flush();
      startKey(line.slice(2));
    } else if (pieces) pieces.push(line.trim());
  }
  flush();
  return entries;
}

/** YAML flow folding: a single line break is a space, each empty line a newline. Then unquote. */
function foldScalar(lines: string[]): string {
  const first = lines[0] ?? '';
  const doubleQuoted = first.startsWith('"');
  let out = first;
  let empties = 0;
  for (const line of lines.slice(1)) {
    if (line === '') {
      empties++;
      continue;
    }
    if (empties > 0) out += '\n'.repeat(empties);
    else if (doubleQuoted && out.endsWith('\\')) out = out.slice(0, -1);
    else out += ' ';
    out += line;
    empties = 0;
  }
  if (first.startsWith("'")) return out.slice(1, -1).replaceAll("''", "'");
  if (doubleQuoted) return unescapeDoubleQuoted(out.slice(1, -1));
  return out.trim();
}

function unescapeDoubleQuoted(s: string): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '/': '/', ' ': ' ', '0': '\0', _: '\u00a0', N: '\u0085' };
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_m, e: string) => {
    if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    return simple[e] ?? e;
  });
}

// --- deterministic randomness ---------------------------------------------------------------------

function hashHex(text: string, algorithm: 'md5' | 'sha1' = 'md5'): string {
  return createHash(algorithm).update(text).digest('hex');
}

/** xorshift32 seeded from a hash of the label: cheap, deterministic, good enough for fake numbers. */
function rngFor(label: string): () => number {
  return xorshift32(parseInt(hashHex(label).slice(0, 8), 16) || 1);
}

function uuidFrom(label: string): string {
  const h = hashHex(label, 'sha1');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// --- reading the shared data ----------------------------------------------------------------------

interface WeeklyRow {
  file: string;
  authors: string;
  counters: Counters;
}

interface Counters {
  downloads: number;
  unique_downloads: number;
  views: number;
  unique_views: number;
  version_downloads: number;
  version_unique_downloads: number;
  version_unique_views: number;
  version_views: number;
}

const counterKeys = [
  'downloads',
  'unique_downloads',
  'views',
  'unique_views',
  'version_downloads',
  'version_unique_downloads',
  'version_unique_views',
  'version_views',
] as const;

function recordIdOf(url: string): number | undefined {
  const m = /zenodo\.org\/(?:records?\/|doi\/10\.5281\/zenodo\.)(\d+)/.exec(url) ?? /doi\.org\/10\.5281\/zenodo\.(\d+)/.exec(url);
  return m?.[1] ? Number(m[1]) : undefined;
}

/** The newest weekly row of every record id (read by header name: the last two columns are swapped). */
function readWeekly(): { latest: Map<number, WeeklyRow>; lastFile: Map<number, WeeklyRow> } {
  const dir = join(sharedDir, 'nfdi4bioimage-weekly');
  const files = readdirSync(dir).filter((f) => /^\d{8}\.csv$/.test(f)).sort();
  const latest = new Map<number, WeeklyRow>();
  let lastFile = new Map<number, WeeklyRow>();
  for (const file of files) {
    const rows = new Map<number, WeeklyRow>();
    for (const r of parseCsv(readFileSync(join(dir, file), 'utf8'))) {
      const id = recordIdOf(r['url'] ?? '');
      if (id === undefined) continue;
      const counters = Object.fromEntries(counterKeys.map((k) => [k, Number(r[k])])) as unknown as Counters;
      const row = { file, authors: (r['authors'] ?? '').replace(/^"|"$/g, ''), counters };
      rows.set(id, row);
      latest.set(id, row);
    }
    if (rows.size > 0) lastFile = rows;
  }
  return { latest, lastFile };
}

interface Resource {
  name?: string;
  authors: string[];
  orcids: Map<string, string>;
  license?: string;
  tags: string[];
  type?: string;
  description?: string;
  publicationDate?: string;
  fileFormats?: string;
}

function asList(v: YamlValue | undefined): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

function readResources(): Map<number, Resource> {
  const text = readFileSync(join(sharedDir, 'nfdi4bioimage-resources', 'nfdi4bioimage.yml'), 'utf8');
  const byId = new Map<number, Resource>();
  for (const e of parseResourceYaml(text)) {
    const orcids = new Map<string, string>();
    for (const a of asList(e['authors_with_orcid'])) {
      const m = /^(.*?)\s+https:\/\/orcid\.org\/(\S+)$/.exec(a);
      if (m?.[1] && m[2]) orcids.set(nameKey(m[1]), m[2]);
    }
    const resource: Resource = { authors: asList(e['authors']), orcids, tags: asList(e['tags']) };
    const name = e['name'];
    if (typeof name === 'string') resource.name = name;
    const license = e['license'];
    if (typeof license === 'string') resource.license = license;
    const type = asList(e['type'])[0];
    if (type) resource.type = type;
    const description = e['description'];
    if (typeof description === 'string' && description.trim()) resource.description = description;
    const date = e['publication_date'] ?? e['publication date'];
    if (typeof date === 'string') resource.publicationDate = date;
    const formats = e['file_formats'];
    if (typeof formats === 'string') resource.fileFormats = formats;
    for (const url of asList(e['url'])) {
      const id = recordIdOf(url);
      if (id !== undefined && !byId.has(id)) byId.set(id, resource);
    }
  }
  return byId;
}

/** "Family, Given" and "Given Family" give the same key. */
function nameKey(name: string): string {
  return name
    .toLowerCase()
    .split(/[\s,.]+/)
    .filter(Boolean)
    .sort()
    .join(' ');
}

// --- concepts and versions ------------------------------------------------------------------------

interface Concept {
  conceptrecid: string;
  /** Version record ids, oldest first; the last one is the latest. */
  versions: number[];
}

/**
 * In the newest weekly CSV, rows with identical all-version counters belong to one concept
 * (shared/data/README.md). Two cases occur: a row whose `version_*` counters equal another row's is the
 * concept id itself (the curated list has both the concept DOI and the record; /api/records/<concept id>
 * answers the latest version), otherwise the rows are separate versions.
 */
function findConcepts(lastFile: Map<number, WeeklyRow>): Concept[] {
  const groups = new Map<string, number[]>();
  for (const [id, row] of lastFile) {
    const c = row.counters;
    const key = [c.downloads, c.unique_downloads, c.views, c.unique_views].join('/');
    groups.set(key, [...(groups.get(key) ?? []), id]);
  }
  const concepts: Concept[] = [];
  for (const ids of groups.values()) {
    if (ids.length < 2) continue;
    ids.sort((a, b) => a - b);
    const versionKey = (id: number) => {
      const c = lastFile.get(id)?.counters;
      return c ? counterKeys.slice(4).map((k) => c[k]).join('/') : '';
    };
    const aliases = new Set<number>();
    for (const id of ids) if (ids.some((other) => other > id && versionKey(other) === versionKey(id))) aliases.add(id);
    const versions = ids.filter((id) => !aliases.has(id));
    const alias = [...aliases][0];
    const first = versions[0];
    if (first === undefined) continue;
    concepts.push({ conceptrecid: String(alias ?? first - 1), versions });
  }
  return concepts;
}

// --- building records -----------------------------------------------------------------------------

function createdFor(id: number): string {
  const points = createdAnchors.map(([i, d]) => [i, Date.parse(d)] as const);
  let k = points.findIndex(([i]) => i >= id);
  if (k <= 0) k = k === 0 ? 1 : points.length - 1;
  const [i0, t0] = points[k - 1] ?? [0, 0];
  const [i1, t1] = points[k] ?? [1, 0];
  const ms = t0 + ((id - i0) * (t1 - t0)) / (i1 - i0);
  return isoWithMicros(ms, rngFor(`created:${id}`));
}

/** Zenodo's timestamps: microseconds and an explicit +00:00 offset. Whole seconds come from the clock
 * value; neighbouring records are always more than a second apart, so order is kept. */
function isoWithMicros(ms: number, random: () => number): string {
  const seconds = new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
  return `${seconds}.${String(Math.floor(random() * 1_000_000)).padStart(6, '0')}+00:00`;
}

function addDays(iso: string, days: number, capDate: string): string {
  const t = Math.min(Date.parse(iso) + days * 86_400_000, Date.parse(`${capDate}T06:00:00Z`));
  return isoWithMicros(t, rngFor(`updated:${iso}`));
}

/** Resource types: legacy `{type, subtype, title}` from the RDM vocabulary (zenodojson ResourceTypeSchema). */
const resourceTypes: Record<string, [string, string | undefined, string]> = {
  slides: ['presentation', undefined, 'Presentation'],
  presentation: ['presentation', undefined, 'Presentation'],
  poster: ['poster', undefined, 'Poster'],
  data: ['dataset', undefined, 'Dataset'],
  video: ['video', undefined, 'Video/Audio'],
  publication: ['publication', 'article', 'Journal article'],
  preprint: ['publication', 'preprint', 'Preprint'],
  book: ['publication', 'book', 'Book'],
  document: ['publication', 'report', 'Report'],
  documentation: ['publication', 'softwaredocumentation', 'Software documentation'],
  notebook: ['software', undefined, 'Software'],
  code: ['software', undefined, 'Software'],
  'github repository': ['software', undefined, 'Software'],
  application: ['software', undefined, 'Software'],
  workflow: ['workflow', undefined, 'Workflow'],
  tutorial: ['lesson', undefined, 'Lesson'],
  'online tutorial': ['lesson', undefined, 'Lesson'],
  workshop: ['lesson', undefined, 'Lesson'],
  collection: ['other', undefined, 'Other'],
};

/** The curated list gives a `type` for only a quarter of its Zenodo entries; otherwise guess from the
 * title and file formats, as a person filing the upload would have chosen. */
function resourceTypeFor(resource: Resource | undefined, title: string, random: () => number): Record<string, string> {
  const formats = resource?.fileFormats ?? '';
  let type = resource?.type?.toLowerCase();
  if (!type || !resourceTypes[type]) {
    if (/poster/i.test(title)) type = 'poster';
    else if (/\.pptx|slides|lecture|talk|presentation|workshop|course/i.test(`${formats} ${title}`)) type = 'slides';
    else if (/\.(zip|tiff?|czi|h5|csv|ome)/i.test(formats) || /data ?set/i.test(title)) type = 'data';
    else if (/report|white ?paper|guide|handbook/i.test(title)) type = 'document';
    else type = ['slides', 'slides', 'publication', 'data', 'poster'][Math.floor(random() * 5)] ?? 'slides';
  }
  const [t, subtype, name] = resourceTypes[type] ?? ['other', undefined, 'Other'];
  return subtype ? { title: name, type: t, subtype } : { title: name, type: t };
}

/** Legacy licence ids are lower-case RDM ids (SHAPES.md); unknown or missing → Zenodo's default cc-by-4.0. */
function licenseFor(raw: string | undefined): string {
  const l = (raw ?? '').trim().toLowerCase();
  if (!l || l === 'unknown' || l.startsWith('cc-by-4.0') || l.startsWith('creative commons attribution 4.0')) return 'cc-by-4.0';
  if (l.startsWith('mit')) return 'mit';
  if (l.startsWith('bsd 3') || l === 'bsd-3-clause') return 'bsd-3-clause';
  if (l.startsWith('apache')) return 'apache-2.0';
  if (l === 'cc-zero' || l === 'cc0-1.0') return 'cc0-1.0';
  if (l.startsWith('gnu general public license v3')) return 'gpl-3.0-only';
  return l.replace(/\s+/g, '-');
}

function publicationDateFor(raw: string | undefined, created: string): string {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(raw ?? '');
  if (m?.[1] && Number(m[1]) > 1990 && Number(m[1]) <= 2026) return `${m[1]}-${m[2] ?? '01'}-${m[3] ?? '01'}`;
  return created.slice(0, 10);
}

function shortDescription(raw: string | undefined, title: string): string {
  const text = (raw ?? `${title}. Training material shared in the NFDI4BIOIMAGE community.`).replace(/\s+/g, ' ').trim();
  const cut = text.length > 240 ? `${text.slice(0, text.lastIndexOf(' ', 240))} …` : text;
  return `<p>${cut}</p>`;
}

function creatorsFor(names: string[], resource: Resource | undefined, shape2023: boolean): Record<string, string | null>[] {
  return names.map((name) => {
    const creator: Record<string, string | null> = { name };
    if (shape2023) creator['affiliation'] = null;
    const orcid = resource?.orcids.get(nameKey(name));
    if (orcid) creator['orcid'] = orcid;
    return creator;
  });
}

function filesFor(id: number, title: string, resource: Resource | undefined, type: string, shape2023: boolean, random: () => number) {
  const fromYaml = (resource?.fileFormats ?? '').match(/\.[a-z0-9]+/gi) ?? [];
  const byType: Record<string, string[]> = { presentation: ['.pdf', '.pptx'], dataset: ['.zip', '.csv'], software: ['.zip'], video: ['.mp4'], poster: ['.pdf'] };
  const exts = fromYaml.length > 0 ? fromYaml : (byType[type] ?? ['.pdf']);
  const stem = title.normalize('NFKD').replace(/[^\w]+/g, '_').replace(/^_|_$/g, '').slice(0, 40) || `record_${id}`;
  const count = Math.min(exts.length, 1 + Math.floor(random() * 3));
  return exts.slice(0, count).map((ext) => {
    const key = `${stem}${ext.toLowerCase()}`;
    const size = Math.round(10 ** (4 + random() * 4.5));
    const md5 = hashHex(`${id}/${key}`);
    const base = `${origin}/api/records/${id}/files/${key}`;
    return shape2023
      ? { id: uuidFrom(`file:${id}:${key}`), filename: key, filesize: size, checksum: md5, links: { self: base, download: `${base}/content` } }
      : { id: uuidFrom(`file:${id}:${key}`), key, size, checksum: `md5:${md5}`, links: { self: `${base}/content` } };
  });
}

function linksFor(id: number, doi: string, concept: string, conceptDoi: string | undefined, shape2023: boolean): Record<string, string> {
  const api = `${origin}/api/records/${id}`;
  const links: Record<string, string> = { self: api, self_html: `${origin}/records/${id}` };
  if (!shape2023) links['preview_html'] = `${origin}/records/${id}?preview=1`;
  links['doi'] = `https://doi.org/${doi}`;
  // links.self_doi moved from the zenodo.org/doi form (2023-10 captures) to doi.org (2024 on), SHAPES.md.
  links['self_doi'] = shape2023 ? `${origin}/doi/${doi}` : `https://doi.org/${doi}`;
  if (!shape2023 && doi.startsWith('10.5281/')) links['self_doi_html'] = `${origin}/doi/${doi}`;
  links['parent'] = `${origin}/api/records/${concept}`;
  links['parent_html'] = `${origin}/records/${concept}`;
  if (conceptDoi) {
    links['parent_doi'] = shape2023 ? `${origin}/doi/${conceptDoi}` : `https://doi.org/${conceptDoi}`;
    if (!shape2023) links['parent_doi_html'] = `${origin}/doi/${conceptDoi}`;
  }
  Object.assign(links, {
    files: `${api}/files`,
    archive: `${api}/files-archive`,
    latest: `${api}/versions/latest`,
    latest_html: `${origin}/records/${id}/latest`,
    versions: `${api}/versions`,
    draft: `${api}/draft`,
    access: `${api}/access`,
    communities: `${api}/communities`,
    requests: `${api}/requests`,
  });
  return links;
}

/** Counters for records missing from the weekly CSVs, scaled from the community CSV's `downloads`
 * (all versions, 2025-11-20). Single-version concepts, so `version_*` equal the plain fields. */
function derivedCounters(id: number, downloads: number): Counters {
  const random = rngFor(`stats:${id}`);
  const uniqueDownloads = Math.round(downloads * (0.7 + 0.2 * random()));
  const views = Math.round(downloads * (0.8 + 1.7 * random())) + 5 + Math.floor(random() * 40);
  const uniqueViews = Math.round(views * (0.75 + 0.17 * random()));
  return {
    downloads,
    unique_downloads: uniqueDownloads,
    views,
    unique_views: uniqueViews,
    version_downloads: downloads,
    version_unique_downloads: uniqueDownloads,
    version_unique_views: uniqueViews,
    version_views: views,
  };
}

interface Source {
  id: number;
  creators: string[];
  counters: Counters | undefined;
  communities: string[];
}

function buildRecord(src: Source, concept: Concept | undefined, resources: Map<number, Resource>): Record<string, unknown> {
  const { id } = src;
  const random = rngFor(`record:${id}`);
  const shape2023 = shape2023Ids.has(id);
  const versions = concept?.versions ?? [id];
  const index = versions.indexOf(id);
  const latestId = versions[versions.length - 1] ?? id;
  const conceptrecid = concept?.conceptrecid ?? String(id - 1);
  // Type, keywords and licence are per concept in practice, so older versions take the latest one's.
  const conceptResource = resources.get(latestId) ?? resources.get(id);
  const resource = resources.get(id) ?? conceptResource;
  const title = inventedTitles[id] ?? resource?.name ?? `Record ${id}`;
  const external = externalDoi[id];
  const doi = external ?? `10.5281/zenodo.${id}`;
  const conceptDoi = external ? undefined : `10.5281/zenodo.${conceptrecid}`;
  const created = createdFor(id);
  const updated = addDays(created, random() * 60, statsDate);
  const type = resourceTypeFor(conceptResource, resources.get(latestId)?.name ?? title, rngFor(`type:${latestId}`));

  const metadata: Record<string, unknown> = {
    title,
    doi,
    publication_date: publicationDateFor(resources.get(id)?.publicationDate, created),
    description: shortDescription(resource?.description, title),
    access_right: 'open',
    creators: creatorsFor(src.creators, resource, shape2023),
  };
  const keywords = conceptResource?.tags.filter((t) => t !== 'include in DALIA') ?? [];
  if (keywords.length > 0) metadata['keywords'] = keywords;
  if (versions.length > 1) metadata['version'] = `v${index + 1}`;
  metadata['resource_type'] = type;
  metadata['license'] = { id: licenseFor(conceptResource?.license) };
  metadata['communities'] = src.communities.map((c) => ({ id: c }));
  metadata['relations'] = {
    version: [{ index, is_last: id === latestId, parent: { pid_type: 'recid', pid_value: conceptrecid } }],
  };

  const record: Record<string, unknown> = { created, modified: updated, id, conceptrecid, doi };
  if (conceptDoi) record['conceptdoi'] = conceptDoi;
  record['doi_url'] = `https://doi.org/${doi}`;
  record['metadata'] = metadata;
  record['title'] = title;
  record['links'] = linksFor(id, doi, conceptrecid, conceptDoi, shape2023);
  record['updated'] = updated;
  record['recid'] = String(id);
  record['revision'] = 2 + Math.floor(random() * 8);
  record['files'] = filesFor(id, title, resource, String(type['type']), shape2023, random);
  if (!shape2023) record['swh'] = {};
  // Same owner for every version of a concept; ints in 2023-10 captures, strings since (SHAPES.md).
  const owner = 100000 + (parseInt(hashHex(`owner:${src.creators[0] ?? conceptrecid}`).slice(0, 6), 16) % 1_400_000);
  record['owners'] = [{ id: shape2023 ? owner : String(owner) }];
  record['status'] = 'published';
  if (src.counters && !noStatsIds.has(id)) record['stats'] = { ...src.counters };
  record['state'] = 'done';
  record['submitted'] = true;
  return record;
}

/** A real captured record, trimmed: short description, no thumbnails/IIIF links, at most 3 files. */
function readOutsider(file: string): Record<string, unknown> {
  const record = JSON.parse(readFileSync(join(sharedDir, file), 'utf8')) as Record<string, unknown>;
  const metadata = record['metadata'] as Record<string, unknown>;
  metadata['description'] = shortDescription(String(metadata['description']).replace(/<[^>]+>/g, ' '), String(metadata['title']));
  delete metadata['notes'];
  const links = record['links'] as Record<string, unknown>;
  for (const k of Object.keys(links)) if (k === 'thumbnails' || k.includes('iiif')) delete links[k];
  record['files'] = (record['files'] as unknown[]).slice(0, 3);
  return record;
}

// --- main -----------------------------------------------------------------------------------------

function main(): void {
  const communityRows = parseCsv(readFileSync(join(sharedDir, 'nfdi4bioimage-community', 'community-records-20251120.csv'), 'utf8'));
  const snapshotRows = parseCsv(readFileSync(join(sharedDir, 'nfdi4bioimage-community', 'community-first-page-snapshots.csv'), 'utf8'));
  const { latest: weekly, lastFile } = readWeekly();
  const resources = readResources();

  const members = new Map<number, Source>();
  for (const r of communityRows) {
    const id = Number(r['record_id']);
    const counters = weekly.get(id)?.counters ?? derivedCounters(id, Number(r['downloads']));
    members.set(id, { id, creators: (r['authors'] ?? '').split('; '), counters, communities: secondCommunity[id] ?? [community] });
  }
  const lateIds = snapshotRows.filter((r) => r['commit_date'] === '2025-12-18').map((r) => Number(r['record_id']));
  for (const id of [...lateIds, ...guessedMembers]) {
    if (members.has(id)) continue;
    const row = weekly.get(id);
    if (!row) throw new Error(`record ${id} is in no weekly CSV`);
    members.set(id, { id, creators: row.authors.split(' and '), counters: row.counters, communities: [community] });
  }
  if (members.size !== 149) throw new Error(`expected 149 community records, got ${members.size}`);

  const conceptOf = new Map<number, Concept>();
  for (const concept of findConcepts(lastFile)) {
    const latestId = concept.versions[concept.versions.length - 1];
    if (latestId === undefined) continue;
    const member = members.get(latestId);
    // Only concepts whose latest version is a community member; earlier versions are never the latest.
    if (!member) continue;
    if (concept.versions.slice(0, -1).some((v) => members.has(v))) throw new Error(`old version listed as latest: ${concept.versions}`);
    for (const v of concept.versions) conceptOf.set(v, concept);
  }

  const sources: Source[] = [...members.values()];
  for (const [id, concept] of conceptOf) {
    if (members.has(id)) continue;
    const row = weekly.get(id);
    const latest = members.get(concept.versions[concept.versions.length - 1] ?? -1);
    if (!row || !latest) continue;
    sources.push({ id, creators: row.authors.split(' and '), counters: row.counters, communities: latest.communities });
  }

  const records = sources.sort((a, b) => b.id - a.id).map((s) => buildRecord(s, conceptOf.get(s.id), resources));
  const outsiders = outsiderFiles.map(readOutsider);
  const all = [...records, ...outsiders].sort((a, b) => Number(b['id']) - Number(a['id']));
  checkConsistency(all);

  const slugs = [...new Set(all.flatMap((r) => ((r['metadata'] as Record<string, unknown>)['communities'] as { id: string }[] | undefined)?.map((c) => c.id) ?? []))].sort();
  const titles: Record<string, string> = { nfdi4bioimage: 'NFDI4BIOIMAGE', neubias: 'NEUBIAS' };
  const communities = slugs.map((slug) => ({ id: uuidFrom(`community:${slug}`), slug, title: titles[slug] ?? slug }));

  const header = {
    _source:
      `Derived by scripts/build-fixtures.ts from public data of NFDI4BIOIMAGE/training (CC BY 4.0, ` +
      `https://github.com/NFDI4BIOIMAGE/training: download_statistics/*.csv, resources/nfdi4bioimage.yml, notebook outputs) ` +
      `and, for the ${outsiders.length} records outside the community, real Zenodo API responses captured in the test cassettes of ` +
      `front-matter/commonmeta-py (MIT). Licensed CC BY 4.0: attribute NFDI4BIOIMAGE/training. Some values are invented: see test/fixtures/README.md.`,
    _statsAsOf: statsDate,
    communities,
  };
  const head = JSON.stringify(header, null, 2).replace(/\n}$/, '');
  const body = all.map((r) => `    ${JSON.stringify(r)}`).join(',\n');
  writeFileSync(outFile, `${head},\n  "records": [\n${body}\n  ]\n}\n`);

  const latest = all.filter((r) => isLatest(r) && inCommunity(r));
  const sum = latest.reduce((s, r) => s + Number((r['stats'] as Counters | undefined)?.downloads ?? 0), 0);
  console.log(
    `wrote ${outFile}: ${all.length} records, ${latest.length} latest in ${community}, ` +
      `${all.filter(inCommunity).length} with all versions, sum downloads (latest) ${sum}, ` +
      `no stats: ${all.filter((r) => !('stats' in r)).map((r) => r['id'])}`,
  );
  writeTrainingFixture(lastFile, members, resources);
  const multi = [...new Set(conceptOf.values())].filter((c) => c.versions.length > 1).map((c) => `${c.conceptrecid}: ${c.versions.join(' < ')}`);
  console.log(`concepts with several versions:\n  ${multi.join('\n  ')}`);
}

/**
 * test/fixtures/nfdi4bioimage-training.json: a record for every id of the newest weekly CSV (the curated list
 * NFDI4BIOIMAGE tracks), with that CSV's counters and the curated list's titles, types, tags and dates; ids that
 * the CSV lists as a concept (its concept DOI) are the concept of the record they duplicate, not records. Lean:
 * no files, owners or description, and only the links a listing reads. Community members keep their community; the rest are in none.
 */
function writeTrainingFixture(lastFile: Map<number, WeeklyRow>, members: Map<number, Source>, resources: Map<number, Resource>): void {
  const conceptOf = new Map<number, Concept>();
  for (const concept of findConcepts(lastFile)) for (const v of concept.versions) conceptOf.set(v, concept);
  const aliases = new Set([...conceptOf.values()].map((c) => Number(c.conceptrecid)).filter((id) => lastFile.has(id)));
  const records = [...lastFile]
    .filter(([id]) => !aliases.has(id))
    .sort(([a], [b]) => b - a)
    .map(([id, row]) => {
      const record = buildRecord({ id, creators: row.authors.split(' and '), counters: row.counters, communities: members.get(id)?.communities ?? [] }, conceptOf.get(id), resources);
      // Every record here has the CSV's counters (the community fixture's invented "no stats" cases do not apply).
      record['stats'] = { ...row.counters };
      delete record['files'];
      delete record['owners'];
      delete (record['metadata'] as Record<string, unknown>)['description'];
      const links = record['links'] as Record<string, unknown>;
      record['links'] = Object.fromEntries(['self', 'self_html', 'doi', 'parent_doi', 'latest_html'].filter((k) => k in links).map((k) => [k, links[k]]));
      return record;
    });
  checkConsistency(records);
  const header = {
    _source:
      `Derived by scripts/build-fixtures.ts from public data of NFDI4BIOIMAGE/training (CC BY 4.0, https://github.com/NFDI4BIOIMAGE/training: ` +
      `download_statistics/${statsDate.replaceAll('-', '')}.csv, resources/nfdi4bioimage.yml). Licensed CC BY 4.0: attribute NFDI4BIOIMAGE/training. ` +
      `Some values are invented: see test/fixtures/README.md.`,
    _statsAsOf: statsDate,
    _conceptIdsInList: [...aliases].sort((a, b) => a - b),
  };
  const head = JSON.stringify(header, null, 2).replace(/\n}$/, '');
  writeFileSync(trainingFile, `${head},\n  "records": [\n${records.map((r) => `    ${JSON.stringify(r)}`).join(',\n')}\n  ]\n}\n`);
  console.log(`wrote ${trainingFile}: ${records.length} records for ${lastFile.size} rows (${aliases.size} rows are concept ids)`);
}

function isLatest(r: Record<string, unknown>): boolean {
  const rel = (r['metadata'] as { relations?: { version?: { is_last?: boolean }[] } }).relations;
  return rel?.version?.[0]?.is_last === true;
}

function inCommunity(r: Record<string, unknown>): boolean {
  const cs = (r['metadata'] as { communities?: { id: string }[] }).communities ?? [];
  return cs.some((c) => c.id === community);
}

/** Invariants a test could otherwise trip over: unique ids, ids never used as concept ids, created order,
 * version counters within their all-version totals, unique counts within totals. */
function checkConsistency(records: Record<string, unknown>[]): void {
  const ids = new Set(records.map((r) => Number(r['id'])));
  if (ids.size !== records.length) throw new Error('duplicate record id');
  const byConcept = new Map<string, Record<string, unknown>[]>();
  for (const r of records) {
    const concept = String(r['conceptrecid']);
    if (ids.has(Number(concept))) throw new Error(`concept id ${concept} is also a record id`);
    byConcept.set(concept, [...(byConcept.get(concept) ?? []), r]);
    const s = r['stats'] as Counters | undefined;
    if (!s) continue;
    const ok =
      s.version_downloads <= s.downloads &&
      s.version_views <= s.views &&
      s.unique_downloads <= s.downloads &&
      s.unique_views <= s.views &&
      s.version_unique_downloads <= s.version_downloads &&
      s.version_unique_views <= s.version_views;
    if (!ok) throw new Error(`inconsistent stats on ${String(r['id'])}`);
  }
  for (const [concept, versions] of byConcept) {
    if (versions.filter(isLatest).length !== 1) throw new Error(`concept ${concept} needs exactly one latest version`);
  }
  const sorted = [...records].sort((a, b) => Number(a['id']) - Number(b['id']));
  for (let i = 1; i < sorted.length; i++) {
    if (String(sorted[i]?.['created']) <= String(sorted[i - 1]?.['created'])) throw new Error(`created not increasing at ${String(sorted[i]?.['id'])}`);
  }
}

// Run only as a script, so the readers above can be imported to check them.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
