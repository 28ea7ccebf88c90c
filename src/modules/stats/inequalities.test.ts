import { describe, expect, it } from 'vitest'
import { twoSidedZ } from './confidence.js'
import { gap, gapTrend, GapTrendLabel, sii, SiiValueType } from './inequalities.js'
import { seededRandom } from './random.js'

const z = twoSidedZ(0.95)
const symmetric = (value: number, se: number) => ({ value, lower: value - z * se, upper: value + z * se })

describe('gap (MOVER)', () => {
  it('reduces to d ∓ z·sqrt(se1² + se2²) for symmetric intervals', () => {
    const g = gap(symmetric(30, 3), symmetric(20, 4))
    expect(g.absolute.value).toBe(10)
    expect(g.absolute.lower).toBeCloseTo(10 - z * 5, 12)
    expect(g.absolute.upper).toBeCloseTo(10 + z * 5, 12)
  })

  it('keeps asymmetry and gives a ratio on the log scale', () => {
    const g = gap({ value: 10, lower: 8, upper: 13 }, { value: 5, lower: 4, upper: 6 })
    expect(g.absolute.lower).toBeCloseTo(5 - Math.hypot(2, 1), 12)
    expect(g.absolute.upper).toBeCloseTo(5 + Math.hypot(3, 1), 12)
    expect(g.relative?.value).toBeCloseTo(2, 12)
    expect(g.relative?.lower).toBeCloseTo(2 * Math.exp(-Math.hypot(Math.log(10 / 8), Math.log(6 / 5))), 12)
    expect(gap({ value: 1, lower: 0, upper: 3 }, { value: 5, lower: 4, upper: 6 }).relative).toBeNull()
  })

  it('rejects limits that do not surround the value', () => {
    expect(() => gap({ value: 1, lower: 2, upper: 3 }, symmetric(1, 1))).toThrow(RangeError)
  })
})

describe('gapTrend', () => {
  const period = (year: number, group: number, comparison: number) => ({
    period: year,
    group: symmetric(group, 0.3),
    comparison: symmetric(comparison, 0.3),
  })

  it('sees a gap closing towards zero as narrowing, and one growing as widening', () => {
    const closing = [
      period(2018, 30, 20),
      period(2019, 28, 20),
      period(2020, 26, 20),
      period(2021, 24, 20),
      period(2022, 22, 20),
    ]
    expect(gapTrend(closing).label).toBe(GapTrendLabel.narrowing)
    const growing = closing.map((p, i) => period(p.period, 20, 20 + 2 * i))
    expect(gapTrend(growing).label).toBe(GapTrendLabel.widening)
  })

  it('finds no change in a steady gap, and needs three periods', () => {
    const steady = [2018, 2019, 2020, 2021].map((y, i) => period(y, 30 + (i % 2) * 0.1, 20))
    expect(gapTrend(steady).label).toBe(GapTrendLabel.noChange)
    expect(gapTrend(steady.slice(0, 2)).label).toBe(GapTrendLabel.cannotBeCalculated)
  })
})

describe('sii (slope and relative index of inequality)', () => {
  const populations = [7291, 7997, 6105, 7666, 5790, 6934, 5918, 5974, 7147, 7534]
  const ranks = (() => {
    const total = populations.reduce((a, b) => a + b, 0)
    let cumulative = 0
    return populations.map((p) => {
      const mid = cumulative + p / total / 2
      cumulative += p / total
      return mid
    })
  })()
  const linear = populations.map((population, i) => ({
    quantile: i + 1,
    population,
    value: 70 + 10 * ranks[i],
    se: 1.5,
  }))

  it('recovers the slope exactly when values lie on a line in relative rank', () => {
    const result = sii(linear)
    expect(result.sii).toBeCloseTo(10, 10)
    expect(result.intercept).toBeCloseTo(70, 10)
    expect(result.rii).toBeCloseTo(80 / 70, 12)
    expect(result.siiLimits).toBeNull()
  })

  it('flips the SII and inverts the RII for a negative multiplier', () => {
    const result = sii(linear, { multiplier: -1 })
    expect(result.sii).toBeCloseTo(-10, 10)
    expect(result.rii).toBeCloseTo(70 / 80, 12)
  })

  it('simulates intervals reproducibly with a seeded source', () => {
    const a = sii(linear, { repetitions: 2000, random: seededRandom(42) })
    const b = sii(linear, { repetitions: 2000, random: seededRandom(42) })
    expect(a.siiLimits).toEqual(b.siiLimits)
    expect(a.siiLimits?.[0].lower as number).toBeLessThan(a.sii)
    expect(a.riiLimits?.[0].upper as number).toBeGreaterThan(a.rii)
  })

  it('matches the analytic interval for normally distributed values', () => {
    // For value type "normal" the SII is linear in the values, so its SD is known exactly.
    const base = sii(linear).sii
    const sd = Math.sqrt(
      linear.reduce((sum, q, i) => {
        const bumped = linear.map((r, j) => (j === i ? { ...r, value: r.value + 1 } : r))
        return sum + ((sii(bumped).sii - base) * q.se) ** 2
      }, 0),
    )
    const result = sii(linear, { repetitions: 50_000, random: seededRandom(7), confidence: [0.95, 0.998] })
    const [l95, l998] = result.siiLimits ?? []
    expect(l95.lower as number).toBeCloseTo(base - z * sd, 1)
    expect(l95.upper as number).toBeCloseTo(base + z * sd, 1)
    // The 99.9th percentile of 50,000 draws has a standard error of about 0.04 SD.
    expect(Math.abs((l998.upper as number) - base - twoSidedZ(0.998) * sd) / sd).toBeLessThan(0.15)
  })

  it('fits rates and proportions on the log or logit scale when asked', () => {
    const rates = populations.map((population, i) => ({
      quantile: i + 1,
      population,
      value: 5 * Math.exp(-ranks[i]),
      lower: 4 * Math.exp(-ranks[i]),
      upper: 6 * Math.exp(-ranks[i]),
    }))
    const logged = sii(rates, { valueType: SiiValueType.rate, transform: true })
    expect(logged.rii).toBeCloseTo(Math.exp(-1), 10)
    expect(logged.intercept).toBeCloseTo(5, 10)
    expect(logged.sii).toBeCloseTo(5 * Math.exp(-1) - 5, 10)
  })

  it('validates its inputs', () => {
    expect(() => sii(linear.slice(0, 4))).toThrow(/between 5 and 100/)
    expect(() => sii(linear, { transform: true })).toThrow(/rate or proportion/)
    expect(() => sii(linear.map((q) => ({ ...q, population: 0 })))).toThrow(/population/)
    expect(() => sii(linear, { repetitions: 10, random: seededRandom(1) })).toThrow(/repetitions/)
    expect(() => sii(linear, { valueType: SiiValueType.proportion })).toThrow(/between 0 and 1/)
  })
})
