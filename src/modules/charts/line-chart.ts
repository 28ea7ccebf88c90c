/**
 * A time-series line chart as an SVG string: series with interval whiskers and gaps where data is
 * missing, benchmark (dashed) and comparator (dotted) lines, a forecast band and a target line.
 * Series are told apart by colour, dash pattern, marker shape and a legend drawn in the SVG.
 */
import { axisTicks, finite, formatTick, linearScale } from './scales.js'
import { COLOURS, TINTS, assignStyles, lineAttrs, marker, type SeriesStyle } from './styles.js'
import { HALO, chartRoot, el, escapeXml, num, text, textLines, textWidth, wrapText } from './svg.js'
import type { ChartPoint, LineChartSpec } from './types.js'

const WIDTH = 640
const PAD = 8
const PLOT_HEIGHT = 240
const FONT = 14
const LINE_HEIGHT = 18
const MAX_X_LABELS = 8
const BAND_DASH = '4 3'
const TARGET_DASH = '10 4 2 4'

interface LegendEntry {
  name: string
  sample: (x: number, y: number) => string
}

/**
 * Indices of x labels to print: at most `max`, evenly spaced, at least `minEvery` periods apart
 * (so wide labels do not overlap), always the first and the last.
 */
export function thinLabels(count: number, max: number, minEvery = 1): number[] {
  if (count <= 0) return []
  const last = count - 1
  const every = Math.max(1, Math.ceil(minEvery), Math.ceil(last / Math.max(1, max - 1)))
  if (every === 1) return Array.from({ length: count }, (_, i) => i)
  const shown: number[] = []
  // Keep a full step between the last regular label and the final one so they cannot collide.
  for (let i = 0; i < last; i += every) if (i === 0 || last - i >= every) shown.push(i)
  shown.push(last)
  return shown
}

/** Legend items flowed into rows; returns markup and height used. */
function legend(entries: LegendEntry[], top: number): { markup: string; height: number } {
  if (entries.length === 0) return { markup: '', height: 0 }
  const sampleWidth = 32
  const gap = 20
  const maxTextWidth = WIDTH - 2 * PAD - sampleWidth - 6
  let x = PAD
  let rowTop = top
  let rowHeight = LINE_HEIGHT
  const parts: string[] = []
  for (const entry of entries) {
    const lines = wrapText(entry.name, maxTextWidth, FONT)
    const textW = Math.max(...lines.map((l) => textWidth(l, FONT)))
    const itemWidth = sampleWidth + 6 + textW
    if (x > PAD && x + itemWidth > WIDTH - PAD) {
      x = PAD
      rowTop += rowHeight + 6
      rowHeight = LINE_HEIGHT
    }
    const cy = rowTop + LINE_HEIGHT / 2
    parts.push(
      `<g class="app-chart__legend-item">${entry.sample(x, cy)}${textLines(lines, x + sampleWidth + 6, cy + 5, LINE_HEIGHT, { 'font-size': FONT })}</g>`,
    )
    rowHeight = Math.max(rowHeight, lines.length * LINE_HEIGHT)
    x += itemWidth + gap
  }
  return { markup: `<g class="app-chart__legend">${parts.join('')}</g>`, height: rowTop + rowHeight - top }
}

function seriesSample(style: SeriesStyle) {
  return (x: number, y: number) =>
    el('path', { d: `M${num(x)} ${num(y)}H${num(x + 32)}`, ...lineAttrs(style) }) + marker(style.marker, x + 16, y, 4.5, style.colour, style.hollow)
}

function whiskerPath(x: number, y1: number, y2: number, cap: number): string {
  const top = Math.min(y1, y2)
  const bottom = Math.max(y1, y2)
  return `M${num(x)} ${num(top)}V${num(bottom)}M${num(x - cap)} ${num(top)}H${num(x + cap)}M${num(x - cap)} ${num(bottom)}H${num(x + cap)}`
}

