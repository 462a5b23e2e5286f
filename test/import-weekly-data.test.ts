/**
 * The importer on the real NFDI4BIOIMAGE weekly CSVs (test/fixtures/nfdi4bioimage-weekly, 105 files, CC BY 4.0,
 * see test/fixtures/README.md), plus `planImport` and `readImportFiles` on small inputs. Expected figures are
 * computed from the CSV text with a deliberately simple parse, and checked against the data README's numbers.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { UsageError } from '../src/errors.js';
import { formatImportReport } from '../src/import/format-import-report.js';
import { planImport } from '../src/import/plan-import.js';
import { readImportFiles } from '../src/import/read-import-files.js';
import { readSnapshotCsv } from '../src/import/read-snapshot-csv.js';
import type { ImportPlan, ParsedSnapshotFile } from '../src/import/types.js';
import type { SnapshotRecord } from '../src/snapshot/snapshot.js';

const fixtureDir = join(import.meta.dirname, 'fixtures', 'nfdi4bioimage-weekly');
const noConcepts = { collection: 'nfdi4bioimage-list', resolveConcept: () => null };

/** The weekly files have no quoted newlines: a data row is a non-empty line after the header. */
function dataLines(text: string): string[] {
  return text.split('\n').slice(1).filter((line) => line !== '');
}

/**
 * Column sums straight from the text. Only `authors` is quoted and may hold commas, and it comes before the
 * counters, so the counters are the last eight comma-separated cells; the header names them.
 */
function sumColumns(text: string): Map<string, number> {
  const [header = ''] = text.split('\n');
  const names = header.split(',').slice(-8);
  const sums = new Map(names.map((name) => [name, 0]));
  for (const line of dataLines(text)) {
    const cells = line.split(',').slice(-8);
    names.forEach((name, i) => sums.set(name, (sums.get(name) ?? 0) + Number(cells[i])));
  }
  return sums;
}

