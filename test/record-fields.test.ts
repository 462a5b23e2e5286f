/**
 * Issue 11 (mutation testing of src/records): every field both normalizers make, from hand-built hits, with each
 * fallback taken one at a time. The expected records are written out by hand from the hit next to them; a field
 * the API left out must come out as `null` (or empty), never as 0 or as another field's value.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../src/errors.js';
import { normalizeLegacyRecord } from '../src/records/normalize-legacy-record.js';
import { normalizeRdmRecord } from '../src/records/normalize-rdm-record.js';
import { toSummaryRow } from '../src/records/to-summary-rows.js';

const baseUrl = 'https://zenodo.example';
const legacy = (raw: unknown, position?: string) => normalizeLegacyRecord(raw, { baseUrl, position });
const rdm = (raw: unknown, position?: string) => normalizeRdmRecord(raw, { baseUrl, position });

/** The problems of the ValidationError that `run` throws. */
function problemsOf(run: () => unknown): { recordId: string; issues: string[] }[] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ValidationError, String(error));
    return error.problems.map((p) => ({ recordId: p.recordId, issues: [...p.issues] }));
  }
  assert.fail('expected a ValidationError');
}

const bareNulls = {
  conceptId: null,
  doi: null,
  conceptDoi: null,
  title: '',
  resourceType: null,
  publicationDate: null,
  version: null,
  communities: [],
  creators: [],
  keywords: [],
  created: null,
  updated: null,
  stats: null,
};

