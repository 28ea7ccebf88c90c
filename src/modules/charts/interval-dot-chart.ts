/**
 * Ranked areas or groups as horizontal rows: label, dot with its confidence interval, value.
 * The highlighted item (usually our area) differs by bold text, a "►" text marker, a diamond
 * instead of a circle and colour, so it is found without seeing colour.
 */
import { axisTicks, finite, formatTick, linearScale } from './scales.js'
import { COLOURS, TINTS, marker } from './styles.js'
import { chartRoot, el, num, text, textLines, textWidth, wrapText } from './svg.js'
import type { IntervalDotSpec } from './types.js'

const WIDTH = 640
const PAD = 8
const FONT = 14
const LINE_HEIGHT = 18
const MIN_ROW = 28
const HIGHLIGHT_PREFIX = '\u25BA '
const BENCHMARK_DASH = '6 4'
const NO_DATA = 'No data'

export function intervalDotChart(spec: IntervalDotSpec): string {
  const items = spec.items.map((item) => ({
    ...item,
    value: finite(item.value) ? item.value : null,
    label: item.highlight ? `${HIGHLIGHT_PREFIX}${item.label}` : item.label,
  }))

  const values: number[] = []
  for (const item of items) {
    if (item.value === null) continue
    values.push(item.value)
    if (finite(item.lower)) values.push(item.lower)
    if (finite(item.upper)) values.push(item.upper)
  }
  const benchmark = spec.benchmark && finite(spec.benchmark.value) ? spec.benchmark : undefined
  if (benchmark) values.push(benchmark.value)
  const ticks = axisTicks(values)
  const tickLabels = ticks.values.map((v) => formatTick(v, ticks.decimals))

  // Columns: labels (wrapped, at most ~38% of the width), the plot, then the printed values.
  const labelMax = WIDTH * 0.38
  const labelLines = items.map((item) => wrapText(item.label, labelMax, FONT, !!item.highlight))
  const labelWidth = Math.min(labelMax, Math.max(40, ...labelLines.flat().map((l) => textWidth(l, FONT, true))))
  const valueTexts = items.map((item) => (item.value === null ? '' : spec.format(item.value)))
  const valueWidth = Math.max(40, ...valueTexts.map((t) => textWidth(t, FONT, true)))
  const plotLeft = PAD + labelWidth + 12
  const plotRight = WIDTH - PAD - valueWidth - 12

  const benchmarkLabel = benchmark ? `${benchmark.name}: ${spec.format(benchmark.value)}` : ''
  const plotTop = PAD + (benchmark ? LINE_HEIGHT + 10 : 4)
  const rowHeights = labelLines.map((lines) => Math.max(MIN_ROW, lines.length * LINE_HEIGHT + 10))
  const plotBottom = plotTop + rowHeights.reduce((a, b) => a + b, 0)
  const xLabelLines = wrapText(spec.xLabel, WIDTH - 2 * PAD, FONT, true)
  const height = plotBottom + 28 + xLabelLines.length * LINE_HEIGHT + PAD

  const xAt = linearScale(ticks.values[0], ticks.values[ticks.values.length - 1], plotLeft + 6, plotRight - 6)
  const parts: string[] = []

  // Highlighted rows get a light background first, under everything else.
  let rowTop = plotTop
  items.forEach((item, i) => {
    if (item.highlight) parts.push(el('rect', { class: 'app-chart__highlight-row', x: 0, y: rowTop, width: WIDTH, height: rowHeights[i], fill: TINTS.highlightRow }))
    rowTop += rowHeights[i]
  })

  // Grid and x axis.
  const axis = ticks.values.map((v, i) => {
    const x = xAt(v)
    const strong = v === 0 && ticks.values[0] < 0
    return (
      el('path', { d: `M${num(x)} ${num(plotTop)}V${num(plotBottom)}`, stroke: strong ? TINTS.axis : TINTS.grid, 'stroke-width': 1, fill: 'none' }) +
      el('path', { d: `M${num(x)} ${num(plotBottom)}v6`, stroke: TINTS.axis, 'stroke-width': 1, fill: 'none' }) +
      text(tickLabels[i], { x, y: plotBottom + 22, 'text-anchor': 'middle', 'font-size': FONT })
    )
  })
  parts.push(
    `<g class="app-chart__axis app-chart__axis--x">` +
      el('path', { d: `M${num(plotLeft)} ${num(plotBottom)}H${num(plotRight)}`, stroke: TINTS.axis, 'stroke-width': 1, fill: 'none' }) +
      axis.join('') +
      textLines(xLabelLines, (plotLeft + plotRight) / 2, plotBottom + 28 + FONT + 2, LINE_HEIGHT, {
        'text-anchor': 'middle',
        'font-size': FONT,
        'font-weight': 'bold',
        class: 'app-chart__axis-label',
      }) +
      `</g>`,
  )

  // Benchmark: a labelled vertical dashed line across every row.
  if (benchmark) {
    const x = xAt(benchmark.value)
    const w = textWidth(benchmarkLabel, FONT)
    const anchor = x - w / 2 < PAD ? 'start' : x + w / 2 > WIDTH - PAD ? 'end' : 'middle'
    const lx = anchor === 'start' ? Math.max(PAD, x - 4) : anchor === 'end' ? Math.min(WIDTH - PAD, x + 4) : x
    parts.push(
      `<g class="app-chart__benchmark">` +
        el('path', { d: `M${num(x)} ${num(plotTop - 4)}V${num(plotBottom)}`, fill: 'none', stroke: COLOURS.black, 'stroke-width': 2, 'stroke-dasharray': BENCHMARK_DASH }) +
        text(benchmarkLabel, { x: lx, y: plotTop - 10, 'text-anchor': anchor, 'font-size': FONT }) +
        `</g>`,
    )
  }

  // Rows.
  rowTop = plotTop
  items.forEach((item, i) => {
    const cy = rowTop + rowHeights[i] / 2
    const lines = labelLines[i]
    const bold = item.highlight ? 'bold' : undefined
    const colour = item.highlight ? COLOURS.blue : COLOURS.darkGrey
    const row: string[] = []
    const firstBaseline = cy + 5 - ((lines.length - 1) * LINE_HEIGHT) / 2
    row.push(textLines(lines, PAD, firstBaseline, LINE_HEIGHT, { 'font-size': FONT, 'font-weight': bold, class: 'app-chart__item-label' }))
    if (item.value === null) {
      // The note sits on a white panel so grid and benchmark lines do not run through the words.
      const note = item.note || NO_DATA
      const bg = item.highlight ? TINTS.highlightRow : '#ffffff'
      row.push(el('rect', { x: plotLeft, y: cy - 11, width: textWidth(note, FONT) + 8, height: 22, fill: bg }))
      row.push(text(note, { x: plotLeft + 4, y: cy + 5, 'font-size': FONT, class: 'app-chart__note' }))
    } else {
      if (finite(item.lower) && finite(item.upper)) {
        const x1 = xAt(Math.min(item.lower, item.upper))
        const x2 = xAt(Math.max(item.lower, item.upper))
        row.push(
          el('path', {
            class: 'app-chart__whisker',
            d: `M${num(x1)} ${num(cy)}H${num(x2)}M${num(x1)} ${num(cy - 5)}V${num(cy + 5)}M${num(x2)} ${num(cy - 5)}V${num(cy + 5)}`,
            fill: 'none',
            stroke: colour,
            'stroke-width': 1.5,
          }),
        )
      }
      const shape = item.highlight ? 'diamond' : 'circle'
      row.push(marker(shape, xAt(item.value), cy, item.highlight ? 6.5 : 5, colour, false, { class: 'app-chart__marker', 'data-shape': shape }))
      row.push(text(valueTexts[i], { x: WIDTH - PAD, y: cy + 5, 'text-anchor': 'end', 'font-size': FONT, 'font-weight': bold, class: 'app-chart__value' }))
    }
    parts.push(`<g class="app-chart__item${item.highlight ? ' app-chart__item--highlight' : ''}">${row.join('')}</g>`)
    rowTop += rowHeights[i]
  })

  return chartRoot(spec.id, spec.title, spec.summary, WIDTH, height, parts.join(''))
}
