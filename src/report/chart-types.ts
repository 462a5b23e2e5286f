/**
 * Language of a chart's numbers, dates and fixed phrases ("no data", the anomaly note).
 * `en` writes 47,122 and 12.3 %; `de` writes 47.122 and 12,3 %.
 */
export type ChartLang = 'en' | 'de';

/**
 * One bar of a bar chart.
 *
 * @example
 * ```ts
 * const item: BarItem = { label: 'Cell atlas (v2)', value: 4712, href: 'https://zenodo.org/records/101' };
 * ```
 */
export interface BarItem {
  /** Shown left of the bar; cut to about 40 characters with `…`, the full text is the label's tooltip. */
  label: string;
  value: number;
  /** Links the label; only absolute `http:` and `https:` URLs are used, anything else is dropped. */
  href?: string | undefined;
  /** Native SVG tooltip of the bar (default: label and value). */
  tooltip?: string | undefined;
}

/**
 * A horizontal bar chart: one bar per item, the value at the bar's end.
 *
 * @example
 * ```ts
 * const spec: BarChartSpec = {
 *   title: 'Top records',
 *   subtitle: 'all time',
 *   xLabel: 'downloads',
 *   items: [{ label: 'Cell atlas', value: 4712 }],
 *   showShare: true,
 *   lang: 'en',
 * };
 * ```
 */
export interface BarChartSpec {
  /** Drawn as the heading inside the SVG and used as its `<title>` and `aria-label`. */
  title: string;
  /** Second heading line, e.g. `all time` or `2026-W32`. */
  subtitle?: string | undefined;
  /** Axis label with its unit, e.g. `downloads`. */
  xLabel: string;
  /** In display order (largest first). */
  items: readonly BarItem[];
  /** Append each bar's share of the total, e.g. `4,712 (12.3 %)`. Default `false`. */
  showShare?: boolean | undefined;
  lang: ChartLang;
  /** Width in pixels (default 720); the height follows from the number of bars. */
  width?: number | undefined;
}

/**
 * One line of a line chart.
 *
 * @example
 * ```ts
 * const series: LineSeries = { name: 'downloads', points: [{ date: '2026-08-03', value: 120 }] };
 * ```
 */
export interface LineSeries {
  name: string;
  /** `date` is a UTC calendar day `YYYY-MM-DD`; points with any other date are skipped. Any order. */
  points: readonly { date: string; value: number }[];
}

/**
 * A line chart over time, one line per series, with a legend when there is more than one series.
 *
 * @example
 * ```ts
 * const spec: LineChartSpec = { title: 'Downloads per week', yLabel: 'downloads', series: [series], lang: 'de' };
 * ```
 */
export interface LineChartSpec {
  title: string;
  subtitle?: string | undefined;
  /** Axis label with its unit, e.g. `downloads per week`. */
  yLabel: string;
  series: readonly LineSeries[];
  lang: ChartLang;
  /** Width in pixels (default 720). */
  width?: number | undefined;
  /** Height in pixels (default 360; grows when the legend needs the room). */
  height?: number | undefined;
}

/**
 * One column of a column chart: a period and its value; `flagged` marks an anomaly, `partial` a period the
 * snapshots cover only in part (the first or the last).
 *
 * @example
 * ```ts
 * const column: ColumnItem = { label: '2026-08', value: 9120, flagged: true };
 * ```
 */
export interface ColumnItem {
  label: string;
  value: number;
  flagged?: boolean | undefined;
  partial?: boolean | undefined;
}

/**
 * A column chart: one vertical bar per period label, in the given order. Flagged columns are drawn hatched in
 * a second colour and explained in a legend note.
 *
 * @example
 * ```ts
 * const spec: ColumnChartSpec = {
 *   title: 'Downloads per month',
 *   yLabel: 'downloads',
 *   items: [{ label: '2026-07', value: 812 }, { label: '2026-08', value: 9120, flagged: true }],
 *   lang: 'en',
 * };
 * ```
 */
export interface ColumnChartSpec {
  title: string;
  subtitle?: string | undefined;
  /** Axis label with its unit, e.g. `downloads per month`. */
  yLabel: string;
  items: readonly ColumnItem[];
  lang: ChartLang;
  /** Width in pixels (default 720). */
  width?: number | undefined;
  /** Height in pixels (default 320). */
  height?: number | undefined;
}
