import { describe, expect, it } from 'vitest'
import { isRate, isRatio, observedAndExpected } from './isr.js'
import { countLimits } from './rate.js'

const reference = [
  { referenceCount: 100, referencePopulation: 10_000 },
  { referenceCount: 900, referencePopulation: 30_000 },
]

describe('indirect standardisation', () => {
  it('expects Σ reference rate × population', () => {
    const bands = reference.map((r, i) => ({ ...r, count: 5, population: [2000, 1000][i] }))
    // 0.01·2000 + 0.03·1000 = 50
    expect(observedAndExpected(bands)).toEqual({ observed: 10, expected: 50 })
  })

  it('gives a ratio of exactly 1 when the area has the reference rates', () => {
    const bands = reference.map((r, i) => ({ ...r, count: [20, 30][i], population: [2000, 1000][i] }))
    const e = isRatio(bands, { confidence: 0.95 })
    expect(e.value).toBe(1)
    expect(e.limits[0].lower).toBeCloseTo((countLimits(50, 0.95).lower as number) / 50, 14)
    expect(isRatio(bands, { referenceValue: 100 }).value).toBe(100)
  })

  it('scales the ratio by the reference crude rate for the standardised rate', () => {
    const bands = reference.map((r, i) => ({ ...r, count: [4, 2][i], population: [2000, 1000][i] }))
    const e = isRate(bands, { multiplier: 1000, confidence: 0.95 })
    expect(e.referenceRate).toBeCloseTo(25, 12) // 1000 / 40,000 per 1000
    expect(e.value).toBeCloseTo((6 / 50) * 25, 12)
    expect(e.method).toBe('Exact')
  })

  it('counts missing populations and counts as 0, and a supplied observed total wins', () => {
    const bands = [
      { ...reference[0], count: null, population: null },
      { ...reference[1], count: 12, population: 1000 },
    ]
    expect(observedAndExpected(bands)).toEqual({ observed: 12, expected: 30 })
    expect(isRatio(bands, { observedTotal: 15 }).observed).toBe(15)
  })
})
