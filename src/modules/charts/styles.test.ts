import { describe, expect, it } from 'vitest'
import { COLOURS, MARKERS, assignStyles, marker, type SeriesKind } from './styles.js'
import { parseXml } from './xml.testing.js'

/** WCAG relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}
const contrastWithWhite = (hex: string) => 1.05 / (luminance(hex) + 0.05)

describe('chart styles', () => {
  it('uses only colours with at least 3:1 contrast against white', () => {
    for (const colour of Object.values(COLOURS)) expect(contrastWithWhite(colour), colour).toBeGreaterThanOrEqual(3)
    expect(contrastWithWhite('#f47738')).toBeLessThan(3) // why GOV.UK orange is left out
  })

  it('gives every series its own marker, and benchmarks dashed and comparators dotted', () => {
    const kinds: SeriesKind[] = ['primary', 'benchmark', 'benchmark', 'comparator', 'comparator', 'group', 'group']
    const styles = assignStyles(kinds)
    expect(new Set(styles.map((s) => `${s.marker}/${s.hollow}`)).size).toBe(kinds.length)
    expect(styles[0].dash).toBe('')
    for (const s of [styles[1], styles[2]]) expect(s.dash).toMatch(/^\d+ \d+/)
    expect(styles[1].dash).not.toBe(styles[2].dash)
    for (const s of [styles[3], styles[4]]) expect(s.dash).toBe('1 5')
  })

  it('goes on to hollow markers after the six shapes, still distinct up to twelve series', () => {
    const styles = assignStyles(Array.from({ length: 12 }, () => 'group' as const))
    expect(new Set(styles.map((s) => `${s.marker}/${s.hollow}`)).size).toBe(12)
    expect(styles.filter((s) => s.hollow)).toHaveLength(6)
    expect(assignStyles(Array.from({ length: 14 }, () => 'group' as const))).toHaveLength(14)
  })

  it('draws each marker shape as well-formed markup centred near the point', () => {
    for (const shape of MARKERS) {
      const m = parseXml(marker(shape, 50, 40, 5, COLOURS.blue))
      const nums = Object.values(m.attrs)
        .join(' ')
        .match(/-?\d+(\.\d+)?/g)!
        .map(Number)
      expect(nums.every((n) => Number.isFinite(n))).toBe(true)
      expect(m.attrs.fill).toBe(COLOURS.blue)
    }
    expect(parseXml(marker('square', 0, 0, 4, COLOURS.red, true)).attrs.fill).toBe('#ffffff')
  })
})
