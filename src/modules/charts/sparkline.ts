/**
 * A decorative sparkline: the trend at a glance beside a figure whose numbers are in a table, so
 * it is hidden from assistive technology. Periods keep their place, so a missing value leaves
 * its space; the line runs through the values that exist and a dot marks the latest.
 */
import { finite } from './scales.js'
import { COLOURS } from './styles.js'
import { attrs, num } from './svg.js'
import type { SparklineOptions } from './types.js'

export function sparkline(values: (number | null)[], options: SparklineOptions = {}): string {
  const width = finite(options.width) && options.width > 0 ? options.width : 120
  const height = finite(options.height) && options.height > 0 ? options.height : 30
  const present = values.map((v, i) => ({ v, i })).filter((p): p is { v: number; i: number } => finite(p.v))
  if (present.length < 2) return ''

  const pad = 3.5 // room for the end dot
  const min = Math.min(...present.map((p) => p.v))
  const max = Math.max(...present.map((p) => p.v))
  const xAt = (i: number) => pad + (i * (width - 2 * pad)) / (values.length - 1)
  // A flat series is drawn along the middle rather than the bottom edge.
  const yAt = (v: number) => (max === min ? height / 2 : height - pad - ((v - min) * (height - 2 * pad)) / (max - min))
  const d = present.map((p, k) => `${k === 0 ? 'M' : 'L'}${num(xAt(p.i))} ${num(yAt(p.v))}`).join('')
  const last = present[present.length - 1]

  const root = attrs({
    xmlns: 'http://www.w3.org/2000/svg',
    class: 'app-sparkline',
    width,
    height,
    viewBox: `0 0 ${num(width)} ${num(height)}`,
    'aria-hidden': 'true',
    focusable: 'false',
  })
  const line = attrs({
    d,
    fill: 'none',
    stroke: COLOURS.blue,
    'stroke-width': 2,
    'stroke-linejoin': 'round',
    'stroke-linecap': 'round',
  })
  const dot = attrs({ cx: xAt(last.i), cy: yAt(last.v), r: 3, fill: COLOURS.blue })
  return `<svg${root}><path${line}/><circle${dot}/></svg>`
}
