import { describe, expect, it } from 'vitest'
import { sparkline } from './index.js'
import { parseXml } from './xml.testing.js'

function points(d: string): { x: number; y: number }[] {
  return [...d.matchAll(/[ML]([\d.-]+) ([\d.-]+)/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }))
}

describe('sparkline', () => {
  it('is decorative, hidden from assistive technology, and 120 by 30 by default', () => {
    const out = sparkline([1, 2, 3])
    expect(out).not.toMatch(/style\s*=|<style|<script|<title/i)
    const svg = parseXml(out)
    expect(svg.attrs['aria-hidden']).toBe('true')
    expect(svg.attrs.focusable).toBe('false')
    expect(svg.attrs.role).toBeUndefined()
    expect([svg.attrs.width, svg.attrs.height, svg.attrs.viewBox]).toEqual(['120', '30', '0 0 120 30'])
    const custom = parseXml(sparkline([1, 2], { width: 80, height: 20 }))
    expect([custom.attrs.width, custom.attrs.height]).toEqual(['80', '20'])
  })

  it('returns an empty string with fewer than two values', () => {
    expect(sparkline([])).toBe('')
    expect(sparkline([5])).toBe('')
    expect(sparkline([null, 5, null])).toBe('')
    expect(sparkline([NaN, 5])).toBe('')
    expect(sparkline([null, 5, 6])).not.toBe('')
  })

  it('runs a line through the values that exist, in their places, higher values higher up', () => {
    const svg = parseXml(sparkline([1, null, 3, 2]))
    const line = svg.children.find((e) => e.name === 'path')!
    const pts = points(line.attrs.d)
    expect(pts).toHaveLength(3)
    // The missing second period keeps its space: the third point is two steps from the first.
    expect(pts[1].x - pts[0].x).toBeCloseTo(2 * (pts[2].x - pts[1].x), 0)
    expect(pts[1].y).toBeLessThan(pts[2].y)
    expect(pts[2].y).toBeLessThan(pts[0].y)
    for (const p of pts) {
      expect(p.y).toBeGreaterThanOrEqual(0)
      expect(p.y).toBeLessThanOrEqual(30)
    }
  })

  it('puts a dot at the last value that exists', () => {
    const svg = parseXml(sparkline([4, 5, 6, null]))
    const line = svg.children.find((e) => e.name === 'path')!
    const dot = svg.children.find((e) => e.name === 'circle')!
    const last = points(line.attrs.d).at(-1)!
    expect([Number(dot.attrs.cx), Number(dot.attrs.cy)]).toEqual([last.x, last.y])
  })

  it('draws a flat series across the middle and is deterministic', () => {
    const svg = parseXml(sparkline([7, 7, 7]))
    const ys = points(svg.children.find((e) => e.name === 'path')!.attrs.d).map((p) => p.y)
    expect(ys).toEqual([15, 15, 15])
    expect(sparkline([1, 3, 2])).toBe(sparkline([1, 3, 2]))
  })
})
