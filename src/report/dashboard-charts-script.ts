import { chartPalette } from './chart-palette.js';

/**
 * The charts the dashboard draws in the page (issue 15, point 7), a part of its one script
 * (`dashboard-script.ts` puts it first): columns per period, lines over time, horizontal bars, and the table under
 * each, with DOM calls only (no HTML from the data, so a title is always text). The static charts of the report's
 * own view are drawn when the report is made (`chart-*.ts`); these draw the views chosen in the page, from the
 * data it carries, in the same colours (`chart-palette.ts`, Okabe and Ito's).
 *
 * Why not Observable Plot's browser bundle: inlined it adds 209 KB (plot.umd.min.js) plus d3 to every report for
 * three simple chart forms; and pre-rendering every view is not possible, since a range is any two days.
 */
export const dashboardChartsScript = String.raw`
  const palette = ${JSON.stringify(chartPalette)};
  const svgNs = 'http://www.w3.org/2000/svg';
  const lang = document.documentElement.lang || 'en';
  const formatNumber = (n) => n.toLocaleString(lang === 'de' ? 'de-DE' : 'en-US');
  const el = (name, text, attributes) => {
    const element = document.createElement(name);
    if (text !== undefined) element.textContent = text;
    for (const [key, value] of Object.entries(attributes || {})) element.setAttribute(key, value);
    return element;
  };
  const svgEl = (name, attributes, text) => {
    const element = document.createElementNS(svgNs, name);
    for (const [key, value] of Object.entries(attributes || {})) element.setAttribute(key, String(value));
    if (text !== undefined) element.textContent = text;
    return element;
  };
  /** A round upper bound for the y axis: 1, 2, 2.5 or 5 × a power of ten. */
  const niceMax = (max) => {
    if (!(max > 0)) return 1;
    const power = 10 ** Math.floor(Math.log10(max));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= max) return m * power;
    return max;
  };
  /** An SVG of the given size with its title, a y axis of three lines (0, half, top) and their labels. */
  const frame = (title, width, height, left, top, bottom, max) => {
    const svg = svgEl('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img' });
    svg.append(svgEl('title', {}, title));
    const plot = height - top - bottom;
    for (const share of [0, 0.5, 1]) {
      const y = top + plot * (1 - share);
      svg.append(svgEl('line', { x1: left, x2: width - 4, y1: y, y2: y, stroke: '#d0d7de' }));
      svg.append(svgEl('text', { x: left - 6, y: y + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#57606a' }, formatNumber(max * share)));
    }
    return svg;
  };
  /** Labels under x positions, as many as fit at least 72 px apart, the last always (both ends kept inside the chart). */
  const xLabels = (svg, labels, xOf, left, y) => {
    let previous = Infinity;
    for (let i = labels.length - 1; i >= 0; i -= 1) {
      const x = xOf(i);
      const anchor = labels.length === 1 ? 'middle' : i === labels.length - 1 ? 'end' : x - left < 36 ? 'start' : 'middle';
      // One anchored at its start reaches right of x by about its width.
      if (previous - x < (anchor === 'start' ? 108 : 72)) continue;
      // A label anchored at its end reaches left of x by about its width: the next one keeps clear of its middle.
      previous = anchor === 'end' ? x - 36 : x;
      svg.append(svgEl('text', { x: anchor === 'start' ? Math.max(left, x) : x, y, 'text-anchor': anchor, 'font-size': 11, fill: '#57606a' }, labels[i]));
    }
  };
  /** Columns per period; partial periods pale, flagged ones in the second colour, each with a tooltip. */
  const columnChart = (title, items, partialWord) => {
    const width = 720;
    const height = 240;
    const left = 56;
    const top = 12;
    const bottom = 26;
    const max = niceMax(Math.max(0, ...items.map((item) => item.value)));
    const svg = frame(title, width, height, left, top, bottom, max);
    const step = (width - left - 4) / Math.max(1, items.length);
    items.forEach((item, i) => {
      const h = (item.value / max) * (height - top - bottom);
      const bar = svgEl('rect', { x: left + i * step + step * 0.1, y: height - bottom - h, width: Math.max(1, step * 0.8), height: h, fill: item.flagged ? palette[1] : palette[0], 'fill-opacity': item.partial ? 0.35 : 1 });
      bar.append(svgEl('title', {}, item.label + ': ' + formatNumber(item.value) + (item.partial ? ' ' + partialWord : '')));
      svg.append(bar);
    });
    xLabels(svg, items.map((item) => item.label), (i) => (items.length > 1 && i === items.length - 1 ? width - 4 : left + i * step + step / 2), left, height - 8);
    return svg;
  };
  /** Lines over time (x: instants), a legend when there are two. */
  const lineChart = (title, times, labels, lines) => {
    const width = 720;
    const height = 240;
    const left = 64;
    const top = lines.length > 1 ? 28 : 12;
    const bottom = 26;
    const max = niceMax(Math.max(0, ...lines.flatMap((line) => line.values.filter((v) => v !== null))));
    const svg = frame(title, width, height, left, top, bottom, max);
    const t0 = times[0];
    const t1 = times[times.length - 1];
    const xOf = (i) => left + (t1 > t0 ? ((times[i] - t0) / (t1 - t0)) * (width - left - 8) : (width - left) / 2);
    const yOf = (v) => top + (height - top - bottom) * (1 - v / max);
    lines.forEach((line, j) => {
      // A value not known (null: a collection whose snapshots do not reach that period) breaks the line.
      const d = line.values.map((v, i) => (v === null ? '' : (i === 0 || line.values[i - 1] === null ? 'M' : 'L') + xOf(i).toFixed(1) + ' ' + yOf(v).toFixed(1))).join(' ');
      svg.append(svgEl('path', { d, fill: 'none', stroke: palette[j % palette.length], 'stroke-width': 2, 'stroke-dasharray': j >= palette.length ? '6 3' : 'none' }));
      if (lines.length > 1) {
        svg.append(svgEl('rect', { x: left + j * 150, y: 6, width: 12, height: 12, fill: palette[j] }));
        svg.append(svgEl('text', { x: left + j * 150 + 16, y: 16, 'font-size': 12 }, line.name.length > 20 ? line.name.slice(0, 19) + '…' : line.name));
      }
    });
    xLabels(svg, labels, xOf, left, height - 8);
    return svg;
  };
  /** Horizontal bars, largest first, each labelled with its name and figure. */
  const barChart = (title, items) => {
    const width = 720;
    const row = 24;
    const height = 8 + items.length * row;
    const svg = svgEl('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img' });
    svg.append(svgEl('title', {}, title));
    const max = Math.max(1, ...items.map((item) => item.value));
    const labelWidth = 300;
    items.forEach((item, i) => {
      const y = 4 + i * row;
      const name = item.label.length > 48 ? item.label.slice(0, 47) + '…' : item.label;
      svg.append(svgEl('text', { x: labelWidth - 6, y: y + 15, 'text-anchor': 'end', 'font-size': 12 }, name));
      const w = (item.value / max) * (width - labelWidth - 70);
      const bar = svgEl('rect', { x: labelWidth, y: y + 3, width: Math.max(1, w), height: row - 8, fill: palette[0] });
      bar.append(svgEl('title', {}, item.label + ': ' + formatNumber(item.value)));
      svg.append(bar);
      svg.append(svgEl('text', { x: labelWidth + w + 6, y: y + 15, 'font-size': 12 }, formatNumber(item.value)));
    });
    return svg;
  };
  /** A table with a header row (the figures of a chart, as the static page gives them under each). */
  const tableOf = (columns, rows) => {
    const table = el('table');
    const head = el('tr');
    for (const c of columns) head.append(el('th', c.key, c.numeric ? { scope: 'col', class: 'num' } : { scope: 'col' }));
    table.append(el('thead'), el('tbody'));
    table.tHead.append(head);
    for (const row of rows) {
      const tr = el('tr');
      for (const c of columns) {
        const value = row[c.key];
        tr.append(c.numeric ? el('td', typeof value === 'number' ? formatNumber(value) : '', { class: 'num' }) : el('td', value === undefined || value === null ? '' : String(value)));
      }
      table.tBodies[0].append(tr);
    }
    const wrap = el('div', undefined, { class: 'table-wrap' });
    wrap.append(table);
    return wrap;
  };
  const figureOf = (svg, title, tableWords, columns, rows, id) => {
    const figure = el('figure', undefined, { id });
    figure.append(svg);
    const details = el('details');
    details.append(el('summary', tableWords + ': ' + title), tableOf(columns, rows));
    return [figure, details];
  };
  const compareIds = (a, b) => {
    if (/^\d+$/.test(a) && /^\d+$/.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
    return a < b ? -1 : a > b ? 1 : 0;
  };

`;
