import * as Plot from '@observablehq/plot';
import {
  edgeInset,
  finishSvg,
  fontSize,
  headingHeight,
  plotFrame,
  renderEmptyChart,
  type DomElement,
} from './_chart-svg.js';
import {
  cleanText,
  cleanTooltip,
  finiteOrZero,
  fitText,
  formatNumber,
  formatPercent,
  safeHref,
  textWidth,
} from './_chart-text.js';
import { extent, linearTicks } from './_chart-ticks.js';
import { chartPalette } from './chart-palette.js';
import type { BarChartSpec } from './chart-types.js';

const barColour = chartPalette[0] ?? 'currentColor';
const rowHeight = 26;
/** Room below the bars for tick labels and, under them, the axis label. */
const marginBottom = 46;
/** Gap between a label and its bar, and between a bar and its value. */
const gap = 8;

interface BarRow {
  index: number;
  label: string;
  shown: string;
  x: number;
  end: number;
  valueText: string;
  tooltip: string;
  href: string | undefined;
}

/**
 * Renders a horizontal bar chart as a standalone SVG string: one bar per item in the given order, the label
 * left of it (cut at about 40 characters, full text as tooltip, linked when `href` is an http(s) URL) and
 * the value (and share of the total) at its end. Same input, same bytes.
 *
 * @example
 * ```ts
 * const svg = renderBarChart({
 *   title: 'Top 10 records',
 *   subtitle: 'all time',
 *   xLabel: 'downloads',
 *   items: [{ label: 'Cell atlas', value: 4712, href: 'https://zenodo.org/records/101' }],
 *   showShare: true,
 *   lang: 'en',
 * });
 * await writeFile('top.svg', svg);
 * ```
 */
export function renderBarChart(spec: BarChartSpec): string {
  const width = spec.width ?? 720;
  if (spec.items.length === 0) {
    return renderEmptyChart({ title: spec.title, subtitle: spec.subtitle, width, lang: spec.lang });
  }
  const { lang } = spec;
  const total = spec.items.reduce((sum, item) => sum + finiteOrZero(item.value), 0);
  const labelRoom = Math.max(60, Math.round(width * 0.42));
  const rows: BarRow[] = spec.items.map((item, index) => {
    const label = cleanText(item.label);
    const share = spec.showShare === true && total > 0 && Number.isFinite(item.value);
    const valueText = formatNumber(item.value, lang) + (share ? ` (${formatPercent(item.value / total, lang)})` : '');
    return {
      index,
      label,
      shown: fitText(label, labelRoom, fontSize),
      x: finiteOrZero(item.value),
      end: Math.max(0, finiteOrZero(item.value)),
      valueText,
      tooltip: cleanTooltip(item.tooltip ?? `${label}: ${valueText}`),
      href: safeHref(item.href),
    };
  });

  const marginTop = headingHeight(spec.subtitle) + 10;
  const marginLeft = Math.ceil(edgeInset + gap + Math.max(...rows.map((row) => textWidth(row.shown, fontSize))));
  const valueWidth = Math.max(...rows.map((row) => textWidth(row.valueText, fontSize)));
  const innerGuess = width - marginLeft - valueWidth - gap - edgeInset;
  const ticks = linearTicks(...extent(rows.map((row) => row.x)), Math.min(6, Math.max(2, Math.floor(innerGuess / 90))), lang, {
    nice: false,
  });
  const lastTickWidth = textWidth(ticks.format(ticks.ticks.at(-1) ?? 0), fontSize);
  const marginRight = Math.ceil(Math.max(valueWidth + gap + edgeInset, lastTickWidth / 2 + edgeInset));
  const height = marginTop + rows.length * rowHeight + marginBottom;
  const linked = rows.filter((row) => row.href !== undefined);
  const plain = rows.filter((row) => row.href === undefined);
  // Labels sit in the left margin, right-aligned against the bars; `title` gives the full text on hover.
  const labelOptions = {
    y: 'index',
    text: 'shown',
    title: 'label',
    frameAnchor: 'left',
    textAnchor: 'end',
    dx: -gap,
  } as const;

  const frame = plotFrame({ width, height, marginTop, marginRight, marginBottom, marginLeft });
  const { document } = frame;
  const svg = Plot.plot({
    ...frame,
    x: {
      domain: ticks.domain,
      ticks: ticks.ticks,
      tickFormat: ticks.format,
      label: cleanText(spec.xLabel),
      labelArrow: 'none',
      labelAnchor: 'right',
      grid: true,
      round: true,
    },
    y: { domain: rows.map((row) => row.index), axis: null, padding: 0.25, round: true },
    marks: [
      Plot.barX(rows, { x: 'x', y: 'index', fill: barColour, title: 'tooltip' }),
      Plot.ruleX([0]),
      Plot.text(plain, labelOptions),
      Plot.text(linked, { ...labelOptions, href: 'href', fill: barColour }),
      Plot.text(rows, { x: 'end', y: 'index', text: 'valueText', textAnchor: 'start', dx: 6 }),
    ],
  }) as unknown as DomElement;
  return finishSvg(document, svg, { title: spec.title, subtitle: spec.subtitle, width, height });
}
