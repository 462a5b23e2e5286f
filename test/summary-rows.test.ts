import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarizeRows } from '../src/records/summarize-rows.js';
import { summaryColumns } from '../src/records/summary-row.js';
import { compareIds, toSummaryRows } from '../src/records/to-summary-rows.js';
import type { Counters, ZenodoRecord } from '../src/records/zenodo-record.js';

function counters(downloads: number, views = downloads * 2): Counters {
  return { downloads, uniqueDownloads: Math.floor(downloads / 2), views, uniqueViews: Math.floor(views / 2) };
}

function record(id: string, overrides: Partial<ZenodoRecord> = {}): ZenodoRecord {
  return {
    id,
    conceptId: `c${id}`,
    doi: `10.5281/zenodo.${id}`,
    conceptDoi: `10.5281/zenodo.c${id}`,
    title: `Record ${id}`,
    resourceType: 'dataset',
    publicationDate: '2025-01-02',
    version: 'v1',
    url: `https://zenodo.org/records/${id}`,
    communities: ['nfdi4bioimage'],
    creators: [],
    keywords: [],
    created: null,
    updated: null,
    stats: { allVersions: counters(10), thisVersion: counters(4) },
    ...overrides,
  };
}

describe('toSummaryRows', () => {
  it('maps all-version counters to the plain columns and this-version counters to version_*', () => {
    const [row] = toSummaryRows([record('7', { stats: { allVersions: counters(100, 300), thisVersion: counters(40, 90) } })]);
    assert.ok(row);
    assert.deepEqual(Object.keys(row), [...summaryColumns]);
    assert.equal(row.downloads, 100);
    assert.equal(row.views, 300);
    assert.equal(row.version_downloads, 40);
    assert.equal(row.version_views, 90);
    assert.equal(row.unique_downloads, 50);
    assert.equal(row.version_unique_views, 45);
    assert.equal(row.concept_id, 'c7');
    assert.equal(row.zenodo_url, 'https://zenodo.org/records/7');
  });

  it('sorts by downloads descending, then by numeric id; records without stats last', () => {
    const rows = toSummaryRows([
      record('10', { stats: { allVersions: counters(5), thisVersion: counters(5) } }),
      record('9', { stats: { allVersions: counters(5), thisVersion: counters(5) } }),
      record('3', { stats: null }),
      record('100', { stats: { allVersions: counters(50), thisVersion: counters(5) } }),
      record('2', { stats: { allVersions: counters(0), thisVersion: counters(0) } }),
    ]);
    assert.deepEqual(rows.map((r) => r.id), ['100', '9', '10', '2', '3']);
  });

  it('leaves the cells of a record without stats empty, not 0', () => {
    const [row] = toSummaryRows([record('1', { stats: null })]);
    assert.equal(row?.downloads, null);
    assert.equal(row?.version_unique_views, null);
  });

  it('compares numeric ids as numbers and other ids as text', () => {
    assert.ok(compareIds('9', '10') < 0);
    assert.ok(compareIds('abcde-12345', 'abcde-12346') < 0);
    assert.equal(compareIds('42', '42'), 0);
  });
});

describe('summarizeRows', () => {
  it('counts the all-version counters once per concept, never once per version', () => {
    // Three versions of one concept carry the same all-version figures (SHAPES.md: 15546497, 15793536 and
    // 15858127 each show 14,124 downloads), plus one unrelated record.
    const shared = counters(14_124);
    const rows = toSummaryRows([
      record('15546497', { conceptId: 'c1', stats: { allVersions: shared, thisVersion: counters(5_000) } }),
      record('15793536', { conceptId: 'c1', stats: { allVersions: shared, thisVersion: counters(6_000) } }),
      record('15858127', { conceptId: 'c1', stats: { allVersions: shared, thisVersion: counters(3_124) } }),
      record('42', { conceptId: 'c2', stats: { allVersions: counters(10), thisVersion: counters(10) } }),
    ]);
    const totals = summarizeRows(rows);
    assert.equal(totals.records, 4);
    assert.equal(totals.concepts, 2);
    assert.equal(totals.downloads, 14_134);
    assert.equal(totals.views, 28_268);
    assert.equal(totals.uniqueDownloads, 7_062 + 5);
  });

  it('counts a record without a concept id as its own concept', () => {
    const totals = summarizeRows(
      toSummaryRows([record('1', { conceptId: null }), record('2', { conceptId: null })]),
    );
    assert.equal(totals.concepts, 2);
    assert.equal(totals.downloads, 20);
  });

  it('counts records with missing or partial stats, adding nothing for them', () => {
    const partial = record('2', { stats: { allVersions: counters(7), thisVersion: { ...counters(3), views: null } } });
    const totals = summarizeRows(toSummaryRows([record('1', { stats: null }), partial, record('3')]));
    assert.equal(totals.recordsWithoutStats, 2);
    assert.equal(totals.downloads, 17);
  });
});
