import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderCsv } from '../src/output/render-csv.js';
import { renderJson } from '../src/output/render-json.js';
import { renderMarkdown } from '../src/output/render-markdown.js';
import { renderNdjson } from '../src/output/render-ndjson.js';
import { outputFormats, renderRows } from '../src/output/render-rows.js';
import { renderTable } from '../src/output/render-table.js';
import { summaryColumns, type SummaryRow } from '../src/records/summary-row.js';
import { makeSummaryRow } from './helpers/summary-row-fixture.js';


/** The same row with its keys in reverse order, to prove renderers do not rely on object key order. */
function reversedKeys(row: SummaryRow): SummaryRow {
  return Object.fromEntries(Object.entries(row).reverse()) as unknown as SummaryRow;
}

/** Splits a Markdown table line into cells, honouring backslash escapes (so `\|` stays inside a cell). */
function markdownCells(line: string): string[] {
  assert.ok(line.startsWith('| ') && line.endsWith(' |'), `table line: ${line}`);
  const cells: string[] = [];
  let cell = '';
  for (let i = 1; i < line.length; i += 1) {
    const char = line[i] ?? '';
    if (char === '\\') {
      cell += char + (line[i + 1] ?? '');
      i += 1;
    } else if (char === '|') {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += char;
    }
  }
  assert.equal(cell, '', 'nothing after the closing pipe');
  return cells;
}

describe('renderJson', () => {
  it('renders zero rows as an empty array with a trailing newline', () => {
    assert.equal(renderJson([]), '[]\n');
  });

  it('pretty-prints with 2-space indent and a trailing newline', () => {
    const json = renderJson([makeSummaryRow()]);
    assert.ok(json.startsWith('[\n  {\n    "zenodo_url": "https://zenodo.org/records/101",\n    "downloads": 120,\n'));
    assert.ok(json.endsWith('\n  }\n]\n'));
  });

  it('writes keys in column order, numbers as numbers and nulls as null', () => {
    const row = makeSummaryRow({ downloads: null, views: 0, doi: null });
    const parsed: unknown = JSON.parse(renderJson([reversedKeys(row)]));
    assert.ok(Array.isArray(parsed));
    const [first] = parsed as Record<string, unknown>[];
    assert.deepEqual(Object.keys(first ?? {}), [...summaryColumns]);
    assert.deepEqual(first, { ...row });
    assert.equal(first?.downloads, null);
    assert.equal(first?.views, 0);
    assert.equal(first?.unique_views, 300);
  });

  it('keeps non-ASCII and quotes intact', () => {
    const title = 'Bioimage-Analyse für Anfänger – "ÄÖÜ" 🧬\nzweite Zeile';
    const parsed = JSON.parse(renderJson([makeSummaryRow({ title })])) as SummaryRow[];
    assert.equal(parsed[0]?.title, title);
  });
});

describe('renderNdjson', () => {
  it('renders zero rows as the empty string', () => {
    assert.equal(renderNdjson([]), '');
  });

  it('writes one compact object per line, each ending in a newline', () => {
    const rows = [makeSummaryRow({ id: '1', title: 'multi\nline\r\ntitle' }), makeSummaryRow({ id: '2', downloads: null })];
    const ndjson = renderNdjson(rows.map(reversedKeys));
    assert.ok(ndjson.endsWith('}\n'));
    const lines = ndjson.split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, 2);
    assert.ok(lines[0]?.startsWith('{"zenodo_url":"https://zenodo.org/records/101","downloads":120,'));
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const object of parsed) assert.deepEqual(Object.keys(object), [...summaryColumns]);
    assert.deepEqual(parsed, rows);
    assert.equal(parsed[1]?.downloads, null);
  });
});

