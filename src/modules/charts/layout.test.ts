import { describe, expect, it } from 'vitest'
import { intervalDotChart, lineChart, type IntervalDotSpec, type LineChartSpec } from './index.js'
import { NARROW, WIDE } from './layout.js'
import { textWidth } from './svg.js'
import { byClass, descendants, parseXml, type XmlElement } from './xml.testing.js'

const years = ['2015/16', '2016/17', '2017/18', '2018/19', '2019/20', '2020/21', '2021/22', '2022/23']
const pct = (v: number) => `${v.toFixed(1)}%`

const line = (layout: LineChartSpec['layout']): LineChartSpec => ({
  id: 'trend',
  title: 'A made-up measure is rising',
  summary: 'Synthetic figures for a test.',
  xLabels: years,
  series: [
    { name: 'Barking and Dagenham', kind: 'primary', points: years.map((x, i) => ({ x, y: 60 + i })) },
    { name: 'England', kind: 'benchmark', points: years.map((x, i) => ({ x, y: 65 + i / 2 })) },
    { name: 'London', kind: 'benchmark', points: years.map((x, i) => ({ x, y: 63 + i / 3 })) },
  ],
  yLabel: 'Value (%)',
  format: pct,
  layout,
})

const dots = (layout: IntervalDotSpec['layout']): IntervalDotSpec => ({
  id: 'boroughs',
  title: 'Made-up boroughs',
  summary: 'Synthetic figures for a test.',
  xLabel: 'Value (%)',
  format: pct,
  items: [
    { label: 'Kingston upon Thames', value: 68.1, lower: 66.2, upper: 70 },
    { label: 'Barking and Dagenham', value: 66.4, lower: 64.2, upper: 68.5, highlight: true },
    { label: 'City of London', value: null, note: 'Suppressed (small number)' },
  ],
  benchmark: { name: 'England', value: 67.8 },
  layout,
})

const viewWidth = (svg: XmlElement) => Number(svg.attrs.viewBox!.split(' ')[2])

/** Every text's horizontal extent, from its anchor and estimated width, lies inside the view box. */
function expectTextInside(svg: XmlElement) {
  const width = viewWidth(svg)
  for (const t of descendants(svg).filter((e) => e.name === 'text' || e.name === 'tspan')) {
    if (!t.text || t.attrs.x === undefined) continue
    const x = Number(t.attrs.x)
    const w = textWidth(t.text, 14, t.attrs['font-weight'] === 'bold')
    const anchor = t.attrs['text-anchor'] ?? 'start'
    const [left, right] = anchor === 'end' ? [x - w, x] : anchor === 'middle' ? [x - w / 2, x + w / 2] : [x, x + w]
    expect(left, t.text).toBeGreaterThanOrEqual(-1)
    expect(right, t.text).toBeLessThanOrEqual(width + 1)
  }
}

describe('the narrow layout, for phones', () => {
  it('draws 14-unit text in a view box narrow enough that a 345 px column shows it at 14 px or more', () => {
    expect(NARROW.width).toBeLessThanOrEqual(345)
    expect(WIDE.width).toBe(640)
    for (const svg of [parseXml(lineChart(line('narrow'))), parseXml(intervalDotChart(dots('narrow')))]) {
      expect(viewWidth(svg)).toBe(NARROW.width)
      const sizes = descendants(svg)
        .filter((e) => e.name === 'text')
        .map((e) => Number(e.attrs['font-size'] ?? svg.attrs['font-size']))
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(14)
      expectTextInside(svg)
    }
  })

  it('gives the narrow chart its own ids, so both layouts can share a page', () => {
    const svg = parseXml(lineChart(line('narrow')))
    expect(svg.children[0]!.attrs.id).toBe('trend-narrow-title')
    expect(svg.attrs['aria-labelledby']).toBe('trend-narrow-title trend-narrow-desc')
    expect(parseXml(lineChart(line(undefined))).children[0]!.attrs.id).toBe('trend-title')
  })

  it('prints fewer period labels and ticks on a line chart, and stacks its legend one series a row', () => {
    const narrow = parseXml(lineChart(line('narrow')))
    const wide = parseXml(lineChart(line('wide')))
    const xLabels = (svg: XmlElement) =>
      byClass(svg, 'app-chart__axis--x')[0]!.children.filter((e) => e.name === 'text')
    expect(xLabels(narrow).length).toBeLessThanOrEqual(NARROW.maxXLabels)
    expect(xLabels(narrow).length).toBeLessThan(xLabels(wide).length)
    expect(xLabels(narrow).map((t) => t.text)).toContain('2022/23')
    const yLabels = (svg: XmlElement) =>
      byClass(svg, 'app-chart__axis--y')[0]!.children.filter((e) => e.name === 'text')
    expect(yLabels(narrow).length).toBeLessThanOrEqual(yLabels(wide).length)
    const legendRows = (svg: XmlElement) =>
      new Set(byClass(svg, 'app-chart__legend-item').map((g) => descendants(g).find((e) => e.name === 'text')!.attrs.y))
    expect(legendRows(narrow).size).toBe(3)
    expect(legendRows(wide).size).toBe(1)
  })

  it('puts each interval-dot label on its own line above its dot and value', () => {
    const svg = parseXml(intervalDotChart(dots('narrow')))
    for (const row of byClass(svg, 'app-chart__item')) {
      const label = byClass(row, 'app-chart__item-label')[0]!
      const labelY = Number(label.attrs.y ?? descendants(label).find((e) => e.attrs.y)?.attrs.y)
      const value = byClass(row, 'app-chart__value')[0] ?? byClass(row, 'app-chart__note')[0]!
      expect(Number(value.attrs.y)).toBeGreaterThan(labelY + 14)
    }
  })
})
