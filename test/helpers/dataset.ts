/**
 * Test data in Zenodo's legacy JSON format: the committed NFDI4BIOIMAGE fixture (real data, see
 * test/fixtures/README.md) and seeded synthetic records for benchmarks and the 10 000-result window.
 */
import { readFileSync } from 'node:fs';
import type { FakeCommunity } from './fake-zenodo.js';

/** `metadata.relations.version[0]` of a legacy record (SHAPES.md, "Legacy record"). */
export interface LegacyVersionRelation {
  index: number;
  is_last: boolean;
  parent: { pid_type: string; pid_value: string };
}

export type LegacyMetadata = Record<string, unknown> & {
  title: string;
  /** Absent when the record is in no community; order not stable on zenodo.org. */
  communities?: { id: string }[];
  relations?: { version?: LegacyVersionRelation[] };
};

/**
 * One record as `GET /api/records/{id}` or a search hit returns it in the legacy format. Only the
 * fields the fake server relies on are typed; everything else stays `unknown`, as it comes off the wire.
 */
export type LegacyRecord = Record<string, unknown> & {
  id: number;
  conceptrecid: string;
  created: string;
  recid: string;
  metadata: LegacyMetadata;
  links: Record<string, unknown>;
  /** Absent on some records: the legacy serializer drops keys it cannot fill. */
  stats?: Record<string, unknown>;
};

export interface FixtureDataset {
  /** Every community referenced by a record (`nfdi4bioimage`, `neubias`, and those of the outsiders). */
  communities: FakeCommunity[];
  /** All versions, newest id first; the fake server applies latest-only filtering itself. */
  records: LegacyRecord[];
}

const fixtureUrl = new URL('../fixtures/nfdi4bioimage-community.json', import.meta.url);

/**
 * Reads test/fixtures/nfdi4bioimage-community.json (fresh objects on every call, so tests may mutate them).
 *
 * @example
 * const { records, communities } = loadCommunityFixture();
 * const server = await startFakeZenodo({ records, communities });
 */
export function loadCommunityFixture(): FixtureDataset {
  const data = JSON.parse(readFileSync(fixtureUrl, 'utf8')) as { communities?: unknown; records?: unknown };
  if (!Array.isArray(data.communities) || !Array.isArray(data.records)) {
    throw new Error(`${fixtureUrl.pathname}: expected "communities" and "records" arrays`);
  }
  return { communities: data.communities as FakeCommunity[], records: data.records as LegacyRecord[] };
}

export interface SyntheticRecordsOptions {
  /** Community slug of every record. Default `synthetic`. */
  community?: string;
  /** PRNG seed; the same seed gives the same records. Default 1. */
  seed?: number;
  /**
   * When k > 0, every k-th record (index k-1, 2k-1, …) is a newer version of the record before it, which
   * then stops being the latest. `n` counts all versions, so a latest-only listing has
   * `n - Math.floor(n / k)` records. Default 0 (every record is its own concept).
   */
  versionsEvery?: number;
}

/** First synthetic `created`; records are spread over ten years from here, in id order. */
const syntheticStart = Date.parse('2016-01-01T00:00:00Z');
const syntheticSpanMs = 10 * 365 * 86_400_000;

/**
 * Deterministic lean legacy records (same shape as the fixture, fewer fields) for benchmarks and large
 * listings. Ids are `20_000_001 + 3i`, so concept ids (first version id − 1) never collide with record ids;
 * `created` grows with the id, 2016 → 2026. Records are returned newest first, like the fixture.
 *
 * @example
 * const records = makeSyntheticRecords(10_050);           // 10 050 latest versions
 * const versioned = makeSyntheticRecords(300, { versionsEvery: 3 }); // 200 latest, 300 with all versions
 */
