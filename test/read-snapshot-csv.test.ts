import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dateFromFileName } from '../src/import/date-from-file-name.js';
import { readSnapshotCsv } from '../src/import/read-snapshot-csv.js';
import { renderCsv } from '../src/output/render-csv.js';
import type { SummaryRow } from '../src/records/summary-row.js';
import { makeSummaryRow } from './helpers/summary-row-fixture.js';

const weeklyHeader =
  'url,authors,downloads,unique_downloads,views,unique_views,version_downloads,version_unique_downloads,version_unique_views,version_views';

function weekly(...rows: string[]): string {
  return [weeklyHeader, ...rows].join('\n') + '\n';
}


describe('dateFromFileName', () => {
  it('finds YYYYMMDD and YYYY-MM-DD anywhere in the base name', () => {
    assert.deepEqual(dateFromFileName('20250325.csv'), { date: '2025-03-25' });
    assert.deepEqual(dateFromFileName('2026-08-11.csv'), { date: '2026-08-11' });
    assert.deepEqual(dateFromFileName('zenodo_x_downloads_2026-08-11.csv'), { date: '2026-08-11' });
    assert.deepEqual(dateFromFileName('export-20260811-nfdi.csv'), { date: '2026-08-11' });
    assert.deepEqual(dateFromFileName('2024/06/20240628.csv'), { date: '2024-06-28' });
  });

  it('rejects names without a real date, or with two', () => {
    assert.match(errorOf(dateFromFileName('downloads.csv')), /no date/);
    assert.match(errorOf(dateFromFileName('20250230.csv')), /no date/);
    assert.match(errorOf(dateFromFileName('record_17659149.csv')), /no date/);
    assert.match(errorOf(dateFromFileName('202503251.csv')), /no date/);
    assert.match(errorOf(dateFromFileName('20250101_to_2025-02-01.csv')), /more than one date/);
  });
});

