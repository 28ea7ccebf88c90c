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
}

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
}

export interface SparklineOptions {
  width?: number
  height?: number
}
