import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ValidationError } from '../src/errors.js';
import { normalizeLegacyRecord } from '../src/records/normalize-legacy-record.js';

const sample = (name: string): Record<string, any> =>
  JSON.parse(readFileSync(new URL(`./fixtures/api-samples/${name}`, import.meta.url), 'utf8'));
const baseUrl = 'https://zenodo.org';

describe('normalizeLegacyRecord on real responses', () => {
  it('reads a 2026 record: all-version plain counters, version_* for this version', () => {
    const r = normalizeLegacyRecord(sample('7834392_2026-07-24.json'), { baseUrl });
    assert.equal(r.id, '7834392');
    assert.equal(r.url, 'https://zenodo.org/records/7834392');
    assert.equal(r.resourceType, 'dataset');
    assert.deepEqual(r.stats, {
      allVersions: { downloads: 422022, uniqueDownloads: 249432, views: 370211, uniqueViews: 341543 },
      thisVersion: { downloads: 77399, uniqueDownloads: 69338, views: 63287, uniqueViews: 62210 },
    });
    assert.ok(r.conceptId && r.conceptId !== r.id);
  });

  it('sorts communities, whose order Zenodo does not keep stable', () => {
    const a = normalizeLegacyRecord(sample('7834392_2026-07-23.json'), { baseUrl });
    const b = normalizeLegacyRecord(sample('7834392_2026-07-24.json'), { baseUrl });
    assert.deepEqual(a.communities, ['biohackathon', 'covid-19']);
    assert.deepEqual(b.communities, a.communities);
  });

  it('accepts a record without metadata.communities', () => {
    const raw = sample('8120771_2026-07-23.json');
    assert.equal(raw.metadata.communities, undefined);
    assert.deepEqual(normalizeLegacyRecord(raw, { baseUrl }).communities, []);
  });

  it('reads type and subtype as an RDM-style id', () => {
    const r = normalizeLegacyRecord(sample('legacy-record-11201216-2024-11-02.json'), { baseUrl });
    assert.equal(r.resourceType, 'publication-report');
    assert.deepEqual(r.communities, ['eoss']);
  });

  it('reads the early 2023 file shape and int owner ids', () => {
    const page = sample('legacy-search-one-hit-multifile-7085903-2023-10-20.json');
    const r = normalizeLegacyRecord(page.hits.hits[0], { baseUrl });
    assert.equal(r.id, '7085903');
    assert.ok(r.stats);
  });

  it('swaps the counter families of a pre-October-2023 record, whose float stats it accepts as integers', () => {
    const raw = sample('pre-migration-legacy-record-7752775-2023-09-10.json');
    assert.equal(raw.stats.version_downloads, 6); // 6.0 in the file
    const r = normalizeLegacyRecord(raw, { baseUrl });
    assert.equal(r.url, 'https://zenodo.org/record/7752775');
    assert.equal(r.stats?.allVersions.downloads, 6);
    assert.equal(r.stats?.thisVersion.downloads, 0);
    assert.equal(r.stats?.allVersions.views, 140);
    assert.equal(r.conceptId, '5785518');
  });
});

describe('normalizeLegacyRecord on broken input', () => {
  it('names the record and the field of a counter sent as a string', () => {
    const raw = sample('7834392_2026-07-24.json');
    raw.stats.downloads = '422022';
    assert.throws(
      () => normalizeLegacyRecord(raw, { baseUrl }),
      (error: unknown) => {
        assert.ok(error instanceof ValidationError);
        assert.equal(error.message.split('\n')[1], 'record 7834392: stats.downloads: expected number, received string');
        return true;
      },
    );
  });

  it('refuses a fractional counter instead of rounding it', () => {
    const raw = sample('7834392_2026-07-24.json');
    raw.stats.views = 12.5;
    assert.throws(() => normalizeLegacyRecord(raw, { baseUrl }), /record 7834392: stats\.views: /);
  });

  it('gives missing stats as null, not 0', () => {
    const raw = sample('7834392_2026-07-24.json');
    delete raw.stats;
    assert.equal(normalizeLegacyRecord(raw, { baseUrl }).stats, null);
    const partial = sample('7834392_2026-07-24.json');
    delete partial.stats.version_views;
    const r = normalizeLegacyRecord(partial, { baseUrl });
    assert.equal(r.stats?.thisVersion.views, null);
    assert.equal(r.stats?.thisVersion.downloads, 77399);
  });

  it('names the position when the id itself is missing', () => {
    const raw = sample('7834392_2026-07-24.json');
    delete raw.id;
    assert.throws(() => normalizeLegacyRecord(raw, { baseUrl, position: 'page 2, hit 5' }), /record at page 2, hit 5: id: /);
  });

  it('builds the landing page from the site root when links are missing', () => {
    const raw = sample('7834392_2026-07-24.json');
    delete raw.links;
    assert.equal(normalizeLegacyRecord(raw, { baseUrl: 'http://127.0.0.1:9' }).url, 'http://127.0.0.1:9/records/7834392');
  });
});
