import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stringify } from 'csv-stringify/sync';
import { renderCsvChunks } from '../src/output/render-csv.js';
import { renderChunkSize } from '../src/output/render-in-batches.js';
import {
  outputFormats,
  renderRowChunks,
  renderRows,
  renderTabular,
  renderTabularChunks,
  type OutputFormat,
  type RenderRowsOptions,
} from '../src/output/render-rows.js';
import type { Cell, ColumnSpec, TabularSource } from '../src/output/tabular.js';
import { summaryColumns, type SummaryRow } from '../src/records/summary-row.js';
import { makeSummaryRow } from './helpers/summary-row-fixture.js';

/** Cells that each format has to quote, escape, cut or neutralise somehow. */
const awkwardTexts = [
  'Images, masks, and labels',
  'The "best" segmentation',
  'Line one\nline two',
  'CR\r\nLF',
  '=1+1',
  '+SUM(A1)',
  '@cmd',
  '\t-2',
  'Bioimage-Analyse für Anfänger – ÄÖÜ 🧬',
  '版本 2',
  '<script>alert(1)</script> | *a* _b_ `c` [d](e) $f$',
  '\u202Eevil\u001b[31m\u2028',
  '',
  'long '.repeat(40),
];

/** Row `i` of an awkward output: every text column cycles through `awkwardTexts`, every third count is null. */
function awkwardRow(i: number): SummaryRow {
  const text = (offset: number): string => awkwardTexts[(i + offset) % awkwardTexts.length] ?? '';
  return makeSummaryRow({
    id: String(i),
    title: text(0),
    version: text(3),
    doi: i % 4 === 0 ? null : text(5),
    zenodo_url: i % 5 === 0 ? 'javascript:alert(1)' : `https://zenodo.org/records/${i}?q=${encodeURIComponent(text(1))}`,
    downloads: i % 3 === 0 ? null : i * 7,
    views: i % 3 === 1 ? null : 0,
    est_full_downloads: i % 2 === 0 ? null : i / 3,
  });
}

function awkwardRows(count: number): SummaryRow[] {
  return Array.from({ length: count }, (_, i) => awkwardRow(i));
}

/** Enough rows for several chunks in every format. */
const manyRows = 3000;

/** A row factory that counts its calls and how many rows the latest call has handed out. */
function countingRows<Row>(all: readonly Row[]): { rows: () => Generator<Row>; calls: () => number; pulled: () => number } {
  let calls = 0;
  let pulled = 0;
  return {
    rows: function* () {
      calls += 1;
      pulled = 0;
      for (const row of all) {
        pulled += 1;
        yield row;
      }
    },
    calls: () => calls,
    pulled: () => pulled,
  };
}

describe('renderRowChunks', () => {
  for (const format of outputFormats) {
    for (const count of [0, 1, manyRows]) {
      it(`${format}, ${count} rows: the chunks join to renderRows' output`, () => {
        const rows = awkwardRows(count);
        for (const bom of [false, true]) {
          assert.equal([...renderRowChunks(() => rows, format, { bom })].join(''), renderRows(rows, format, { bom }));
        }
      });
    }
  }

  it('writes the empty outputs of today', () => {
    const csvHeader = `${summaryColumns.join(',')}\r\n`;
    assert.deepEqual([...renderRowChunks(() => [], 'csv')], [csvHeader]);
    assert.deepEqual([...renderRowChunks(() => [], 'csv', { bom: true })], [`\uFEFF${csvHeader}`]);
    assert.deepEqual([...renderRowChunks(() => [], 'json')], ['[]\n']);
    assert.deepEqual([...renderRowChunks(() => [], 'ndjson')], [], 'no chunk at all, not an empty one');
  });

  it('puts the BOM and the CSV header only at the very start', () => {
    const chunks = [...renderRowChunks(() => awkwardRows(manyRows), 'csv', { bom: true })];
    assert.ok(chunks.length > 2);
    const csv = chunks.join('');
    assert.ok(csv.startsWith(`\uFEFF${summaryColumns.join(',')}\r\n`));
    assert.equal(csv.indexOf('\uFEFF', 1), -1, 'one BOM');
    assert.equal(csv.split(`${summaryColumns.join(',')}\r\n`).length, 2, 'one header line');
    for (const chunk of chunks.slice(1)) assert.ok(chunk.endsWith('\r\n'), 'every chunk ends with a whole record');
  });

  it('throws at once for an unknown format, before reading any row', () => {
    const counting = countingRows(awkwardRows(1));
    assert.throws(() => renderRowChunks(counting.rows, 'xml' as unknown as 'csv'), {
      name: 'TypeError',
      message: /unknown output format "xml"/,
    });
    assert.equal(counting.calls(), 0);
  });
});

