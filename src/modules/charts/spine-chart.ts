/**
 * An area profile's spine chart, as Fingertips draws one: a row per indicator, the benchmark
 * (England) as the centre line, a bar from the lowest to the highest value in the comparator set
 * with its 25th to 75th percentiles darker, and the area's value as a marker whose colour and shape
 * say how it compares. Each row is scaled on its own, so the benchmark sits at the centre and the
 * farther end of the range at the edge; the better end is on the right where the indicator has a
 * polarity. Values are given in the table beside it, not on the chart.
 */
import { finite } from './scales.js'
import { COLOURS, TINTS, marker, type MarkerShape } from './styles.js'
import { chartRoot, el, num, text, textLines, textWidth, wrapText } from './svg.js'
import { layoutOf, type Layout } from './layout.js'
import type { SpineChartSpec, SpineRow, SpineSignificance } from './types.js'

const PAD = 8
const FONT = 14
const LINE_HEIGHT = 18
const MIN_ROW = 30
const BAR = 12

/** How each comparison looks: a colour and a shape, named in the legend (with the benchmark's name). */
export const SIGNIFICANCE_STYLE: Record<
  SpineSignificance,
  { name: string; colour: string; shape: MarkerShape; hollow: boolean }
> = {
  better: { name: 'Better than', colour: COLOURS.green, shape: 'circle', hollow: false },
  similar: { name: 'Similar to', colour: COLOURS.brown, shape: 'square', hollow: false },
  worse: { name: 'Worse than', colour: COLOURS.red, shape: 'diamond', hollow: false },
  higher: { name: 'Higher than', colour: COLOURS.blue, shape: 'triangle', hollow: false },
  lower: { name: 'Lower than', colour: COLOURS.purple, shape: 'triangle-down', hollow: false },
  'not-compared': { name: 'Not compared', colour: COLOURS.darkGrey, shape: 'circle', hollow: true },
}

/**
 * Where a value sits along a row, from 0 (left) to 1 (right): the benchmark at 0.5 and the range's
 * end farther from it at 0 or 1, flipped where lower values are drawn to the right. Null when the
 * row has no range or benchmark to scale by.
 */
export function spinePosition(row: Pick<SpineRow, 'range' | 'benchmark' | 'direction'>, value: number): number | null {
  const { range, benchmark } = row
  if (!range || !finite(benchmark) || !finite(value)) return null
  const half = Math.max(Math.abs(range.min - benchmark), Math.abs(range.max - benchmark), Math.abs(value - benchmark))
  if (half === 0) return 0.5
  return Math.min(1, Math.max(0, 0.5 + (row.direction * (value - benchmark)) / (2 * half)))
}

export function spineChart(spec: SpineChartSpec): string {
  const layout = layoutOf(spec.layout)
  const f = frame(spec, layout)
  const parts = [header(f, spec.benchmarkName, layout)]
  spec.rows.forEach((row, i) => parts.push(rowMarkup(f, row, i)))
  parts.push(centreLine(f))
  parts.push(legend(f, spec.rows, spec.benchmarkName))
  return chartRoot(`${spec.id}${layout.idSuffix}`, spec.title, spec.summary, f.width, f.height, parts.join(''))
}

/** Label column (beside the spine when wide, above it when narrow), rows and the spine's extent. */
function frame(spec: SpineChartSpec, layout: Layout) {
  const width = layout.width
  const labelMax = layout.narrow ? width - 2 * PAD : width * 0.38
  const labelLines = spec.rows.map((r) => wrapText(r.label, labelMax, FONT))
  const labelWidth = layout.narrow
    ? 0
    : Math.min(labelMax, Math.max(40, ...labelLines.flat().map((l) => textWidth(l, FONT))))
  const spineLeft = layout.narrow ? PAD + 4 : PAD + labelWidth + 16
  const spineRight = width - PAD - 4
  const top = PAD + LINE_HEIGHT + 10
  const rowHeights = labelLines.map((lines) =>
    layout.narrow ? lines.length * LINE_HEIGHT + MIN_ROW : Math.max(MIN_ROW, lines.length * LINE_HEIGHT + 10),
  )
  const rowTops = rowHeights.map((_, i) => top + rowHeights.slice(0, i).reduce((a, b) => a + b, 0))
  const bottom = top + rowHeights.reduce((a, b) => a + b, 0)
  const perRow = layout.narrow ? 1 : 3
  const legendRows = Math.ceil(usedSignificances(spec.rows).length / perRow)
  return {
    width,
    narrow: layout.narrow,
    perRow,
    labelLines,
    spineLeft,
    spineRight,
    top,
    bottom,
    rowTops,
    rowHeights,
    legendTop: bottom + 16,
    height: bottom + 16 + legendRows * (LINE_HEIGHT + 6) + PAD,
    xAt: (p: number) => spineLeft + p * (spineRight - spineLeft),
  }
}
type Frame = ReturnType<typeof frame>

