/**
 * Issue 11, point 9 (mutation testing of src/records): the schemas refuse each field in a wrong shape and name
 * it, rather than pass a record whose figures would then be read as absent. Each case starts from a real record
 * (test/fixtures/api-samples/) with one field set to a value of the wrong kind; the expected path is written by
 * hand from the record's JSON.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ValidationError } from '../src/errors.js';
import { normalizeLegacyRecord } from '../src/records/normalize-legacy-record.js';
import { normalizeRdmRecord } from '../src/records/normalize-rdm-record.js';
import { fitsCommunity, fitsLegacyRecord, fitsSearchPage } from '../src/records/fits-legacy-shapes.js';
import { fitsRdmRecord } from '../src/records/fits-rdm-record.js';
import { communitySchema, formatIssues, legacySearchPageSchema } from '../src/records/schema-legacy.js';

const sample = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/api-samples/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const rdm = sample('rdm-record-rogue-scholar-a9awy-52h48-2026-07-23.json');
const legacy = sample('legacy-record-11201216-2024-11-02.json');

/** A deep copy of `record` with the value at `path` (dots; numbers index arrays) replaced, parents made as needed. */
function withField(record: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(record);
  const keys = path.split('.');
  let at: Record<string, unknown> = copy;
  keys.slice(0, -1).forEach((key, i) => {
    const next = at[key];
    if (typeof next !== 'object' || next === null) at[key] = /^\d+$/.test(keys[i + 1] ?? '') ? [] : {};
    at = at[key] as Record<string, unknown>;
  });
  at[keys.at(-1) ?? ''] = value;
  return copy;
}

function assertRefused(normalize: (raw: unknown) => unknown, record: Record<string, unknown>, path: string, value: unknown): void {
  assert.throws(
    () => normalize(withField(record, path, value)),
    (error: unknown) => {
      assert.ok(error instanceof ValidationError, `${path}: ${String(error)}`);
      assert.match(error.message, new RegExp(`: ${path.replace(/\./g, '\\.')}: `), `${path} is named`);
      return true;
    },
    `${path} = ${JSON.stringify(value)} is refused`,
  );
}

describe('the RDM record schema refuses each field in a wrong shape, and names it', () => {
  const normalize = (raw: unknown) => normalizeRdmRecord(raw, { baseUrl: 'https://rogue-scholar.org' });
  it('accepts the real record as it is', () => {
    assert.equal((normalize(rdm) as { id: string }).id, 'a9awy-52h48');
  });
  const cases: [string, unknown][] = [
    ['id', ''],
    ['id', 17897525],
    ['created', 5],
    ['updated', 5],
    ['pids.doi.identifier', 5],
    ['parent.id', 5],
    ['parent.pids.doi.identifier', 5],
    ['parent.communities.ids.0', 5],
    ['parent.communities.entries.0.slug', 5],
    ['parent.communities.entries.0.id', 5],
    ['metadata.title', 5],
    ['metadata.resource_type.id', 5],
    ['metadata.publication_date', 5],
    ['metadata.version', 5],
    ['metadata.creators.0.person_or_org.name', 5],
    ['metadata.subjects.0.subject', 5],
    ['metadata.subjects.0.id', 5],
    ['links.self_html', 5],
    ['access.record', 5],
    ['stats.this_version.downloads', 'many'],
    ['stats.this_version.unique_downloads', -1],
    ['stats.this_version.views', 1.5],
    ['stats.this_version.unique_views', 'x'],
    ['stats.all_versions.downloads', 'x'],
    ['stats.all_versions.data_volume', -1],
    ['files.enabled', 'yes'],
    ['files.count', -1],
    ['files.total_bytes', -1],
  ];
  for (const [path, value] of cases) it(`${path} = ${JSON.stringify(value)}`, () => assertRefused(normalize, rdm, path, value));
});

describe('the legacy record schema refuses each field in a wrong shape, and names it', () => {
  const normalize = (raw: unknown) => normalizeLegacyRecord(raw, { baseUrl: 'https://zenodo.org' });
  it('accepts the real record as it is', () => {
    assert.equal((normalize(legacy) as { id: string }).id, '11201216');
  });
  const cases: [string, unknown][] = [
    ['stats.downloads', 'x'],
    ['stats.unique_downloads', -1],
    ['stats.views', 1.5],
    ['stats.unique_views', 'x'],
    ['stats.version_downloads', 'x'],
    ['stats.version_views', -2],
    ['metadata.title', 5],
    ['doi', 5],
    ['conceptdoi', 5],
    ['links.self_html', 5],
    ['id', -1],
    ['id', 1.5],
    ['id', 'abc'],
    ['conceptrecid', ''],
    ['conceptrecid', -1],
    ['conceptrecid', true],
    ['created', 5],
    ['updated', 5],
    ['title', 5],
    ['metadata', 'x'],
    ['metadata.publication_date', 5],
    ['metadata.version', true],
    ['metadata.doi', 5],
    ['metadata.resource_type.type', 5],
    ['metadata.resource_type.subtype', 5],
    ['metadata.resource_type.title', 5],
    ['metadata.communities.0.id', 5],
    ['metadata.creators.0.name', 5],
    ['metadata.keywords.0', 5],
    ['metadata.relations.version.0.parent.pid_value', ''],
    ['metadata.relations.version.0.parent.pid_value', -3],
    ['links.html', 5],
    ['stats.version_unique_downloads', -1],
    ['stats.version_unique_views', 'x'],
  ];
  for (const [path, value] of cases) it(`${path} = ${JSON.stringify(value)}`, () => assertRefused(normalize, legacy, path, value));
  it('accepts a numeric string id, a numeric concept id and a numeric version', () => {
    const r = normalize({ ...withField(withField(legacy, 'conceptrecid', 11201215), 'metadata.version', 3), id: '11201216' }) as { id: string; conceptId: string; version: string };
    assert.deepEqual([r.id, r.conceptId, r.version], ['11201216', '11201215', '3']);
  });
});

