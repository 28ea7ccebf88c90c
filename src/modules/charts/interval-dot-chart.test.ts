import { describe, expect, it } from 'vitest'
import { intervalDotChart, type IntervalDotSpec } from './index.js'
import { allText, byClass, descendants, parseXml, type XmlElement } from './xml.testing.js'

const pct = (v: number) => `${v.toFixed(1)}%`

function spec(overrides: Partial<IntervalDotSpec> = {}): IntervalDotSpec {
  return {
    id: 'gld-london',
    title: 'Barking and Dagenham is similar to London',
    summary:
      'Good level of development in 2022/23 for five London boroughs, with 95% confidence intervals, and the London value.',
    xLabel: 'Percentage of children (95% confidence interval)',
    format: pct,
    items: [
      { label: 'Newham', value: 68.1, lower: 66.2, upper: 70 },
      { label: 'Barking and Dagenham', value: 66.4, lower: 64.2, upper: 68.5, highlight: true },
      { label: 'Havering', value: 65.2, lower: 63, upper: 67.3 },
      { label: 'City of London', value: null, note: 'Suppressed (small number)' },
      { label: 'Redbridge', value: 64.9 },
    ],
    benchmark: { name: 'London', value: 67.8 },
    ...overrides,
  }
}

function rows(svg: XmlElement): XmlElement[] {
  return byClass(svg, 'app-chart__item')
}

/** x of a value, from the drawn axis tick labels (linear between the first and last). */
function expectedX(svg: XmlElement, value: number): number {
  const axis = byClass(svg, 'app-chart__axis--x')[0]
  const labels = axis.children.filter((e) => e.name === 'text' && e.attrs.class !== 'app-chart__axis-label')
  const ticks = labels.map((l) => ({
    value: Number(l.text.replace(/,/g, '').replace('\u2212', '-')),
    x: Number(l.attrs.x),
  }))
  const a = ticks[0]
  const b = ticks[ticks.length - 1]
  return a.x + ((value - a.value) / (b.value - a.value)) * (b.x - a.x)
}

