import { describe, expect, it } from 'vitest'
import { twoSidedZ } from './confidence.js'
import { poissonDensity } from './special-functions.js'
import {
  AppliedRateMethod,
  byarLower,
  byarUpper,
  count,
  countLimits,
  exactLower,
  exactUpper,
  rate,
  RateMethod,
} from './rate.js'

/** P(X ≥ x) for X ~ Poisson(m), summed directly. */
function poissonAtLeast(x: number, m: number): number {
  let below = 0
  for (let k = 0; k < x; k++) below += poissonDensity(k, m)
  return 1 - below
}

describe('exact Poisson limits', () => {
  it('at a count of 0: lower 0, upper −ln(α/2) (3.68888 at 95%, 6.90776 at 99.8%)', () => {
    expect(exactLower(0, 0.95)).toBe(0)
    expect(exactUpper(0, 0.95)).toBeCloseTo(-Math.log(0.025), 13)
    expect(exactUpper(0, 0.998)).toBeCloseTo(-Math.log(0.001), 13)
  })

  it('are the means at which the observed count is just significant in each tail', () => {
    for (const x of [1, 2, 5, 9, 30]) {
      for (const c of [0.95, 0.998]) {
        const tail = (1 - c) / 2
        expect(poissonAtLeast(x, exactLower(x, c))).toBeCloseTo(tail, 12)
        expect(1 - poissonAtLeast(x + 1, exactUpper(x, c))).toBeCloseTo(tail, 12)
      }
    }
  })
})

describe("Byar's limits", () => {
  it('follow the formula, worked for 10 events at 95%', () => {
    const z = twoSidedZ(0.95)
    expect(byarLower(10, 0.95)).toBeCloseTo(10 * (1 - 1 / 90 - z / (3 * Math.sqrt(10))) ** 3, 12)
    expect(byarUpper(10, 0.95)).toBeCloseTo(11 * (1 - 1 / 99 + z / (3 * Math.sqrt(11))) ** 3, 12)
  })

  it('has no lower limit where the approximation goes negative (1 event at 99.8%), and 0 for 0 events', () => {
    expect(byarLower(1, 0.998)).toBeNull()
    expect(byarLower(0, 0.95)).toBe(0)
  })

  it('is close to the exact limits for large counts', () => {
    expect(Math.abs((byarLower(5000, 0.95) as number) / exactLower(5000, 0.95) - 1)).toBeLessThan(1e-5)
    expect(Math.abs(byarUpper(5000, 0.998) / exactUpper(5000, 0.998) - 1)).toBeLessThan(1e-5)
  })
})

describe('rate', () => {
  it("applies PHEindicatormethods' rule: exact below 10 events, Byar's from 10", () => {
    expect(rate(9, 1000).method).toBe(AppliedRateMethod.exact)
    expect(rate(10, 1000).method).toBe(AppliedRateMethod.byars)
    expect(rate(10, 1000, { method: RateMethod.exact }).method).toBe(AppliedRateMethod.exact)
    expect(rate(3, 1000, { method: RateMethod.byar }).method).toBe(AppliedRateMethod.byars)
  })

  it('scales the count limits by multiplier / denominator (per 100,000 by default)', () => {
    const e = rate(25, 200_000, { confidence: 0.95 })
    expect(e.value).toBeCloseTo(12.5, 12)
    expect(e.limits[0].lower).toBeCloseTo(((byarLower(25, 0.95) as number) / 200_000) * 100_000, 12)
    expect(e.limits[0].upper).toBeCloseTo((byarUpper(25, 0.95) / 200_000) * 100_000, 12)
  })

  it('contains the estimate and nests 95% inside 99.8%, for every method and small counts', () => {
    for (const method of Object.values(RateMethod)) {
      for (let x = 0; x <= 40; x++) {
        const e = rate(x, 1000, { method })
        const [l95, l998] = e.limits
        expect(l95.lower ?? 0).toBeLessThanOrEqual(e.value as number)
        expect(l95.upper as number).toBeGreaterThanOrEqual(e.value as number)
        expect(l998.lower ?? 0).toBeLessThanOrEqual(l95.lower ?? 0)
        expect(l998.upper as number).toBeGreaterThan(l95.upper as number)
      }
    }
  })

  it('allows more events than people, and gives missing estimates for missing inputs', () => {
    expect(rate(250, 220).value).toBeCloseTo(113636.36363636, 6)
    const missing = rate(12, null, { confidence: 0.95 })
    expect(missing.value).toBeNull()
    expect(missing.method).toBe(AppliedRateMethod.byars)
    expect(() => rate(-1, 10)).toThrow(RangeError)
    expect(() => rate(1, 0)).toThrow(RangeError)
  })

  it('gives a count its own interval', () => {
    const c = count(4, { confidence: 0.95 })
    expect(c.value).toBe(4)
    expect(c.limits[0]).toMatchObject(countLimits(4, 0.95))
  })
})
