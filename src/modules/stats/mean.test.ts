import { describe, expect, it } from 'vitest'
import { mean, meanFromSummary } from './mean.js'

describe('mean with a t interval', () => {
  it('worked case: 1..5 has mean 3, SD √2.5 and limits 3 ∓ t(0.975, 4)·√2.5/√5', () => {
    const e = mean([1, 2, 3, 4, 5], { confidence: 0.95 })
    // t(0.975, 4) = 2.7764451051977944 (30-digit reference)
    const half = (2.7764451051977944 * Math.sqrt(2.5)) / Math.sqrt(5)
    expect(e.value).toBe(3)
    expect(e.sd).toBeCloseTo(Math.sqrt(2.5), 15)
    expect(e.sum).toBe(15)
    expect(e.count).toBe(5)
    expect(e.limits[0].lower).toBeCloseTo(3 - half, 13)
    expect(e.limits[0].upper).toBeCloseTo(3 + half, 13)
  })

  it('nests the 95% interval inside the 99.8% one and ignores missing values', () => {
    const e = mean([2.5, null, 3.1, 4.8, 1.9])
    expect(e.count).toBe(4)
    expect(e.limits[1].lower as number).toBeLessThan(e.limits[0].lower as number)
    expect(e.limits[1].upper as number).toBeGreaterThan(e.limits[0].upper as number)
  })

  it('works from a summary, and needs at least 2 values', () => {
    const e = meanFromSummary(10, 2, 16, { confidence: 0.95 })
    expect((e.limits[0].upper as number) - 10).toBeCloseTo(10 - (e.limits[0].lower as number), 12)
    expect(() => mean([4])).toThrow(/at least 2/)
    expect(() => meanFromSummary(1, -1, 5)).toThrow(RangeError)
  })
})