describe('readSnapshotCsv: NFDI4BIOIMAGE weekly format', () => {
  it('reads counters by column name: version_unique_views comes before version_views', () => {
    const file = readSnapshotCsv(weekly('https://zenodo.org/records/7,"""A""",1,2,3,4,5,6,7,8'), '20250325.csv');
    assert.equal(file.format, 'nfdi4bioimage-weekly');
    assert.equal(file.date, '2025-03-25');
    assert.equal(file.empty, false);
    assert.equal(file.error, undefined);
    assert.deepEqual(file.rows[0]?.record, {
      recordId: '7',
      conceptId: null,
      volume: null,
      downloads: 1,
      uniqueDownloads: 2,
      views: 3,
      uniqueViews: 4,
      versionDownloads: 5,
      versionUniqueDownloads: 6,
      versionUniqueViews: 7,
      versionViews: 8,
    });
  });

  it('reads columns in any order', () => {
    const text =
      'version_views,version_unique_views,url,downloads,unique_downloads,views,unique_views,version_downloads,version_unique_downloads\n' +
      '80,70,https://zenodo.org/records/7,10,20,30,40,50,60\n';
    const record = readSnapshotCsv(text, '20250325.csv').rows[0]?.record;
    assert.equal(record?.versionViews, 80);
    assert.equal(record?.versionUniqueViews, 70);
    assert.equal(record?.downloads, 10);
  });

  it('strips the literal quotes around authors (raw """A and B""")', () => {
    const file = readSnapshotCsv(
      weekly(
        'https://zenodo.org/record/4071471,"""Biernacka, Katarzyna and Bierwirth, Maik""",1,1,1,1,1,1,1,1',
        'https://zenodo.org/records/2,"""Höhne, Noémie""",1,1,1,1,1,1,1,1',
        'https://zenodo.org/records/3,,1,1,1,1,1,1,1,1',
      ),
      '20250325.csv',
    );
    assert.equal(file.rows[0]?.authors, 'Biernacka, Katarzyna and Bierwirth, Maik');
    assert.equal(file.rows[1]?.authors, 'Höhne, Noémie');
    assert.equal(file.rows[2]?.authors, undefined);
    assert.equal('authors' in (file.rows[2] ?? {}), false);
  });

  it('keys fragment, singular, DOI and concept-DOI URLs', () => {
    const file = readSnapshotCsv(
      weekly(
        'https://zenodo.org/records/1175282#.WyP61xy-l5E,"""A""",1,1,1,1,1,1,1,1',
        'https://zenodo.org/record/3490058,"""A""",1,1,1,1,1,1,1,1',
        'https://doi.org/10.5281/zenodo.555,"""A""",1,1,1,1,1,1,1,1',
        'https://zenodo.org/doi/10.5281/zenodo.10008464,"""A""",1,1,1,1,1,1,1,1',
      ),
      '20250325.csv',
    );
    assert.deepEqual(
      file.rows.map((r) => r.key),
      [
        { kind: 'record', recordId: '1175282' },
        { kind: 'record', recordId: '3490058' },
        { kind: 'doi', id: '555' },
        { kind: 'concept-doi', conceptId: '10008464' },
      ],
    );
    assert.deepEqual(
      file.rows.map((r) => r.record.recordId),
      ['1175282', '3490058', '555', '10008464'],
    );
    assert.equal(file.rows[0]?.url, 'https://zenodo.org/records/1175282#.WyP61xy-l5E');
  });

  it('reports an empty file (0 bytes or one newline) as empty, not as an error', () => {
    for (const text of ['', '\n', '\r\n', '\uFEFF']) {
      const file = readSnapshotCsv(text, '20260113.csv');
      assert.equal(file.empty, true, JSON.stringify(text));
      assert.equal(file.error, undefined);
      assert.equal(file.date, '2026-01-13');
      assert.deepEqual(file.rows, []);
    }
  });

  it('reports a file with only a header as empty: no snapshot, not an error (issue 12)', () => {
    const file = readSnapshotCsv(weekly(), '20250325.csv');
    assert.equal(file.empty, true);
    assert.equal(file.error, undefined);
    assert.equal(file.format, 'nfdi4bioimage-weekly');
    assert.deepEqual(file.rows, []);
  });

  it('fails a file whose name has no date, or whose header is unknown', () => {
    const undated = readSnapshotCsv(weekly('https://zenodo.org/records/1,"""A""",1,1,1,1,1,1,1,1'), 'latest.csv');
    assert.match(undated.error ?? '', /no date/);
    assert.equal(undated.date, null);
    assert.deepEqual(undated.rows, []);

    const unknown = readSnapshotCsv('repo_name,stars,forks\nScaDS/BIDS-lecture-2024,1,2\n', '20250325.csv');
    assert.match(unknown.error ?? '', /^unknown CSV format; expected .*url,authors,downloads.* header/);
    assert.match(unknown.error ?? '', /got: "repo_name,stars,forks"/);

    const lacking = readSnapshotCsv('url,authors,downloads\nhttps://zenodo.org/records/1,x,1\n', '20250325.csv');
    assert.match(lacking.error ?? '', /^unknown CSV format; .*lacks: unique_downloads, views/);

    const brokenHeader = readSnapshotCsv('"url,authors\nhttps://zenodo.org/records/1,x\n', '20250325.csv');
    assert.match(brokenHeader.error ?? '', /^unknown CSV format; expected .*; the first line is not readable CSV/);
    assert.equal(brokenHeader.format, null);
  });

  it('skips broken rows with their line and reason and keeps the rest', () => {
    const text = weekly(
      'https://zenodo.org/records/1,"""A""",10,9,8,7,6,5,4,3', //  2 ok
      'https://zenodo.org/records/2,"""A""",abc,9,8,7,6,5,4,3', // 3 not a number
      'https://zenodo.org/records/3,"""A""",10,9,8,7,6,5,4', //     4 a cell short
      'https://zenodo.org/records/4,"""A,10,9,8,7,6,5,4,3', //      5 quote never closed
      'https://zenodo.org/records/5,"""A""",12.0,9,8,7,6,5,4,3', // 6 ok: 12.0 is 12
      'https://zenodo.org/communities/nfdi4bioimage,"""A""",1,1,1,1,1,1,1,1', // 7 not a record
      'https://zenodo.org/records/6,"""A""",-3,1.5,,1e3,6,5,4,3', // 8 four bad counters
      'https://zenodo.org/records/7,"A"x,1,1,1,1,1,1,1,1', //        9 text after a closing quote
      'https://zenodo.org/records/8,"""A""",1,1,1,1,1,1,1,1', //    10 ok
      'https://zenodo.org/records/9,x"y,1,1,1,1,1,1,1,1', //         11 a quote inside an unquoted field
      'https://zenodo.org/records/10,"""A""",1,1,1,1,1,1,1,1', //   12 ok
      'https://zenodo.org/records/11,"""A,1,1,1,1,1,1,1,1', //      13 never closed: runs to the end
    );
    const file = readSnapshotCsv(text, '20250325.csv');
    assert.deepEqual(
      file.rows.map((r) => [r.line, r.record.recordId, r.record.downloads]),
      [
        [2, '1', 10],
        [6, '5', 12],
        [10, '8', 1],
        [12, '10', 1],
      ],
    );
    assert.deepEqual(
      file.skipped.map((s) => [s.line, s.reason]),
      [
        [3, 'downloads: "abc" is not a non-negative integer'],
        [4, 'expected 10 cells, found 9'],
        [5, 'broken quoting: a quoted field runs on to line 6 and has text right after its closing quote there'],
        [7, 'url: a community page, not a record'],
        [
          8,
          'downloads: "-3" is not a non-negative integer; unique_downloads: "1.5" is not a non-negative integer; ' +
            'views: empty; unique_views: "1e3" is not a non-negative integer',
        ],
        [9, 'broken quoting: text right after a closing quote'],
        [11, 'broken quoting: a quote inside an unquoted field'],
        [13, 'broken quoting: a quoted field is never closed'],
      ],
    );
    assert.equal(file.skipped[2]?.raw, 'https://zenodo.org/records/4,"""A,10,9,8,7,6,5,4,3');
    assert.equal(file.skipped[0]?.raw, 'https://zenodo.org/records/2,"""A""",abc,9,8,7,6,5,4,3');
  });

  it('keeps one of two identical rows and reports the other', () => {
    const file = readSnapshotCsv(
      weekly(
        'https://zenodo.org/records/1,"""A""",10,9,8,7,6,5,4,3',
        'https://zenodo.org/records/2,"""A""",1,1,1,1,1,1,1,1',
        'https://zenodo.org/record/1#x,"""A""",10,9,8,7,6,5,4,3',
      ),
      '20250325.csv',
    );
    assert.deepEqual(
      file.rows.map((r) => r.line),
      [2, 3],
    );
    assert.deepEqual(file.duplicates, [
      { line: 4, keptLine: 2, recordId: '1', identical: true, reason: 'duplicate of line 2 (identical)' },
    ]);
  });

  it('keeps the row with the larger downloads of two differing rows and names both lines', () => {
    const file = readSnapshotCsv(
      weekly(
        'https://zenodo.org/records/1,"""A""",10,9,8,7,6,5,4,3',
        'https://zenodo.org/records/1,"""A""",12,9,8,7,6,5,4,3',
        'https://zenodo.org/records/2,"""A""",5,1,1,1,1,1,1,1',
        'https://zenodo.org/records/2,"""A""",4,1,1,1,1,1,1,1',
      ),
      '20250325.csv',
    );
    assert.deepEqual(
      file.rows.map((r) => [r.line, r.record.recordId, r.record.downloads]),
      [
        [3, '1', 12],
        [4, '2', 5],
      ],
    );
    assert.deepEqual(
      file.duplicates.map((d) => [d.line, d.keptLine, d.identical]),
      [
        [2, 3, false],
        [5, 4, false],
      ],
    );
    assert.match(file.duplicates[0]?.reason ?? '', /also on line 3 .*downloads 10 vs 12.*kept line 3, which has the larger downloads/);
  });
});

