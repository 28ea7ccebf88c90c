/** The chart contract shared with the page modules; they import these names from index.ts. */

export interface ChartPoint {
  x: string
  y: number | null
  lower?: number | null
  upper?: number | null
  /** Why y is missing (e.g. "Suppressed (small number)"): a null point with a note gets a hollow marker. */
  note?: string
}

export interface LineSeries {
  name: string
  kind: 'primary' | 'benchmark' | 'comparator' | 'group'
  points: ChartPoint[]
}

export interface LineChartSpec {
  /** Unique on the page; used for aria ids. */
  id: string
  /** The active title: the finding in words. */
  title: string
  /** The text alternative (what the chart shows, in a sentence or two). */
  summary: string
  /** Periods in order. */
  xLabels: string[]
  /** Interval whiskers drawn where lower/upper are given; y null = gap (e.g. suppressed). */
  series: LineSeries[]
  /** Forecast band. */
  band?: { name: string; points: { x: string; y: number; lower: number; upper: number }[] }
  target?: { name: string; value: number; x?: string }
  yLabel: string
  format: (v: number) => string
  /** 'narrow': a layout for phones (layout.ts): a narrower view box, fewer ticks, a stacked legend. */
  layout?: ChartLayout
}

/** Wide for a column of 640 units; narrow for a phone, drawn so its text is at least 14 px at 375 px. */
export type ChartLayout = 'wide' | 'narrow'

export interface IntervalDotItem {
  label: string
  value: number | null
  lower?: number | null
  upper?: number | null
  highlight?: boolean
  note?: string
}

export interface IntervalDotSpec {
  id: string
  title: string
  summary: string
  xLabel: string
  format: (v: number) => string
  items: IntervalDotItem[]
  benchmark?: { name: string; value: number }
  /** 'narrow': each label above its row, fewer ticks, a narrower view box. */
  layout?: ChartLayout
}

export interface SparklineOptions {
  width?: number
  height?: number
}

/** How the area compares with the benchmark, as the interval test found (never colour alone: each has its shape). */
export type SpineSignificance = 'better' | 'similar' | 'worse' | 'higher' | 'lower' | 'not-compared'

export interface SpineRow {
  label: string
  /** The comparator set's lowest, 25th and 75th percentiles and highest value; null with too few areas. */
  range: { min: number; q25: number; q75: number; max: number } | null
  /** The benchmark's value (England): the spine's centre line. */
  benchmark: number | null
  /** The area's value; null where there is none to show (note says why). */
  value: number | null
  significance: SpineSignificance
  /** 1: higher values drawn to the right (higher is better, or no judgement); -1: lower values to the right. */
  direction: 1 | -1
  note?: string
}

export interface SpineChartSpec {
  id: string
  title: string
  summary: string
  /** The centre line's name ("England"). */
  benchmarkName: string
  rows: SpineRow[]
  layout?: ChartLayout
}
