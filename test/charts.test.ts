import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { DOMParser } from 'linkedom';
import {
  chartPalette,
  renderBarChart,
  renderColumnChart,
  renderLineChart,
  type BarChartSpec,
  type BarItem,
  type ColumnChartSpec,
  type LineChartSpec,
} from '../src/report/charts.js';

const scriptLabel = '<script>alert(1)</script>';
const imgLabel = '"><img src=x onerror=alert(1)>';
const longLabel =
  'Light-sheet recordings of the developing zebrafish brain at single-cell resolution, days 1 to 5';

function barItems(count: number): BarItem[] {
  return Array.from({ length: count }, (_, index) => ({
    label: `Record ${index + 1}: imaging data set`,
    value: Math.round(47_122 / (index + 1)),
    href: `https://zenodo.org/records/${1000 + index}`,
  }));
}

function barSpec(overrides: Partial<BarChartSpec> = {}): BarChartSpec {
  return { title: 'Top records', subtitle: 'all time', xLabel: 'downloads', items: barItems(10), lang: 'en', ...overrides };
}

/** Weekly dates from Monday 2024-09-02. */
function weeklyPoints(count: number, value: (index: number) => number): { date: string; value: number }[] {
  return Array.from({ length: count }, (_, index) => ({
    date: new Date(Date.UTC(2024, 8, 2 + 7 * index)).toISOString().slice(0, 10),
    value: value(index),
  }));
}

function lineSpec(overrides: Partial<LineChartSpec> = {}): LineChartSpec {
  return {
    title: 'Downloads per week',
    subtitle: '2024-W36 to 2026-W35',
    yLabel: 'downloads per week',
    series: [
      { name: 'all records', points: weeklyPoints(104, (i) => Math.round(1500 + 800 * Math.sin(i / 8) + 12 * i)) },
      { name: longLabel, points: weeklyPoints(104, (i) => Math.round(400 + 200 * Math.cos(i / 5))) },
      { name: 'Training material', points: weeklyPoints(104, (i) => 100 + 3 * i) },
    ],
    lang: 'en',
    ...overrides,
  };
}

