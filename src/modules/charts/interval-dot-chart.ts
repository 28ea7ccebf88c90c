/**
 * Ranked areas or groups as horizontal rows: label, dot with its confidence interval, value.
 * The highlighted item (usually our area) differs by bold text, a "►" text marker, a diamond
 * instead of a circle and colour, so it is found without seeing colour. The narrow layout
 * (layout.ts) puts each label on its own line above its dot and value, with fewer ticks.
 */
import { axisTicks, finite, formatTick, linearScale } from './scales.js'
import { COLOURS, TINTS, marker } from './styles.js'
import { chartRoot, el, num, text, textLines, textWidth, wrapText } from './svg.js'
import type { IntervalDotSpec } from './types.js'
import { layoutOf, type Layout } from './layout.js'

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
  const benchmark = spec.benchmark && finite(spec.benchmark.value) ? spec.benchmark : undefined
  const layout = layoutOf(spec.layout)
  const f = frame(spec, items, benchmark, layout)
  const parts: string[] = []
  // Highlighted rows get a light background first, under everything else.
  items.forEach((item, i) => {
    if (item.highlight)
      parts.push(
        el('rect', {
          class: 'app-chart__highlight-row',
          x: 0,
          y: f.rowTops[i],
          width: f.width,
          height: f.rowHeights[i],
          fill: TINTS.highlightRow,
        }),
      )
  })
  parts.push(xAxis(f))
  if (benchmark) parts.push(benchmarkLine(f, `${benchmark.name}: ${spec.format(benchmark.value)}`, benchmark.value))
  items.forEach((item, i) => parts.push(itemRow(f, item, i)))
  return chartRoot(`${spec.id}${layout.idSuffix}`, spec.title, spec.summary, f.width, f.height, parts.join(''))
}

type Item = Omit<IntervalDotSpec['items'][number], 'value'> & { value: number | null; label: string }

/**
 * The columns (labels wrapped to at most ~38% of the width, the plot, the printed values), rows and
 * scale; narrow, each label has the full width above its row.
 */
function frame(spec: IntervalDotSpec, items: Item[], benchmark: IntervalDotSpec['benchmark'], layout: Layout) {
  const width = layout.width
  const values: number[] = []
  for (const item of items) {
    if (item.value === null) continue
    values.push(item.value)
    if (finite(item.lower)) values.push(item.lower)
    if (finite(item.upper)) values.push(item.upper)
  }
  if (benchmark) values.push(benchmark.value)
  const ticks = axisTicks(values, layout.ticks)
  const labelMax = layout.narrow ? width - 2 * PAD : width * 0.38
  const labelLines = items.map((item) => wrapText(item.label, labelMax, FONT, !!item.highlight))
  const labelWidth = Math.min(labelMax, Math.max(40, ...labelLines.flat().map((l) => textWidth(l, FONT, true))))
  const valueTexts = items.map((item) => (item.value === null ? '' : spec.format(item.value)))
  const valueWidth = Math.max(40, ...valueTexts.map((t) => textWidth(t, FONT, true)))
  const plotLeft = layout.narrow ? PAD + 6 : PAD + labelWidth + 12
  const plotRight = width - PAD - valueWidth - 12
  const plotTop = PAD + (benchmark ? LINE_HEIGHT + 10 : 4)
  // Narrow, a row is its label's lines and, under them, the dot's line.
  const rowHeights = labelLines.map((lines) =>
    layout.narrow ? lines.length * LINE_HEIGHT + MIN_ROW : Math.max(MIN_ROW, lines.length * LINE_HEIGHT + 10),
  )
  const rowTops = rowHeights.map((_, i) => plotTop + rowHeights.slice(0, i).reduce((a, b) => a + b, 0))
  const plotBottom = plotTop + rowHeights.reduce((a, b) => a + b, 0)
  const xLabelLines = wrapText(spec.xLabel, width - 2 * PAD, FONT, true)
  return {
    width,
    narrow: layout.narrow,
    ticks,
    tickLabels: ticks.values.map((v) => formatTick(v, ticks.decimals)),
    labelLines,
    valueTexts,
    plotLeft,
    plotRight,
    plotTop,
    plotBottom,
    rowHeights,
    rowTops,
    xLabelLines,
    height: plotBottom + 28 + xLabelLines.length * LINE_HEIGHT + PAD,
    xAt: linearScale(ticks.values[0], ticks.values[ticks.values.length - 1], plotLeft + 6, plotRight - 6),
  }
}
type Frame = ReturnType<typeof frame>

