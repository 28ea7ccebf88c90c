import { describe, expect, it } from 'vitest'
import { twoSidedZ } from './confidence.js'
import { proportion, wilsonLimits } from './proportion.js'

/** Wilson's interval written the textbook way: centre ± half-width (Newcombe & Altman 2000). */
function textbookWilson(x: number, n: number, z: number): [number, number] {
  const centre = (x + (z * z) / 2) / (n + z * z)
  const half = (z / (n + z * z)) * Math.sqrt((x * (n - x)) / n + (z * z) / 4)
  return [centre - half, centre + half]
}

describe('wilsonLimits', () => {
  it('agrees with the textbook form of the formula at 95% and 99.8%', () => {
    for (const [x, n] of [
      [65, 100],
      [1, 100],
      [999, 3456],
      [3, 7],
    ]) {
      for (const c of [0.95, 0.998]) {
        const [lower, upper] = textbookWilson(x, n, twoSidedZ(c))
        const limits = wilsonLimits(x, n, c)
        expect(limits.lower).toBeCloseTo(lower, 14)
        expect(limits.upper).toBeCloseTo(upper, 14)
      }
    }
  })

  it('gives exactly 0 as the lower limit at 0% and exactly 1 as the upper limit at 100%', () => {
    for (const c of [0.95, 0.998]) {
      const z2 = twoSidedZ(c) ** 2
      const none = wilsonLimits(0, 40, c)
      expect(none.lower).toBe(0)
      expect(none.upper).toBeCloseTo(z2 / (40 + z2), 15)
      const all = wilsonLimits(40, 40, c)
      expect(all.upper).toBe(1)
      expect(all.lower).toBeCloseTo(40 / (40 + z2), 15)
    }
  })

  it('gives 0 to 1 at 100% confidence, as PHEindicatormethods does', () => {
    expect(wilsonLimits(3, 10, 1)).toEqual({ lower: 0, upper: 1 })
  })

  it('contains the estimate, and the 99.8% interval contains the 95% one', () => {
    for (let n = 1; n <= 60; n += 7) {
      for (let x = 0; x <= n; x++) {
        const l95 = wilsonLimits(x, n, 0.95)
        const l998 = wilsonLimits(x, n, 0.998)
        expect(l95.lower).toBeLessThanOrEqual(x / n)
        expect(l95.upper).toBeGreaterThanOrEqual(x / n)
        expect(l998.lower).toBeLessThanOrEqual(l95.lower)
        expect(l998.upper).toBeGreaterThanOrEqual(l95.upper)
      }
    }
  })

  it('rejects impossible inputs', () => {
    expect(() => wilsonLimits(-1, 10, 0.95)).toThrow(/≥ 0/)
    expect(() => wilsonLimits(1, 0, 0.95)).toThrow(/> 0/)
    expect(() => wilsonLimits(11, 10, 0.95)).toThrow(/exceed/)
  })
})

describe('proportion', () => {
  it('is a percentage with both default levels unless told otherwise', () => {
    const e = proportion(0, 25)
    expect(e.value).toBe(0)
    expect(e.limits.map((l) => l.confidence)).toEqual([0.95, 0.998])
    expect(e.limits[0].lower).toBe(0)
    const full = proportion(25, 25, { multiplier: 1, confidence: 0.998 })
    expect(full.value).toBe(1)
    expect(full.limits).toHaveLength(1)
    expect(full.limits[0].upper).toBe(1)
  })

  it('gives a missing estimate for missing inputs', () => {
    expect(proportion(null, 10, { confidence: 0.95 })).toEqual({
      value: null,
      limits: [{ confidence: 0.95, lower: null, upper: null }],
    })
  })
})
