import * as Plot from '@observablehq/plot';
import { layoutLegend } from './_chart-legend.js';
import {
  edgeInset,
  finishSvg,
  headingHeight,
  plotFrame,
  renderEmptyChart,
  yAxisLabel,
  type DomElement,
} from './_chart-svg.js';
import { cleanText, cleanTooltip, formatNumber } from './_chart-text.js';
import { extent, linearTicks, timeTicks, yAxisMargin, yAxisOptions, yTickCount } from './_chart-ticks.js';
import { chartPalette } from './chart-palette.js';
import type { LineChartSpec } from './chart-types.js';

const dayMs = 86_400_000;
const marginBottom = 30;
/** Up to this many points per series get a dot with a tooltip; denser series are drawn as lines only. */
const maxDotsPerSeries = 60;
/** Dash pattern for the second round through the palette, so series beyond eight stay distinguishable. */
const repeatDash = '6 3';

interface LinePoint {
  date: Date;
  value: number;
  tooltip: string;
}

/** `YYYY-MM-DD` as UTC midnight in ms, or `undefined` for anything else (including 2026-02-30). */
function parseDay(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const date = new Date(time);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? time : undefined;
}

/**
 * Renders a line chart over time as a standalone SVG string: x is the UTC date, one line per series in
 * palette order (dashed after the eighth), a legend when there is more than one series, dots with
 * tooltips when a series has at most 60 points. Points with an invalid date or value are skipped. Same
 * input, same bytes.
 *
 * @example
 * ```ts
 * const svg = renderLineChart({
 *   title: 'Downloads per week',
 *   yLabel: 'downloads',
 *   series: [{ name: 'all records', points: [{ date: '2026-08-03', value: 812 }, { date: '2026-08-10', value: 905 }] }],
 *   lang: 'en',
 * });
 * ```
 */
export function renderLineChart(spec: LineChartSpec): string {
  const width = spec.width ?? 720;
  const { lang } = spec;
  const series = spec.series.map((entry, index) => {
    const name = cleanText(entry.name);
    const points: LinePoint[] = [];
    for (const point of entry.points) {
      const time = parseDay(point.date);
      if (time === undefined || !Number.isFinite(point.value)) continue;
      points.push({
        date: new Date(time),
        value: point.value,
        tooltip: cleanTooltip(`${name}\n${point.date}: ${formatNumber(point.value, lang)}`),
      });
    }
    points.sort((a, b) => a.date.getTime() - b.date.getTime());
    return {
      name,
      points,
      colour: chartPalette[index % chartPalette.length] ?? 'currentColor',
      dash: index >= chartPalette.length ? repeatDash : undefined,
    };
  });
  const allPoints = series.flatMap((entry) => entry.points);
  if (allPoints.length === 0) {
    return renderEmptyChart({ title: spec.title, subtitle: spec.subtitle, width, lang });
  }

  const headingBottom = headingHeight(spec.subtitle);
  const legend = layoutLegend(
    series.length > 1
      ? series.map((entry) => ({ label: entry.name, swatch: 'line', paint: entry.colour, dash: entry.dash }))
      : [],
    width,
    headingBottom,
  );
  const marginTop = headingBottom + legend.height + 34;
  const height = Math.max(spec.height ?? 360, marginTop + marginBottom + 100);
  const values = allPoints.map((point) => point.value);
  const integer = values.every((value) => Number.isInteger(value));
  const y = linearTicks(...extent(values), yTickCount(height - marginTop - marginBottom), lang, { integer });

  let [start, end] = extent(allPoints.map((point) => point.date.getTime()));
  if (start === end) {
    start -= dayMs;
    end += dayMs;
  }
  const leftGuess = yAxisMargin(y);
  const x = timeTicks(start, end, width - leftGuess - 48, lang);
  const marginLeft = Math.max(leftGuess, Math.ceil(x.labelWidth / 2 + 4));
  const marginRight = Math.max(2 * edgeInset, Math.ceil(x.labelWidth / 2 + 4));

  const marks = series.flatMap((entry) => {
    const line = Plot.lineY(entry.points, {
      x: 'date',
      y: 'value',
      stroke: entry.colour,
      strokeWidth: 2,
      ...(entry.dash === undefined ? {} : { strokeDasharray: entry.dash }),
    });
    if (entry.points.length > maxDotsPerSeries) return [line];
    return [line, Plot.dot(entry.points, { x: 'date', y: 'value', r: 3, fill: entry.colour, title: 'tooltip' })];
  });

  const frame = plotFrame({ width, height, marginTop, marginRight, marginBottom, marginLeft });
  const { document } = frame;
  const svg = Plot.plot({
    ...frame,
    x: {
      type: 'utc',
      domain: [new Date(start), new Date(end)],
      ticks: x.ticks.map((time) => new Date(time)),
      tickFormat: (date: Date) => x.format(date.getTime()),
      label: null,
    },
    y: yAxisOptions(y),
    marks: [Plot.ruleY([0]), ...marks],
  }) as unknown as DomElement;
  return finishSvg(document, svg, {
    title: spec.title,
    subtitle: spec.subtitle,
    width,
    height,
    extras: [legend.render(document), yAxisLabel(document, spec.yLabel, marginTop, width)],
  });
}