describe('normalizeLegacyRecord, field by field', () => {
  it('gives a hit with only an id and metadata null or empty fields, and a landing page on the site root', () => {
    assert.deepEqual(legacy({ id: 5, metadata: {} }), { id: '5', url: 'https://zenodo.example/records/5', ...bareNulls });
  });

  it('reads every field of a full hit', () => {
    const hit = {
      id: '42',
      conceptrecid: 41,
      doi: '10.1/r42',
      conceptdoi: '10.1/c41',
      title: 'top-level title',
      created: '2024-01-02T03:04:05+00:00',
      updated: '2024-02-03T04:05:06+00:00',
      metadata: {
        title: 'Metadata title',
        doi: '10.1/other',
        publication_date: '2024-01-01',
        version: 2,
        resource_type: { type: 'software', subtype: null, title: 'Software' },
        communities: [{ id: 'zeta' }, { id: 'alpha' }, { id: 'zeta' }],
        creators: [{ name: 'Doe, Jane' }, { name: 'Roe, Rick' }],
        keywords: ['one', 'two'],
        relations: { version: [{ parent: { pid_value: '99' } }] },
      },
      links: { self_html: 'https://zenodo.example/records/42', html: 'https://zenodo.example/record/42' },
      stats: {
        downloads: 1,
        unique_downloads: 2,
        views: 3,
        unique_views: 4,
        version_downloads: 5,
        version_unique_downloads: 6,
        version_views: 7,
        version_unique_views: 8,
      },
    };
    assert.deepEqual(legacy(hit), {
      id: '42',
      conceptId: '41',
      doi: '10.1/r42',
      conceptDoi: '10.1/c41',
      title: 'Metadata title',
      resourceType: 'software',
      publicationDate: '2024-01-01',
      version: '2',
      url: 'https://zenodo.example/records/42',
      communities: ['alpha', 'zeta'],
      creators: ['Doe, Jane', 'Roe, Rick'],
      keywords: ['one', 'two'],
      created: '2024-01-02T03:04:05+00:00',
      updated: '2024-02-03T04:05:06+00:00',
      stats: {
        allVersions: { downloads: 1, uniqueDownloads: 2, views: 3, uniqueViews: 4 },
        thisVersion: { downloads: 5, uniqueDownloads: 6, views: 7, uniqueViews: 8 },
      },
    });
  });

  it('falls back to metadata.doi, the top-level title, the version relation parent and type-subtype', () => {
    const r = legacy({
      id: 7,
      title: 'Top title',
      metadata: {
        doi: '10.1/meta',
        version: 0,
        resource_type: { type: 'publication', subtype: 'article' },
        relations: { version: [{ parent: { pid_value: 6 } }] },
      },
    });
    assert.equal(r.doi, '10.1/meta');
    assert.equal(r.title, 'Top title');
    assert.equal(r.conceptId, '6');
    assert.equal(r.version, '0');
    assert.equal(r.resourceType, 'publication-article');
    assert.equal(legacy({ id: 7, metadata: { version: null, relations: { version: [] } } }).version, null);
    assert.equal(legacy({ id: 7, metadata: { version: 'v1.0' } }).version, 'v1.0');
    assert.equal(legacy({ id: 7, metadata: { relations: { version: [{ parent: null }] } } }).conceptId, null);
  });

  it('swaps the counter families only for a pre-migration hit (links.html without links.self_html)', () => {
    const stats = { downloads: 1, unique_downloads: 2, views: 3, unique_views: 4, version_downloads: 5, version_unique_downloads: 6, version_views: 7, version_unique_views: 8 };
    const old = legacy({ id: 9, metadata: {}, links: { html: 'https://zenodo.example/record/9' }, stats });
    assert.equal(old.url, 'https://zenodo.example/record/9');
    assert.deepEqual(old.stats, {
      allVersions: { downloads: 5, uniqueDownloads: 6, views: 7, uniqueViews: 8 },
      thisVersion: { downloads: 1, uniqueDownloads: 2, views: 3, uniqueViews: 4 },
    });
    const current = legacy({ id: 9, metadata: {}, links: { self_html: 'https://zenodo.example/records/9' }, stats });
    assert.equal(current.stats?.allVersions.downloads, 1);
    const noLinks = legacy({ id: 9, metadata: {}, links: {}, stats });
    assert.equal(noLinks.url, 'https://zenodo.example/records/9');
    assert.equal(noLinks.stats?.allVersions.downloads, 1);
  });

  it('gives each counter left out as null, and an empty stats object as all null', () => {
    assert.deepEqual(legacy({ id: 3, metadata: {}, stats: {} }).stats, {
      allVersions: { downloads: null, uniqueDownloads: null, views: null, uniqueViews: null },
      thisVersion: { downloads: null, uniqueDownloads: null, views: null, uniqueViews: null },
    });
    assert.deepEqual(legacy({ id: 3, metadata: {}, stats: { downloads: 0, version_views: 0 } }).stats, {
      allVersions: { downloads: 0, uniqueDownloads: null, views: null, uniqueViews: null },
      thisVersion: { downloads: null, uniqueDownloads: null, views: 0, uniqueViews: null },
    });
  });

  it('names the record by its id, else by its position, else as unknown', () => {
    assert.deepEqual(problemsOf(() => legacy({ id: 12, metadata: { title: 5 } })), [
      { recordId: '12', issues: ['metadata.title: expected string, received number'] },
    ]);
    assert.deepEqual(problemsOf(() => legacy({ id: 'abc', metadata: {} }, 'page 1, hit 2')), [
      { recordId: 'abc', issues: ['id: expected a numeric record id'] },
    ]);
    assert.deepEqual(problemsOf(() => legacy({ id: '', metadata: {} }, 'page 1, hit 2'))[0]?.recordId, 'at page 1, hit 2');
    assert.deepEqual(problemsOf(() => legacy({ id: true, metadata: {} }, 'page 1, hit 2'))[0]?.recordId, 'at page 1, hit 2');
    assert.deepEqual(problemsOf(() => legacy({ id: '', metadata: {} }))[0]?.recordId, '(unknown id)');
    assert.deepEqual(problemsOf(() => legacy({ metadata: {} }))[0]?.recordId, '(unknown id)');
    assert.deepEqual(problemsOf(() => legacy(null, 'page 3, hit 1')), [{ recordId: 'at page 3, hit 1', issues: ['(record): expected object, received null'] }]);
    assert.deepEqual(problemsOf(() => legacy('x')), [{ recordId: '(unknown id)', issues: ['(record): expected object, received string'] }]);
    assert.deepEqual(problemsOf(() => legacy({ id: 0, metadata: {} }))[0]?.recordId, '0');
  });
});

