import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderMarkdown } from '../src/output/render-markdown.js';
import { detectRecordFormat, recordFormats } from '../src/records/record-format.js';
import { summarizeRows } from '../src/records/summarize-rows.js';
import { compareIds, toSummaryRow, toSummaryRows } from '../src/records/to-summary-rows.js';
import { summaryColumns } from '../src/records/summary-row.js';
import type { Counters, ZenodoRecord } from '../src/records/zenodo-record.js';

// Cases the mutation run (npm run mutate) showed untested in src/records. Expected values are written by hand.

const counters = (downloads: number, views = 0): Counters => ({ downloads, uniqueDownloads: downloads, views, uniqueViews: views });

function record(id: string, overrides: Partial<ZenodoRecord> = {}): ZenodoRecord {
  return {
    id,
    conceptId: `c${id}`,
    doi: null,
    conceptDoi: null,
    title: `Record ${id}`,
    resourceType: null,
    publicationDate: null,
    version: null,
    url: `https://zenodo.org/records/${id}`,
    communities: [],
    creators: [],
    keywords: [],
    created: null,
    updated: null,
    stats: { allVersions: counters(10), thisVersion: counters(10) },
    ...overrides,
  };
}

describe('record ids in order', () => {
  it('orders numeric ids as numbers and other ids as text', () => {
    assert.equal(compareIds('9', '10'), -1);
    assert.equal(compareIds('10', '9'), 1);
    assert.equal(compareIds('12', '12'), 0);
    assert.equal(compareIds('123', '124'), -1);
    assert.equal(compareIds('124', '123'), 1);
    assert.equal(compareIds('abc', 'abd'), -1);
    assert.equal(compareIds('abd', 'abc'), 1);
    assert.equal(compareIds('x1', 'x1'), 0);
    // One numeric, one not: as text ('9' < 'a').
    assert.equal(compareIds('9', 'a10'), -1);
    assert.equal(compareIds('10', '9a'), -1);
  });

  it('sorts rows by all-version downloads, records without stats last, ties by id', () => {
    const rows = toSummaryRows([
      record('3', { stats: null }),
      record('10', { stats: { allVersions: counters(5), thisVersion: counters(5) } }),
      record('9', { stats: { allVersions: counters(5), thisVersion: counters(5) } }),
      record('2', { stats: { allVersions: counters(0), thisVersion: counters(0) } }),
      record('1', { stats: { allVersions: counters(70), thisVersion: counters(7) } }),
    ]);
    assert.deepEqual(rows.map((r) => [r.id, r.downloads]), [['1', 70], ['9', 5], ['10', 5], ['2', 0], ['3', null]]);
  });
});