describe('import of the real NFDI4BIOIMAGE weekly CSVs', () => {
  let texts = new Map<string, string>();
  let files: ParsedSnapshotFile[] = [];
  let plan: ImportPlan;

  before(async () => {
    const names = (await readdir(fixtureDir)).filter((name) => name.endsWith('.csv')).sort();
    texts = new Map(await Promise.all(names.map(async (name) => [name, await readFile(join(fixtureDir, name), 'utf8')] as const)));
    files = await readImportFiles([fixtureDir]);
    plan = await planImport(files, noConcepts);
  });

  it('reads all 105 files, in date order', () => {
    assert.equal(texts.size, 105);
    assert.equal(files.length, 105);
    assert.deepEqual(
      files.map((f) => f.fileName),
      [...texts.keys()],
    );
    // How fast is measured by `npm run bench -- history` (import rows/s), not here: a timed test fails on a busy
    // machine and proves nothing about the code.
  });

  it('reports exactly the two empty files, and no failed file', () => {
    assert.deepEqual(plan.report.emptyFiles, ['20260113.csv', '20260120.csv']);
    assert.deepEqual(plan.report.failedFiles, []);
    assert.equal(plan.report.files, 105);
    assert.equal(plan.report.imported, 103);
    assert.equal(plan.snapshots.length, 103);
    for (const file of files) {
      assert.equal(file.format, file.empty ? null : 'nfdi4bioimage-weekly', file.fileName);
      assert.equal(file.date, `${file.fileName.slice(0, 4)}-${file.fileName.slice(4, 6)}-${file.fileName.slice(6, 8)}`);
    }
  });

  it('accounts for every data row: imported + skipped + duplicates', () => {
    let expected = 0;
    for (const file of files) {
      const lines = dataLines(texts.get(file.fileName) ?? '').length;
      expected += lines;
      assert.equal(file.rows.length + file.skipped.length + file.duplicates.length, lines, file.fileName);
    }
    assert.equal(expected, 28_107); // the data README's count
    const { report } = plan;
    assert.equal(report.rows + report.skippedRows.length + report.duplicateRows.length, expected);
    // The data is clean: nothing skipped, no duplicate, no DOI form to resolve.
    assert.deepEqual(report.skippedRows, []);
    assert.deepEqual(report.duplicateRows, []);
    assert.deepEqual(report.unresolvedConcepts, []);
    assert.deepEqual(report.resolvedConcepts, []);
    assert.equal(new Set(plan.snapshots.flatMap((s) => s.records.map((r) => r.recordId))).size, 473);
  });

  it('builds the 2026-08-11 snapshot with the sums the CSV text gives', () => {
    const last = plan.snapshots.at(-1);
    assert.ok(last);
    assert.equal(last.takenAt, '2026-08-11T00:00:00.000Z');
    assert.equal(last.source, 'import:20260811.csv');
    assert.equal(last.collection, 'nfdi4bioimage-list');
    assert.equal(last.baseUrl, null);
    assert.equal(last.complete, true);
    assert.equal(last.records.length, 470);

    const text = texts.get('20260811.csv') ?? '';
    const fromText = sumColumns(text);
    const records = last.records;
    const sum = (pick: (r: SnapshotRecord) => number | null) => records.reduce((total, r) => total + (pick(r) ?? 0), 0);
    assert.equal(sum((r) => r.downloads), fromText.get('downloads'));
    assert.equal(sum((r) => r.versionDownloads), fromText.get('version_downloads'));
    assert.equal(sum((r) => r.views), fromText.get('views'));
    assert.equal(sum((r) => r.uniqueDownloads), fromText.get('unique_downloads'));
    // Read by name: the file has version_unique_views before version_views.
    assert.equal(sum((r) => r.versionViews), fromText.get('version_views'));
    assert.equal(sum((r) => r.versionUniqueViews), fromText.get('version_unique_views'));
    assert.notEqual(fromText.get('version_views'), fromText.get('version_unique_views'));
    // The data README's figures.
    assert.equal(sum((r) => r.downloads), 502_197);
    assert.equal(sum((r) => r.versionDownloads), 357_275);
    assert.equal(sum((r) => r.views), 437_261);
    assert.equal(sum((r) => r.uniqueDownloads), 372_948);
  });

  it('keys the fragment URL and the four singular URLs to their record ids', () => {
    const withFragment = files.flatMap((f) => f.rows.filter((r) => r.url.includes('#')));
    assert.ok(withFragment.length > 0);
    for (const row of withFragment) {
      assert.equal(row.url, 'https://zenodo.org/records/1175282#.WyP61xy-l5E');
      assert.deepEqual(row.key, { kind: 'record', recordId: '1175282' });
    }
    assert.equal(files.find((f) => f.fileName === '20250930.csv')?.rows.some((r) => r.url.includes('#')), true);

    const last = files.at(-1);
    const singular = last?.rows.filter((r) => r.url.includes('/record/')) ?? [];
    assert.deepEqual(
      singular.map((r) => r.record.recordId).sort(),
      ['3490058', '4071471', '6602101', '7018929'],
    );
    for (const row of singular) assert.equal(row.url, `https://zenodo.org/record/${row.record.recordId}`);
  });

  it('strips the literal quotes around authors', () => {
    const first = files.at(-1)?.rows[0];
    assert.equal(first?.record.recordId, '4071471');
    assert.match(first?.authors ?? '', /^Biernacka, Katarzyna and Bierwirth, Maik and .* and Wuttke, Ulrike$/);
  });

  it('flags the partial weeks', () => {
    const partial = new Map(plan.report.partial.map((p) => [p.fileName, p]));
    for (const name of ['20250325.csv', '20251223.csv', '20251230.csv', '20241203.csv', '20241217.csv', '20241224.csv']) {
      assert.ok(partial.has(name), `${name} should be partial`);
      const snapshot = plan.snapshots.find((s) => s.source === `import:${name}`);
      assert.equal(snapshot?.complete, false);
      assert.ok(snapshot?.notes?.some((note) => note.startsWith('partial: ')));
    }
    assert.equal(partial.get('20250325.csv')?.missing, 160);
    // 20241217 lacks 18 records of 20241210 that 20241224 lacks too; only the two-snapshot window sees it.
    assert.equal(partial.get('20241217.csv')?.missing, 12);
    // A week with every record of its neighbours, and the last file (judged against the week before).
    for (const name of ['20260721.csv', '20260811.csv']) {
      assert.equal(partial.has(name), false, name);
      assert.equal(plan.snapshots.find((s) => s.source === `import:${name}`)?.complete, true);
    }
    // 20260804 looks normal (465 rows, 1 more than the week before) but lacks 12744715, which both
    // 20260728 and 20260811 list.
    assert.deepEqual(partial.get('20260804.csv')?.missingRecordIds, ['12744715']);

    // Every id reported missing is absent from its snapshot and present on both sides (within two snapshots).
    const ids = plan.snapshots.map((s) => new Set(s.records.map((r) => r.recordId)));
    for (const p of plan.report.partial) {
      const index = plan.snapshots.findIndex((s) => s.source === `import:${p.fileName}`);
      assert.equal(p.missing, p.missingRecordIds.length);
      for (const id of p.missingRecordIds) {
        assert.equal(ids[index]?.has(id), false);
        assert.ok(ids[index - 1]?.has(id) || ids[index - 2]?.has(id), `${id} before ${p.fileName}`);
        assert.ok(ids[index + 1]?.has(id) || ids[index + 2]?.has(id), `${id} after ${p.fileName}`);
      }
    }

    assert.deepEqual(
      plan.report.partial.map((p) => `${p.fileName.slice(0, 8)}:${p.missing}`),
      [
        '20241203:12', '20241217:12', '20241224:23', '20250107:17', '20250114:13', '20250204:16',
        '20250304:1', '20250311:4', '20250325:160', '20250401:25', '20250506:16', '20250527:1',
        '20250610:1', '20250624:2', '20250902:2', '20251028:2', '20251125:1', '20251209:1',
        '20251216:8', '20251223:214', '20251230:185', '20260106:1', '20260127:15', '20260602:7',
        '20260609:8', '20260623:7', '20260630:3', '20260728:2', '20260804:1',
      ],
    );
  });

  it('plans the same snapshots every time', async () => {
    const again = await planImport(await readImportFiles([fixtureDir]), noConcepts);
    assert.deepEqual(again, plan);
  });

  it('writes a report line per empty file and per partial snapshot', () => {
    const lines = formatImportReport(plan.report);
    assert.equal(lines[0], '105 files: 103 snapshots, 28,107 rows (one per record per snapshot)');
    assert.ok(lines.includes('empty file, no snapshot: 20260113.csv'));
    assert.ok(lines.includes('partial 20250325.csv (2025-03-25): 160 records missing, snapshot marked incomplete'));
    assert.ok(lines.includes('partial 20260804.csv (2026-08-04): 1 record missing, snapshot marked incomplete'));
  });
});

