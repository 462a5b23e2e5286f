/**
 * Issue 13, points 3 and 4: the report names records whenever their title can be known (a concept id of an
 * imported history takes its latest version's title), shows only what is known in a breakdown and says how much
 * is not, and marks partial periods in every chart and table over time, with cumulative points at snapshot dates.
 */
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { NewSnapshot, RecordMetadata } from '../src/snapshot/snapshot.js';
import { createFakeClock } from './helpers/fake-clock.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const meta = (m: Partial<RecordMetadata> & Pick<RecordMetadata, 'recordId' | 'title'>): RecordMetadata => ({
  conceptId: null,
  doi: null,
  conceptDoi: null,
  resourceType: null,
  publicationDate: null,
  version: null,
  url: `https://zenodo.org/records/${m.recordId}`,
  communities: [],
  creators: [],
  keywords: [],
  created: null,
  goneAt: null,
  ...m,
});

/**
 * Three records as an import knows them (no concept ids): A1 has metadata of its own; 10008464 is a concept id
 * (a weekly CSV's `/record/<concept>` URL), whose latest version 15031842 has metadata; C3 has none at all.
 */
const metadata = [
  meta({ recordId: 'A1', title: 'Alpha', resourceType: 'dataset', publicationDate: '2024-03-01', keywords: ['Python', ' napari'] }),
  meta({ recordId: '15031842', conceptId: '10008464', title: 'Beta, latest version', resourceType: 'presentation', publicationDate: '2025-06-30' }),
  // An older version of the same concept, in no snapshot, with a title that tries to end the page's data block.
  meta({ recordId: '9000001', conceptId: '10008464', title: '</script><script>alert(1)</script>' }),
];

/**
 * Downloads of A1, 10008464 and C3 at each snapshot (views twice as many): each record gains 6, 3 and 1 a day
 * from first to last, so every period's share is exact. 870 in all at the last.
 */
const snapshot = (day: string, downloads: [number, number, number]): NewSnapshot => ({
  collection: 'mix',
  baseUrl: null,
  takenAt: `${day}T00:00:00.000Z`,
  source: `import:${day.replaceAll('-', '')}.csv`,
  complete: true,
  records: (['A1', '10008464', 'C3'] as const).map((recordId, i) => ({
    recordId,
    conceptId: null,
    volume: null,
    downloads: downloads[i] ?? 0,
    uniqueDownloads: downloads[i] ?? 0,
    views: 2 * (downloads[i] ?? 0),
    uniqueViews: downloads[i] ?? 0,
    versionDownloads: downloads[i] ?? 0,
    versionUniqueDownloads: downloads[i] ?? 0,
    versionViews: 2 * (downloads[i] ?? 0),
    versionUniqueViews: downloads[i] ?? 0,
  })),
  metadata,
});