describe('estimated complete downloads', () => {
  it('is bytes downloaded over the total size, to one decimal; empty where either is unknown or the size is 0', () => {
    const est = (r: Partial<ZenodoRecord>) => {
      const row = toSummaryRow(record('1', r));
      return [row.est_full_downloads, row.files, row.size_bytes];
    };
    assert.deepEqual(est({ files: { count: 3, totalBytes: 300 }, volume: { allVersions: 1_000, thisVersion: 1 } }), [3.3, 3, 300]);
    assert.deepEqual(est({ files: { count: 2, totalBytes: 400 }, volume: { allVersions: 1_020, thisVersion: 1 } }), [2.6, 2, 400]);
    assert.deepEqual(est({ files: { count: 1, totalBytes: 0 }, volume: { allVersions: 1_000, thisVersion: 0 } }), [null, 1, 0]);
    assert.deepEqual(est({ files: { count: 1, totalBytes: 300 }, volume: null }), [null, 1, 300]);
    assert.deepEqual(est({ files: null, volume: { allVersions: 1_000, thisVersion: 0 } }), [null, null, null]);
    assert.deepEqual(est({}), [null, null, null]);
  });

  it('maps every counter half to its column, and a record without stats to empty cells', () => {
    const row = toSummaryRow(record('5', { stats: { allVersions: { downloads: 1, uniqueDownloads: 2, views: 3, uniqueViews: 4 }, thisVersion: { downloads: 5, uniqueDownloads: 6, views: 7, uniqueViews: 8 } } }));
    assert.deepEqual(
      [row.downloads, row.unique_downloads, row.views, row.unique_views, row.version_downloads, row.version_unique_downloads, row.version_views, row.version_unique_views],
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
    const bare = toSummaryRow(record('6', { stats: null }));
    assert.deepEqual([bare.downloads, bare.unique_views, bare.version_downloads, bare.version_unique_views], [null, null, null, null]);
  });
});

describe('community totals', () => {
  it('counts each concept once with its largest all-version figures, and counts records missing a counter', () => {
    const rows = toSummaryRows([
      // Concept A: two versions whose all-version figures lag (zenodo/zenodo#1680): 40 is the newer aggregation.
      record('1', { conceptId: 'A', stats: { allVersions: counters(30, 300), thisVersion: counters(10) } }),
      record('2', { conceptId: 'A', stats: { allVersions: counters(40, 400), thisVersion: counters(30) } }),
      record('3', { conceptId: 'A', stats: { allVersions: counters(35, 350), thisVersion: counters(0) } }),
      // No concept id: its own concept.
      record('4', { conceptId: null, stats: { allVersions: counters(5, 50), thisVersion: counters(5) } }),
      record('5', { conceptId: null, stats: null }),
    ]);
    assert.deepEqual(summarizeRows(rows), { records: 5, concepts: 3, downloads: 45, uniqueDownloads: 45, views: 450, uniqueViews: 450, recordsWithoutStats: 1 });
  });

  it('counts a record with one counter missing as without stats', () => {
    const row = { ...toSummaryRow(record('1')), version_unique_views: null };
    assert.equal(summarizeRows([row]).recordsWithoutStats, 1);
    assert.equal(summarizeRows([toSummaryRow(record('1'))]).recordsWithoutStats, 0);
    for (const key of ['downloads', 'unique_downloads', 'views', 'unique_views', 'version_downloads', 'version_unique_downloads', 'version_views'] as const) {
      assert.equal(summarizeRows([{ ...toSummaryRow(record('1')), [key]: null }]).recordsWithoutStats, 1, key);
    }
  });
});

describe('telling the formats apart, and which hits list the community', () => {
  it('reads the format from the stats shape, else from the id', () => {
    assert.equal(detectRecordFormat({ id: 'a', stats: { all_versions: {} } }), 'rdm');
    assert.equal(detectRecordFormat({ id: 1, stats: { this_version: {} } }), 'rdm');
    assert.equal(detectRecordFormat({ id: 'x', stats: { version_downloads: 1 } }), 'legacy');
    assert.equal(detectRecordFormat({ id: 'x', stats: { downloads: 1 } }), 'legacy');
    assert.equal(detectRecordFormat({ id: 7, stats: {} }), 'legacy');
    assert.equal(detectRecordFormat({ id: 'x', parent: {} }), 'rdm');
    assert.equal(detectRecordFormat({ id: 'x', parent: null }), undefined);
    assert.equal(detectRecordFormat({ id: 'x', parent: [] }), undefined);
    assert.equal(detectRecordFormat({ id: 'x', stats: [] }), undefined);
    assert.equal(detectRecordFormat(null), undefined);
    assert.equal(detectRecordFormat([{ id: 1 }]), undefined);
  });

  it('matches the legacy slug case-insensitively, and nothing else', () => {
    const community = { id: 'uuid-1', slug: 'NFDI4Bioimage' };
    const lists = (raw: unknown) => recordFormats.legacy.listsCommunity(raw, community);
    assert.equal(lists({ metadata: { communities: [{ id: 'other' }, { id: 'nfdi4bioimage' }] } }), true);
    assert.equal(lists({ metadata: { communities: [{ id: 'other' }] } }), false);
    assert.equal(lists({ metadata: { communities: { id: 'nfdi4bioimage' } } }), false);
    assert.equal(lists({ metadata: {} }), false);
    assert.equal(lists(null), false);
    assert.equal(recordFormats.legacy.communitiesField, 'metadata.communities');
  });

  it('matches an RDM hit by community id, entry id or entry slug', () => {
    const community = { id: 'uuid-1', slug: 'NFDI4Bioimage' };
    const lists = (raw: unknown) => recordFormats.rdm.listsCommunity(raw, community);
    assert.equal(lists({ parent: { communities: { ids: ['uuid-0', 'uuid-1'] } } }), true);
    assert.equal(lists({ parent: { communities: { entries: [{ id: 'uuid-1' }] } } }), true);
    assert.equal(lists({ parent: { communities: { entries: [{ id: 'uuid-9', slug: 'nfdi4bioimage' }] } } }), true);
    assert.equal(lists({ parent: { communities: { ids: ['uuid-9'], entries: [{ id: 'uuid-9', slug: 'other' }, null] } } }), false);
    assert.equal(lists({ parent: { communities: { ids: 'uuid-1', entries: { id: 'uuid-1' } } } }), false);
    assert.equal(lists({ parent: {} }), false);
    assert.equal(lists(null), false);
    assert.equal(recordFormats.rdm.communitiesField, 'parent.communities');
  });
});

describe('edges the second mutation run showed', () => {
  it('keeps the largest all-version figures of a concept whatever order its versions come in; a tie keeps the first', () => {
    const totals = (...stats: (Counters | null)[]) =>
      summarizeRows(stats.map((s, i) => ({ ...toSummaryRow(record(String(i + 1), { conceptId: 'A', stats: s ? { allVersions: s, thisVersion: s } : null })) })));
    assert.equal(totals(counters(5, 50), counters(9, 90)).downloads, 9);
    assert.equal(totals(counters(5, 50), counters(9, 90)).views, 90);
    assert.equal(totals(counters(9, 90), counters(5, 50)).views, 90);
    // A version without stats, then one with 0 downloads: the 0-download version's figures count.
    assert.equal(totals(null, counters(0, 7)).views, 7);
    assert.equal(totals(counters(0, 7), null).views, 7);
    // Same downloads, views differ (a lag in views only): the first version's figures.
    assert.equal(totals(counters(5, 3), counters(5, 8)).views, 3);
  });

  it('puts records without stats after those with 0 downloads, whatever the input order', () => {
    const ids = (...recs: ZenodoRecord[]) => toSummaryRows(recs).map((r) => r.id);
    const zero = record('2', { stats: { allVersions: counters(0), thisVersion: counters(0) } });
    const none = record('1', { stats: null });
    const one = record('3', { stats: { allVersions: counters(1), thisVersion: counters(1) } });
    assert.deepEqual(ids(zero, none), ['2', '1']);
    assert.deepEqual(ids(none, zero), ['2', '1']);
    assert.deepEqual(ids(none, zero, one), ['3', '2', '1']);
    assert.deepEqual(ids(one, none, zero), ['3', '2', '1']);
    assert.deepEqual(ids(zero, one, none), ['3', '2', '1']);
  });

  it('compares an id with digits then letters as text, not as a number', () => {
    assert.equal(compareIds('12a', '9'), -1);
    assert.equal(compareIds('9', '12a'), 1);
  });

  it('right-aligns every count column and only those in Markdown', () => {
    const head = renderMarkdown([], { columns: [...summaryColumns] }).split('\n')[1] ?? '';
    const aligned = head.split('|').slice(1, -1).map((cell) => cell.trim());
    assert.deepEqual(
      summaryColumns.filter((_, i) => aligned[i] === '---:'),
      ['downloads', 'unique_downloads', 'views', 'unique_views', 'version_downloads', 'version_unique_downloads', 'version_views', 'version_unique_views', 'est_full_downloads', 'files', 'size_bytes'],
    );
    assert.equal(aligned.length, 20);
  });

  it('tells a hit with empty stats by its id, and a hit of neither kind as unknown', () => {
    assert.equal(detectRecordFormat({ id: 'x', parent: {}, stats: {} }), 'rdm');
    assert.equal(detectRecordFormat({ id: 'x', stats: { views: 1 } }), undefined);
    assert.equal(detectRecordFormat({ stats: {} }), undefined);
    assert.equal(detectRecordFormat({ id: null, parent: {} }), undefined);
    assert.equal(detectRecordFormat({ parent: {} }), undefined);
  });

  it('looks for the community without failing on hits that lack the fields or hold null entries', () => {
    const community = { id: 'uuid-1', slug: 'lexibank' };
    assert.equal(recordFormats.legacy.listsCommunity({ id: 1 }, community), false);
    assert.equal(recordFormats.legacy.listsCommunity({ metadata: { communities: [null, { id: 'Lexibank' }] } }, community), true);
    assert.equal(recordFormats.rdm.listsCommunity({ id: 'a' }, community), false);
    assert.equal(recordFormats.rdm.listsCommunity({ parent: { communities: { entries: [null, { slug: 'LEXIBANK' }] } } }, community), true);
    // An entry without a slug (or id) is no community's, not even one whose slug is spelled "undefined" or "null".
    for (const slug of ['undefined', 'null']) {
      const odd = { id: 'uuid-2', slug };
      assert.equal(recordFormats.rdm.listsCommunity({ parent: { communities: { entries: [{ id: 'other' }, null] } } }, odd), false, slug);
      assert.equal(recordFormats.legacy.listsCommunity({ metadata: { communities: [{}, { id: null }] } }, odd), false, slug);
    }
  });
});