describe('renderTable', () => {
  it('renders a header, a dashed rule and the default columns', () => {
    const out = renderTable([makeSummaryRow()]);
    assert.equal(
      out,
      [
        'downloads  unique_downloads  views  unique_views  id   title',
        '---------  ----------------  -----  ------------  ---  -------------',
        '      120               100    340           300  101  A plain title',
        '',
      ].join('\n'),
    );
  });

  it('renders zero rows as header and rule only', () => {
    const out = renderTable([], { columns: ['id', 'downloads'] });
    assert.equal(out, 'id  downloads\n--  ---------\n');
  });

  it('right-aligns numbers as plain digits and shows null as an empty cell, 0 as 0', () => {
    const out = renderTable(
      [makeSummaryRow({ downloads: 1234567, id: 'a' }), makeSummaryRow({ downloads: 0, id: 'b' }), makeSummaryRow({ downloads: null, id: 'c' })],
      { columns: ['downloads', 'id'] },
    );
    assert.equal(out, 'downloads  id\n---------  --\n  1234567  a\n        0  b\n           c\n');
  });

  it('left-aligns text and does not pad the last column', () => {
    const out = renderTable([makeSummaryRow({ id: '7', title: 'x' }), makeSummaryRow({ id: '12345', title: 'longer' })], {
      columns: ['id', 'title'],
    });
    assert.equal(out, 'id     title\n-----  ------\n7      x\n12345  longer\n');
  });

  it('truncates titles to maxTitleWidth code points with an ellipsis', () => {
    const long = 'abcdefghij'.repeat(10);
    const [, , line60] = renderTable([makeSummaryRow({ title: long })], { columns: ['title'] }).split('\n');
    assert.equal(line60, `${long.slice(0, 59)}…`);
    const [, , line10] = renderTable([makeSummaryRow({ title: long })], { columns: ['title'], maxTitleWidth: 10 }).split('\n');
    assert.equal(line10, 'abcdefghi…');
    const [, , exact] = renderTable([makeSummaryRow({ title: 'abcdefghij' })], { columns: ['title'], maxTitleWidth: 10 }).split(
      '\n',
    );
    assert.equal(exact, 'abcdefghij', 'a title of exactly maxTitleWidth is not cut');
  });

  it('never cuts a surrogate pair when truncating', () => {
    const title = `a${'🧬'.repeat(20)}`;
    const [, , line] = renderTable([makeSummaryRow({ title })], { columns: ['title'], maxTitleWidth: 5 }).split('\n');
    assert.equal(line, 'a🧬🧬🧬…');
    assert.doesNotMatch(line ?? '', /\p{Cs}/u, 'no lone surrogate');
  });

  it('measures widths in code points', () => {
    const out = renderTable([makeSummaryRow({ id: '🧬🧬', title: 'x' }), makeSummaryRow({ id: 'abc', title: 'y' })], {
      columns: ['id', 'title'],
    });
    assert.equal(out, 'id   title\n---  -----\n🧬🧬   x\nabc  y\n');
  });

  it('keeps each record on one line by replacing control characters with a space', () => {
    const title = 'line one\nline two\r\nthree\tfour\u001b[31mred\u2028five\u202Eevil';
    const out = renderTable([makeSummaryRow({ title, id: 'a\nb' })], { columns: ['id', 'title'], maxTitleWidth: 200 });
    const lines = out.split('\n');
    assert.equal(lines.length, 4, 'header, rule, one row, empty tail');
    assert.equal(lines[2], 'a b  line one line two three four [31mred five evil');
    assert.doesNotMatch(out, /[\u0000-\u0009\u000b-\u001f\u007f\u2028\u202e]/);
  });

  it('rejects a maxTitleWidth below 1', () => {
    assert.throws(() => renderTable([makeSummaryRow()], { maxTitleWidth: 0 }), RangeError);
  });
});

