/**
 * The two layouts a chart is drawn in. Server-drawn SVG scales with its view box, so text set at
 * 14 units comes out at 14 px only when the view box is as wide as the screen shows it: a 640-unit
 * chart on a 375 px phone shrinks its text to about 7 px. The narrow layout's 300-unit view box
 * fills a phone's column (about 345 px at 375) at a scale above 1, so its text is at least 14 px.
 * A page shows one or the other with a CSS media query, no script (app.css: .app-chart-layout).
 */
import type { ChartLayout } from './types.js'

export interface Layout {
  narrow: boolean
  /** The view box's width. */
  width: number
  /** How many ticks an axis aims for. */
  ticks: number
  /** How many period labels the x axis may print at most. */
  maxXLabels: number
  /** The plot's height (line chart). */
  plotHeight: number
  /** Suffix of the chart's id, so both layouts can sit on one page with unique aria ids. */
  idSuffix: string
}

export const WIDE: Layout = { narrow: false, width: 640, ticks: 5, maxXLabels: 8, plotHeight: 240, idSuffix: '' }
export const NARROW: Layout = {
  narrow: true,
  width: 300,
  ticks: 3,
  maxXLabels: 3,
  plotHeight: 200,
  idSuffix: '-narrow',
}

export const layoutOf = (layout: ChartLayout | undefined): Layout => (layout === 'narrow' ? NARROW : WIDE)
