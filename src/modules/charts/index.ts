/** Charts as SVG strings: pure functions, no I/O, deterministic output (see types.ts for the contract). */
export type {
  ChartPoint,
  LineSeries,
  LineChartSpec,
  IntervalDotSpec,
  IntervalDotItem,
  SparklineOptions,
  ChartLayout,
  SpineChartSpec,
  SpineRow,
  SpineSignificance,
} from './types.js'
export { lineChart } from './line-chart.js'
export { intervalDotChart } from './interval-dot-chart.js'
export { sparkline } from './sparkline.js'
export { spineChart, spinePosition } from './spine-chart.js'