export function lineChart(spec: LineChartSpec): string {
  const xLabels = spec.xLabels
  const xIndex = new Map<string, number>()
  xLabels.forEach((label, i) => {
    if (!xIndex.has(label)) xIndex.set(label, i)
  })
  const onAxis = <T extends { x: string }>(p: T) => xIndex.has(p.x)

  // Every number the axis must show: values, intervals, the band and the target.
  const values: number[] = []
  for (const s of spec.series) {
    for (const p of s.points.filter(onAxis)) {
      if (!finite(p.y)) continue
      values.push(p.y)
      if (finite(p.lower)) values.push(p.lower)
      if (finite(p.upper)) values.push(p.upper)
    }
  }
  const bandPoints = (spec.band?.points ?? []).filter(onAxis).filter((p) => finite(p.y) && finite(p.lower) && finite(p.upper))
  for (const p of bandPoints) values.push(p.y, p.lower, p.upper)
  const target = spec.target && finite(spec.target.value) ? spec.target : undefined
  if (target) values.push(target.value)
  const ticks = axisTicks(values)
  const tickLabels = ticks.values.map((v) => formatTick(v, ticks.decimals))

  const styles = assignStyles(spec.series.map((s) => s.kind))

  // Top area: legend, then the y axis label above the axis (horizontal text reads more easily).
  const entries: LegendEntry[] = spec.series.map((s, i) => ({ name: s.name, sample: seriesSample(styles[i]) }))
  if (spec.band && bandPoints.length) {
    entries.push({
      name: spec.band.name,
      sample: (x, y) =>
        el('rect', { x, y: y - 7, width: 32, height: 14, fill: TINTS.band }) +
        el('path', { d: `M${num(x)} ${num(y)}H${num(x + 32)}`, fill: 'none', stroke: COLOURS.blue, 'stroke-width': 2, 'stroke-dasharray': BAND_DASH }),
    })
  }
  const leg = legend(entries, PAD)
  const yLabelTop = PAD + leg.height + (leg.height ? 10 : 0)
  const yLabelLines = wrapText(spec.yLabel, WIDTH - 2 * PAD, FONT, true)
  const plotTop = yLabelTop + yLabelLines.length * LINE_HEIGHT + 12
  const plotBottom = plotTop + PLOT_HEIGHT
  const plotLeft = PAD + Math.max(...tickLabels.map((l) => textWidth(l, FONT))) + 10
  const plotRight = WIDTH - 20
  const height = plotBottom + 40

  // x positions: evenly spaced, inset so the first and last labels fit inside the view box.
  const n = xLabels.length
  const inLeft = Math.max(12, textWidth(xLabels[0] ?? '', FONT) / 2 - (plotLeft - PAD))
  const inRight = Math.max(12, textWidth(xLabels[n - 1] ?? '', FONT) / 2 - (WIDTH - plotRight - PAD))
  const xAt = (i: number) => (n <= 1 ? (plotLeft + plotRight) / 2 : plotLeft + inLeft + (i * (plotRight - plotLeft - inLeft - inRight)) / (n - 1))
  const xStep = n <= 1 ? plotRight - plotLeft : (plotRight - plotLeft - inLeft - inRight) / (n - 1)
  const yAt = linearScale(ticks.values[0], ticks.values[ticks.values.length - 1], plotBottom, plotTop)
  const markerR = n > 24 ? 2.5 : 4
  const cap = Math.max(2, Math.min(5, xStep * 0.3))

  const parts: string[] = []

  // Grid and y axis.
  const grid = ticks.values.map((v, i) => {
    const y = yAt(v)
    const strong = v === 0 && ticks.values[0] < 0
    return (
      el('path', { d: `M${num(plotLeft)} ${num(y)}H${num(plotRight)}`, stroke: strong ? TINTS.axis : TINTS.grid, 'stroke-width': 1, fill: 'none' }) +
      text(tickLabels[i], { x: plotLeft - 8, y: y + 5, 'text-anchor': 'end', 'font-size': FONT })
    )
  })
  parts.push(`<g class="app-chart__axis app-chart__axis--y">${grid.join('')}</g>`)
  parts.push(textLines(yLabelLines, PAD, yLabelTop + FONT, LINE_HEIGHT, { 'font-size': FONT, 'font-weight': 'bold', class: 'app-chart__axis-label' }))

  // x axis: a tick per period, labels thinned so they never overlap.
  const widest = Math.max(0, ...xLabels.map((l) => textWidth(l, FONT)))
  const shown = new Set(thinLabels(n, MAX_X_LABELS, xStep > 0 ? (widest + 12) / xStep : 1))
  const xAxis: string[] = [el('path', { d: `M${num(plotLeft)} ${num(plotBottom)}H${num(plotRight)}`, stroke: TINTS.axis, 'stroke-width': 1, fill: 'none' })]
  xLabels.forEach((label, i) => {
    const x = xAt(i)
    xAxis.push(el('path', { d: `M${num(x)} ${num(plotBottom)}v${shown.has(i) ? 6 : 3}`, stroke: TINTS.axis, 'stroke-width': 1, fill: 'none' }))
    if (shown.has(i)) xAxis.push(text(label, { x, y: plotBottom + 22, 'text-anchor': 'middle', 'font-size': FONT }))
  })
  parts.push(`<g class="app-chart__axis app-chart__axis--x">${xAxis.join('')}</g>`)

  // Forecast band: shaded area between lower and upper, dashed centre line, labelled in the plot.
  if (spec.band && bandPoints.length) {
    const sorted = [...bandPoints].sort((a, b) => xIndex.get(a.x)! - xIndex.get(b.x)!)
    const xs = sorted.map((p) => xAt(xIndex.get(p.x)!))
    const widen = sorted.length === 1 ? cap : 0
    const upper = sorted.map((p, i) => `${num(xs[i] - widen)} ${num(yAt(Math.max(p.lower, p.upper)))}`)
    const lower = sorted.map((p, i) => `${num(xs[i] + widen)} ${num(yAt(Math.min(p.lower, p.upper)))}`).reverse()
    if (sorted.length === 1) {
      upper.push(`${num(xs[0] + widen)} ${num(yAt(Math.max(sorted[0].lower, sorted[0].upper)))}`)
      lower.push(`${num(xs[0] - widen)} ${num(yAt(Math.min(sorted[0].lower, sorted[0].upper)))}`)
    }
    const centre = sorted.map((p, i) => `${i === 0 ? 'M' : 'L'}${num(xs[i])} ${num(yAt(p.y))}`).join('')
    const last = sorted[sorted.length - 1]
    const lastX = xs[xs.length - 1]
    const labelY = Math.max(plotTop + FONT, yAt(Math.max(last.lower, last.upper)) - 8)
    parts.push(
      `<g class="app-chart__band">` +
        el('polygon', { points: [...upper, ...lower].join(' '), fill: TINTS.band, stroke: 'none' }) +
        el('path', { d: centre, fill: 'none', stroke: COLOURS.blue, 'stroke-width': 2, 'stroke-dasharray': BAND_DASH }) +
        text(spec.band.name, { x: lastX, y: labelY, 'text-anchor': lastX > (plotLeft + plotRight) / 2 ? 'end' : 'start', 'font-size': FONT, ...HALO }) +
        `</g>`,
    )
  }

  // Target: a labelled horizontal line, with a marker at its date if it has one.
  if (target) {
    const y = yAt(target.value)
    const label = `Target: ${spec.format(target.value)}`
    const labelY = y - 6 - FONT < plotTop ? y + FONT + 4 : y - 6
    const tx = target.x !== undefined && xIndex.has(target.x) ? xAt(xIndex.get(target.x)!) : null
    parts.push(
      `<g class="app-chart__target"><title>${escapeXml(`${target.name}: ${spec.format(target.value)}${target.x ? ` by ${target.x}` : ''}`)}</title>` +
        el('path', { d: `M${num(plotLeft)} ${num(y)}H${num(plotRight)}`, fill: 'none', stroke: COLOURS.green, 'stroke-width': 2, 'stroke-dasharray': TARGET_DASH }) +
        (tx === null
          ? ''
          : el('circle', { class: 'app-chart__target-marker', cx: tx, cy: y, r: 7, fill: '#ffffff', stroke: COLOURS.green, 'stroke-width': 2 }) +
            el('circle', { cx: tx, cy: y, r: 2.5, fill: COLOURS.green })) +
        text(label, { x: plotLeft + 6, y: labelY, 'font-size': FONT, 'font-weight': 'bold', ...HALO }) +
        `</g>`,
    )
  }

  // Series: whiskers first so lines and markers sit on top of them.
  spec.series.forEach((s, si) => {
    const style = styles[si]
    const byX = new Map<string, ChartPoint>()
    for (const p of s.points) if (xIndex.has(p.x) && !byX.has(p.x)) byX.set(p.x, p)
    const whiskers: string[] = []
    const segments: string[][] = []
    const markers: string[] = []
    const gaps: string[] = []
    let run: string[] = []
    xLabels.forEach((label, i) => {
      const p = xIndex.get(label) === i ? byX.get(label) : undefined
      if (!p || !finite(p.y)) {
        // A gap: end the current run so the line is not joined across missing data.
        if (run.length) segments.push(run)
        run = []
        if (p?.note) {
          gaps.push(
            `<g class="app-chart__gap-marker"><title>${escapeXml(`${s.name}, ${label}: ${p.note}`)}</title>` +
              marker('circle', xAt(i), plotBottom - 6, 3, style.colour, true) +
              `</g>`,
          )
        }
        return
      }
      const x = xAt(i)
      const y = yAt(p.y)
      run.push(`${num(x)} ${num(y)}`)
      if (finite(p.lower) && finite(p.upper)) {
        whiskers.push(el('path', { class: 'app-chart__whisker', d: whiskerPath(x, yAt(p.lower), yAt(p.upper), cap), fill: 'none', stroke: style.colour, 'stroke-width': 1.5 }))
      }
      markers.push(marker(style.marker, x, y, markerR, style.colour, style.hollow, { class: 'app-chart__marker', 'data-shape': style.marker }))
    })
    if (run.length) segments.push(run)
    const lines = segments
      .filter((seg) => seg.length > 1)
      .map((seg) => el('path', { class: 'app-chart__line', d: `M${seg.join('L')}`, ...lineAttrs(style) }))
    parts.push(`<g class="app-chart__series">${whiskers.join('')}${lines.join('')}${markers.join('')}${gaps.join('')}</g>`)
  })

  parts.push(leg.markup)
  return chartRoot(spec.id, spec.title, spec.summary, WIDTH, height, parts.join(''))
}