const header =
  'url,authors,downloads,unique_downloads,views,unique_views,version_downloads,version_unique_downloads,version_unique_views,version_views';

/** A weekly file with one row per URL; `downloads` per URL, every other counter 1. */
function weeklyFile(fileName: string, rows: Record<string, number>): ParsedSnapshotFile {
  const lines = Object.entries(rows).map(([url, downloads]) => `${url},"""A""",${downloads},1,1,1,1,1,1,1`);
  return readSnapshotCsv([header, ...lines].join('\n') + '\n', fileName);
}

function ids(plan: ImportPlan): string[][] {
  return plan.snapshots.map((s) => s.records.map((r) => r.recordId));
}

describe('planImport', () => {
  it('resolves concept DOIs, and DOIs the resolver knows as concepts', async () => {
    const calls: string[] = [];
    const resolveConcept = async (id: string) => {
      calls.push(id);
      return { '100': '105', '200': '205' }[id] ?? null;
    };
    const files = [
      weeklyFile('20250101.csv', {
        'https://zenodo.org/doi/10.5281/zenodo.100': 10,
        'https://zenodo.org/doi/10.5281/zenodo.300': 30,
        'https://doi.org/10.5281/zenodo.200': 20,
        'https://doi.org/10.5281/zenodo.400': 40,
      }),
      weeklyFile('20250108.csv', { 'https://zenodo.org/doi/10.5281/zenodo.100': 11 }),
    ];
    const plan = await planImport(files, { collection: 'c', resolveConcept });
    assert.deepEqual(ids(plan), [['105', '300', '205', '400'], ['105']]);
    const records = plan.snapshots[0]?.records ?? [];
    assert.deepEqual(
      records.map((r) => r.conceptId),
      ['100', '300', '200', null],
    );
    assert.deepEqual(plan.report.resolvedConcepts, [
      { fileName: '20250101.csv', line: 2, conceptId: '100', recordId: '105' },
      { fileName: '20250101.csv', line: 4, conceptId: '200', recordId: '205' },
      { fileName: '20250108.csv', line: 2, conceptId: '100', recordId: '105' },
    ]);
    assert.deepEqual(plan.report.unresolvedConcepts, [{ fileName: '20250101.csv', line: 3, conceptId: '300' }]);
    assert.deepEqual(calls, ['100', '300', '200', '400']);
    assert.ok(plan.snapshots[0]?.notes?.includes('1 concept DOI kept unresolved, keyed by the concept id: 300'));
    assert.ok(formatImportReport(plan.report).includes('concept kept unresolved 20250101.csv:3: 300 (stored under the concept id)'));
  });

  it('deduplicates rows that resolve to the same record', async () => {
    const files = [
      weeklyFile('20250101.csv', {
        'https://zenodo.org/records/105': 10,
        'https://zenodo.org/doi/10.5281/zenodo.100': 12,
      }),
    ];
    const plan = await planImport(files, { collection: 'c', resolveConcept: (id) => (id === '100' ? '105' : null) });
    assert.deepEqual(ids(plan), [['105']]);
    assert.equal(plan.snapshots[0]?.records[0]?.downloads, 12);
    assert.deepEqual(
      plan.report.duplicateRows.map((d) => [d.fileName, d.line, d.keptLine, d.identical]),
      [['20250101.csv', 2, 3, false]],
    );
  });

  it('builds one snapshot per date and fails a second file for the same date', async () => {
    const files = [
      weeklyFile('20250108.csv', { 'https://zenodo.org/records/1': 2 }),
      weeklyFile('2025-01-01.csv', { 'https://zenodo.org/records/1': 1 }),
      weeklyFile('export_20250108.csv', { 'https://zenodo.org/records/1': 3 }),
      readSnapshotCsv('\n', '20250115.csv'),
      readSnapshotCsv('a,b\n1,2\n', '20250122.csv'),
      readSnapshotCsv('', 'undated.csv'),
    ];
    const plan = await planImport(files, noConcepts);
    assert.deepEqual(
      plan.snapshots.map((s) => [s.takenAt, s.source, s.records[0]?.downloads]),
      [
        ['2025-01-01T00:00:00.000Z', 'import:2025-01-01.csv', 1],
        ['2025-01-08T00:00:00.000Z', 'import:20250108.csv', 2],
      ],
    );
    assert.deepEqual(plan.report.emptyFiles, ['20250115.csv']);
    assert.deepEqual(
      plan.report.failedFiles.map((f) => f.fileName),
      ['20250122.csv', 'undated.csv', 'export_20250108.csv'],
    );
    assert.match(plan.report.failedFiles[2]?.error ?? '', /2025-01-08 is already imported from 20250108\.csv/);
    assert.equal(plan.report.files, 6);
    assert.equal(plan.report.imported, 2);
  });

  it('marks a snapshot partial when it lacks records both neighbours have, two partial weeks in a row included', async () => {
    const week = (name: string, idList: number[]) =>
      weeklyFile(name, Object.fromEntries(idList.map((id) => [`https://zenodo.org/records/${id}`, id])));
    const plan = await planImport(
      [
        week('20250101.csv', [1, 2, 3, 4]),
        week('20250108.csv', [1, 2, 3, 4]),
        week('20250115.csv', [1]), //               2, 3, 4 missing
        week('20250122.csv', [1, 2]), //            3, 4 missing (also missing the week before)
        week('20250129.csv', [1, 2, 3, 4, 5]), //   5 is new: not missing from the weeks before
        week('20250205.csv', [1, 2, 3, 5]), //      4 dropped from the list for good: not partial
        week('20250212.csv', [1, 2, 3, 5]),
        week('20250219.csv', [1, 2, 5]), //         last file: judged against the week before, 3 missing
      ],
      noConcepts,
    );
    assert.deepEqual(
      plan.report.partial.map((p) => [p.date, p.missingRecordIds]),
      [
        ['2025-01-15', ['2', '3', '4']],
        ['2025-01-22', ['3', '4']],
        ['2025-02-19', ['3']],
      ],
    );
    assert.deepEqual(
      plan.snapshots.map((s) => s.complete),
      [true, true, false, false, true, true, true, false],
    );
  });

  it('judges the first file against the next one only', async () => {
    const plan = await planImport(
      [
        weeklyFile('20250101.csv', { 'https://zenodo.org/records/1': 1 }),
        weeklyFile('20250108.csv', { 'https://zenodo.org/records/1': 1, 'https://zenodo.org/records/2': 1 }),
      ],
      noConcepts,
    );
    assert.deepEqual(
      plan.report.partial.map((p) => [p.fileName, p.missing]),
      [['20250101.csv', 1]],
    );
    const single = await planImport([weeklyFile('20250101.csv', { 'https://zenodo.org/records/1': 1 })], noConcepts);
    assert.equal(single.snapshots[0]?.complete, true);
  });

  it('lists every skipped row in the report lines', async () => {
    const text = [
      header,
      'https://zenodo.org/records/1,"""A""",abc,1,1,1,1,1,1,1',
      'https://zenodo.org/records/2,"""A""",1,1,1,1,1,1,1,1',
      'https://example.org/x,"""A""",1,1,1,1,1,1,1,1',
    ].join('\n');
    const plan = await planImport([readSnapshotCsv(text, '20250101.csv')], noConcepts);
    const lines = formatImportReport(plan.report);
    assert.deepEqual(
      lines.filter((line) => line.startsWith('skipped ')),
      [
        'skipped 20250101.csv:2: downloads: "abc" is not a non-negative integer | "https://zenodo.org/records/1,\\"\\"\\"A\\"\\"\\",abc,1,1,1,1,1,1,1"',
        'skipped 20250101.csv:4: url: not a Zenodo URL (example.org) | "https://example.org/x,\\"\\"\\"A\\"\\"\\",1,1,1,1,1,1,1,1"',
      ],
    );
    assert.equal(lines.at(-1), '2 rows skipped');
    assert.deepEqual(plan.snapshots[0]?.notes, ['imported from 20250101.csv (nfdi4bioimage-weekly): 1 record', '2 rows skipped (lines 2, 4)']);
  });
});

