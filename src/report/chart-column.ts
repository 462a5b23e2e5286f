import * as Plot from '@observablehq/plot';
import { layoutLegend } from './_chart-legend.js';
import {
  contentId,
  edgeInset,
  finishSvg,
  fontSize,
  headingHeight,
  plotFrame,
  renderEmptyChart,
  svgElement,
  yAxisLabel,
  type DomElement,
} from './_chart-svg.js';
import { cleanText, cleanTooltip, finiteOrZero, fitText, formatNumber, textWidth } from './_chart-text.js';
import { extent, linearTicks, yAxisMargin, yAxisOptions, yTickCount } from './_chart-ticks.js';
import { chartPalette } from './chart-palette.js';
import type { ColumnChartSpec } from './chart-types.js';

const marginBottom = 30;
const bandPadding = 0.15;
const columnColour = chartPalette[0] ?? 'currentColor';
const flaggedColour = chartPalette[1] ?? 'currentColor';
/** The column colour, pale: a partial period's figure is real but covers fewer days. */
const partialFill = '#b3d4e8';
const flaggedNote = { en: 'flagged as an anomaly', de: 'als Anomalie markiert' } as const;
const partialNote = { en: 'partial period', de: 'nur teilweise erfasst' } as const;

interface ColumnRow {
  index: number;
  value: number;
  valueText: string;
  tooltip: string;
}

/**
 * Renders a column chart as a standalone SVG string: one vertical bar per period label in the given order,
 * tick labels thinned so they never overlap (the last period always labelled), values above the columns
 * when they fit, a tooltip on every column. Flagged columns (anomalies) are hatched in a second colour and
 * explained in a legend note, so they stand out in greyscale print too. Partial periods (the snapshots cover only
 * part of them) are pale with an outline and a legend note of their own. Same input, same bytes.
 *
 * @example
 * ```ts
 * const svg = renderColumnChart({
 *   title: 'Downloads per month',
 *   yLabel: 'downloads',
 *   items: [{ label: '2026-07', value: 812 }, { label: '2026-08', value: 9120, flagged: true }],
 *   lang: 'de',
 * });
 * ```
 */
export function renderColumnChart(spec: ColumnChartSpec): string {
  const width = spec.width ?? 720;
  const { lang } = spec;
  if (spec.items.length === 0) {
    return renderEmptyChart({ title: spec.title, subtitle: spec.subtitle, width, lang });
  }
  const labels = spec.items.map((item) => cleanText(item.label));
  const rows: ColumnRow[] = spec.items.map((item, index) => {
    const valueText = formatNumber(item.value, lang);
    const note = `${item.flagged === true ? `\n${flaggedNote[lang]}` : ''}${item.partial === true ? `\n${partialNote[lang]}` : ''}`;
    const tooltip = cleanTooltip(`${labels[index] ?? ''}: ${valueText}${note}`);
    return { index, value: finiteOrZero(item.value), valueText, tooltip };
  });
  const flagged = rows.filter((_, index) => spec.items[index]?.flagged === true);
  const partial = rows.filter((_, index) => spec.items[index]?.flagged !== true && spec.items[index]?.partial === true);
  const normal = rows.filter((_, index) => spec.items[index]?.flagged !== true && spec.items[index]?.partial !== true);

  // The pattern id must be unique on a page that inlines several charts, and stable: derive it from the data.
  const hatchId = contentId('zenodo-stats-hatch', [spec.title, spec.subtitle ?? null, spec.items]);
  const hatch = `url(#${hatchId})`;
  const headingBottom = headingHeight(spec.subtitle);
  const legend = layoutLegend(
    [
      ...(flagged.length > 0 ? [{ label: flaggedNote[lang], swatch: 'box' as const, paint: hatch }] : []),
      ...(partial.length > 0 ? [{ label: partialNote[lang], swatch: 'box' as const, paint: partialFill }] : []),
    ],
    width,
    headingBottom,
  );
  const marginTop = headingBottom + legend.height + 34;
  const height = Math.max(spec.height ?? 320, marginTop + marginBottom + 100);
  const innerHeight = height - marginTop - marginBottom;
  const values = rows.map((row) => row.value);
  const y = linearTicks(...extent(values), yTickCount(innerHeight), lang);

  const shownLabels = labels.map((label) => fitText(label, Math.max(60, width / 4), fontSize, { maxChars: 24 }));
  const labelWidth = Math.max(...shownLabels.map((label) => textWidth(label, fontSize)));
  // Room for the y tick labels, and for half of the first period label (centred under the first column).
  const marginLeft = Math.max(yAxisMargin(y), Math.ceil(labelWidth / 2));
  const marginRight = Math.ceil(Math.max(2 * edgeInset, labelWidth / 2));
  const step = (width - marginLeft - marginRight) / rows.length;
  // Label every k-th column, counted back from the last, so neighbouring labels keep a 12-pixel gap.
  const every = Math.max(1, Math.ceil((labelWidth + 12) / step));
  const tickIndexes = rows.filter((row) => (rows.length - 1 - row.index) % every === 0).map((row) => row.index);
  const showValues = rows.every((row) => textWidth(row.valueText, fontSize) <= step - 4);
  const domainTop = showValues
    ? Math.max(y.domain[1], extent(values)[1] / (1 - 18 / innerHeight))
    : y.domain[1];

  const columnOptions = { x: 'index', y: 'value', title: 'tooltip', inset: 0 } as const;
  const frame = plotFrame({ width, height, marginTop, marginRight, marginBottom, marginLeft });
  const { document } = frame;
  const svg = Plot.plot({
    ...frame,
    x: {
      type: 'band',
      domain: rows.map((row) => row.index),
      padding: bandPadding,
      ticks: tickIndexes,
      tickFormat: (index: number) => shownLabels[index] ?? '',
      label: null,
      round: true,
    },
    y: { ...yAxisOptions(y), domain: [y.domain[0], domainTop] },
    marks: [
      Plot.barY(normal, { ...columnOptions, fill: columnColour }),
      Plot.barY(partial, { ...columnOptions, fill: partialFill, stroke: columnColour, strokeWidth: 1 }),
      Plot.barY(flagged, { ...columnOptions, fill: hatch, stroke: flaggedColour, strokeWidth: 1 }),
      Plot.ruleY([0]),
      ...(showValues
        ? [
            Plot.text(rows, {
              x: 'index',
              y: (row: ColumnRow) => Math.max(0, row.value),
              text: 'valueText',
              lineAnchor: 'bottom',
              dy: -4,
            }),
          ]
        : []),
    ],
  }) as unknown as DomElement;

  const pattern = svgElement(document, 'defs', {}, [
    svgElement(
      document,
      'pattern',
      { id: hatchId, patternUnits: 'userSpaceOnUse', width: 6, height: 6, patternTransform: 'rotate(45)' },
      [
        svgElement(document, 'rect', { width: 6, height: 6, fill: flaggedColour }),
        svgElement(document, 'line', { x1: 3, y1: 0, x2: 3, y2: 6, stroke: 'white', 'stroke-width': 2 }),
      ],
    ),
  ]);
  return finishSvg(document, svg, {
    title: spec.title,
    subtitle: spec.subtitle,
    width,
    height,
    extras: [
      ...(flagged.length > 0 ? [pattern] : []),
      legend.render(document),
      yAxisLabel(document, spec.yLabel, marginTop, width),
    ],
  });
}