describe('normalizeRdmRecord, field by field', () => {
  it('gives a hit with only an id and metadata null or empty fields, and no stats, volume, files or access', () => {
    const r = rdm({ id: 'abcde-12345', metadata: {} });
    assert.deepEqual(r, { id: 'abcde-12345', url: 'https://zenodo.example/records/abcde-12345', ...bareNulls, volume: null, files: null });
    assert.equal('recordAccess' in r, false);
  });

  it('reads every field of a full hit', () => {
    const hit = {
      id: 'abcde-12345',
      created: '2025-01-02T03:04:05+00:00',
      updated: '2025-02-03T04:05:06+00:00',
      pids: { doi: { identifier: '10.9/abcde-12345', provider: 'datacite' } },
      parent: {
        id: 'parnt-00001',
        pids: { doi: { identifier: '10.9/parnt-00001' } },
        communities: { ids: ['uuid-1'], entries: [{ id: 'uuid-2', slug: 'zeta' }, { id: 'uuid-1', slug: 'alpha' }, { slug: 'zeta' }] },
      },
      metadata: {
        title: 'A title',
        resource_type: { id: 'dataset' },
        publication_date: '2025-01-01',
        version: 'v2',
        creators: [{ person_or_org: { name: 'Doe, Jane' } }, { person_or_org: { name: 'Roe, Rick' } }],
        subjects: [{ subject: 'free text' }, { id: 'fos:1', subject: 'Controlled' }, { id: null, subject: 'also free' }, { subject: '' }, {}],
      },
      links: { self_html: 'https://zenodo.example/records/abcde-12345' },
      access: { record: 'restricted' },
      stats: {
        all_versions: { downloads: 1, unique_downloads: 2, views: 3, unique_views: 4, data_volume: 5.5 },
        this_version: { downloads: 6, unique_downloads: 7, views: 8, unique_views: 9, data_volume: 10 },
      },
      files: { enabled: true, count: 2, total_bytes: 300 },
    };
    assert.deepEqual(rdm(hit), {
      id: 'abcde-12345',
      conceptId: 'parnt-00001',
      doi: '10.9/abcde-12345',
      conceptDoi: '10.9/parnt-00001',
      title: 'A title',
      resourceType: 'dataset',
      publicationDate: '2025-01-01',
      version: 'v2',
      url: 'https://zenodo.example/records/abcde-12345',
      communities: ['alpha', 'zeta'],
      creators: ['Doe, Jane', 'Roe, Rick'],
      keywords: ['free text', 'also free'],
      created: '2025-01-02T03:04:05+00:00',
      updated: '2025-02-03T04:05:06+00:00',
      stats: {
        allVersions: { downloads: 1, uniqueDownloads: 2, views: 3, uniqueViews: 4 },
        thisVersion: { downloads: 6, uniqueDownloads: 7, views: 8, uniqueViews: 9 },
      },
      volume: { allVersions: 5.5, thisVersion: 10 },
      files: { count: 2, totalBytes: 300 },
      recordAccess: 'restricted',
    });
  });

  it('says nothing of access for a public record or one whose access.record is left out', () => {
    for (const access of [{ record: 'public' }, { record: null }, {}, null]) {
      const r = rdm({ id: 'a', metadata: {}, access });
      assert.equal('recordAccess' in r, false, JSON.stringify(access));
    }
  });

  it('gives a stats half left out, and each counter left out, as null', () => {
    const r = rdm({ id: 'a', metadata: {}, stats: { all_versions: { views: 0 } } });
    assert.deepEqual(r.stats, {
      allVersions: { downloads: null, uniqueDownloads: null, views: 0, uniqueViews: null },
      thisVersion: { downloads: null, uniqueDownloads: null, views: null, uniqueViews: null },
    });
    assert.deepEqual(r.volume, { allVersions: null, thisVersion: null });
    assert.deepEqual(rdm({ id: 'a', metadata: {}, stats: { this_version: { data_volume: 0 } } }).volume, { allVersions: null, thisVersion: 0 });
  });

  it('parent without pids or communities gives a concept id and nothing else', () => {
    const r = rdm({ id: 'a', metadata: {}, parent: { id: 'p' } });
    assert.deepEqual([r.conceptId, r.conceptDoi, r.communities], ['p', null, []]);
    const s = rdm({ id: 'a', metadata: {}, parent: { communities: {} }, pids: {} });
    assert.deepEqual([s.conceptId, s.conceptDoi, s.communities, s.doi], [null, null, [], null]);
  });

  it('counts files: restricted (only enabled) is unknown, not 0; none is 0; entries fill what is left out', () => {
    const files = (f: unknown) => rdm({ id: 'a', metadata: {}, files: f }).files;
    assert.equal(files({ enabled: true }), null);
    assert.equal(files({}), null);
    assert.deepEqual(files({ enabled: false }), { count: 0, totalBytes: 0 });
    assert.deepEqual(files({ count: 3 }), { count: 3, totalBytes: 0 });
    assert.deepEqual(files({ total_bytes: 7 }), { count: 0, totalBytes: 7 });
    assert.deepEqual(files({ entries: [] }), { count: 0, totalBytes: 0 });
    assert.deepEqual(files({ enabled: true, entries: [{ size: 3 }, { size: null }, {}, { size: 4 }] }), { count: 4, totalBytes: 7 });
    assert.deepEqual(files({ count: 5, total_bytes: 100, entries: { 'a.csv': { size: 1 } } }), { count: 5, totalBytes: 100 });
  });

  it('refuses a file entry whose size is not a byte count, in either entries shape', () => {
    assert.deepEqual(problemsOf(() => rdm({ id: 'a', metadata: {}, files: { entries: [{ size: -1 }] } })), [
      { recordId: 'a', issues: ['files.entries.0.size: Too small: expected number to be >=0'] },
    ]);
    // Neither shape of the union fits: zod names the union.
    assert.deepEqual(problemsOf(() => rdm({ id: 'a', metadata: {}, files: { entries: { 'a.csv': { size: 'big' } } } })), [
      { recordId: 'a', issues: ['files.entries: Invalid input'] },
    ]);
  });

  it('leaves the files and size cells of a restricted record empty, and gives 0 for a record without files', () => {
    const restricted = toSummaryRow(rdm({ id: 'a', metadata: {}, files: { enabled: true } }));
    assert.deepEqual([restricted.files, restricted.size_bytes], [null, null]);
    const none = toSummaryRow(rdm({ id: 'a', metadata: {}, files: { enabled: false } }));
    assert.deepEqual([none.files, none.size_bytes], [0, 0]);
  });

  it('names the record by its id, else by its position, else as unknown', () => {
    assert.deepEqual(problemsOf(() => rdm({ id: 'xyz', metadata: { title: 5 } })), [
      { recordId: 'xyz', issues: ['metadata.title: expected string, received number'] },
    ]);
    assert.deepEqual(problemsOf(() => rdm({ id: 17, metadata: {} }, 'page 1, hit 2')), [
      { recordId: '17', issues: ['id: expected string, received number'] },
    ]);
    assert.deepEqual(problemsOf(() => rdm({ id: '', metadata: {} }, 'page 1, hit 2'))[0]?.recordId, 'at page 1, hit 2');
    assert.deepEqual(problemsOf(() => rdm({ id: [], metadata: {} }, 'page 1, hit 2'))[0]?.recordId, 'at page 1, hit 2');
    assert.deepEqual(problemsOf(() => rdm({ id: '', metadata: {} }))[0]?.recordId, '(unknown id)');
    assert.deepEqual(problemsOf(() => rdm({ metadata: {} }))[0]?.recordId, '(unknown id)');
    assert.deepEqual(problemsOf(() => rdm(null, 'page 3, hit 1')), [{ recordId: 'at page 3, hit 1', issues: ['(record): expected object, received null'] }]);
    assert.deepEqual(problemsOf(() => rdm(7)), [{ recordId: '(unknown id)', issues: ['(record): expected object, received number'] }]);
  });
});
