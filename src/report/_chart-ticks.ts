import { edgeInset, fontSize } from './_chart-svg.js';
import { chartLocale, formatNumber, textWidth } from './_chart-text.js';
import type { ChartLang } from './chart-types.js';

/** A linear axis: its domain (widened to round numbers and to include 0), its ticks and their format. */
export interface LinearTicks {
  domain: [number, number];
  ticks: number[];
  format: (value: number) => string;
}

/** Options of `linearTicks`. */
export interface LinearTicksOptions {
  /** Widen the domain to the next ticks (default `true`); otherwise it ends at the data and so do the ticks. */
  nice?: boolean;
  /** Only whole-number steps (default `true`, for counts): an axis up to 3 shows 0 1 2 3, never 0.5. */
  integer?: boolean;
}

/** At most about `maxCount` ticks at a step of 1, 2 or 5 × 10ⁿ covering `[min(lo, 0), max(hi, 0)]`. */
export function linearTicks(
  lo: number,
  hi: number,
  maxCount: number,
  lang: ChartLang,
  { nice = true, integer = true }: LinearTicksOptions = {},
): LinearTicks {
  let min = Math.min(lo, 0);
  let max = Math.max(hi, 0);
  if (!(max > min)) max = min + 1;
  const raw = (max - min) / Math.max(1, maxCount);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  let step = 10 * magnitude;
  for (const multiple of [1, 2, 5]) {
    if (multiple * magnitude >= raw) {
      step = multiple * magnitude;
      break;
    }
  }
  if (integer && step < 1) step = 1;
  const first = nice ? Math.floor(min / step) : Math.ceil(min / step);
  const last = nice ? Math.ceil(max / step) : Math.floor(max / step);
  if (nice) {
    min = first * step;
    max = last * step;
  }
  const fractionDigits = step < 1 ? Math.ceil(-Math.log10(step) - 1e-9) : 0;
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) {
    const value = Number((i * step).toFixed(fractionDigits));
    ticks.push(value === 0 ? 0 : value);
  }
  return { domain: [min, max], ticks, format: (value) => formatNumber(value, lang, fractionDigits) };
}

const dayMs = 86_400_000;

type TimeUnit = 'day' | 'week' | 'month' | 'year';

/** Tick intervals from fine to coarse; the finest whose labels fit side by side wins. */
const timeIntervals: readonly (readonly [TimeUnit, number])[] = [
  ['day', 1],
  ['day', 2],
  ['week', 1],
  ['week', 2],
  ['month', 1],
  ['month', 2],
  ['month', 3],
  ['month', 6],
  ['year', 1],
  ['year', 2],
  ['year', 5],
  ['year', 10],
  ['year', 25],
  ['year', 50],
  ['year', 100],
];

const timeFormats: Readonly<Record<TimeUnit, Intl.DateTimeFormatOptions>> = {
  day: { timeZone: 'UTC', day: 'numeric', month: 'short' },
  week: { timeZone: 'UTC', day: 'numeric', month: 'short' },
  month: { timeZone: 'UTC', month: 'short', year: 'numeric' },
  year: { timeZone: 'UTC', year: 'numeric' },
};

/** Tick times (UTC midnight, ms) of one interval within `[start, end]`, or `undefined` beyond `limit` ticks. */
function intervalTicks(unit: TimeUnit, step: number, start: number, end: number, limit: number): number[] | undefined {
  const ticks: number[] = [];
  if (unit === 'day' || unit === 'week') {
    // Day 0 (1970-01-01) was a Thursday; weeks start on Monday as in ISO 8601, so day 4 begins a week.
    const period = unit === 'day' ? step : 7 * step;
    const offset = unit === 'day' ? 0 : 4;
    const firstDay = Math.ceil((start / dayMs - offset) / period) * period + offset;
    for (let day = firstDay; day * dayMs <= end; day += period) {
      if (ticks.push(day * dayMs) > limit) return undefined;
    }
    return ticks;
  }
  const from = new Date(start);
  const months = unit === 'month' ? step : 12 * step;
  let index = Math.ceil((from.getUTCFullYear() * 12 + from.getUTCMonth()) / months) * months;
  for (;;) {
    const time = Date.UTC(Math.floor(index / 12), index % 12, 1);
    if (time > end) return ticks;
    if (time >= start && ticks.push(time) > limit) return undefined;
    index += months;
  }
}

/** A time axis: UTC tick times and their labels. */
export interface TimeTicks {
  ticks: number[];
  format: (time: number) => string;
  /** Estimated width of the widest label, in pixels. */
  labelWidth: number;
}

/**
 * Ticks for a UTC time axis `[start, end]` (ms) of `width` pixels: days, Monday weeks, months or years, as
 * many as fit with their labels side by side (a gap of at least `gap` pixels).
 */
export function timeTicks(start: number, end: number, width: number, lang: ChartLang, gap = 16): TimeTicks {
  const limit = Math.max(1, Math.floor(width / 24));
  let chosen: TimeTicks | undefined;
  for (const [unit, step] of timeIntervals) {
    const ticks = intervalTicks(unit, step, start, end, limit);
    if (ticks === undefined) continue;
    const formatter = new Intl.DateTimeFormat(chartLocale(lang), timeFormats[unit]);
    const format = (time: number): string => formatter.format(time);
    const labelWidth = Math.max(0, ...ticks.map((time) => textWidth(format(time), fontSize)));
    chosen = { ticks, format, labelWidth };
    if (ticks.length * (labelWidth + gap) <= width) break;
  }
  // The coarsest interval always yields a (possibly empty) list, so `chosen` is set.
  return chosen ?? { ticks: [], format: String, labelWidth: 0 };
}

/** `[min, max]` of a non-empty list, without spreading it into arguments (safe for long series). */
export function extent(values: readonly number[]): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return [min, max];
}

/** How many y ticks an axis of `height` pixels gets: one per 45 pixels, between 2 and 6. */
export function yTickCount(height: number): number {
  return Math.min(6, Math.max(2, Math.floor(height / 45)));
}

/** Gap between a y tick label and the plot; the axis draws no tick marks, only grid lines. */
const yTickPadding = 5;

/** Left margin that holds the widest y tick label. */
export function yAxisMargin(y: LinearTicks): number {
  const widest = Math.max(0, ...y.ticks.map((tick) => textWidth(y.format(tick), fontSize)));
  return Math.ceil(edgeInset + widest + yTickPadding);
}

/** Plot options of a y axis with these ticks: grid lines, no tick marks, no label (drawn above instead). */
export function yAxisOptions(y: LinearTicks) {
  return {
    domain: y.domain,
    ticks: y.ticks,
    tickFormat: y.format,
    label: null,
    grid: true,
    tickSize: 0,
    tickPadding: yTickPadding,
  };
}
