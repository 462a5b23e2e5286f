export { renderBarChart } from './chart-bar.js';
export { renderColumnChart } from './chart-column.js';
export { renderLineChart } from './chart-line.js';
export { chartPalette } from './chart-palette.js';
export type {
  BarChartSpec,
  BarItem,
  ChartLang,
  ColumnChartSpec,
  ColumnItem,
  LineChartSpec,
  LineSeries,
} from './chart-types.js';
