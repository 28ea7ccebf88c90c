import { describe, expect, it } from 'vitest'
import { lineChart } from './index.js'
import type { LineChartSpec, LineSeries } from './index.js'
import { thinLabels } from './line-chart.js'
import { allText, byClass, descendants, parseXml, type XmlElement } from './xml.testing.js'

const years = ['2015/16', '2016/17', '2017/18', '2018/19', '2019/20', '2020/21', '2021/22', '2022/23']
const pct = (v: number) => `${v.toFixed(1)}%`

function spec(overrides: Partial<LineChartSpec> = {}): LineChartSpec {
  return {
    id: 'gld-trend',
    title: 'Good level of development is rising but stays below England',
    summary: 'Barking and Dagenham rose from 60% to 66% between 2015/16 and 2022/23; England was higher throughout.',
    xLabels: years,
    series: [
      {
        name: 'Barking and Dagenham',
        kind: 'primary',
        points: years.map((x, i) => ({ x, y: 60 + i, lower: 58 + i, upper: 62 + i })),
      },
    ],
    yLabel: 'Percentage of children',
    format: pct,
    ...overrides,
  }
}

/** Tick values and their y positions, read back from the drawn grid lines and labels. */
function yTicks(svg: XmlElement): { value: number; y: number }[] {
  const axis = byClass(svg, 'app-chart__axis--y')[0]
  const lines = axis.children.filter((e) => e.name === 'path')
  const labels = axis.children.filter((e) => e.name === 'text')
  return labels.map((label, i) => ({
    value: Number(label.text.replace(/,/g, '').replace('\u2212', '-')),
    y: Number(/^M[\d.-]+ ([\d.-]+)H/.exec(lines[i].attrs.d)![1]),
  }))
}

/** The y a value should have, by linear interpolation between the first and last drawn ticks. */
function expectedY(svg: XmlElement, value: number): number {
  const ticks = yTicks(svg)
  const a = ticks[0]
  const b = ticks[ticks.length - 1]
  return a.y + ((value - a.value) / (b.value - a.value)) * (b.y - a.y)
}

/** y coordinates in a path's d (pairs after M/L). */
function pathPoints(d: string): { x: number; y: number }[] {
  return [...d.matchAll(/[ML]([\d.-]+) ([\d.-]+)/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }))
}

function seriesGroups(svg: XmlElement): XmlElement[] {
  return byClass(svg, 'app-chart__series')
}