export function makeSyntheticRecords(n: number, options: SyntheticRecordsOptions = {}): LegacyRecord[] {
  const { community = 'synthetic', seed = 1, versionsEvery = 0 } = options;
  const random = seededRandom(seed);
  const origin = 'https://zenodo.org';
  const records: LegacyRecord[] = [];
  let conceptFirst = 0;
  let conceptStats = { downloads: 0, unique_downloads: 0, views: 0, unique_views: 0 };
  let index = 0;

  for (let i = 0; i < n; i++) {
    const id = 20_000_001 + 3 * i;
    const newVersion = versionsEvery > 0 && i > 0 && (i + 1) % versionsEvery === 0;
    if (newVersion) {
      index++;
      const previous = records[records.length - 1];
      const relation = previous?.metadata.relations?.version?.[0];
      if (relation) relation.is_last = false;
    } else {
      conceptFirst = id;
      index = 0;
      const downloads = Math.floor(random() ** 3 * 20_000);
      const views = downloads + Math.floor(random() * 5_000);
      conceptStats = {
        downloads,
        unique_downloads: Math.floor(downloads * (0.7 + 0.25 * random())),
        views,
        unique_views: Math.floor(views * (0.7 + 0.25 * random())),
      };
    }
    const conceptrecid = String(conceptFirst - 1);
    // Keeps the sum of version_* within the all-version totals (k = 1 puts all n records in one concept).
    const share = versionsEvery === 1 ? 1 / n : versionsEvery > 0 ? 0.5 : 1;
    const versionDownloads = Math.floor(conceptStats.downloads * share * random());
    const versionViews = Math.floor(conceptStats.views * share * random());
    const iso = new Date(syntheticStart + Math.floor((i + random()) * (syntheticSpanMs / Math.max(n, 1)))).toISOString();
    const created = iso.replace('Z', '000+00:00');
    const doi = `10.5281/zenodo.${id}`;
    const title = `Synthetic record ${i + 1}`;
    records.push({
      created,
      modified: created,
      id,
      conceptrecid,
      doi,
      conceptdoi: `10.5281/zenodo.${conceptrecid}`,
      doi_url: `https://doi.org/${doi}`,
      metadata: {
        title,
        doi,
        publication_date: iso.slice(0, 10),
        description: `<p>${title}.</p>`,
        access_right: 'open',
        creators: [{ name: `Doe, Jane${i % 97}` }],
        resource_type: { title: 'Dataset', type: 'dataset' },
        license: { id: 'cc-by-4.0' },
        communities: [{ id: community }],
        relations: { version: [{ index, is_last: true, parent: { pid_type: 'recid', pid_value: conceptrecid } }] },
      },
      title,
      links: {
        self: `${origin}/api/records/${id}`,
        self_html: `${origin}/records/${id}`,
        doi: `https://doi.org/${doi}`,
        parent: `${origin}/api/records/${conceptrecid}`,
        parent_html: `${origin}/records/${conceptrecid}`,
        latest: `${origin}/api/records/${id}/versions/latest`,
        latest_html: `${origin}/records/${id}/latest`,
        versions: `${origin}/api/records/${id}/versions`,
        files: `${origin}/api/records/${id}/files`,
      },
      updated: created,
      recid: String(id),
      revision: 2,
      files: [],
      owners: [{ id: String(100_000 + (i % 5_000)) }],
      status: 'published',
      stats: {
        ...conceptStats,
        version_downloads: versionDownloads,
        version_unique_downloads: Math.floor(versionDownloads * 0.8),
        version_unique_views: Math.floor(versionViews * 0.8),
        version_views: versionViews,
      },
      state: 'done',
      submitted: true,
    });
  }
  return records.reverse();
}

function seededRandom(seed: number): () => number {
  return xorshift32((Math.imul(seed | 0, 0x9e3779b1) ^ 0x5bd1e995) >>> 0 || 1);
}

/** xorshift32 from a non-zero 32-bit state: small, fast and reproducible; quality is irrelevant for fake counters. */
export function xorshift32(initialState: number): () => number {
  let state = initialState >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
}

const trainingUrl = new URL('../fixtures/nfdi4bioimage-training.json', import.meta.url);

/**
 * Reads test/fixtures/nfdi4bioimage-training.json: a legacy record for every record of NFDI4BIOIMAGE's newest
 * weekly CSV (`20260811.csv`, their curated list of training materials), with that CSV's counters and the curated
 * list's titles, types and tags (test/fixtures/README.md). `conceptIdsInList` are the CSV's rows that name a concept
 * (its concept DOI rewritten as `records/<concept id>`), so no record of their own. Fresh objects on every call.
 *
 * @example
 * const { records } = loadTrainingFixture();
 * const server = await startFakeZenodo({ records, communities: loadCommunityFixture().communities });
 */
export function loadTrainingFixture(): { records: LegacyRecord[]; conceptIdsInList: number[] } {
  const data = JSON.parse(readFileSync(trainingUrl, 'utf8')) as { records?: unknown; _conceptIdsInList?: unknown };
  if (!Array.isArray(data.records) || !Array.isArray(data._conceptIdsInList)) {
    throw new Error(`${trainingUrl.pathname}: expected "records" and "_conceptIdsInList" arrays`);
  }
  return { records: data.records as LegacyRecord[], conceptIdsInList: data._conceptIdsInList as number[] };
}