/** Grid lines, the x axis with its values, and its label. */
function xAxis(f: Frame): string {
  const axis = f.ticks.values.map((v, i) => {
    const x = f.xAt(v)
    const strong = v === 0 && f.ticks.values[0] < 0
    return (
      el('path', {
        d: `M${num(x)} ${num(f.plotTop)}V${num(f.plotBottom)}`,
        stroke: strong ? TINTS.axis : TINTS.grid,
        'stroke-width': 1,
        fill: 'none',
      }) +
      el('path', { d: `M${num(x)} ${num(f.plotBottom)}v6`, stroke: TINTS.axis, 'stroke-width': 1, fill: 'none' }) +
      text(f.tickLabels[i], { x, y: f.plotBottom + 22, 'text-anchor': 'middle', 'font-size': FONT })
    )
  })
  return (
    `<g class="app-chart__axis app-chart__axis--x">` +
    el('path', {
      d: `M${num(f.plotLeft)} ${num(f.plotBottom)}H${num(f.plotRight)}`,
      stroke: TINTS.axis,
      'stroke-width': 1,
      fill: 'none',
    }) +
    axis.join('') +
    textLines(f.xLabelLines, (f.plotLeft + f.plotRight) / 2, f.plotBottom + 28 + FONT + 2, LINE_HEIGHT, {
      'text-anchor': 'middle',
      'font-size': FONT,
      'font-weight': 'bold',
      class: 'app-chart__axis-label',
    }) +
    `</g>`
  )
}

/** Benchmark: a labelled vertical dashed line across every row. */
function benchmarkLine(f: Frame, label: string, value: number): string {
  const x = f.xAt(value)
  const w = textWidth(label, FONT)
  const anchor = x - w / 2 < PAD ? 'start' : x + w / 2 > f.width - PAD ? 'end' : 'middle'
  const lx = anchor === 'start' ? Math.max(PAD, x - 4) : anchor === 'end' ? Math.min(f.width - PAD, x + 4) : x
  return (
    `<g class="app-chart__benchmark">` +
    el('path', {
      d: `M${num(x)} ${num(f.plotTop - 4)}V${num(f.plotBottom)}`,
      fill: 'none',
      stroke: COLOURS.black,
      'stroke-width': 2,
      'stroke-dasharray': BENCHMARK_DASH,
    }) +
    text(label, { x: lx, y: f.plotTop - 10, 'text-anchor': anchor, 'font-size': FONT }) +
    `</g>`
  )
}

/** One row: its label, then its dot, interval and value, or a note saying why there is none. */
function itemRow(f: Frame, item: Item, i: number): string {
  const lines = f.labelLines[i]
  // Narrow: the label's lines at the top of the row, the dot's line beneath them.
  const cy = f.narrow ? f.rowTops[i] + lines.length * LINE_HEIGHT + MIN_ROW / 2 : f.rowTops[i] + f.rowHeights[i] / 2
  const bold = item.highlight ? 'bold' : undefined
  const colour = item.highlight ? COLOURS.blue : COLOURS.darkGrey
  const row: string[] = []
  const firstBaseline = f.narrow ? f.rowTops[i] + FONT + 2 : cy + 5 - ((lines.length - 1) * LINE_HEIGHT) / 2
  row.push(
    textLines(lines, PAD, firstBaseline, LINE_HEIGHT, {
      'font-size': FONT,
      'font-weight': bold,
      class: 'app-chart__item-label',
    }),
  )
  if (item.value === null) {
    // The note sits on a white panel so grid and benchmark lines do not run through the words.
    const note = item.note || NO_DATA
    const bg = item.highlight ? TINTS.highlightRow : '#ffffff'
    row.push(el('rect', { x: f.plotLeft, y: cy - 11, width: textWidth(note, FONT) + 8, height: 22, fill: bg }))
    row.push(text(note, { x: f.plotLeft + 4, y: cy + 5, 'font-size': FONT, class: 'app-chart__note' }))
  } else {
    if (finite(item.lower) && finite(item.upper)) {
      const x1 = f.xAt(Math.min(item.lower, item.upper))
      const x2 = f.xAt(Math.max(item.lower, item.upper))
      const d = `M${num(x1)} ${num(cy)}H${num(x2)}M${num(x1)} ${num(cy - 5)}V${num(cy + 5)}M${num(x2)} ${num(cy - 5)}V${num(cy + 5)}`
      row.push(el('path', { class: 'app-chart__whisker', d, fill: 'none', stroke: colour, 'stroke-width': 1.5 }))
    }
    const shape = item.highlight ? 'diamond' : 'circle'
    row.push(
      marker(shape, f.xAt(item.value), cy, item.highlight ? 6.5 : 5, colour, false, {
        class: 'app-chart__marker',
        'data-shape': shape,
      }),
    )
    row.push(
      text(f.valueTexts[i], {
        x: f.width - PAD,
        y: cy + 5,
        'text-anchor': 'end',
        'font-size': FONT,
        'font-weight': bold,
        class: 'app-chart__value',
      }),
    )
  }
  return `<g class="app-chart__item${item.highlight ? ' app-chart__item--highlight' : ''}">${row.join('')}</g>`
}
