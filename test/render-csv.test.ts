import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderCsv } from '../src/output/render-csv.js';
import { summaryColumns, type SummaryRow } from '../src/records/summary-row.js';
import { makeSummaryRow } from './helpers/summary-row-fixture.js';


/**
 * A strict RFC 4180 reader: records end in CRLF, a bare CR or LF outside quotes is an error, quoted fields
 * double their quotes. Kept strict so the tests fail if the renderer drifts from RFC 4180.
 */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            i += 1;
            break;
          }
        } else {
          field += text[i];
          i += 1;
        }
      }
    } else {
      while (i < text.length && !',\r\n'.includes(text[i] ?? '')) {
        if (text[i] === '"') throw new Error(`quote inside unquoted field at ${i}`);
        field += text[i];
        i += 1;
      }
    }
    record.push(field);
    if (text[i] === ',') {
      i += 1;
    } else if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
      if (i === text.length) return records;
    } else if (i === text.length) {
      records.push(record);
      return records;
    } else {
      throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
    }
  }
}

/** Parses CSV and returns the data records as objects keyed by the header line. */
function parseRecords(csv: string): Record<string, string>[] {
  const [header, ...data] = parseCsv(csv);
  assert.ok(header);
  return data.map((fields) => {
    assert.equal(fields.length, header.length, 'every record has as many fields as the header');
    return Object.fromEntries(header.map((name, i) => [name, fields[i] ?? '']));
  });
}

describe('renderCsv', () => {
  it('writes only the header line for zero rows', () => {
    assert.equal(renderCsv([]), `${summaryColumns.join(',')}\r\n`);
  });

  it('writes the header in summaryColumns order and each value under its column', () => {
    const csv = renderCsv([makeSummaryRow()]);
    const [header, record, ...rest] = parseCsv(csv);
    assert.deepEqual(header, [...summaryColumns]);
    assert.deepEqual(record, [
      'https://zenodo.org/records/101',
      '120',
      '100',
      '340',
      '300',
      '20',
      '18',
      '40',
      '35',
      '101',
      '100',
      '10.5281/zenodo.101',
      '10.5281/zenodo.100',
      'A plain title',
      'dataset',
      '2024-05-01',
      'v1.0',
      '',
      '',
      '',
    ]);
    assert.deepEqual(rest, []);
  });

  it('ends every record, the last one included, with CRLF and uses no bare LF', () => {
    const csv = renderCsv([makeSummaryRow({ id: '1' }), makeSummaryRow({ id: '2' })]);
    assert.ok(csv.endsWith('\r\n'));
    assert.equal(csv.split('\r\n').length, 4, 'header + 2 records + the empty tail after the last CRLF');
    assert.doesNotMatch(csv, /[^\r]\n/);
  });

  it('keeps the row order it was given', () => {
    const records = parseRecords(renderCsv([makeSummaryRow({ id: '3' }), makeSummaryRow({ id: '1' }), makeSummaryRow({ id: '2' })]));
    assert.deepEqual(
      records.map((r) => r.id),
      ['3', '1', '2'],
    );
  });

  it('quotes titles with commas, quotes and line breaks, and they read back unchanged', () => {
    const titles = ['Images, masks, and labels', 'The "best" segmentation', 'Line one\nline two', 'CR\r\nLF'];
    const csv = renderCsv(titles.map((title) => makeSummaryRow({ title })));
    assert.ok(csv.includes('"Images, masks, and labels"'));
    assert.ok(csv.includes('"The ""best"" segmentation"'));
    assert.deepEqual(
      parseRecords(csv).map((r) => r.title),
      titles,
    );
  });

  it('does not quote fields that need no quoting', () => {
    const csv = renderCsv([makeSummaryRow()]);
    assert.ok(csv.includes('\r\nhttps://zenodo.org/records/101,120,100,'));
    assert.ok(csv.includes(',A plain title,dataset,'));
  });

  it('escapes formula-like titles with a leading apostrophe', () => {
    const titles = ['=HYPERLINK("x")', '+1', '-2+3', '@SUM(A1)', '\tcmd', '\r=1+1'];
    const records = parseRecords(renderCsv(titles.map((title) => makeSummaryRow({ title }))));
    assert.deepEqual(
      records.map((r) => r.title),
      ["'=HYPERLINK(\"x\")", "'+1", "'-2+3", "'@SUM(A1)", "'\tcmd", "'\r=1+1"],
    );
  });

  it('escapes formulas in other text columns too', () => {
    const [record] = parseRecords(renderCsv([makeSummaryRow({ version: '=1+2', resource_type: '@x' })]));
    assert.equal(record?.version, "'=1+2");
    assert.equal(record?.resource_type, "'@x");
  });

  it('leaves text that merely contains formula characters alone', () => {
    const [record] = parseRecords(renderCsv([makeSummaryRow({ title: 'E = mc^2 + 1 - x @ home' })]));
    assert.equal(record?.title, 'E = mc^2 + 1 - x @ home');
  });

  it('writes null as an empty cell and 0 as 0', () => {
    const csv = renderCsv([
      makeSummaryRow({ downloads: null, unique_downloads: 0, views: null, unique_views: 0, doi: null, version: null }),
    ]);
    const [record] = parseRecords(csv);
    assert.equal(record?.downloads, '');
    assert.equal(record?.unique_downloads, '0');
    assert.equal(record?.views, '');
    assert.equal(record?.unique_views, '0');
    assert.equal(record?.doi, '');
    assert.equal(record?.version, '');
    assert.ok(csv.includes('\r\nhttps://zenodo.org/records/101,,0,,0,'), 'empty cells are unquoted');
  });

  it('writes numbers as plain digits', () => {
    const [record] = parseRecords(renderCsv([makeSummaryRow({ downloads: 1234567 })]));
    assert.equal(record?.downloads, '1234567');
  });

  it('has no BOM by default or with bom: false', () => {
    for (const csv of [renderCsv([makeSummaryRow()]), renderCsv([makeSummaryRow()], { bom: false })]) {
      assert.ok(!csv.startsWith('\uFEFF'));
      assert.ok(csv.startsWith('zenodo_url,'));
    }
  });

  it('starts with a UTF-8 BOM with bom: true', () => {
    const csv = renderCsv([makeSummaryRow()], { bom: true });
    assert.ok(csv.startsWith('\uFEFFzenodo_url,'));
    assert.deepEqual([...Buffer.from(csv, 'utf8').subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(csv.indexOf('\uFEFF', 1), -1, 'only one BOM');
    assert.deepEqual(parseCsv(csv.slice(1))[0], [...summaryColumns]);
  });

  it('keeps non-ASCII text intact through a UTF-8 round trip', () => {
    const title = 'Bioimage-Analyse für Anfänger – ÄÖÜ 🧬';
    const csv = renderCsv([makeSummaryRow({ title, version: '版本 2' })]);
    const decoded = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(csv, 'utf8'));
    const [record] = parseRecords(decoded);
    assert.equal(record?.title, title);
    assert.equal(record?.version, '版本 2');
  });
});