describe('renderMarkdown', () => {
  it('renders the default columns with the title linked to the record', () => {
    const out = renderMarkdown([makeSummaryRow()]);
    assert.equal(
      out,
      [
        '| title | downloads | unique_downloads | views | unique_views | version_downloads | id |',
        '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
        '| [A plain title](https://zenodo.org/records/101) | 120 | 100 | 340 | 300 | 20 | 101 |',
        '',
      ].join('\n'),
    );
  });

  it('renders zero rows as header and alignment row', () => {
    assert.equal(renderMarkdown([], { columns: ['id', 'views'] }), '| id | views |\n| --- | ---: |\n');
  });

  it('shows null as an empty cell and 0 as 0', () => {
    const out = renderMarkdown([makeSummaryRow({ downloads: null, views: 0 })], { columns: ['downloads', 'views'] });
    assert.equal(out.split('\n')[2], '|  | 0 |');
  });

  it('escapes Markdown and HTML syntax in titles', () => {
    const out = renderMarkdown([makeSummaryRow({ title: 'a|b \\ `c` *d* _e_ [f] <g> & ~h~ $i$' })], { columns: ['title'] });
    const [, , row] = out.split('\n');
    assert.equal(
      row,
      '| [a\\|b \\\\ \\`c\\` \\*d\\* \\_e\\_ \\[f\\] &lt;g&gt; &amp; \\~h\\~ \\$i\\$](https://zenodo.org/records/101) |',
    );
  });

  it('keeps a pipe in a title inside its cell', () => {
    const out = renderMarkdown([makeSummaryRow({ title: 'a | b \\| c \\\\| d' })]);
    const [header, , row] = out.split('\n');
    assert.equal(markdownCells(row ?? '').length, markdownCells(header ?? '').length);
  });

  it('renders a link-injection title as inert text', () => {
    const out = renderMarkdown([makeSummaryRow({ title: '](javascript:alert(1))' })], { columns: ['title'] });
    const [, , row] = out.split('\n');
    assert.equal(row, '| [\\](javascript:alert(1))](https://zenodo.org/records/101) |');
    assert.doesNotMatch(out, /(?<!\\)\]\(javascript:/);
  });

  it('renders an HTML title as inert text', () => {
    const out = renderMarkdown([makeSummaryRow({ title: '<script>alert(1)</script><img src=x onerror=alert(1)>' })]);
    assert.ok(out.includes('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;'));
    assert.doesNotMatch(out, /</);
  });

  it('does not turn Zenodo entities into markup', () => {
    const out = renderMarkdown([makeSummaryRow({ title: '&lt;b&gt; &#60;i&#62;' })], { columns: ['title'] });
    assert.ok(out.includes('[&amp;lt;b&amp;gt; &amp;#60;i&amp;#62;]('));
  });

  it('links only http and https URLs; other schemes give plain text', () => {
    const rows = [
      makeSummaryRow({ title: 'js', zenodo_url: 'javascript:alert(1)' }),
      makeSummaryRow({ title: 'data', zenodo_url: 'data:text/html,<script>alert(1)</script>' }),
      makeSummaryRow({ title: 'rel', zenodo_url: '/records/1' }),
      makeSummaryRow({ title: 'http', zenodo_url: 'http://sandbox.zenodo.org/records/1' }),
    ];
    const lines = renderMarkdown(rows, { columns: ['title'] }).split('\n');
    assert.deepEqual(lines.slice(2, 6), ['| js |', '| data |', '| rel |', '| [http](http://sandbox.zenodo.org/records/1) |']);
  });

  it('percent-encodes parentheses, spaces and angle brackets in the link URL', () => {
    const out = renderMarkdown([makeSummaryRow({ title: 't', zenodo_url: 'https://zenodo.org/records/1 (x)/<y>|z?a=1&copy=2' })], {
      columns: ['title'],
    });
    assert.equal(out.split('\n')[2], '| [t](https://zenodo.org/records/1%20%28x%29/%3Cy%3E%7Cz?a=1&amp;copy=2) |');
  });

  it('keeps each record on one line', () => {
    const out = renderMarkdown([makeSummaryRow({ title: 'one\ntwo\r\nthree\u2028four', id: 'x\ty' })], { columns: ['title', 'id'] });
    assert.equal(out.split('\n')[2], '| [one two three four](https://zenodo.org/records/101) | x y |');
  });

  it('escapes other text columns and shows zenodo_url as text', () => {
    const out = renderMarkdown([makeSummaryRow({ doi: '10.1/a_b*c', zenodo_url: 'https://zenodo.org/records/1_2' })], {
      columns: ['doi', 'zenodo_url'],
    });
    assert.equal(out.split('\n')[2], '| 10.1/a\\_b\\*c | https://zenodo.org/records/1\\_2 |');
  });

  it('gives an empty title visible link text', () => {
    const out = renderMarkdown([makeSummaryRow({ title: ' \n ' })], { columns: ['title'] });
    assert.equal(out.split('\n')[2], '| [(untitled)](https://zenodo.org/records/101) |');
  });
});

describe('renderRows', () => {
  const rows = [makeSummaryRow({ id: '1' }), makeSummaryRow({ id: '2', downloads: null })];

  it('lists every format', () => {
    assert.deepEqual([...outputFormats], ['csv', 'json', 'ndjson', 'table', 'markdown']);
  });

  it('dispatches each format to its renderer', () => {
    assert.equal(renderRows(rows, 'csv'), renderCsv(rows));
    assert.equal(renderRows(rows, 'json'), renderJson(rows));
    assert.equal(renderRows(rows, 'ndjson'), renderNdjson(rows));
    assert.equal(renderRows(rows, 'table'), renderTable(rows));
    assert.equal(renderRows(rows, 'markdown'), renderMarkdown(rows));
    const outputs = new Set(outputFormats.map((format) => renderRows(rows, format)));
    assert.equal(outputs.size, outputFormats.length, 'every format renders differently');
  });

  it('passes bom to CSV only', () => {
    assert.ok(renderRows(rows, 'csv', { bom: true }).startsWith('\uFEFFzenodo_url,'));
    assert.ok(renderRows(rows, 'csv', { bom: false }).startsWith('zenodo_url,'));
    assert.equal(renderRows(rows, 'json', { bom: true }), renderJson(rows));
  });

  it('rejects an unknown format', () => {
    assert.throws(() => renderRows(rows, 'xml' as unknown as 'csv'), {
      name: 'TypeError',
      message: /unknown output format "xml"/,
    });
  });
});