describe('intervalDotChart', () => {
  it('is well-formed and accessible, with no style attributes', () => {
    const out = intervalDotChart(spec())
    expect(out).not.toMatch(/style\s*=|<style|<script/i)
    const svg = parseXml(out)
    expect(svg.attrs.role).toBe('img')
    expect(svg.attrs.class).toBe('app-chart')
    expect(svg.attrs.width).toBe('100%')
    expect(svg.attrs.height).toBeUndefined()
    expect(svg.attrs['aria-labelledby']).toBe('gld-london-title gld-london-desc')
    expect(svg.children[0]).toMatchObject({ name: 'title', attrs: { id: 'gld-london-title' }, text: spec().title })
    expect(svg.children[1]).toMatchObject({ name: 'desc', attrs: { id: 'gld-london-desc' }, text: spec().summary })
  })

  it('draws one row per item in the given order, label left and value right', () => {
    const svg = parseXml(intervalDotChart(spec()))
    const r = rows(svg)
    expect(r).toHaveLength(5)
    expect(r.map((row) => allText(byClass(row, 'app-chart__item-label')[0]).replace('\u25BA ', ''))).toEqual(
      spec().items.map((i) => i.label),
    )
    const labelY = r.map((row) => Number(byClass(row, 'app-chart__item-label')[0].attrs.y))
    for (let i = 1; i < labelY.length; i++) expect(labelY[i]).toBeGreaterThan(labelY[i - 1])
    const first = r[0]
    expect(byClass(first, 'app-chart__value')[0].text).toBe('68.1%')
    expect(Number(byClass(first, 'app-chart__value')[0].attrs.x)).toBeGreaterThan(
      Number(byClass(first, 'app-chart__marker')[0].attrs.cx),
    )
    expect(Number(byClass(first, 'app-chart__marker')[0].attrs.cx)).toBeCloseTo(expectedX(svg, 68.1), 0)
  })

  it('marks the highlighted item by bold text, a text marker and a different marker shape, not only colour', () => {
    const svg = parseXml(intervalDotChart(spec()))
    const [other, highlighted] = rows(svg)
    const label = byClass(highlighted, 'app-chart__item-label')[0]
    expect(label.attrs['font-weight']).toBe('bold')
    expect(allText(label)).toBe('\u25BA Barking and Dagenham')
    expect(byClass(other, 'app-chart__item-label')[0].attrs['font-weight']).toBeUndefined()
    expect(allText(byClass(other, 'app-chart__item-label')[0])).toBe('Newham')
    const hiMarker = byClass(highlighted, 'app-chart__marker')[0]
    const otherMarker = byClass(other, 'app-chart__marker')[0]
    expect(hiMarker.attrs['data-shape']).toBe('diamond')
    expect(otherMarker.attrs['data-shape']).toBe('circle')
    expect(hiMarker.name).not.toBe(otherMarker.name)
    expect(hiMarker.attrs.fill).not.toBe(otherMarker.attrs.fill)
    expect(byClass(highlighted, 'app-chart__value')[0].attrs['font-weight']).toBe('bold')
    expect(highlighted.attrs.class).toContain('app-chart__item--highlight')
  })

  it('shows the note instead of a dot for an item without a value', () => {
    const svg = parseXml(intervalDotChart(spec()))
    const suppressed = rows(svg)[3]
    expect(allText(byClass(suppressed, 'app-chart__item-label')[0])).toBe('City of London')
    expect(byClass(suppressed, 'app-chart__note')[0].text).toBe('Suppressed (small number)')
    expect(byClass(suppressed, 'app-chart__marker')).toHaveLength(0)
    expect(byClass(suppressed, 'app-chart__whisker')).toHaveLength(0)
    expect(byClass(suppressed, 'app-chart__value')).toHaveLength(0)
    // Without a note it still says why there is no dot.
    const bare = parseXml(intervalDotChart(spec({ items: [{ label: 'X', value: null }] })))
    expect(byClass(bare, 'app-chart__note')[0].text).toBe('No data')
  })

  it('draws an interval line only where both ends are given, spanning them', () => {
    const svg = parseXml(intervalDotChart(spec()))
    const whiskers = byClass(svg, 'app-chart__whisker')
    expect(whiskers).toHaveLength(3)
    const xs = [...whiskers[0].attrs.d.matchAll(/M([\d.-]+) [\d.-]+H([\d.-]+)/g)][0]
    expect(Number(xs[1])).toBeCloseTo(expectedX(svg, 66.2), 0)
    expect(Number(xs[2])).toBeCloseTo(expectedX(svg, 70), 0)
  })

  it('draws the benchmark as a labelled dashed vertical line at its value', () => {
    const svg = parseXml(intervalDotChart(spec()))
    const g = byClass(svg, 'app-chart__benchmark')[0]
    const line = g.children.find((e) => e.name === 'path')!
    expect(line.attrs['stroke-dasharray']).toBeTruthy()
    const m = /^M([\d.-]+) ([\d.-]+)V([\d.-]+)$/.exec(line.attrs.d)!
    expect(Number(m[1])).toBeCloseTo(expectedX(svg, 67.8), 0)
    expect(Number(m[3]) - Number(m[2])).toBeGreaterThan(5 * 28 - 1) // spans every row
    expect(allText(g)).toBe('London: 67.8%')
    expect(byClass(parseXml(intervalDotChart(spec({ benchmark: undefined }))), 'app-chart__benchmark')).toHaveLength(0)
  })

  it('has an axis covering every value, interval and the benchmark', () => {
    const svg = parseXml(intervalDotChart(spec({ benchmark: { name: 'England', value: 40 } })))
    const axis = byClass(svg, 'app-chart__axis--x')[0]
    const ticks = axis.children
      .filter((e) => e.name === 'text' && e.attrs.class !== 'app-chart__axis-label')
      .map((e) => Number(e.text))
    expect(ticks[0]).toBeLessThanOrEqual(40)
    expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(70)
    expect(allText(byClass(svg, 'app-chart__axis-label')[0])).toBe(spec().xLabel)
  })

  it('escapes labels, notes and the benchmark name', () => {
    const evil = '<script>alert(1)</script>&"\''
    const out = intervalDotChart(
      spec({
        title: evil,
        items: [
          { label: evil, value: 1, highlight: true },
          { label: 'b', value: null, note: evil },
        ],
        benchmark: { name: evil, value: 1 },
      }),
    )
    expect(out).not.toContain('<script')
    const svg = parseXml(out)
    const texts = descendants(svg)
      .filter((e) => e.name === 'text')
      .map(allText)
    expect(texts).toContain(`\u25BA ${evil}`)
    expect(texts).toContain(evil)
    expect(texts).toContain(`${evil}: 1.0%`)
  })

  it('copes with no items, all-null items and negative values', () => {
    for (const items of [
      [],
      [{ label: 'a', value: null }],
      [
        { label: 'a', value: -3, lower: -5, upper: -1 },
        { label: 'b', value: 2 },
      ],
    ]) {
      const out = intervalDotChart(spec({ items, benchmark: undefined }))
      expect(parseXml(out).name).toBe('svg')
      expect(out).not.toMatch(/NaN|Infinity|undefined/)
    }
  })

  it('is deterministic', () => {
    expect(intervalDotChart(spec())).toBe(intervalDotChart(spec()))
    expect(intervalDotChart(spec())).not.toBe(intervalDotChart(spec({ benchmark: { name: 'London', value: 67.9 } })))
  })
})