describe('renderRowChunks across chunk boundaries, against one-shot references', () => {
  const rows = awkwardRows(manyRows);
  const ordered = rows.map((row) => Object.fromEntries(summaryColumns.map((key) => [key, row[key]])));
  const joined = (format: OutputFormat, options: RenderRowsOptions = {}): string =>
    [...renderRowChunks(() => rows, format, options)].join('');

  it('csv: one csv-stringify call over every row', () => {
    const csvOptions = { columns: [...summaryColumns], record_delimiter: 'windows', quote_record_delimiter: true, escape_formulas: true } as const;
    assert.equal(joined('csv', { bom: true }), stringify(ordered, { ...csvOptions, header: true, bom: true }));
  });

  it('json: JSON.stringify(rows, null, 2)', () => {
    assert.equal(joined('json'), `${JSON.stringify(ordered, null, 2)}\n`);
  });

  it('ndjson: JSON.stringify of each row', () => {
    assert.equal(joined('ndjson'), ordered.map((row) => `${JSON.stringify(row)}\n`).join(''));
  });

  it('table: every line is aligned to the widest cell of all rows, not of its chunk', () => {
    const lines = joined('table').split('\n').slice(0, -1);
    assert.equal(lines.length, manyRows + 2);
    const titleStart = lines[0]?.indexOf('title') ?? -1;
    assert.ok(titleStart > 0);
    for (const line of lines) assert.equal(Array.from(line).slice(titleStart - 2, titleStart).join(''), '  ', line);
  });

  it('markdown: one line per row, each a whole table row', () => {
    const lines = joined('markdown').split('\n').slice(0, -1);
    assert.equal(lines.length, manyRows + 2);
    for (const line of lines) assert.ok(line.startsWith('| ') && line.endsWith(' |'), line);
  });
});

describe('renderTabularChunks', () => {
  const columns: readonly ColumnSpec[] = [
    { key: 'community' },
    { key: 'title', linkFrom: 'url', maxWidth: 12 },
    { key: 'downloads', numeric: true },
    { key: 'missing' },
  ];
  const tabularRows = (count: number): Readonly<Record<string, Cell | undefined>>[] =>
    awkwardRows(count).map((row, i) => ({
      community: i % 2 === 0 ? 'a,b' : '=c',
      title: row.title,
      url: row.zenodo_url,
      downloads: row.downloads,
      ...(i % 7 === 0 ? { missing: undefined } : {}),
    }));

  for (const format of outputFormats) {
    it(`${format}: the chunks join to renderTabular's output for 0, 1 and ${manyRows} rows`, () => {
      for (const count of [0, 1, manyRows]) {
        const rows = tabularRows(count);
        assert.equal(
          [...renderTabularChunks({ columns, rows: () => rows }, format, { bom: true })].join(''),
          renderTabular({ columns, rows }, format, { bom: true }),
          `${count} rows`,
        );
      }
    });

    const passes = format === 'table' ? 2 : 1;
    it(`${format}: calls rows() ${passes === 1 ? 'once' : 'twice'} and pulls rows lazily`, () => {
      const counting = countingRows(tabularRows(manyRows));
      const source: TabularSource = { columns, rows: counting.rows };
      const chunks = renderTabularChunks(source, format);
      assert.equal(counting.calls(), 0, 'nothing is read before the first chunk is asked for');
      const first = chunks.next();
      assert.equal(first.done, false);
      assert.equal(counting.calls(), passes);
      assert.ok(counting.pulled() < manyRows / 4, `${counting.pulled()} of ${manyRows} rows pulled for the first chunk`);
      for (let step = chunks.next(); !step.done; step = chunks.next());
      assert.equal(counting.calls(), passes);
      assert.equal(counting.pulled(), manyRows);
    });
  }

  it('stops pulling rows when the consumer stops', () => {
    let finished = false;
    let pulled = 0;
    function* rows(): Generator<Readonly<Record<string, Cell>>> {
      try {
        for (let i = 0; i < manyRows; i += 1) {
          pulled += 1;
          yield { community: 'a', title: 't', url: 'https://zenodo.org/records/1', downloads: i };
        }
      } finally {
        finished = true;
      }
    }
    for (const _ of renderTabularChunks({ columns, rows }, 'ndjson')) break;
    assert.ok(finished, "the rows generator's finally ran");
    assert.ok(pulled < manyRows);
  });
});

describe('chunk sizes', () => {
  for (const format of outputFormats) {
    it(`${format}: chunks of many rows stay near ${renderChunkSize} characters`, () => {
      const chunks = [...renderRowChunks(() => awkwardRows(manyRows * 4), format)];
      const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
      assert.ok(chunks.length >= 3, `${chunks.length} chunks`);
      for (const chunk of chunks) assert.ok(chunk.length <= 2 * renderChunkSize, `a chunk of ${chunk.length}`);
      assert.ok(chunks.length <= Math.ceil(total / (renderChunkSize / 2)) + 2, `${chunks.length} chunks for ${total} characters`);
      for (const chunk of chunks.slice(1, -1)) assert.ok(chunk.length >= renderChunkSize / 2, `a middle chunk of ${chunk.length}`);
    });
  }

  it('renders a row longer than a chunk whole', () => {
    const huge = 'x'.repeat(3 * renderChunkSize);
    const rows = [makeSummaryRow({ title: 'before' }), makeSummaryRow({ title: huge }), makeSummaryRow({ title: 'after' })];
    const csv = [...renderCsvChunks({ columns: [{ key: 'title' }], rows: () => rows })].join('');
    assert.equal(csv, `title\r\nbefore\r\n${huge}\r\nafter\r\n`);
  });
});