describe('the search-page envelope and the community object are refused in a wrong shape, naming the field', () => {
  const issues = (schema: typeof legacySearchPageSchema | typeof communitySchema, value: unknown): string[] => {
    const parsed = schema.safeParse(value);
    return parsed.success ? [] : formatIssues(parsed.error);
  };
  const page = { hits: { hits: [{ id: 1 }], total: 1 }, links: { self: 'https://zenodo.org/api/records?page=1', next: 'https://zenodo.org/api/records?page=2' } };
  const community = { id: 'c0ffee', slug: 'lexibank', metadata: { title: 'Lexibank' }, links: { self_html: 'https://zenodo.org/communities/lexibank' } };

  it('accepts a real-shaped page and community, with or without links', () => {
    assert.deepEqual(issues(legacySearchPageSchema, page), []);
    assert.deepEqual(issues(legacySearchPageSchema, { hits: { hits: [], total: 0 } }), []);
    assert.deepEqual(issues(communitySchema, community), []);
    assert.deepEqual(issues(communitySchema, { id: 'c0ffee', slug: 'lexibank' }), []);
  });

  it('takes the quick way (no zod) for the real-shaped ones, and refuses it to every wrong shape below', () => {
    for (const ok of [page, { hits: { hits: [], total: 0 } }]) assert.equal(fitsSearchPage(ok), true);
    for (const ok of [community, { id: 'c0ffee', slug: 'lexibank' }]) assert.equal(fitsCommunity(ok), true);
    const badPages = [{ ...page, hits: { hits: 'none', total: 1 } }, { ...page, hits: { hits: [], total: -1 } }, { ...page, hits: { hits: [], total: 1.5 } }, { links: page.links }, { ...page, links: { self: 5 } }, { ...page, links: { next: 5 } }];
    for (const bad of badPages) assert.equal(fitsSearchPage(bad), false, JSON.stringify(bad));
    const badCommunities = [{ ...community, id: 5 }, { ...community, slug: null }, { ...community, metadata: { title: 5 } }, { ...community, links: { self_html: 5 } }, 'lexibank'];
    for (const bad of badCommunities) assert.equal(fitsCommunity(bad), false, JSON.stringify(bad));
  });

  it('names each page field of a wrong kind', () => {
    assert.deepEqual(issues(legacySearchPageSchema, { ...page, hits: { hits: 'none', total: 1 } }), ['hits.hits: expected array, received string']);
    assert.deepEqual(issues(legacySearchPageSchema, { ...page, hits: { hits: [], total: -1 } }), ['hits.total: Too small: expected number to be >=0']);
    assert.deepEqual(issues(legacySearchPageSchema, { ...page, hits: { hits: [], total: 1.5 } }), ['hits.total: expected int, received number']);
    assert.deepEqual(issues(legacySearchPageSchema, { links: page.links }), ['hits: expected object, received undefined']);
    assert.deepEqual(issues(legacySearchPageSchema, { ...page, links: { self: 5 } }), ['links.self: expected string, received number']);
    assert.deepEqual(issues(legacySearchPageSchema, { ...page, links: { next: 5 } }), ['links.next: expected string, received number']);
  });

  it('names each community field of a wrong kind', () => {
    assert.deepEqual(issues(communitySchema, { ...community, id: 5 }), ['id: expected string, received number']);
    assert.deepEqual(issues(communitySchema, { ...community, slug: null }), ['slug: expected string, received null']);
    assert.deepEqual(issues(communitySchema, { ...community, metadata: { title: 5 } }), ['metadata.title: expected string, received number']);
    assert.deepEqual(issues(communitySchema, { ...community, links: { self_html: 5 } }), ['links.self_html: expected string, received number']);
    assert.deepEqual(issues(communitySchema, 'lexibank'), ['(record): expected object, received string']);
  });
});

describe('the quick shape checks take the real records as they are (the listing then loads no zod)', () => {
  it('every record of test/fixtures/api-samples/ fits its format\'s quick check', () => {
    assert.equal(fitsRdmRecord(rdm), true);
    assert.equal(fitsRdmRecord(sample('rdm-record-rogue-scholar-pevm6-kx104-2026-07-24.json')), true);
    assert.equal(fitsLegacyRecord(legacy), true);
    assert.equal(fitsLegacyRecord(sample('pre-migration-legacy-record-7752775-2023-09-10.json')), true);
    for (const name of ['legacy-search-one-hit-multifile-7085903-2023-10-20.json', 'legacy-search-q-phlorest-2023-10-20.json']) {
      const body = sample(name);
      assert.equal(fitsSearchPage(body), true, name);
      const hits = (body as { hits: { hits: unknown[] } }).hits.hits;
      assert.ok(hits.length > 0 && hits.every((hit) => fitsLegacyRecord(hit)), name);
    }
    assert.equal(fitsCommunity(sample('community-object-lexibank-2023-10-20.json')), true);
  });

  it('a record the quick check is unsure of still goes through zod, which accepts it: an object that is not a plain one', () => {
    // The quick check may be stricter than the schema (then zod decides), never looser.
    const withProto = Object.assign(Object.create({ inherited: true }) as Record<string, unknown>, rdm);
    assert.equal(fitsRdmRecord(withProto), false);
    assert.equal(normalizeRdmRecord(withProto, { baseUrl: 'https://rogue-scholar.org' }).id, 'a9awy-52h48');
  });
});