describe('readImportFiles', () => {
  let root = '';

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'zenodo-stats-import-'));
    const row = 'https://zenodo.org/records/1,"""A""",1,1,1,1,1,1,1,1';
    await mkdir(join(root, 'weeks'));
    await writeFile(join(root, 'weeks', '20250108.csv'), `${header}\n${row}\n`);
    await writeFile(join(root, 'weeks', '20250101.csv'), `${header}\n${row}\n`);
    await writeFile(join(root, 'weeks', 'README.md'), 'not a CSV');
    await mkdir(join(root, 'weeks', 'nested.csv'));
    await writeFile(join(root, 'weeks', 'nested.csv', '20250115.csv'), `${header}\n${row}\n`);
    await symlink(join(root, 'gone.csv'), join(root, 'weeks', 'zz-dangling-20250122.csv'));
    await writeFile(join(root, '2025-02-01.csv'), `${header}\n${row}\n`);
  });

  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reads the CSV files of a directory in name order, then the files given', async () => {
    const files = await readImportFiles([join(root, 'weeks'), join(root, '2025-02-01.csv')]);
    assert.deepEqual(
      files.map((f) => [f.fileName, f.date, f.rows.length]),
      [
        ['20250101.csv', '2025-01-01', 1],
        ['20250108.csv', '2025-01-08', 1],
        ['zz-dangling-20250122.csv', null, 0],
        ['2025-02-01.csv', '2025-02-01', 1],
      ],
    );
  });

  it('turns an unreadable file into a failed file', async () => {
    const files = await readImportFiles([join(root, 'weeks')]);
    const failed = files.find((f) => f.fileName === 'zz-dangling-20250122.csv');
    assert.match(failed?.error ?? '', /^cannot read .*zz-dangling-20250122\.csv: ENOENT/);
    const plan = await planImport(files, noConcepts);
    assert.equal(plan.snapshots.length, 2);
    assert.equal(plan.report.failedFiles.length, 1);
  });

  it('throws a UsageError naming a path that does not exist', async () => {
    const missing = join(root, 'no-such-dir');
    await assert.rejects(readImportFiles([join(root, 'weeks'), missing]), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.message, `${missing}: no such file or directory`);
      return true;
    });
  });
});
