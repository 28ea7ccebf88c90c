/**
 * A time-series line chart as an SVG string: series with interval whiskers and gaps where data is
 * missing, benchmark (dashed) and comparator (dotted) lines, a forecast band and a target line.
 * Series are told apart by colour, dash pattern, marker shape and a legend drawn in the SVG. The
 * narrow layout (layout.ts) stacks the legend one series a row and prints fewer ticks.
 */
import { axisTicks, finite, formatTick, linearScale } from './scales.js'
import { COLOURS, TINTS, assignStyles, lineAttrs, marker, type SeriesStyle } from './styles.js'
import { HALO, chartRoot, el, escapeXml, num, text, textLines, textWidth, wrapText } from './svg.js'
import type { ChartPoint, LineChartSpec } from './types.js'
import { layoutOf, type Layout } from './layout.js'

const PAD = 8
const FONT = 14
const LINE_HEIGHT = 18
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

/** Legend items flowed into rows (one a row when stacked); returns markup and height used. */
function legend(entries: LegendEntry[], top: number, layout: Layout): { markup: string; height: number } {
  if (entries.length === 0) return { markup: '', height: 0 }
  const width = layout.width
  const sampleWidth = 32
  const gap = 20
  const maxTextWidth = width - 2 * PAD - sampleWidth - 6
  let x = PAD
  let rowTop = top
  let rowHeight = LINE_HEIGHT
  const parts: string[] = []
  for (const entry of entries) {
    const lines = wrapText(entry.name, maxTextWidth, FONT)
    const textW = Math.max(...lines.map((l) => textWidth(l, FONT)))
    const itemWidth = sampleWidth + 6 + textW
    if (x > PAD && (layout.narrow || x + itemWidth > width - PAD)) {
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
    el('path', { d: `M${num(x)} ${num(y)}H${num(x + 32)}`, ...lineAttrs(style) }) +
    marker(style.marker, x + 16, y, 4.5, style.colour, style.hollow)
}

function whiskerPath(x: number, y1: number, y2: number, cap: number): string {
  const top = Math.min(y1, y2)
  const bottom = Math.max(y1, y2)
  return `M${num(x)} ${num(top)}V${num(bottom)}M${num(x - cap)} ${num(top)}H${num(x + cap)}M${num(x - cap)} ${num(bottom)}H${num(x + cap)}`
}

export function lineChart(spec: LineChartSpec): string {
  const xIndex = new Map<string, number>()
  spec.xLabels.forEach((label, i) => {
    if (!xIndex.has(label)) xIndex.set(label, i)
  })
  const onAxis = <T extends { x: string }>(p: T) => xIndex.has(p.x)
  const bandPoints = (spec.band?.points ?? [])
    .filter(onAxis)
    .filter((p) => finite(p.y) && finite(p.lower) && finite(p.upper))
  const target = spec.target && finite(spec.target.value) ? spec.target : undefined
  const styles = assignStyles(spec.series.map((s) => s.kind))
  const layout = layoutOf(spec.layout)
  const leg = legend(legendEntries(spec, styles, bandPoints.length > 0), PAD, layout)
  const f = frame(spec, xIndex, axisValues(spec, onAxis, bandPoints, target?.value), leg.height, layout)
  const parts = [yAxis(f), xAxis(f)]
  if (spec.band && bandPoints.length) parts.push(forecastBand(f, spec.band.name, bandPoints))
  if (target) parts.push(targetLine(f, spec, target))
  // Series: whiskers first so lines and markers sit on top of them.
  spec.series.forEach((s, i) => parts.push(seriesGroup(f, s, styles[i])))
  parts.push(leg.markup)
  return chartRoot(`${spec.id}${layout.idSuffix}`, spec.title, spec.summary, f.width, f.height, parts.join(''))
}

type Series = LineChartSpec['series'][number]
type Target = NonNullable<LineChartSpec['target']>
type BandPoint = NonNullable<LineChartSpec['band']>['points'][number]

/** Every number the axis must show: values, intervals, the band and the target. */
function axisValues(
  spec: LineChartSpec,
  onAxis: (p: { x: string }) => boolean,
  band: BandPoint[],
  target: number | undefined,
): number[] {
  const values: number[] = []
  for (const s of spec.series) {
    for (const p of s.points.filter(onAxis)) {
      if (!finite(p.y)) continue
      values.push(p.y)
      if (finite(p.lower)) values.push(p.lower)
      if (finite(p.upper)) values.push(p.upper)
    }
  }
  for (const p of band) values.push(p.y, p.lower, p.upper)
  if (target !== undefined) values.push(target)
  return values
}

function legendEntries(spec: LineChartSpec, styles: SeriesStyle[], hasBand: boolean): LegendEntry[] {
  const entries: LegendEntry[] = spec.series.map((s, i) => ({ name: s.name, sample: seriesSample(styles[i]) }))
  if (spec.band && hasBand) {
    entries.push({
      name: spec.band.name,
      sample: (x, y) =>
        el('rect', { x, y: y - 7, width: 32, height: 14, fill: TINTS.band }) +
        el('path', {
          d: `M${num(x)} ${num(y)}H${num(x + 32)}`,
          fill: 'none',
          stroke: COLOURS.blue,
          'stroke-width': 2,
          'stroke-dasharray': BAND_DASH,
        }),
    })
  }
  return entries
}

/** Where everything goes: the plot area under the legend and the y axis label, and the scales. */
function frame(
  spec: LineChartSpec,
  xIndex: Map<string, number>,
  values: number[],
  legendHeight: number,
  layout: Layout,
) {
  const width = layout.width
  const ticks = axisTicks(values, layout.ticks)
  const tickLabels = ticks.values.map((v) => formatTick(v, ticks.decimals))
  // Top area: legend, then the y axis label above the axis (horizontal text reads more easily).
  const yLabelTop = PAD + legendHeight + (legendHeight ? 10 : 0)
  const yLabelLines = wrapText(spec.yLabel, width - 2 * PAD, FONT, true)
  const plotTop = yLabelTop + yLabelLines.length * LINE_HEIGHT + 12
  const plotBottom = plotTop + layout.plotHeight
  const plotLeft = PAD + Math.max(...tickLabels.map((l) => textWidth(l, FONT))) + 10
  const plotRight = width - 20
  // x positions: evenly spaced, inset so the first and last labels fit inside the view box.
  const xLabels = spec.xLabels
  const n = xLabels.length
  const inLeft = Math.max(12, textWidth(xLabels[0] ?? '', FONT) / 2 - (plotLeft - PAD))
  const inRight = Math.max(12, textWidth(xLabels[n - 1] ?? '', FONT) / 2 - (width - plotRight - PAD))
  const xAt = (i: number) =>
    n <= 1 ? (plotLeft + plotRight) / 2 : plotLeft + inLeft + (i * (plotRight - plotLeft - inLeft - inRight)) / (n - 1)
  const xStep = n <= 1 ? plotRight - plotLeft : (plotRight - plotLeft - inLeft - inRight) / (n - 1)
  const yAt = linearScale(ticks.values[0], ticks.values[ticks.values.length - 1], plotBottom, plotTop)
  return {
    width,
    maxXLabels: layout.maxXLabels,
    xLabels,
    xIndex,
    ticks,
    tickLabels,
    yLabelTop,
    yLabelLines,
    plotTop,
    plotBottom,
    plotLeft,
    plotRight,
    height: plotBottom + 40,
    xAt,
    xStep,
    yAt,
    markerR: n > 24 ? 2.5 : 4,
    cap: Math.max(2, Math.min(5, xStep * 0.3)),
  }
}
type Frame = ReturnType<typeof frame>

/** Grid lines with their values, and the y axis label. */
function yAxis(f: Frame): string {
  const grid = f.ticks.values.map((v, i) => {
    const y = f.yAt(v)
    const strong = v === 0 && f.ticks.values[0] < 0
    return (
      el('path', {
        d: `M${num(f.plotLeft)} ${num(y)}H${num(f.plotRight)}`,
        stroke: strong ? TINTS.axis : TINTS.grid,
        'stroke-width': 1,
        fill: 'none',
      }) + text(f.tickLabels[i], { x: f.plotLeft - 8, y: y + 5, 'text-anchor': 'end', 'font-size': FONT })
    )
  })
  return (
    `<g class="app-chart__axis app-chart__axis--y">${grid.join('')}</g>` +
    textLines(f.yLabelLines, PAD, f.yLabelTop + FONT, LINE_HEIGHT, {
      'font-size': FONT,
      'font-weight': 'bold',
      class: 'app-chart__axis-label',
    })
  )
}

/** A tick per period, labels thinned so they never overlap. */
function xAxis(f: Frame): string {
  const n = f.xLabels.length
  const widest = Math.max(0, ...f.xLabels.map((l) => textWidth(l, FONT)))
  const shown = new Set(thinLabels(n, f.maxXLabels, f.xStep > 0 ? (widest + 12) / f.xStep : 1))
  const parts: string[] = [
    el('path', {
      d: `M${num(f.plotLeft)} ${num(f.plotBottom)}H${num(f.plotRight)}`,
      stroke: TINTS.axis,
      'stroke-width': 1,
      fill: 'none',
    }),
  ]
  f.xLabels.forEach((label, i) => {
    const x = f.xAt(i)
    parts.push(
      el('path', {
        d: `M${num(x)} ${num(f.plotBottom)}v${shown.has(i) ? 6 : 3}`,
        stroke: TINTS.axis,
        'stroke-width': 1,
        fill: 'none',
      }),
    )
    if (shown.has(i)) parts.push(text(label, { x, y: f.plotBottom + 22, 'text-anchor': 'middle', 'font-size': FONT }))
  })
  return `<g class="app-chart__axis app-chart__axis--x">${parts.join('')}</g>`
}

/** Forecast band: shaded area between lower and upper, dashed centre line, labelled in the plot. */
function forecastBand(f: Frame, name: string, points: BandPoint[]): string {
  const sorted = [...points].sort((a, b) => f.xIndex.get(a.x)! - f.xIndex.get(b.x)!)
  const xs = sorted.map((p) => f.xAt(f.xIndex.get(p.x)!))
  const widen = sorted.length === 1 ? f.cap : 0
  const upper = sorted.map((p, i) => `${num(xs[i] - widen)} ${num(f.yAt(Math.max(p.lower, p.upper)))}`)
  const lower = sorted.map((p, i) => `${num(xs[i] + widen)} ${num(f.yAt(Math.min(p.lower, p.upper)))}`).reverse()
  if (sorted.length === 1) {
    upper.push(`${num(xs[0] + widen)} ${num(f.yAt(Math.max(sorted[0].lower, sorted[0].upper)))}`)
    lower.push(`${num(xs[0] - widen)} ${num(f.yAt(Math.min(sorted[0].lower, sorted[0].upper)))}`)
  }
  const centre = sorted.map((p, i) => `${i === 0 ? 'M' : 'L'}${num(xs[i])} ${num(f.yAt(p.y))}`).join('')
  const last = sorted[sorted.length - 1]
  const lastX = xs[xs.length - 1]
  const labelY = Math.max(f.plotTop + FONT, f.yAt(Math.max(last.lower, last.upper)) - 8)
  return (
    `<g class="app-chart__band">` +
    el('polygon', { points: [...upper, ...lower].join(' '), fill: TINTS.band, stroke: 'none' }) +
    el('path', { d: centre, fill: 'none', stroke: COLOURS.blue, 'stroke-width': 2, 'stroke-dasharray': BAND_DASH }) +
    text(name, {
      x: lastX,
      y: labelY,
      'text-anchor': lastX > (f.plotLeft + f.plotRight) / 2 ? 'end' : 'start',
      'font-size': FONT,
      ...HALO,
    }) +
    `</g>`
  )
}

/** Target: a labelled horizontal line, with a marker at its date if it has one. */
function targetLine(f: Frame, spec: LineChartSpec, target: Target): string {
  const y = f.yAt(target.value)
  const label = `Target: ${spec.format(target.value)}`
  const labelY = y - 6 - FONT < f.plotTop ? y + FONT + 4 : y - 6
  const tx = target.x !== undefined && f.xIndex.has(target.x) ? f.xAt(f.xIndex.get(target.x)!) : null
  return (
    `<g class="app-chart__target"><title>${escapeXml(`${target.name}: ${spec.format(target.value)}${target.x ? ` by ${target.x}` : ''}`)}</title>` +
    el('path', {
      d: `M${num(f.plotLeft)} ${num(y)}H${num(f.plotRight)}`,
      fill: 'none',
      stroke: COLOURS.green,
      'stroke-width': 2,
      'stroke-dasharray': TARGET_DASH,
    }) +
    (tx === null
      ? ''
      : el('circle', {
          class: 'app-chart__target-marker',
          cx: tx,
          cy: y,
          r: 7,
          fill: '#ffffff',
          stroke: COLOURS.green,
          'stroke-width': 2,
        }) + el('circle', { cx: tx, cy: y, r: 2.5, fill: COLOURS.green })) +
    text(label, { x: f.plotLeft + 6, y: labelY, 'font-size': FONT, 'font-weight': 'bold', ...HALO }) +
    `</g>`
  )
}

/** One series: whiskers, then its line broken at gaps, its markers, and a marker for each explained gap. */
function seriesGroup(f: Frame, s: Series, style: SeriesStyle): string {
  const byX = new Map<string, ChartPoint>()
  for (const p of s.points) if (f.xIndex.has(p.x) && !byX.has(p.x)) byX.set(p.x, p)
  const whiskers: string[] = []
  const segments: string[][] = []
  const markers: string[] = []
  const gaps: string[] = []
  let run: string[] = []
  f.xLabels.forEach((label, i) => {
    const p = f.xIndex.get(label) === i ? byX.get(label) : undefined
    if (!p || !finite(p.y)) {
      // A gap: end the current run so the line is not joined across missing data.
      if (run.length) segments.push(run)
      run = []
      if (p?.note) {
        gaps.push(
          `<g class="app-chart__gap-marker"><title>${escapeXml(`${s.name}, ${label}: ${p.note}`)}</title>` +
            marker('circle', f.xAt(i), f.plotBottom - 6, 3, style.colour, true) +
            `</g>`,
        )
      }
      return
    }
    const x = f.xAt(i)
    const y = f.yAt(p.y)
    run.push(`${num(x)} ${num(y)}`)
    if (finite(p.lower) && finite(p.upper)) {
      whiskers.push(
        el('path', {
          class: 'app-chart__whisker',
          d: whiskerPath(x, f.yAt(p.lower), f.yAt(p.upper), f.cap),
          fill: 'none',
          stroke: style.colour,
          'stroke-width': 1.5,
        }),
      )
    }
    markers.push(
      marker(style.marker, x, y, f.markerR, style.colour, style.hollow, {
        class: 'app-chart__marker',
        'data-shape': style.marker,
      }),
    )
  })
  if (run.length) segments.push(run)
  const lines = segments
    .filter((seg) => seg.length > 1)
    .map((seg) => el('path', { class: 'app-chart__line', d: `M${seg.join('L')}`, ...lineAttrs(style) }))
  return `<g class="app-chart__series">${whiskers.join('')}${lines.join('')}${markers.join('')}${gaps.join('')}</g>`
}