describe('readSnapshotCsv: our own CSV output', () => {
  it('reads back what renderCsv wrote: nulls stay null, formula escaping is undone', () => {
    const rows = [
      makeSummaryRow(),
      makeSummaryRow({
        zenodo_url: 'https://zenodo.org/records/202',
        id: '202',
        concept_id: null,
        title: '=1+1',
        downloads: null,
        version_views: null,
        version_unique_views: 0,
      }),
      makeSummaryRow({ zenodo_url: 'https://zenodo.org/records/303', id: '303', title: 'Line one\r\nline "two", end' }),
      makeSummaryRow({ zenodo_url: 'https://zenodo.org/records/404', id: '404', title: '-minus' }),
    ];
    for (const bom of [false, true]) {
      const file = readSnapshotCsv(renderCsv(rows, { bom }), 'zenodo_nfdi4bioimage_downloads_2026-08-11.csv');
      assert.equal(file.format, 'zenodo-stats');
      assert.equal(file.date, '2026-08-11');
      assert.deepEqual(file.skipped, []);
      assert.deepEqual(
        file.rows.map((r) => [r.line, r.key, r.url, r.title]),
        [
          [2, { kind: 'record', recordId: '101' }, 'https://zenodo.org/records/101', 'A plain title'],
          [3, { kind: 'record', recordId: '202' }, 'https://zenodo.org/records/202', '=1+1'],
          [4, { kind: 'record', recordId: '303' }, 'https://zenodo.org/records/303', 'Line one\r\nline "two", end'],
          [6, { kind: 'record', recordId: '404' }, 'https://zenodo.org/records/404', '-minus'],
        ],
      );
      assert.deepEqual(file.rows[0]?.record, {
        recordId: '101',
        conceptId: '100',
        volume: null,
        downloads: 120,
        uniqueDownloads: 100,
        views: 340,
        uniqueViews: 300,
        versionDownloads: 20,
        versionUniqueDownloads: 18,
        versionViews: 40,
        versionUniqueViews: 35,
      });
      const second = file.rows[1]?.record;
      assert.equal(second?.conceptId, null);
      assert.equal(second?.downloads, null);
      assert.equal(second?.versionViews, null);
      assert.equal(second?.versionUniqueViews, 0);
    }
  });

  it('does not unescape counters: a quote-prefixed count is skipped', () => {
    const csv = renderCsv([makeSummaryRow()]).replace(',120,', ",'120,");
    const file = readSnapshotCsv(csv, '2026-08-11.csv');
    assert.deepEqual(file.rows, []);
    assert.deepEqual(
      file.skipped.map((s) => [s.line, s.reason]),
      [[2, `downloads: "'120" is not a non-negative integer`]],
    );
  });

  it('skips a row without a usable id', () => {
    const csv = renderCsv([makeSummaryRow({ id: '' }), makeSummaryRow({ id: 'abc' }), makeSummaryRow({ id: '7' })]);
    const file = readSnapshotCsv(csv, '2026-08-11.csv');
    assert.deepEqual(
      file.rows.map((r) => r.record.recordId),
      ['7'],
    );
    assert.deepEqual(
      file.skipped.map((s) => [s.line, s.reason]),
      [
        [2, 'id: empty'],
        [3, 'id: "abc" is not a record id'],
      ],
    );
  });
});

function errorOf(result: { date: string } | { error: string }): string {
  return 'error' in result ? result.error : `unexpected date ${result.date}`;
}
