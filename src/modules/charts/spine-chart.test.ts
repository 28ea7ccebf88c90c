import { describe, expect, it } from 'vitest'
import { spineChart, spinePosition, type SpineChartSpec, type SpineRow } from './index.js'
import { byClass, descendants, parseXml } from './xml.testing.js'

// Made-up figures: nothing here is real data.
const row = (over: Partial<SpineRow> = {}): SpineRow => ({
  label: 'A made-up measure',
  range: { min: 40, q25: 50, q75: 60, max: 70 },
  benchmark: 55,
  value: 45,
  significance: 'worse',
  direction: 1,
  ...over,
})

const spec = (rows: SpineRow[], layout?: SpineChartSpec['layout']): SpineChartSpec => ({
  id: 'spine',
  title: 'Made-up area compared with England',
  summary: 'Synthetic figures for a test.',
  benchmarkName: 'England',
  rows,
  layout,
})

describe('where a value sits on its row of the spine', () => {
  it('puts the benchmark at the centre and the range’s farther end at an edge', () => {
    const r = row({ range: { min: 40, q25: 50, q75: 60, max: 60 }, benchmark: 50 })
    expect(spinePosition(r, 50)).toBe(0.5)
    expect(spinePosition(r, 40)).toBe(0)
    expect(spinePosition(r, 60)).toBe(1)
    expect(spinePosition(r, 45)).toBe(0.25)
  })

  it('draws lower values to the right when lower is better', () => {
    const r = row({ range: { min: 40, q25: 45, q75: 55, max: 60 }, benchmark: 50, direction: -1 })
    expect(spinePosition(r, 40)).toBe(1)
    expect(spinePosition(r, 60)).toBe(0)
  })

  it('has no position without a range or a benchmark, and the centre when every area is the same', () => {
    expect(spinePosition(row({ range: null }), 45)).toBeNull()
    expect(spinePosition(row({ benchmark: null }), 45)).toBeNull()
    expect(spinePosition(row({ range: { min: 5, q25: 5, q75: 5, max: 5 }, benchmark: 5 }), 5)).toBe(0.5)
  })
})

describe('spineChart', () => {
  const rows = [
    row(),
    row({ label: 'Better, lower is better', direction: -1, value: 42, significance: 'better' }),
    row({ label: 'No range', range: null, value: 50, significance: 'similar' }),
    row({ label: 'Suppressed', value: null, significance: 'not-compared', note: 'Suppressed (small number)' }),
  ]

  it('is well-formed and accessible, a row per indicator with its range, quartiles and marker', () => {
    const svg = parseXml(spineChart(spec(rows)))
    expect(svg.attrs.role).toBe('img')
    expect(svg.attrs['aria-labelledby']).toBe('spine-title spine-desc')
    const items = byClass(svg, 'app-chart__item')
    expect(items).toHaveLength(4)
    expect(byClass(items[0]!, 'app-chart__range')).toHaveLength(1)
    expect(byClass(items[0]!, 'app-chart__quartiles')).toHaveLength(1)
    expect(byClass(items[0]!, 'app-chart__marker')[0]!.attrs['data-significance']).toBe('worse')
    expect(byClass(items[2]!, 'app-chart__note')[0]!.text).toBe('Too few areas to show a range')
    expect(byClass(items[3]!, 'app-chart__note')[0]!.text).toBe('Suppressed (small number)')
    expect(byClass(items[3]!, 'app-chart__marker')).toHaveLength(0)
  })

  it('draws the local marker where its value sits: worse to the left of the centre line, better to the right', () => {
    const svg = parseXml(spineChart(spec(rows)))
    const centre = Number(/^M([\d.]+) /.exec(byClass(svg, 'app-chart__benchmark')[0]!.attrs.d!)![1])
    const markerX = (i: number) => {
      const m = byClass(byClass(svg, 'app-chart__item')[i]!, 'app-chart__marker')[0]!
      return Number(m.attrs.cx ?? /^M([\d.]+) /.exec(m.attrs.d!)![1])
    }
    expect(markerX(0)).toBeLessThan(centre)
    expect(markerX(1)).toBeGreaterThan(centre)
    const range = byClass(byClass(svg, 'app-chart__item')[0]!, 'app-chart__range')[0]!
    const quartiles = byClass(byClass(svg, 'app-chart__item')[0]!, 'app-chart__quartiles')[0]!
    expect(Number(quartiles.attrs.x)).toBeGreaterThan(Number(range.attrs.x))
    expect(Number(quartiles.attrs.width)).toBeLessThan(Number(range.attrs.width))
  })

  it('names each comparison used in its legend, and the ends and centre above the rows', () => {
    const svg = parseXml(spineChart(spec(rows)))
    const legend = byClass(svg, 'app-chart__legend-item').map(
      (g) => descendants(g).find((e) => e.name === 'text')!.text,
    )
    expect(legend).toEqual(['Better than England', 'Similar to England', 'Worse than England', 'Not compared'])
    const header = byClass(svg, 'app-chart__spine-header')[0]!.children.map((t) => t.text)
    expect(header).toEqual(['Worst or lowest', 'England', 'Best or highest'])
  })

  it('lays out narrow with labels above their rows, one legend entry a row, and its own ids', () => {
    const svg = parseXml(spineChart(spec(rows, 'narrow')))
    expect(svg.attrs.viewBox!.split(' ')[2]).toBe('300')
    expect(svg.children[0]!.attrs.id).toBe('spine-narrow-title')
    const ys = new Set(
      byClass(svg, 'app-chart__legend-item').map((g) => descendants(g).find((e) => e.name === 'text')!.attrs.y),
    )
    expect(ys.size).toBe(4)
    const first = byClass(svg, 'app-chart__item')[0]!
    const labelY = Number(
      descendants(byClass(first, 'app-chart__item-label')[0]!)
        .concat(byClass(first, 'app-chart__item-label')[0]!)
        .find((e) => e.attrs.y)!.attrs.y,
    )
    const bar = byClass(first, 'app-chart__range')[0]!
    expect(Number(bar.attrs.y)).toBeGreaterThan(labelY)
  })
})