/** The ends and the centre named above the spine. */
function header(f: Frame, benchmarkName: string, layout: Layout): string {
  const [worst, best] = layout.narrow ? ['Worst/lowest', 'Best/highest'] : ['Worst or lowest', 'Best or highest']
  const y = PAD + FONT
  return (
    `<g class="app-chart__spine-header">` +
    text(worst, { x: f.spineLeft, y, 'font-size': FONT }) +
    text(benchmarkName, { x: f.xAt(0.5), y, 'text-anchor': 'middle', 'font-size': FONT, 'font-weight': 'bold' }) +
    text(best, { x: f.spineRight, y, 'text-anchor': 'end', 'font-size': FONT }) +
    `</g>`
  )
}

/** The benchmark's line down the centre of every row. */
function centreLine(f: Frame): string {
  const x = f.xAt(0.5)
  return el('path', {
    class: 'app-chart__benchmark',
    d: `M${num(x)} ${num(f.top - 6)}V${num(f.bottom)}`,
    fill: 'none',
    stroke: COLOURS.black,
    'stroke-width': 2,
  })
}

/** One indicator: its label, its range bar, and its marker or a note saying why there is none. */
function rowMarkup(f: Frame, row: SpineRow, i: number): string {
  const lines = f.labelLines[i]!
  const cy = f.narrow ? f.rowTops[i]! + lines.length * LINE_HEIGHT + MIN_ROW / 2 : f.rowTops[i]! + f.rowHeights[i]! / 2
  const firstBaseline = f.narrow ? f.rowTops[i]! + FONT + 2 : cy + 5 - ((lines.length - 1) * LINE_HEIGHT) / 2
  const parts = [
    textLines(lines, PAD, firstBaseline, LINE_HEIGHT, { 'font-size': FONT, class: 'app-chart__item-label' }),
  ]
  const at = (v: number) => spinePosition(row, v)
  if (row.range && at(row.range.min) !== null) {
    const [a, b] = [at(row.range.min)!, at(row.range.max)!].map(f.xAt).sort((p, q) => p - q)
    const [c, d] = [at(row.range.q25)!, at(row.range.q75)!].map(f.xAt).sort((p, q) => p - q)
    parts.push(
      el('rect', {
        class: 'app-chart__range',
        x: a,
        y: cy - BAR / 2,
        width: Math.max(1, b! - a!),
        height: BAR,
        fill: TINTS.grid,
      }),
    )
    parts.push(
      el('rect', {
        class: 'app-chart__quartiles',
        x: c,
        y: cy - BAR / 2,
        width: Math.max(1, d! - c!),
        height: BAR,
        fill: '#b1b4b6',
      }),
    )
  }
  const position = row.value === null ? null : at(row.value)
  if (position !== null) {
    const style = SIGNIFICANCE_STYLE[row.significance]
    parts.push(
      marker(style.shape, f.xAt(position), cy, 7, style.colour, style.hollow, {
        class: 'app-chart__marker',
        'data-significance': row.significance,
      }),
    )
  } else {
    const note = row.note ?? (row.value === null ? 'No figure' : 'Too few areas to show a range')
    const x = f.narrow ? PAD : f.spineLeft
    parts.push(el('rect', { x, y: cy - 11, width: textWidth(note, FONT) + 8, height: 22, fill: '#ffffff' }))
    parts.push(text(note, { x: x + 4, y: cy + 5, 'font-size': FONT, class: 'app-chart__note' }))
  }
  return `<g class="app-chart__item">${parts.join('')}</g>`
}

/** The comparisons the rows use, in the legend's order. */
const usedSignificances = (rows: readonly SpineRow[]) =>
  (Object.keys(SIGNIFICANCE_STYLE) as SpineSignificance[]).filter((s) => rows.some((r) => r.significance === s))

/** The comparisons the chart uses, each with its marker; three a row wide, one a row narrow. */
function legend(f: Frame, rows: SpineRow[], benchmarkName: string): string {
  const colWidth = (f.width - 2 * PAD) / f.perRow
  const parts = usedSignificances(rows).map((s, i) => {
    const x = PAD + (i % f.perRow) * colWidth
    const y = f.legendTop + Math.floor(i / f.perRow) * (LINE_HEIGHT + 6)
    const style = SIGNIFICANCE_STYLE[s]
    return (
      `<g class="app-chart__legend-item">` +
      marker(style.shape, x + 8, y + LINE_HEIGHT / 2, 6, style.colour, style.hollow) +
      text(s === 'not-compared' ? style.name : `${style.name} ${benchmarkName}`, {
        x: x + 22,
        y: y + LINE_HEIGHT / 2 + 5,
        'font-size': FONT,
      }) +
      `</g>`
    )
  })
  return `<g class="app-chart__legend">${parts.join('')}</g>`
}