describe('lineChart', () => {
  it('is well-formed, accessible and responsive', () => {
    const out = lineChart(spec())
    const svg = parseXml(out)
    expect(svg.name).toBe('svg')
    expect(svg.attrs.role).toBe('img')
    expect(svg.attrs.class).toBe('app-chart')
    expect(svg.attrs.width).toBe('100%')
    expect(svg.attrs.height).toBeUndefined()
    expect(svg.attrs.preserveAspectRatio).toBe('xMidYMid meet')
    expect(svg.attrs.viewBox).toMatch(/^0 0 \d+(\.\d)? \d+(\.\d)?$/)
    // title and desc exist, come first, and are exactly what aria-labelledby points at.
    expect(svg.children[0].name).toBe('title')
    expect(svg.children[1].name).toBe('desc')
    expect(svg.attrs['aria-labelledby']).toBe(`${svg.children[0].attrs.id} ${svg.children[1].attrs.id}`)
    expect(svg.children[0].attrs.id).toBe('gld-trend-title')
    expect(svg.children[0].text).toBe(spec().title)
    expect(svg.children[1].text).toBe(spec().summary)
    const ids = descendants(svg)
      .map((e) => e.attrs.id)
      .filter(Boolean)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('uses no style attributes, style elements or scripts', () => {
    const out = lineChart(
      spec({
        band: { name: 'Forecast', points: [{ x: '2022/23', y: 67, lower: 65, upper: 69 }] },
        target: { name: 'Best Chance target', value: 70, x: '2022/23' },
      }),
    )
    expect(out).not.toMatch(/style\s*=/i)
    expect(out).not.toMatch(/<style/i)
    expect(out).not.toMatch(/<script/i)
    expect(out).not.toMatch(/\son[a-z]+\s*=/i)
  })

  it('draws one whisker per point that has both ends of an interval, spanning lower to upper', () => {
    const points = [
      { x: years[0], y: 10, lower: 8, upper: 12 },
      { x: years[1], y: 11 },
      { x: years[2], y: 12, lower: 9, upper: 15 },
      { x: years[3], y: 13, lower: 11 },
      { x: years[4], y: 14, lower: 12, upper: null },
      { x: years[5], y: 15, lower: 13, upper: 17 },
    ]
    const svg = parseXml(
      lineChart(spec({ xLabels: years.slice(0, 6), series: [{ name: 'Area', kind: 'primary', points }] })),
    )
    const whiskers = byClass(svg, 'app-chart__whisker')
    expect(whiskers).toHaveLength(3)
    const withInterval = points.filter((p) => p.lower != null && p.upper != null)
    whiskers.forEach((w, i) => {
      const ys = pathPoints(w.attrs.d).map((p) => p.y)
      expect(Math.min(...ys)).toBeCloseTo(expectedY(svg, withInterval[i].upper!), 0)
      expect(Math.max(...ys)).toBeCloseTo(expectedY(svg, withInterval[i].lower!), 0)
    })
  })

  it('leaves a gap where a value is missing instead of joining across it', () => {
    const series: LineSeries = {
      name: 'Area',
      kind: 'primary',
      points: [
        { x: years[0], y: 5 },
        { x: years[1], y: 6 },
        { x: years[2], y: null, note: 'Suppressed (small number)' },
        { x: years[3], y: 7 },
        { x: years[4], y: 8 },
      ],
    }
    const svg = parseXml(lineChart(spec({ xLabels: years.slice(0, 5), series: [series] })))
    const lines = byClass(svg, 'app-chart__line')
    expect(lines).toHaveLength(2)
    expect(lines.map((l) => pathPoints(l.attrs.d).length)).toEqual([2, 2])
    // The right-hand segment starts after the gap.
    expect(pathPoints(lines[1].attrs.d)[0].x).toBeGreaterThan(pathPoints(lines[0].attrs.d)[1].x)
    expect(byClass(svg, 'app-chart__marker')).toHaveLength(4)
    // The suppressed point gets a hollow marker explaining why, and no value.
    const gap = byClass(svg, 'app-chart__gap-marker')
    expect(gap).toHaveLength(1)
    expect(gap[0].children[0].text).toContain('Suppressed (small number)')
    expect(gap[0].children[1].attrs.fill).toBe('#ffffff')
  })

  it('treats a period a series has no point for as a gap, and draws a lone point as a marker only', () => {
    const series: LineSeries = {
      name: 'Area',
      kind: 'primary',
      points: [
        { x: years[0], y: 5 },
        { x: years[2], y: 6 },
        { x: years[3], y: 7 },
      ],
    }
    const svg = parseXml(lineChart(spec({ xLabels: years.slice(0, 4), series: [series] })))
    const lines = byClass(svg, 'app-chart__line')
    expect(lines).toHaveLength(1)
    expect(pathPoints(lines[0].attrs.d)).toHaveLength(2)
    expect(byClass(svg, 'app-chart__marker')).toHaveLength(3)
    expect(byClass(svg, 'app-chart__gap-marker')).toHaveLength(0) // no note, nothing to explain
  })

  it('escapes text everywhere it appears', () => {
    const evil = '<script>alert("x")</script> & \'quotes\''
    const out = lineChart(
      spec({
        id: 'a"b',
        title: evil,
        summary: evil,
        yLabel: evil,
        xLabels: [evil, 'b'],
        series: [
          {
            name: evil,
            kind: 'primary',
            points: [
              { x: evil, y: 1 },
              { x: 'b', y: null, note: evil },
            ],
          },
        ],
        band: { name: evil, points: [{ x: 'b', y: 1, lower: 0.5, upper: 1.5 }] },
        target: { name: evil, value: 2 },
        format: () => evil,
      }),
    )
    expect(out).not.toContain('<script')
    const svg = parseXml(out)
    expect(svg.children[0].text).toBe(evil)
    const texts = descendants(svg)
      .filter((e) => e.name === 'text')
      .map(allText)
    expect(texts).toContain(evil) // the legend name and the x label, decoded back exactly
    expect(texts).toContain(`Target: ${evil}`)
    expect(svg.attrs['aria-labelledby'].split(' ')).toHaveLength(2)
  })

  it('gives ticks that are nice numbers covering every value, interval, band and target', () => {
    const svg = parseXml(
      lineChart(
        spec({
          series: [
            {
              name: 'Area',
              kind: 'primary',
              points: years.map((x, i) => ({ x, y: 61.3 + i, lower: 59.1 + i, upper: 63.9 + i })),
            },
          ],
          band: { name: 'Forecast', points: [{ x: years[7], y: 69, lower: 64, upper: 74.2 }] },
          target: { name: 'Target', value: 12 },
        }),
      ),
    )
    const values = yTicks(svg).map((t) => t.value)
    expect(values[0]).toBe(0) // the target at 12 is within 40% of the maximum, so the axis starts at zero
    expect(values[values.length - 1]).toBeGreaterThanOrEqual(74.2)
    const step = values[1] - values[0]
    expect([1, 2, 5, 10, 20, 50]).toContain(step)
    for (let i = 1; i < values.length; i++) expect(values[i] - values[i - 1]).toBeCloseTo(step, 9)
  })

  it('does not start at zero when the values are far from it', () => {
    const svg = parseXml(
      lineChart(
        spec({ series: [{ name: 'Area', kind: 'primary', points: years.map((x, i) => ({ x, y: 90 + i * 0.5 })) }] }),
      ),
    )
    const values = yTicks(svg).map((t) => t.value)
    expect(values[0]).toBeGreaterThan(0)
    expect(values[0]).toBeLessThanOrEqual(90)
    expect(values[values.length - 1]).toBeGreaterThanOrEqual(93.5)
  })

  it('draws the target as a labelled line at the right height, with a marker at its date', () => {
    const svg = parseXml(lineChart(spec({ target: { name: 'Best Chance 2030 ambition', value: 72.5, x: '2021/22' } })))
    const target = byClass(svg, 'app-chart__target')[0]
    const line = target.children.find((e) => e.name === 'path')!
    const y = Number(/^M[\d.-]+ ([\d.-]+)H/.exec(line.attrs.d)![1])
    expect(y).toBeCloseTo(expectedY(svg, 72.5), 0)
    expect(line.attrs['stroke-dasharray']).toBeTruthy()
    expect(allText(target)).toContain('Target: 72.5%')
    const mark = byClass(target, 'app-chart__target-marker')
    expect(mark).toHaveLength(1)
    expect(Number(mark[0].attrs.cy)).toBeCloseTo(y, 1)
    // Without a date there is a line and label but no marker.
    const plain = parseXml(lineChart(spec({ target: { name: 'Target', value: 72.5 } })))
    expect(byClass(plain, 'app-chart__target-marker')).toHaveLength(0)
    expect(byClass(plain, 'app-chart__target')).toHaveLength(1)
  })

  it('tells series apart by dash pattern, marker shape and a legend, not colour alone', () => {
    const mk = (name: string, kind: LineSeries['kind'], base: number): LineSeries => ({
      name,
      kind,
      points: years.map((x, i) => ({ x, y: base + i })),
    })
    const svg = parseXml(
      lineChart(
        spec({
          series: [
            mk('Barking and Dagenham', 'primary', 60),
            mk('England', 'benchmark', 65),
            mk('London', 'benchmark', 64),
            mk('Newham', 'comparator', 62),
          ],
        }),
      ),
    )
    const groups = seriesGroups(svg)
    const lineOf = (g: XmlElement) => byClass(g, 'app-chart__line')[0]
    const dashes = groups.map((g) => lineOf(g).attrs['stroke-dasharray'] ?? 'solid')
    expect(new Set(dashes).size).toBe(4)
    expect(dashes[0]).toBe('solid')
    const shapes = groups.map((g) => byClass(g, 'app-chart__marker')[0].attrs['data-shape'])
    expect(new Set(shapes).size).toBe(4)
    // The comparator is dotted: short dashes with round caps.
    expect(lineOf(groups[3]).attrs['stroke-linecap']).toBe('round')
    const legend = byClass(svg, 'app-chart__legend-item')
    expect(legend.map(allText)).toEqual(['Barking and Dagenham', 'England', 'London', 'Newham'])
    // Each legend sample uses its series' dash and marker.
    legend.forEach((item, i) => {
      const sample = item.children.find((e) => e.name === 'path')!
      expect(sample.attrs['stroke-dasharray'] ?? 'solid').toBe(dashes[i])
      expect(sample.attrs.stroke).toBe(lineOf(groups[i]).attrs.stroke)
    })
  })

  it('draws the forecast band as a shaded polygon with a dashed centre line and a label', () => {
    const future = ['2023/24', '2024/25', '2025/26']
    const band = {
      name: 'Forecast (95% range)',
      points: future.map((x, i) => ({ x, y: 67 + i, lower: 65 + i * 0.5, upper: 69 + i * 1.5 })),
    }
    const svg = parseXml(lineChart(spec({ xLabels: [...years, ...future], band })))
    const g = byClass(svg, 'app-chart__band')[0]
    const polygon = g.children.find((e) => e.name === 'polygon')!
    expect(polygon.attrs.points.trim().split(' ').length / 2).toBe(6) // upper edge out, lower edge back
    const centre = g.children.find((e) => e.name === 'path')!
    expect(centre.attrs['stroke-dasharray']).toBeTruthy()
    expect(pathPoints(centre.attrs.d).map((p) => p.y)).toEqual(
      band.points.map((p) => expect.closeTo(expectedY(svg, p.y), 0)),
    )
    expect(allText(g)).toBe('Forecast (95% range)')
  })

  it('thins many x labels to at most eight, keeping the first and last, without overlap', () => {
    const months = Array.from(
      { length: 61 },
      (_, i) =>
        `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][i % 12]} ${2019 + Math.floor(i / 12)}`,
    )
    const svg = parseXml(
      lineChart(
        spec({
          xLabels: months,
          series: [{ name: 'A', kind: 'primary', points: months.map((x, i) => ({ x, y: i })) }],
        }),
      ),
    )
    const labels = byClass(svg, 'app-chart__axis--x')[0].children.filter((e) => e.name === 'text')
    expect(labels.length).toBeLessThanOrEqual(8)
    expect(labels.length).toBeGreaterThanOrEqual(3)
    expect(labels[0].text).toBe(months[0])
    expect(labels[labels.length - 1].text).toBe(months[60])
    const xs = labels.map((l) => Number(l.attrs.x))
    for (let i = 1; i < xs.length; i++) expect(xs[i] - xs[i - 1]).toBeGreaterThan(70) // "Jan 2019" is about 60 wide
  })

  it('thinLabels keeps first and last and spaces the rest evenly', () => {
    expect(thinLabels(5, 8)).toEqual([0, 1, 2, 3, 4])
    expect(thinLabels(0, 8)).toEqual([])
    const t = thinLabels(30, 8)
    expect(t.length).toBeLessThanOrEqual(8)
    expect(t[0]).toBe(0)
    expect(t[t.length - 1]).toBe(29)
    const gaps = t.slice(1).map((v, i) => v - t[i])
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(gaps[0])
    expect(thinLabels(5, 8, 2)).toEqual([0, 2, 4])
  })

  it('copes with an all-null series, a single point, negative and very small values', () => {
    const allNull = lineChart(
      spec({
        series: [
          {
            name: 'Area',
            kind: 'primary',
            points: years.map((x) => ({ x, y: null, note: 'Suppressed (small number)' })),
          },
        ],
      }),
    )
    const a = parseXml(allNull)
    expect(byClass(a, 'app-chart__line')).toHaveLength(0)
    expect(byClass(a, 'app-chart__marker')).toHaveLength(0)
    expect(byClass(a, 'app-chart__gap-marker')).toHaveLength(8)
    expect(allNull).not.toMatch(/NaN|Infinity|undefined/)

    const single = lineChart(
      spec({
        xLabels: ['2022/23'],
        series: [{ name: 'Area', kind: 'primary', points: [{ x: '2022/23', y: 42, lower: 40, upper: 44 }] }],
      }),
    )
    const s = parseXml(single)
    expect(byClass(s, 'app-chart__marker')).toHaveLength(1)
    expect(byClass(s, 'app-chart__whisker')).toHaveLength(1)
    expect(single).not.toMatch(/NaN|Infinity|undefined/)

    const negative = parseXml(
      lineChart(
        spec({ series: [{ name: 'Gap', kind: 'primary', points: years.map((x, i) => ({ x, y: -12 + i * 3 })) }] }),
      ),
    )
    const ticks = yTicks(negative).map((t) => t.value)
    expect(ticks[0]).toBeLessThanOrEqual(-12)
    expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(9)

    const small = lineChart(
      spec({
        series: [{ name: 'Rate', kind: 'primary', points: years.map((x, i) => ({ x, y: 0.0002 + i * 0.00001 })) }],
      }),
    )
    const smallTicks = yTicks(parseXml(small)).map((t) => t.value)
    expect(new Set(smallTicks).size).toBe(smallTicks.length)
    expect(small).not.toMatch(/NaN|Infinity|e-\d/)

    const empty = lineChart(spec({ xLabels: [], series: [] }))
    expect(parseXml(empty).name).toBe('svg')
    expect(empty).not.toMatch(/NaN|Infinity|undefined/)
  })

  it('rounds every coordinate to one decimal place', () => {
    const out = lineChart(
      spec({
        series: [
          {
            name: 'A',
            kind: 'primary',
            points: years.map((x, i) => ({ x, y: Math.PI * (i + 1), lower: Math.E * i, upper: 4 * (i + 1) })),
          },
        ],
      }),
    )
    for (const m of out.matchAll(/\s(?:x|y|cx|cy|r|width|height|x1|x2|y1|y2|d|points)="([^"]*)"/g)) {
      for (const n of m[1].match(/-?\d+(\.\d+)?/g) ?? []) expect(n).toMatch(/^-?\d+(\.\d)?$/)
    }
  })

  it('is deterministic: equal specs give the same string, a different spec a different one', () => {
    const make = () =>
      spec({
        target: { name: 'T', value: 70, x: '2020/21' },
        band: { name: 'F', points: [{ x: '2022/23', y: 67, lower: 65, upper: 69 }] },
      })
    expect(lineChart(make())).toBe(lineChart(make()))
    expect(lineChart(make())).not.toBe(lineChart({ ...make(), target: { name: 'T', value: 71, x: '2020/21' } }))
  })
})