describe('report: names, known breakdowns, partial periods (issue 13)', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let html: string;
  let md: string;
  const data = (file: string) => readFile(path.join(dir, 'report', 'data', file), 'utf8');

  before(async () => {
    ({ dir, remove } = await tempDir());
    const db = path.join(dir, 'mix.sqlite');
    const store = await openSqliteStore(db);
    try {
      await store.saveSnapshot(snapshot('2026-09-10', [100, 50, 10]));
      await store.saveSnapshot(snapshot('2026-10-05', [250, 125, 35]));
      await store.saveSnapshot(snapshot('2026-11-20', [526, 263, 81]));
    } finally {
      await store.close();
    }
    const result = await runCli(['report', 'mix', '--db', db, '--out', 'report', '--period', 'month'], { cwd: dir, clock: createFakeClock(Date.UTC(2026, 10, 25)) });
    assert.equal(result.code, 0, result.stderr);
    html = await readFile(path.join(dir, 'report', 'index.html'), 'utf8');
    md = await readFile(path.join(dir, 'report', 'README.md'), 'utf8');
  });
  after(() => remove());

  it('names a record by its own title, a concept id by its latest version\'s, and only an unknown one by number', async () => {
    assert.equal(
      await data('top-all-time.csv'),
      [
        'rank,downloads,views,id,title,url',
        '1,526,1052,A1,Alpha,https://zenodo.org/records/A1',
        '2,263,526,10008464,"Beta, latest version",https://zenodo.org/records/15031842',
        '3,81,162,C3,Record C3,https://zenodo.org/records/C3',
        '',
      ].join('\r\n'),
    );
    assert.match(html, /<li>1 record without a title or type \(imported CSVs carry none\): shown by number and left out of the breakdowns\. A summarize of this collection, or import with --base-url, looks them up\.<\/li>/);
  });

  it('shows only the known part of each breakdown, as shares of all downloads, and says how much is not known', async () => {
    // A1 (526) and 10008464 (263) are known; C3 (81 downloads) is not: 789 of the 870 downloads.
    assert.equal(await data('by-resource-type.csv'), ['label,records,downloads,share', 'dataset,1,526,60.5', 'presentation,1,263,30.2', ''].join('\r\n'));
    assert.equal(await data('by-publication-year.csv'), ['label,records,downloads,share', '2024,1,526,60.5', '2025,1,263,30.2', ''].join('\r\n'));
    // Beta has metadata and no keywords: known to have none.
    assert.equal(await data('top-keywords.csv'), ['label,records,downloads,share', 'napari,1,526,60.5', 'python,1,526,60.5', ''].join('\r\n'));
    const note = 'Known for 2 of 3 records (90.7 % of the downloads); the other 1 are not shown.';
    assert.equal(html.split(`<p class="note">${note}</p>`).length - 1, 3, 'under each of the three breakdowns');
    assert.equal(md.split(`_${note}_`).length - 1, 3);
    assert.doesNotMatch(html + md, /unknown/i);
  });

  it('marks the partial first and last months in the chart and table per period, and draws the totals at the snapshot dates', async () => {
    // The running totals as read, on the days they were read (not at the ends of September and November).
    assert.equal(await data('downloads-views-over-time.csv'), ['date,total_downloads,total_views', '2026-09-10,160,320', '2026-10-05,410,820', '2026-11-20,870,1740', ''].join('\r\n'));
    assert.equal(await data('records-over-time.csv'), ['date,records', '2026-09-10,3', '2026-10-05,3', '2026-11-20,3', ''].join('\r\n'));
    // 10 downloads a day in all: September from the 10th (21 days), October whole, November to the 20th (19 days).
    assert.equal(
      await data('downloads-per-period.csv'),
      ['period,coverage,downloads,views,anomalies', '2026-09,partial,210,420,', '2026-10,full,310,620,', '2026-11,partial,190,380,', ''].join('\r\n'),
    );
    assert.match(await data('periods.csv'), /\r\n2026-09,3,0,210,420,160,320,partial,\r\n/);
    const columns = await readFile(path.join(dir, 'report', 'charts', 'downloads-per-period.svg'), 'utf8');
    assert.match(columns, /<title>2026-09: 210\npartial period<\/title>/);
    assert.match(columns, /<title>2026-10: 310<\/title>/);
    assert.match(columns, /<title>2026-11: 190\npartial period<\/title>/);
    assert.match(columns, />partial period<\/text>/, 'a legend entry');
    const note = 'Partial periods (the snapshots cover only part of them): 2026-09, 2026-11.';
    assert.equal(html.split(`<p class="note">${note}</p>`).length - 1, 1, 'under the chart per period');
    assert.equal(md.split(`_${note}_`).length - 1, 1);
  });

  it("carries each kind's periods and each record's observations and other versions in a data block no title can break out of", () => {
    const block = /<script type="application\/json" id="dashboard-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    assert.doesNotMatch(block, /</);
    type Row = { label: string; partial: boolean; downloads: number };
    const data = JSON.parse(block) as { period: string; kinds: Record<string, Row[]>; records: Record<string, { d: string; v: string; o: [string, string][] }> };
    assert.equal(data.period, 'month');
    assert.deepEqual(data.kinds['month']?.map((r) => [r.label, r.partial]), [['2026-09', true], ['2026-10', false], ['2026-11', true]]);
    assert.deepEqual(data.kinds['quarter']?.map((r) => r.label), ['2026-Q3', '2026-Q4']);
    assert.deepEqual(data.kinds['year']?.map((r) => r.label), ['2026']);
    assert.equal(data.kinds['week']?.[0]?.label, '2026-W37');
    assert.equal(typeof data.records['A1']?.d, 'string');
    assert.deepEqual(data.records['10008464']?.o, [['15031842', 'Beta, latest version'], ['9000001', '</script><script>alert(1)</script>']]);
  });

  it('compares the last full month with the partial one before it by daily rate: 10 a day both times', () => {
    assert.match(html, /310<\/div><div class="label">Downloads in 2026-10<\/div><div class="detail">±0\.0 % per day vs\. 2026-09 \(only 21 days of it in the snapshots\)<\/div>/);
  });
});

describe('report: a record Zenodo no longer has (issue 13, point 2)', () => {
  it('keeps its last known title, says it is gone, and links nowhere', async () => {
    const { dir, remove } = await tempDir();
    try {
      const db = path.join(dir, 'gone.sqlite');
      const store = await openSqliteStore(db);
      try {
        const gone = [meta({ recordId: 'A1', title: 'Alpha' }), meta({ recordId: 'G7', title: 'Gamma', goneAt: '2026-11-20' })];
        await store.saveSnapshot({ ...snapshot('2026-11-20', [5, 0, 0]), records: snapshot('2026-11-20', [5, 3, 0]).records.slice(0, 2).map((r, i) => ({ ...r, recordId: i === 0 ? 'A1' : 'G7' })), metadata: gone });
      } finally {
        await store.close();
      }
      const result = await runCli(['report', 'mix', '--db', db, '--out', 'report'], { cwd: dir, clock: createFakeClock(Date.UTC(2026, 10, 25)) });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(
        await readFile(path.join(dir, 'report', 'data', 'top-all-time.csv'), 'utf8'),
        ['rank,downloads,views,id,title,url', '1,5,10,A1,Alpha,https://zenodo.org/records/A1', '2,3,6,G7,Gamma (no longer on Zenodo),', ''].join('\r\n'),
      );
      const html = await readFile(path.join(dir, 'report', 'index.html'), 'utf8');
      assert.match(html, /<li>1 record is no longer on Zenodo \(a look-up found it gone\): shown with the last known title/);
      assert.doesNotMatch(html, /href="https:\/\/zenodo\.org\/records\/G7"/);
    } finally {
      await remove();
    }
  });
});