/** Months 2024-09 … 2026-08; 2026-02 is a flagged spike. */
function monthItems(count = 24): ColumnChartSpec['items'] {
  return Array.from({ length: count }, (_, index) => {
    const month = 8 + index;
    const label = `${2024 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
    const flagged = label === '2026-02';
    return { label, value: Math.round(5000 + 3000 * Math.sin(index / 3)) + (flagged ? 40_000 : 0), flagged };
  });
}

function columnSpec(overrides: Partial<ColumnChartSpec> = {}): ColumnChartSpec {
  return { title: 'Downloads per month', subtitle: 'all records', yLabel: 'downloads per month', items: monthItems(), lang: 'en', ...overrides };
}

const xmlEntity = /^&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;

function assertEntities(text: string, where: string): void {
  for (let index = text.indexOf('&'); index !== -1; index = text.indexOf('&', index + 1)) {
    assert.match(text.slice(index, index + 12), xmlEntity, `bare & in ${where}`);
  }
}

/**
 * A strict check of the XML subset the charts use (elements, double-quoted attributes, text with entities;
 * no comments, CDATA or processing instructions): one root, balanced tags, no raw `<` or bare `&`, no
 * duplicate attributes. linkedom's XML parser is lenient, so it cannot tell a broken file from a good one.
 */
function assertWellFormed(xml: string): void {
  const token = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_:][\w:.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)/y;
  const stack: string[] = [];
  let roots = 0;
  let index = 0;
  while (index < xml.length) {
    token.lastIndex = index;
    const match = token.exec(xml);
    assert.ok(match, `not well-formed at ${index}: ${JSON.stringify(xml.slice(index, index + 60))}`);
    index = token.lastIndex;
    const [, close, name = '', attributes = '', selfClosing, text] = match;
    if (text !== undefined) {
      assert.ok(stack.length > 0, 'text outside the root element');
      assertEntities(text, `text of <${stack.at(-1) ?? ''}>`);
      continue;
    }
    if (close === '/') {
      assert.equal(attributes, '', `attributes on </${name}>`);
      assert.equal(stack.pop(), name, `unbalanced </${name}>`);
      continue;
    }
    const names = [...attributes.matchAll(/([A-Za-z_:][\w:.-]*)="([^"]*)"/g)].map(([, attribute = '', value = '']) => {
      assertEntities(value, `${name}@${attribute}`);
      return attribute;
    });
    assert.equal(new Set(names).size, names.length, `duplicate attribute on <${name}>`);
    if (stack.length === 0) roots += 1;
    if (selfClosing !== '/') stack.push(name);
  }
  assert.deepEqual(stack, [], 'unclosed elements');
  assert.equal(roots, 1, 'exactly one root element');
}

function parseSvg(svg: string) {
  const document = new DOMParser().parseFromString(svg, 'image/svg+xml');
  return document;
}

/** The root `<svg …>` start tag's attributes. */
function rootAttributes(svg: string): Map<string, string> {
  const start = /^<svg((?:\s+[\w:-]+="[^"]*")*)\s*>/.exec(svg);
  assert.ok(start, 'output starts with an <svg> start tag');
  return new Map([...(start[1] ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)].map(([, name = '', value = '']) => [name, value]));
}

function assertStandalone(svg: string, title: string): void {
  assertWellFormed(svg);
  const attributes = rootAttributes(svg);
  assert.equal(attributes.get('xmlns'), 'http://www.w3.org/2000/svg');
  assert.equal(attributes.get('role'), 'img');
  assert.ok((attributes.get('aria-label') ?? '').startsWith(title), 'aria-label starts with the title');
  const width = Number(attributes.get('width'));
  const height = Number(attributes.get('height'));
  assert.ok(width > 0 && height > 0, 'fixed width and height');
  assert.equal(attributes.get('viewBox'), `0 0 ${width} ${height}`);
  assert.match(attributes.get('font-family') ?? '', /^system-ui, sans-serif$/);
  assert.ok(svg.slice(svg.indexOf('>') + 1).startsWith(`<title>${title}</title>`), '<title> is the first child');
  assert.equal(svg.match(/<svg[\s>]/g)?.length, 1, 'a single <svg> element');
  assert.doesNotMatch(svg, /<(?:figure|div|h2|script|foreignObject)\b/);
  assert.doesNotMatch(svg, /plot-[0-9a-f]{6}/, "no Plot default class name");
  for (const [, size] of svg.matchAll(/font-size="([^"]*)"/g)) assert.ok(Number(size) >= 11, `font-size ${size} is at least 11`);
  const usesLinks = /<a[\s>]/.test(svg);
  assert.equal(attributes.has('xmlns:xlink'), usesLinks, 'xmlns:xlink exactly when there are links');
  assert.equal(parseSvg(svg).documentElement?.localName, 'svg');
}

/** The text content of every `<text>` element, with its `<title>` tooltip removed. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>(.*?)<\/text>/g)].map(([, inner = '']) => inner.replace(/<title>.*?<\/title>/g, ''));
}

describe('renderBarChart', () => {
  it('is deterministic: same input, same bytes, whatever was rendered in between', () => {
    const first = renderBarChart(barSpec());
    renderLineChart(lineSpec());
    renderColumnChart(columnSpec());
    assert.equal(renderBarChart(barSpec()), first);
  });

  it('is a standalone, accessible SVG with the heading and the axis label', () => {
    const svg = renderBarChart(barSpec());
    assertStandalone(svg, 'Top records');
    assert.equal(rootAttributes(svg).get('aria-label'), 'Top records (all time)');
    assert.equal(rootAttributes(svg).get('width'), '720');
    const shown = texts(svg);
    assert.ok(shown.includes('Top records') && shown.includes('all time'), 'title and subtitle drawn');
    assert.ok(shown.includes('downloads'), 'axis label drawn');
    assert.equal(svg.match(/<rect\b[^>]*fill="#0072B2"|<g aria-label="bar" fill="#0072B2">/g)?.length, 1);
    assert.equal(svg.match(/<rect\b[^/]*height="\d+"[^/]*x="\d+"/g)?.length, 10, 'one bar per item');
  });

  it('formats values and shares per language', () => {
    const items = [
      { label: 'a', value: 47_122 },
      { label: 'b', value: 336_000 },
    ];
    const en = texts(renderBarChart(barSpec({ items, showShare: true })));
    assert.ok(en.includes('47,122 (12.3 %)'), en.join(' | '));
    assert.ok(en.includes('336,000 (87.7 %)'));
    const de = texts(renderBarChart(barSpec({ items, showShare: true, lang: 'de' })));
    assert.ok(de.includes('47.122 (12,3 %)'), de.join(' | '));
    const plain = texts(renderBarChart(barSpec({ items })));
    assert.ok(plain.includes('47,122'));
    assert.ok(!plain.some((text) => text.includes('%')), 'no share unless asked');
  });

  it('cuts long labels with … and keeps the full label as a native tooltip', () => {
    const svg = renderBarChart(barSpec({ items: [{ label: longLabel, value: 5 }] }));
    const label = texts(svg).find((text) => text.startsWith('Light-sheet'));
    assert.ok(label !== undefined && label.endsWith('…'), `cut label: ${label}`);
    assert.ok(Array.from(label).length <= 40);
    assert.match(svg, new RegExp(`<text[^>]*>${label}<title>${longLabel}</title></text>`));
    assert.match(svg, new RegExp(`<rect[^>]*><title>${longLabel}: 5</title></rect>`), 'bar tooltip');
    const custom = renderBarChart(barSpec({ items: [{ label: 'x', value: 5, tooltip: 'Cell atlas\n10.5281/zenodo.1' }] }));
    assert.match(custom, /<rect[^>]*><title>Cell atlas\n10\.5281\/zenodo\.1<\/title><\/rect>/);
  });

  it('links labels to absolute http(s) URLs only', () => {
    const svg = renderBarChart(
      barSpec({
        items: [
          { label: 'linked', value: 3, href: 'https://zenodo.org/records/1?a=1&b="2"' },
          { label: 'script', value: 2, href: 'javascript:alert(1)' },
          { label: 'relative', value: 1, href: '/records/3' },
          { label: 'data', value: 1, href: 'data:text/html,<script>alert(1)</script>' },
        ],
      }),
    );
    assertStandalone(svg, 'Top records');
    const links = [...svg.matchAll(/<a\b([^>]*)>(.*?)<\/a>/g)];
    assert.equal(links.length, 1);
    assert.match(links[0]?.[1] ?? '', / href="https:\/\/zenodo\.org\/records\/1\?a=1&amp;b=%222%22"/);
    assert.match(links[0]?.[1] ?? '', / xlink:href="https:\/\/zenodo\.org\/records\/1\?a=1&amp;b=%222%22"/);
    assert.match(links[0]?.[2] ?? '', /^<text[^>]*>linked<title>/);
    assert.doesNotMatch(svg, /javascript:|data:text|records\/3/);
    assert.ok(texts(svg).includes('script') && texts(svg).includes('relative'), 'unlinked labels stay as text');
    assert.doesNotMatch(renderBarChart(barSpec({ items: [{ label: 'x', value: 1, href: 'javascript:alert(1)' }] })), /<a[\s>]|xmlns:xlink/);
  });

  it('renders an empty list as a small "no data" chart', () => {
    const svg = renderBarChart(barSpec({ items: [] }));
    assertStandalone(svg, 'Top records');
    assert.ok(texts(svg).includes('no data'));
    assert.ok(Number(rootAttributes(svg).get('height')) < 120);
    assert.ok(texts(renderBarChart(barSpec({ items: [], lang: 'de' }))).includes('keine Daten'));
  });

  it('survives odd values: zeros only, not finite, negative', () => {
    const zeros = renderBarChart(barSpec({ items: [{ label: 'a', value: 0 }], showShare: true }));
    assertStandalone(zeros, 'Top records');
    assert.ok(texts(zeros).includes('0'));
    const odd = renderBarChart(barSpec({ items: [{ label: 'a', value: Number.NaN }, { label: 'b', value: -4 }, { label: 'c', value: 9 }] }));
    assertStandalone(odd, 'Top records');
    assert.ok(texts(odd).includes('–') && texts(odd).includes('-4'));
    assert.doesNotMatch(odd, /NaN|Infinity/);
  });
});

describe('escaping', () => {
  const hostile = [scriptLabel, imgLabel];

  function assertInert(svg: string): void {
    assertWellFormed(svg);
    assert.doesNotMatch(svg, /<script|<img/i);
    assert.equal(parseSvg(svg).querySelectorAll('script, img').length, 0);
    assert.match(svg, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(svg, /"&gt;&lt;img src=x onerror=alert\(1\)&gt;/);
  }

  it('bar chart: labels, tooltips, title, subtitle and axis label come out as text', () => {
    for (const text of hostile) {
      const svg = renderBarChart({
        title: text,
        subtitle: text,
        xLabel: text,
        items: [
          { label: scriptLabel, value: 2, tooltip: text, href: 'https://zenodo.org/records/1' },
          { label: imgLabel, value: 1 },
        ],
        lang: 'en',
      });
      assertInert(svg);
      assert.equal(parseSvg(svg).querySelector('title')?.textContent, text);
    }
    const svg = renderBarChart(barSpec({ title: imgLabel }));
    assert.equal(rootAttributes(svg).get('aria-label'), '&quot;&gt;&lt;img src=x onerror=alert(1)&gt; (all time)');
  });

  it('line chart: series names, title and axis label come out as text', () => {
    for (const text of hostile) {
      const points = weeklyPoints(5, (i) => i);
      const svg = renderLineChart({
        title: text,
        subtitle: text,
        yLabel: text,
        series: [
          { name: scriptLabel, points },
          { name: imgLabel, points },
        ],
        lang: 'en',
      });
      assertInert(svg);
    }
  });

  it('column chart: period labels and title come out as text', () => {
    const svg = renderColumnChart({
      title: scriptLabel,
      subtitle: imgLabel,
      yLabel: scriptLabel,
      items: [
        { label: scriptLabel, value: 3, flagged: true },
        { label: imgLabel, value: 2 },
      ],
      lang: 'en',
    });
    assertInert(svg);
  });

  it('drops characters XML does not allow and keeps one line per label', () => {
    const svg = renderBarChart(barSpec({ title: 'a\u0000b\u0007c', items: [{ label: 'line\none\u001b[31m', value: 1 }] }));
    assertWellFormed(svg);
    assert.match(svg, /<title>abc<\/title>/);
    assert.ok(texts(svg).includes('line one[31m'));
  });
});

describe('renderLineChart', () => {
  it('is deterministic and standalone', () => {
    const svg = renderLineChart(lineSpec());
    assert.equal(renderLineChart(lineSpec()), svg);
    assertStandalone(svg, 'Downloads per week');
    assert.equal(rootAttributes(svg).get('height'), '360');
    assert.ok(texts(svg).includes('downloads per week'), 'y-axis label');
  });

  it('draws one line per series, a legend for several series, and none for one', () => {
    const svg = renderLineChart(lineSpec());
    const lines = [...svg.matchAll(/<g aria-label="line"[^>]*stroke="(#[0-9A-F]{6})"/g)].map(([, colour]) => colour);
    assert.deepEqual(lines, chartPalette.slice(0, 3));
    const shown = texts(svg);
    assert.ok(shown.includes('all records') && shown.includes('Training material'));
    const cut = shown.find((text) => text.startsWith('Light-sheet'));
    assert.ok(cut?.endsWith('…'), 'long series name cut');
    assert.match(svg, new RegExp(`<title>${longLabel}</title>`));
    const single = renderLineChart(lineSpec({ series: [{ name: 'all records', points: weeklyPoints(104, (i) => i) }] }));
    assert.doesNotMatch(single, /all records/, 'no legend (and no dots) for one dense series');
  });

  it('gives each point of a short series a dot with a tooltip', () => {
    const svg = renderLineChart(lineSpec({ series: [{ name: 'all', points: weeklyPoints(3, (i) => 1000 * (i + 1)) }] }));
    assert.equal(svg.match(/<circle\b/g)?.length, 3);
    assert.match(svg, /<title>all\n2024-09-16: 3,000<\/title>/);
  });

  it('formats dates and numbers per language, with ticks that do not crowd', () => {
    const en = texts(renderLineChart(lineSpec()));
    const de = texts(renderLineChart(lineSpec({ lang: 'de' })));
    assert.ok(en.includes('3,000') && de.includes('3.000'), `${en.join('|')}`);
    assert.ok(en.some((text) => /^(?:Jan|Apr|Jul|Oct) 20\d\d$/.test(text)), en.join('|'));
    assert.ok(de.some((text) => /^(?:Jan\.|Apr\.|Juli|Okt\.) 20\d\d$/.test(text)), de.join('|'));
    const monthTicks = en.filter((text) => /^[A-Z][a-z]{2,3} 20\d\d$/.test(text));
    assert.ok(monthTicks.length >= 4 && monthTicks.length <= 9, `${monthTicks.length} month ticks`);
  });

  it('skips invalid dates and values, sorts points, handles one point', () => {
    const svg = renderLineChart(
      lineSpec({
        series: [
          {
            name: 'x',
            points: [
              { date: '2026-08-10', value: 5 },
              { date: '2026-02-30', value: 9 },
              { date: 'yesterday', value: 9 },
              { date: '2026-08-03', value: Number.POSITIVE_INFINITY },
              { date: '2026-08-03', value: 4 },
            ],
          },
        ],
      }),
    );
    assertStandalone(svg, 'Downloads per week');
    assert.equal(svg.match(/<circle\b/g)?.length, 2);
    assert.doesNotMatch(svg, /NaN|Infinity/);
    const one = renderLineChart(lineSpec({ series: [{ name: 'x', points: [{ date: '2026-08-03', value: 7 }] }] }));
    assertStandalone(one, 'Downloads per week');
    assert.doesNotMatch(one, /NaN/);
  });

  it('renders no series, or series without valid points, as "no data"', () => {
    assert.ok(texts(renderLineChart(lineSpec({ series: [] }))).includes('no data'));
    const svg = renderLineChart(lineSpec({ series: [{ name: 'x', points: [] }], lang: 'de' }));
    assertStandalone(svg, 'Downloads per week');
    assert.ok(texts(svg).includes('keine Daten'));
  });
});

describe('renderColumnChart', () => {
  it('is deterministic and standalone', () => {
    const svg = renderColumnChart(columnSpec());
    assert.equal(renderColumnChart(columnSpec()), svg);
    assertStandalone(svg, 'Downloads per month');
    assert.ok(texts(svg).includes('downloads per month'), 'y-axis label');
  });

  it('hatches flagged columns in a second colour and explains them in a legend note', () => {
    const svg = renderColumnChart(columnSpec());
    const id = /<pattern\b[^>]*id="(zenodo-stats-hatch-[0-9a-f]{8})"/.exec(svg)?.[1];
    assert.ok(id !== undefined, 'pattern defined');
    assert.equal(svg.match(new RegExp(`fill="url\\(#${id}\\)"`, 'g'))?.length, 2, 'the flagged bar group and the legend swatch');
    assert.ok(texts(svg).includes('flagged as an anomaly'));
    assert.match(svg, /<title>2026-02: 43,265\nflagged as an anomaly<\/title>/);
    assert.ok(texts(renderColumnChart(columnSpec({ lang: 'de' }))).includes('als Anomalie markiert'));
    const other = renderColumnChart(columnSpec({ title: 'Views per month' }));
    assert.doesNotMatch(other, new RegExp(id), 'another chart on the same page gets another id');
    const calm = renderColumnChart(columnSpec({ items: monthItems().map((item) => ({ ...item, flagged: false })) }));
    assert.doesNotMatch(calm, /<pattern|anomaly/);
  });

  it('thins period labels so they cannot overlap, always labelling the last period', () => {
    const weeks = Array.from({ length: 104 }, (_, index) => ({ label: `W${String(index + 1).padStart(3, '0')}`, value: index }));
    const svg = renderColumnChart(columnSpec({ items: weeks }));
    const ticks = [...svg.matchAll(/<text transform="translate\(([\d.]+),[\d.]+\)"[^>]*>(W\d{3})<\/text>/g)];
    const labels = ticks.map(([, , label]) => label);
    assert.ok(labels.length >= 4 && labels.length <= 16, `${labels.length} labels`);
    assert.equal(labels.at(-1), 'W104');
    const centres = ticks.map(([, x]) => Number(x));
    for (let index = 1; index < centres.length; index++) {
      // "W104" is about 30 px wide at 12 px: centres 40 px apart leave a gap.
      assert.ok((centres[index] ?? 0) - (centres[index - 1] ?? 0) >= 40, `labels ${index - 1} and ${index} too close`);
    }
    const months = texts(renderColumnChart(columnSpec()));
    assert.ok(months.includes('2026-08'));
  });

  it('shows values above the columns only when they fit', () => {
    const few = texts(renderColumnChart(columnSpec({ items: monthItems().slice(12) })));
    assert.ok(few.includes('43,265'), few.join('|'));
    const many = texts(renderColumnChart(columnSpec()));
    assert.ok(!many.includes('43,265'));
  });

  it('renders an empty list as "no data"', () => {
    const svg = renderColumnChart(columnSpec({ items: [] }));
    assertStandalone(svg, 'Downloads per month');
    assert.ok(texts(svg).includes('no data'));
  });
});

describe('chartPalette', () => {
  it('is the frozen Okabe–Ito set, blue first and yellow last', () => {
    assert.ok(Object.isFrozen(chartPalette));
    assert.deepEqual(
      [...chartPalette].sort(),
      ['#000000', '#0072B2', '#009E73', '#56B4E9', '#CC79A7', '#D55E00', '#E69F00', '#F0E442'],
    );
    assert.equal(chartPalette[0], '#0072B2');
    assert.equal(chartPalette.at(-1), '#F0E442');
  });
});

describe('sample charts', () => {
  it('writes one of each to test-output/charts/ for people to look at', async () => {
    const folder = new URL('../test-output/charts/', import.meta.url);
    await mkdir(folder, { recursive: true });
    const samples = {
      'bar.svg': renderBarChart(
        barSpec({
          items: [
            { label: longLabel, value: 47_122, href: 'https://zenodo.org/records/1000' },
            ...barItems(9).map((item, index) => ({ ...item, value: Math.round(20_000 / (index + 1)) })),
            { label: scriptLabel, value: 312, href: 'javascript:alert(1)' },
          ],
          showShare: true,
        }),
      ),
      'line.svg': renderLineChart(lineSpec()),
      'column.svg': renderColumnChart(columnSpec({ lang: 'de', title: 'Downloads pro Monat', subtitle: 'alle Records', yLabel: 'Downloads pro Monat' })),
    };
    for (const [name, svg] of Object.entries(samples)) {
      assertWellFormed(svg);
      assert.equal(parseSvg(svg).documentElement?.localName, 'svg');
      await writeFile(new URL(name, folder), svg);
    }
  });
});
